"""Calls whose variables are named by construction order (dense, dense_1, ...): checkpoint names that
change with what was built before. Reported at information level beside the call's other findings."""
import tensorflow as tf
import tensorflow as tf1
import tensorflow.contrib.slim as slim  # [tf1-removed-api]
from tensorflow import layers  # [tf1-removed-api]
from tensorflow.compat import v1  # [tf1-compat-v1-api]

x = tf.zeros([2, 3])
images = tf.zeros([1, 8, 8, 3])

# tf.layers functions without name=, or with name=None (keyword or at its place).
h = tf.layers.dense(x, 4)  # [tf1-removed-api, tf1-fragile-checkpoint-name]
h = tf.layers.dense(x, 4, name=None)  # [tf1-removed-api, tf1-fragile-checkpoint-name]
h = tf.layers.dense(x, 4, None, True, None, None, None, None, None, None, None, True, None)  # [tf1-removed-api, tf1-fragile-checkpoint-name]
c = tf1.layers.conv2d(images, 8, 3)  # [tf1-removed-api, tf1-fragile-checkpoint-name]
c = layers.conv2d_transpose(images, 8, 3)  # [tf1-fragile-checkpoint-name]
c = layers.separable_conv2d(images, 8, 3)  # [tf1-fragile-checkpoint-name]
b = tf.layers.batch_normalization(c, training=True)  # [tf1-removed-api, tf1-fragile-checkpoint-name]
d = tf.compat.v1.layers.dense(x, 4)  # [tf1-removed-api, tf1-fragile-checkpoint-name]
d = v1.layers.conv1d(tf.zeros([1, 8, 3]), 4, 3)  # [tf1-removed-api, tf1-fragile-checkpoint-name]

# The class forms.
dense = tf.layers.Dense(4)  # [tf1-removed-api, tf1-fragile-checkpoint-name]
conv = tf1.layers.Conv2D(8, 3, activation=tf.nn.relu)  # [tf1-removed-api, tf1-fragile-checkpoint-name]

# tf.contrib.layers and slim without scope=.
f = tf.contrib.layers.fully_connected(x, 4)  # [tf1-removed-api, tf1-fragile-checkpoint-name]
n = tf.contrib.layers.batch_norm(f, scope=None)  # [tf1-removed-api, tf1-fragile-checkpoint-name]
net = slim.conv2d(images, 32, 3)  # [tf1-fragile-checkpoint-name]
net = slim.fully_connected(  # [tf1-fragile-checkpoint-name]
    slim.flatten(net), 10, activation_fn=None)

# tf.Variable without name= (Variable, Variable_1, ...).
w = tf.Variable(tf.zeros([3]))  # [tf1-fragile-checkpoint-name]
w = tf1.compat.v1.Variable(0.0, True)  # [tf1-fragile-checkpoint-name]

# tf.get_variable's name is required, but a scope without a name numbers it (block, block_1, ...).
with tf.variable_scope(None, default_name="block"):  # [tf1-compat-only-api, tf1-fragile-checkpoint-name]
    kernel = tf.get_variable("kernel", [3, 3])  # [tf1-compat-only-api]
with tf.compat.v1.variable_scope(None, "block"):  # [tf1-compat-v1-api, tf1-fragile-checkpoint-name]
    kernel = tf.compat.v1.get_variable("kernel", [3, 3])  # [tf1-compat-v1-api]
with tf.variable_scope(name_or_scope=None, default_name="block"):  # [tf1-compat-only-api, tf1-fragile-checkpoint-name]
    kernel = tf.get_variable("kernel", [3, 3])  # [tf1-compat-only-api]
with tf1.variable_scope(default_name="block"):  # [tf1-compat-only-api, tf1-fragile-checkpoint-name]
    kernel = tf1.get_variable("kernel", [3, 3])  # [tf1-compat-only-api]

# A Saver without var_list in a module that builds another graph: it saves what the default graph holds.
saver = tf.train.Saver()  # [tf1-compat-only-api, tf1-fragile-checkpoint-name]
saver = tf.compat.v1.train.Saver(max_to_keep=3)  # [tf1-compat-v1-api-warning, tf1-fragile-checkpoint-name]
evaluation = tf.Graph()
