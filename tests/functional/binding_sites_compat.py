"""The tf.compat.v1 spelling of a drop-in (flags) is fixed at its binding too: one finding, with its uses."""
import tensorflow.compat.v1 as tf  # [tf1-compat-v1-api]

flags = tf.flags  # [tf1-compat-v1-api]
FLAGS = flags.FLAGS
flags.DEFINE_string("data_dir", "/tmp", "where the data is")
flags.DEFINE_integer("steps", 10, "how many steps")


def main():
    return FLAGS.data_dir, FLAGS.steps
