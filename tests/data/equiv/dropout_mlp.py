"""A TF1 regression MLP trained with keep_prob dropout beside a plain linear model, evaluated with dropout off
before each training step. Test input for `tf1lint equiv`: dropout values differ between TensorFlow versions,
the rest must still be compared.
"""
import numpy as np
import tensorflow as tf


def main():
    features = tf.placeholder(tf.float32, [None, 8], name="features")
    targets = tf.placeholder(tf.float32, [None, 1], name="targets")
    keep_prob = tf.placeholder_with_default(1.0, shape=[], name="keep_prob")

    hidden = tf.layers.dense(features, 16, activation=tf.nn.relu, name="hidden")
    hidden = tf.nn.dropout(hidden, keep_prob=keep_prob)
    predictions = tf.layers.dense(hidden, 1, name="out")
    loss = tf.reduce_mean(tf.square(predictions - targets))
    train_op = tf.train.GradientDescentOptimizer(0.05).minimize(loss)

    linear_weight = tf.Variable(tf.random_normal([8, 1], stddev=0.1), name="linear_weight")
    linear_loss = tf.reduce_mean(tf.square(tf.matmul(features, linear_weight) - targets))
    linear_train_op = tf.train.GradientDescentOptimizer(0.1).minimize(linear_loss)

    data = np.random.rand(32, 8).astype(np.float32)
    labels = data.sum(axis=1, keepdims=True) - 4.0

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(5):
            evaluation = sess.run(loss, feed_dict={features: data, targets: labels})
            _, training, _, linear = sess.run([train_op, loss, linear_train_op, linear_loss],
                                              feed_dict={features: data, targets: labels, keep_prob: 0.5})
            print(step, evaluation, training, linear)


if __name__ == "__main__":
    main()
