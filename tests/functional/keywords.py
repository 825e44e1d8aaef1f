"""Renamed and removed keyword arguments are reported at the keyword."""
import tensorflow as tf

x = tf.ones([2, 3])
total = tf.reduce_sum(x, axis=1, keep_dims=True)  # [tf1-changed-keyword]
mean = tf.reduce_mean(x, reduction_indices=[1], keep_dims=True)  # [tf1-changed-keyword, tf1-changed-keyword]
best = tf.argmax(x, dimension=1)  # [tf1-changed-keyword]
dropped = tf.nn.dropout(x, keep_prob=0.5)  # [tf1-changed-keyword]
fine = tf.reduce_sum(x, axis=1, keepdims=True)
also_fine = tf.nn.dropout(x, rate=0.5)
reduce_sum = tf.reduce_sum
aliased = reduce_sum(x, keep_dims=True)  # [tf1-changed-keyword]
options = {"keep_dims": True}
unpacked = tf.reduce_sum(x, **options)
