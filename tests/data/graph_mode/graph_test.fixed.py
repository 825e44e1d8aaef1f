import tensorflow as tf
tf.compat.v1.disable_v2_behavior()


class DoubleTest(tf.test.TestCase):

    def test_double(self):
        with self.test_session() as sess:
            x = tf.compat.v1.placeholder(tf.float32, [2])
            self.assertAllEqual(sess.run(x * 2, {x: [1.0, 2.0]}), [2.0, 4.0])
