import tensorflow as tf
tf.compat.v1.disable_v2_behavior()

FLAGS = tf.compat.v1.flags.FLAGS


def main(_):
    x = tf.compat.v1.placeholder(tf.float32, [2])
    with tf.compat.v1.Session() as sess:
        print(sess.run(x, {x: [1.0, 2.0]}))


tf.compat.v1.app.run()
