"""Every inline suppression form; the lines marked KEPT must still be reported."""
import tensorflow as tf

a = tf.placeholder(tf.float32)  # KEPT
b = tf.placeholder(tf.float32)  # tf1lint: ignore
c = tf.placeholder(tf.float32)  # tf1lint: ignore[E5302]
d = tf.placeholder(tf.float32)  # tf1lint: ignore[tf1-removed-api]  KEPT (wrong rule)
e = tf.contrib.layers.flatten(a)  # tf1lint: ignore[tf1-removed-api]
f = tf.contrib.layers.flatten(a)  # tf1lint: ignore[removed:contrib]
g = tf.placeholder(tf.float32)  # noqa: E5302
h = tf.placeholder(tf.float32)  # noqa
i = tf.placeholder(tf.float32)  # noqa: F401  KEPT (another tool's code)
j = tf.placeholder(tf.float32)  # pylint: disable=tf1-compat-only-api
k = tf.placeholder(tf.float32)  # pylint: disable=E5302
s = "# tf1lint: ignore inside a string is no comment"; t = tf.placeholder(tf.float32)  # KEPT
m = tf.nn.conv2d(  # tf1lint: ignore
    tf.placeholder(tf.float32), tf.placeholder(tf.float32), 1, "SAME", True)
n = tf.nn.conv2d(  # KEPT (reordered arguments, on the first line)
    tf.placeholder(tf.float32), tf.placeholder(tf.float32), 1, "SAME", True)  # KEPT twice


def quiet():
    # pylint: disable=tf1-compat-only-api
    p = tf.placeholder(tf.float32)
    q = tf.Session()
    # pylint: enable=tf1-compat-only-api
    return p, q, tf.placeholder(tf.float32)  # KEPT


def only_the_def_line(x=tf.placeholder(tf.float32)):  # pylint: disable=tf1-compat-only-api
    return tf.placeholder(tf.float32), tf.Session()  # KEPT twice: pylint scopes a def-line comment to that line


class Quiet:  # pylint: disable=tf1-compat-only-api
    session = tf.Session()


# pylint: disable-next=tf1-compat-only-api
r = tf.placeholder(tf.float32)
u = tf.placeholder(tf.float32)  # KEPT
