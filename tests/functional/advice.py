"""Advice that keeps the TF1 call's meaning: defaults Keras does not share, weight sharing, flag parsing."""
import tensorflow as tf

hidden = tf.contrib.layers.fully_connected(x, 64)  # [tf1-removed-api, tf1-fragile-checkpoint-name]
feature = tf.contrib.layers.conv2d(images, 32, 3)  # [tf1-removed-api, tf1-fragile-checkpoint-name]
with tf.variable_scope("tower", reuse=True):  # [tf1-compat-only-api]
    logits = tf.layers.dense(hidden, 10, name="fc", reuse=True)  # [tf1-removed-api]
writer = tf.train.SummaryWriter("/tmp/logs", sess.graph)  # [tf1-renamed-api]
FLAGS = tf.flags.FLAGS  # [tf1-removed-api]
