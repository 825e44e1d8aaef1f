"""Fit y = 3x + 2 eagerly with tf.Variable, tf.GradientTape and a Keras SGD optimizer,
with the training step compiled by @tf.function instead of a Session loop.
"""
import numpy as np
import tensorflow as tf

LEARNING_RATE = 0.1
STEPS = 50


def make_data(n=256, seed=0):
    rng = np.random.default_rng(seed)
    xs = rng.uniform(-1.0, 1.0, size=(n, 1)).astype(np.float32)
    ys = 3.0 * xs + 2.0 + rng.normal(scale=0.05, size=(n, 1)).astype(np.float32)
    return xs, ys


weight = tf.Variable(tf.random.normal([1, 1], stddev=0.1), name="weight")
bias = tf.Variable(tf.zeros([1]), name="bias")
optimizer = tf.keras.optimizers.SGD(learning_rate=LEARNING_RATE)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        prediction = tf.matmul(x, weight) + bias
        loss = tf.reduce_mean(tf.square(prediction - y))
    grads = tape.gradient(loss, [weight, bias])
    optimizer.apply_gradients(zip(grads, [weight, bias]))
    return loss


def main():
    xs, ys = make_data()
    x, y = tf.constant(xs), tf.constant(ys)
    for step in range(STEPS):
        loss = train_step(x, y)
        if step % 10 == 0:
            print("step %d loss %.4f" % (step, float(loss)))
    print("learned w=%.3f b=%.3f" % (weight.numpy()[0, 0], bias.numpy()[0]))


if __name__ == "__main__":
    main()
