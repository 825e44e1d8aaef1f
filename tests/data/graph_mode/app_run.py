import tensorflow as tf

FLAGS = tf.flags.FLAGS


def main(_):
    x = tf.placeholder(tf.float32, [2])
    with tf.Session() as sess:
        print(sess.run(x, {x: [1.0, 2.0]}))


tf.app.run()
