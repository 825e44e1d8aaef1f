"""Rebuild a small two-layer graph with tf.get_variable inside variable scopes and restore it
from the newest checkpoint with tf.train.Saver, training from scratch when none exists.
"""
import os

import numpy as np
import tensorflow as tf

CHECKPOINT_DIR = "/tmp/mlp_checkpoints"


def dense(inputs, units, scope, activation=None):
    with tf.variable_scope(scope):
        in_dim = inputs.get_shape()[-1].value
        kernel = tf.get_variable(
            "kernel", shape=[in_dim, units],
            initializer=tf.truncated_normal_initializer(stddev=0.1))
        bias = tf.get_variable("bias", shape=[units], initializer=tf.zeros_initializer())
        out = tf.matmul(inputs, kernel) + bias
        return activation(out) if activation else out


def build_model(features):
    with tf.variable_scope("mlp", reuse=tf.AUTO_REUSE):
        hidden = dense(features, 16, "hidden", activation=tf.nn.relu)
        return dense(hidden, 1, "output")


def main():
    features = tf.placeholder(tf.float32, [None, 4], name="features")
    targets = tf.placeholder(tf.float32, [None, 1], name="targets")
    predictions = build_model(features)
    loss = tf.losses.mean_squared_error(targets, predictions)
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
    saver = tf.train.Saver(max_to_keep=3)

    data = np.random.rand(32, 4).astype(np.float32)
    labels = data.sum(axis=1, keepdims=True)

    with tf.Session() as sess:
        latest = tf.train.latest_checkpoint(CHECKPOINT_DIR)
        if latest:
            saver.restore(sess, latest)
            print("restored from", latest)
        else:
            sess.run(tf.global_variables_initializer())
            for _ in range(100):
                sess.run(train_op, feed_dict={features: data, targets: labels})
            if not os.path.isdir(CHECKPOINT_DIR):
                os.makedirs(CHECKPOINT_DIR)
            saver.save(sess, os.path.join(CHECKPOINT_DIR, "model.ckpt"))
        print("loss:", sess.run(loss, feed_dict={features: data, targets: labels}))


if __name__ == "__main__":
    main()
