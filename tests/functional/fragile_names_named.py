"""Names a checkpoint can rely on: no tf1-fragile-checkpoint-name here (the other findings are the
calls' own). Named by keyword, at the naming place, by any expression; Keras layers; get_variable in
a named scope; a Saver given its variables."""
import tensorflow as tf
import tensorflow.contrib.slim as slim  # [tf1-removed-api]
from tensorflow import layers  # [tf1-removed-api]

x = tf.zeros([2, 3])
images = tf.zeros([1, 8, 8, 3])
layer_name = "head"

h = tf.layers.dense(x, 4, name="hidden")  # [tf1-removed-api]
h = tf.layers.dense(x, 4, None, True, None, None, None, None, None, None, None, True, "logits")  # [tf1-removed-api]
h = tf.layers.dense(x, 4, name=layer_name)  # [tf1-removed-api]
h = layers.conv2d(images, 8, 3, name=f"{layer_name}_conv")  # [tf1-removed-api]
dense = tf.layers.Dense(4, name="projection")  # [tf1-removed-api]
f = tf.contrib.layers.fully_connected(x, 4, scope="fc")  # [tf1-removed-api]
net = slim.conv2d(images, 32, 3, scope="conv1")
options = {"name": "from_kwargs"}
h = tf.layers.dense(x, 4, **options)  # [tf1-removed-api]
arguments = [None] * 11
h = tf.layers.dense(x, 4, *arguments)  # [tf1-removed-api]

# Keras layers name themselves too (dense_1), but tf1lint ckpt map reads Keras names: not reported.
k = tf.keras.layers.Dense(4)(x)
k = tf.keras.layers.Conv2D(8, 3)(images)
w = tf.Variable(tf.zeros([3]), name="w")
w = tf.Variable(0.0, True, None, True, None, "step")

with tf.variable_scope("encoder"):  # [tf1-compat-only-api]
    kernel = tf.get_variable("kernel", [3, 3])  # [tf1-compat-only-api]
with tf.variable_scope("decoder", default_name="block"):  # [tf1-compat-only-api]
    kernel = tf.get_variable("kernel", [3, 3])  # [tf1-compat-only-api]
with tf.variable_scope("shared") as scope, tf.variable_scope(scope, reuse=True):  # [tf1-compat-only-api, tf1-compat-only-api]
    pass

saver = tf.train.Saver(var_list=tf.trainable_variables())  # [tf1-compat-only-api, tf1-compat-only-api]
saver = tf.train.Saver({"w": w})  # [tf1-compat-only-api]
evaluation = tf.Graph()
