"""noqa as ruff reads it: the word must end there or go on with a colon."""
import tensorflow as tf

a = tf.placeholder(tf.float32)  # noqa
b = tf.placeholder(tf.float32)  # noqa: E5302
c = tf.placeholder(tf.float32)  # noqa:E5302
d = tf.placeholder(tf.float32)  # NOQA
e = tf.placeholder(tf.float32)  # noqa-free comment # [tf1-compat-only-api]
f = tf.placeholder(tf.float32)  # noqa123 # [tf1-compat-only-api]
g = tf.placeholder(tf.float32)  # noqa: F401 # [tf1-compat-only-api]
