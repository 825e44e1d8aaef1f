"""Calls that pass moved positional arguments are reported; keyword calls are not."""
import tensorflow as tf

labels, logits = tf.zeros([2, 3]), tf.ones([2, 3])
# TF1's softmax_cross_entropy_with_logits refused positional arguments (_sentinel): only keywords are TF1 code,
# and plain labels are not the soft targets whose gradients changed.
loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
ids = tf.argmax(logits, 1, tf.int32)  # [tf1-reordered-arguments]
ids = tf.argmax(logits, 1)
