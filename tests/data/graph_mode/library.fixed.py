"""A module other files import: no entry point, no graph-mode switch."""
import logging

import tensorflow as tf

logger = logging.getLogger(__name__)
tf.compat.v1.flags.DEFINE_integer("width", 8, "layer width")


def inputs():
    return tf.compat.v1.placeholder(tf.float32, [None, 8])
