"""Fit y = 3x + 2 with a placeholder-fed graph, a GradientDescentOptimizer and a Session loop.

Typical TensorFlow 1.x training script: build the graph first, then run it with feed_dict.
"""
import numpy as np
import tensorflow as tf

LEARNING_RATE = 0.1
STEPS = 200
LOG_DIR = "/tmp/linreg_logs"


def make_data(n=256, seed=0):
    rng = np.random.RandomState(seed)
    xs = rng.uniform(-1.0, 1.0, size=(n, 1)).astype(np.float32)
    ys = 3.0 * xs + 2.0 + rng.normal(scale=0.05, size=(n, 1)).astype(np.float32)
    return xs, ys


def build_graph():
    x = tf.placeholder(tf.float32, shape=[None, 1], name="x")
    y = tf.placeholder(tf.float32, shape=[None, 1], name="y")
    weight = tf.Variable(tf.random_normal([1, 1], stddev=0.1), name="weight")
    bias = tf.Variable(tf.zeros([1]), name="bias")
    prediction = tf.matmul(x, weight) + bias
    loss = tf.reduce_mean(tf.square(prediction - y))
    global_step = tf.train.get_or_create_global_step()
    optimizer = tf.train.GradientDescentOptimizer(LEARNING_RATE)
    train_op = optimizer.minimize(loss, global_step=global_step)
    tf.summary.scalar("loss", loss)
    return x, y, weight, bias, loss, train_op


def main():
    xs, ys = make_data()
    x, y, weight, bias, loss, train_op = build_graph()
    merged = tf.summary.merge_all()
    init = tf.global_variables_initializer()

    with tf.Session() as sess:
        writer = tf.summary.FileWriter(LOG_DIR, sess.graph)
        sess.run(init)
        for step in range(STEPS):
            _, loss_value, summary = sess.run(
                [train_op, loss, merged], feed_dict={x: xs, y: ys})
            writer.add_summary(summary, step)
            if step % 50 == 0:
                tf.logging.info("step %d loss %.4f", step, loss_value)
        w, b = sess.run([weight, bias])
        writer.close()
    print("learned w=%.3f b=%.3f" % (w[0][0], b[0]))


if __name__ == "__main__":
    tf.logging.set_verbosity(tf.logging.INFO)
    main()
