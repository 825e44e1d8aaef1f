"""Names that look like TensorFlow but are not: nothing here may be reported."""
import tensorflow


def with_parameter(tf):
    return tf.placeholder()


def with_local():
    tf = object()
    return tf.Session()


def with_comprehension(items):
    return [tf.Session() for tf in items]


lambda tf: tf.placeholder()


class Holder:
    tf = None

    def method(self):
        return self.tf.Session()


for tensorflow in []:
    tensorflow.placeholder()

import numpy as tf

tf.placeholder = 1
tf.log(3)
layers = "tf.layers"
