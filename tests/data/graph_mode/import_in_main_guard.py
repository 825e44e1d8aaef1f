import numpy as np

if __name__ == "__main__":
    import tensorflow as tf
    x = tf.placeholder(tf.float32, [2])
    with tf.Session() as sess:
        print(sess.run(x, {x: np.ones(2)}))
