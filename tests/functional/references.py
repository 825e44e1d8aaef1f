"""References count wherever they appear, not only in calls."""
import functools

import tensorflow as tf


class ScaledDense(tf.layers.Layer):  # [tf1-removed-api]
    def __init__(self, units):
        tf.layers.Layer.__init__(self)  # [tf1-removed-api]
        self.units = units


@functools.lru_cache()
@tf.contrib.eager.defun  # [tf1-removed-api]
def step(x):
    return x


def train(optimizer_class=tf.train.GradientDescentOptimizer):  # [tf1-compat-only-api]
    return optimizer_class(0.1)


builders = {"sgd": tf.train.GradientDescentOptimizer, "adam": tf.train.AdamOptimizer}  # [tf1-compat-only-api, tf1-compat-only-api]
train(tf.train.AdamOptimizer)  # [tf1-compat-only-api]
layers = tf.layers  # [tf1-removed-api]
dense = layers.dense  # [tf1-removed-api]
Session = tf.Session  # [tf1-compat-only-api]
with Session() as sess:  # counted on the alias above, where the name is fixed
    pass
saver = tf.train.Saver(  # [tf1-compat-only-api]
    max_to_keep=3,
)  # the finding is on the line where the name starts
handle = tf.Session().run  # [tf1-compat-only-api]
annotated: tf.Session = None  # [tf1-compat-only-api]
print(f"{tf.log(2.0)}")  # [tf1-renamed-api]
print("tf.Session() in a string is not code")
# tf.Session() in a comment is not code

FLAGS = tf.app.flags.FLAGS  # [tf1-removed-api]


def main():
    expdir = FLAGS.expdir  # counted on the FLAGS binding above, where absl.flags replaces it
    return print(expdir)  # a value read from FLAGS is not an alias of TensorFlow


def build():
    local_layers = tf.layers  # [tf1-removed-api]
    return local_layers.dense  # [tf1-removed-api]
