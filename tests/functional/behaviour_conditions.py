"""Behaviour changes reported only on the calls their condition picks out."""
import tensorflow as tf

# while_loop: only a one-item list of loop variables comes back as a list in TF2.
(i,) = tf.while_loop(lambda i: i < 10, lambda i: [i + 1], [tf.constant(0)])  # [tf1-behaviour-changed-info]
total = tf.while_loop(cond, body, loop_vars=[start])  # [tf1-behaviour-changed-info]
i, total = tf.while_loop(cond, body, [i, total])
i = tf.while_loop(cond, body, (start,))
i = tf.while_loop(cond, body, [start], return_same_structure=True)

# softmax_cross_entropy_with_logits: only soft targets computed in the call may now get gradients.
loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.nn.softmax(teacher), logits=student)  # [tf1-behaviour-changed-info]
loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.one_hot(y, 10), logits=logits)

# where: the three-argument form, unless the condition compares x or y itself elementwise.
picked = tf.where(mask, a, b)  # [tf1-behaviour-changed-info]
picked = tf.where(tf.equal(labels, 1), positives, negatives)  # [tf1-behaviour-changed-info]
relu = tf.where(x > 0, x, tf.zeros_like(x))
clipped = tf.where(tf.is_nan(loss), tf.zeros_like(loss), loss)  # [tf1-renamed-api]
indices = tf.where(mask)
