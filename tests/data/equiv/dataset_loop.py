"""A TF1 training loop fed by a shuffled tf.data pipeline inside the graph (no feed_dict), until the data
runs out. Test input for `tf1lint equiv`: the batches must be carried from the recording, not re-drawn.
"""
import numpy as np
import tensorflow as tf


def main():
    rng = np.random.RandomState(1)
    xs = rng.rand(48, 4).astype(np.float32)
    ys = xs.dot(np.array([[0.5], [-1.0], [2.0], [0.1]], dtype=np.float32))
    dataset = tf.data.Dataset.from_tensor_slices((xs, ys)).shuffle(48).batch(8).repeat(2)
    features, targets = tf.data.make_one_shot_iterator(dataset).get_next()
    weight = tf.Variable(tf.random_normal([4, 1], stddev=0.1), name="weight")
    loss = tf.reduce_mean(tf.square(tf.matmul(features, weight) - targets))
    train_op = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        step = 0
        while True:
            try:
                _, value = sess.run([train_op, loss])
            except tf.errors.OutOfRangeError:
                break
            step += 1
        print("steps", step, "loss", value)


if __name__ == "__main__":
    main()
