"""One finding per fix site: a binding whose fix is made once reports its uses as a count."""
import tensorflow as tf
import tensorflow.contrib.slim as slim  # [tf1-removed-api]
from tensorflow.python.ops import array_ops  # [tf1-deprecated-api-info]

FLAGS = tf.flags.FLAGS  # [tf1-removed-api]
layers = tf.contrib.layers  # [tf1-removed-api]


def model(images):
    net = slim.conv2d(images, 32, 3)  # slim is a drop-in (tf_slim): counted on the import; unnamed  # [tf1-fragile-checkpoint-name]
    net = slim.max_pool2d(net, 2)
    net = array_ops.identity(net)  # the same module-wide advice as the import: counted on it
    init = layers.xavier_initializer()  # [tf1-removed-api]
    net = layers.flatten(net)  # [tf1-removed-api]
    return net, init, FLAGS.batch_size, FLAGS.learning_rate


def per_use_names():
    # Without a binding, every use is its own change.
    a = tf.contrib.layers.flatten(None)  # [tf1-removed-api]
    b = tf.contrib.layers.flatten(None)  # [tf1-removed-api]
    return a, b


def rebound():
    slim = object()  # a local name that is not TensorFlow any more
    return slim.conv2d
