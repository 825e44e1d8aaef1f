"""Issue 17 table: one training step of cnn-text's TextCNN (the fixed text_cnn.py) on synthetic inputs,
as train.py builds it. Usage: python harness_cnn_text.py FIXED_TREE"""
import sys

import numpy as np
import tensorflow as tf

tf.compat.v1.disable_v2_behavior()  # what the fixed train.py starts with
sys.path.insert(0, sys.argv[1])
from text_cnn import TextCNN

cnn = TextCNN(sequence_length=20, num_classes=2, vocab_size=50, embedding_size=8, filter_sizes=[3, 4],
              num_filters=4, l2_reg_lambda=0.1)
global_step = tf.compat.v1.Variable(0, name="global_step", trainable=False)
optimizer = tf.compat.v1.train.AdamOptimizer(1e-3)
train_op = optimizer.apply_gradients(optimizer.compute_gradients(cnn.loss), global_step=global_step)
with tf.compat.v1.Session() as sess:
    sess.run(tf.compat.v1.global_variables_initializer())
    rng = np.random.RandomState(0)
    feed = {cnn.input_x: rng.randint(0, 50, (4, 20)), cnn.input_y: np.eye(2)[rng.randint(0, 2, 4)],
            cnn.dropout_keep_prob: 0.5}
    _, step, loss = sess.run([train_op, global_step, cnn.loss], feed)
    print("step", step, "loss", loss, "variables", len(tf.compat.v1.trainable_variables()))
