"""Names from before TF 1.0 that old code still carries: they fail on TF 2.21 as much as TF1 names do."""
import tensorflow as tf

product = tf.mul(a, b)  # [tf1-renamed-api]
outputs, state = tf.nn.rnn(cell, inputs, dtype=tf.float32)  # [tf1-compat-only-api]
decoded = tf.nn.seq2seq.embedding_attention_seq2seq(x, y, cell, 100, 100, 32)  # [tf1-removed-api]
cell = tf.nn.rnn_cell.LSTMCell(64)  # [tf1-removed-api]
