"""A module other files import: no entry point, no graph-mode switch."""
import logging

import tensorflow as tf

logger = logging.getLogger(__name__)
tf.flags.DEFINE_integer("width", 8, "layer width")


def inputs():
    return tf.placeholder(tf.float32, [None, 8])
