"""Calls that mean the same on TensorFlow 2.21 as in TF1: none may be reported."""
import tensorflow as tf

a = tf.constant_initializer(0.0)
b = tf.random_normal_initializer(stddev=0.02)
c = tf.random_normal_initializer(mean=0.0, stddev=0.01)
d = tf.zeros_initializer()
e = tf.random_uniform_initializer(-0.1, 0.1)
f = tf.where(mask)
g = tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME")
h = tf.nn.conv2d(x, w, strides=[1, 2, 2, 1], padding="SAME")
i = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
j = tf.ones_like(x)
k = tf.zeros_like(x)
with tf.device("/gpu:0"):
    m = tf.nn.embedding_lookup(table, ids)
with tf.device("/gpu:%d" % 1), tf.device(device_name):
    pass
n = tf.nn.dropout(x, rate=0.2)
with tf.name_scope("block"):
    pass
summary = tf.summary.scalar("loss", 1.0, step=3)
converter = tf.lite.TFLiteConverter.from_saved_model(saved_model_dir, signature_keys=["serving_default"])
