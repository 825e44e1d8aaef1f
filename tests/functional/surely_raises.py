"""Calls that raise on TF 2.21 (TypeError, ValueError): errors, each caught by its condition."""
import tensorflow as tf

# Before TF 1.0 the axis came first: tf.concat(1, values) and tf.split(0, 2, x) raise on TF 2.21.
joined = tf.concat(1, [a, b])  # [tf1-reordered-arguments-error]
last = tf.concat(-1, [a, b])  # [tf1-reordered-arguments-error]
halves = tf.split(0, 2, x)  # [tf1-reordered-arguments-error]
# Silent: the TF 1.0+ order, and an axis that is not a literal in the first place.
joined = tf.concat([a, b], 1)
joined = tf.concat(values, axis)
halves = tf.split(x, 2, 0)
halves = tf.split(x, 2)

# Keras initializers took dtype= in TF1; Keras 3's raise TypeError.
init = tf.keras.initializers.Constant(1.0, dtype=tf.float32)  # [tf1-changed-keyword]
init = tf.keras.initializers.glorot_uniform(seed=1, dtype=tf.float32)  # [tf1-changed-keyword]
init = tf.keras.initializers.glorot_uniform(seed=1)

# TF2's beam search decoder has no merge_repeated: the keyword or a fifth positional raises TypeError.
decoded, _ = tf.nn.ctc_beam_search_decoder(logits, lengths, merge_repeated=False)  # [tf1-changed-keyword]
decoded, _ = tf.nn.ctc_beam_search_decoder(logits, lengths, 100, 1, False)  # [tf1-reordered-arguments-error]

# A pre-1.0 keyword.
loss = tf.nn.sigmoid_cross_entropy_with_logits(logits=x, targets=y)  # [tf1-changed-keyword]
