"""Calls that pass moved positional arguments are reported; keyword calls are not (the
function still gets its behaviour note, at info level: TF2 also back-propagates into the
labels, which matters only when they come from trainable variables)."""
import tensorflow as tf

labels, logits = tf.zeros([2, 3]), tf.ones([2, 3])
loss = tf.nn.softmax_cross_entropy_with_logits(labels, logits)  # [tf1-reordered-arguments, tf1-behaviour-changed-info]
loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)  # [tf1-behaviour-changed-info]
