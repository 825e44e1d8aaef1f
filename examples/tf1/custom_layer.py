"""A custom tf.layers.Layer subclass with a learned per-unit scale, stacked with tf.layers.dense
and keep_prob dropout in a graph-mode classifier.
"""
import numpy as np
import tensorflow as tf


class ScaledDense(tf.layers.Layer):
    """Dense layer whose output is multiplied by a trainable per-unit scale."""

    def __init__(self, units, **kwargs):
        super(ScaledDense, self).__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        in_dim = int(input_shape[-1])
        self.kernel = self.add_weight(
            name="kernel", shape=[in_dim, self.units],
            initializer=tf.glorot_uniform_initializer())
        self.scale = self.add_weight(
            name="scale", shape=[self.units], initializer=tf.ones_initializer())
        super(ScaledDense, self).build(input_shape)

    def call(self, inputs):
        return tf.matmul(inputs, self.kernel) * self.scale


def classifier(images, keep_prob, num_classes=10):
    flat = tf.reshape(images, [-1, 28 * 28])
    hidden = tf.layers.dense(flat, 128, activation=tf.nn.relu, name="hidden")
    hidden = tf.nn.dropout(hidden, keep_prob=keep_prob)
    logits = ScaledDense(num_classes, name="scaled_logits")(hidden)
    # Normalise per example; keep_dims is the TF1 spelling.
    norm = tf.reduce_sum(tf.abs(logits), axis=1, keep_dims=True)
    return logits / (norm + 1e-6)


def main():
    images = tf.placeholder(tf.float32, [None, 28, 28])
    labels = tf.placeholder(tf.int64, [None])
    keep_prob = tf.placeholder_with_default(1.0, shape=[])
    logits = classifier(images, keep_prob)
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    train_op = tf.train.MomentumOptimizer(0.01, 0.9).minimize(loss)

    batch_x = np.random.rand(16, 28, 28).astype(np.float32)
    batch_y = np.random.randint(0, 10, size=16)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(20):
            _, value = sess.run([train_op, loss], feed_dict={
                images: batch_x, labels: batch_y, keep_prob: 0.5})
        print("final loss", value)


if __name__ == "__main__":
    main()
