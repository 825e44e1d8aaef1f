"""A program (it has a __main__ block) that never leaves eager execution: the graph-only compat APIs
that raise when called eagerly are errors; those that merely need a graph stay warnings."""
import tensorflow as tf

images = tf.compat.v1.placeholder(tf.float32, [None, 28, 28])  # [tf1-compat-v1-api-error]
labels = tf.compat.v1.sparse_placeholder(tf.int32)  # [tf1-compat-v1-api-error]
merged = tf.compat.v1.summary.merge_all()  # [tf1-compat-v1-api-error]
session = tf.compat.v1.Session()  # [tf1-compat-v1-api-warning]


def main():
    writer = tf.compat.v1.summary.FileWriter("/tmp/logs")  # [tf1-compat-v1-api-error]
    return writer


if __name__ == "__main__":
    main()


def serving_input_fn():
    # Handed to another API as a value (an estimator or hub exporter calls it inside its own graph): a warning.
    return tf.compat.v1.placeholder(tf.string, [None])  # [tf1-compat-v1-api-warning]


exporter = make_exporter(serving_input_fn)
