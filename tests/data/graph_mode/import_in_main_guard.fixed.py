import numpy as np

if __name__ == "__main__":
    import tensorflow as tf
    tf.compat.v1.disable_v2_behavior()
    x = tf.compat.v1.placeholder(tf.float32, [2])
    with tf.compat.v1.Session() as sess:
        print(sess.run(x, {x: np.ones(2)}))
