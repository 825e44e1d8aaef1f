"""Deprecated keywords TF2 still accepts run today: warnings with the TF2 spelling, not silence."""
import tensorflow as tf

unit = tf.nn.l2_normalize(x, dim=1)  # [tf1-changed-keyword-warning]
unit = tf.math.l2_normalize(x, dim=-1)  # [tf1-changed-keyword-warning]
unit = tf.nn.l2_normalize(x, axis=1)
total = tf.reduce_sum(x, keep_dims=True)  # [tf1-changed-keyword]

# A parameter only renamed in its place is no reorder: every positional call means the same.
pooled = tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
pooled = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME", "NHWC")
total = tf.reduce_sum(x, 1, True)
