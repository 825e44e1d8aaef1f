"""A TF1 training loop the way larger programs write it: MonitoredTrainingSession with a stop hook,
global_step, a summary, a nested dict/list fetch, two Session.run calls per step, and an early sys.exit.
Test input for `tf1lint equiv`.
"""
import sys

import numpy as np
import tensorflow as tf


def main():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    weight = tf.get_variable("weight", [3, 1], initializer=tf.glorot_uniform_initializer())
    prediction = tf.matmul(x, weight)
    loss = tf.reduce_mean(tf.square(prediction - y))
    global_step = tf.train.get_or_create_global_step()
    train_op = tf.train.AdamOptimizer(0.01).minimize(loss, global_step=global_step)
    summary = tf.summary.scalar("loss", loss)

    data = np.random.rand(16, 3).astype(np.float32)
    labels = data.dot(np.array([[1.0], [-2.0], [0.5]], dtype=np.float32))
    with tf.train.MonitoredTrainingSession(hooks=[tf.train.StopAtStepHook(last_step=50)]) as sess:
        while not sess.should_stop():
            out = sess.run({"train": train_op, "stats": [loss, {"step": global_step, "summary": summary}]},
                           feed_dict={x: data, y: labels})
            sess.run(prediction, feed_dict={x: data[:2]})
            if out["stats"][1]["step"] >= 8:
                print("stopping early at step", out["stats"][1]["step"])
                sys.exit(0)


if __name__ == "__main__":
    main()
