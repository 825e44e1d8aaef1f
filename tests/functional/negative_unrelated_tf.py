"""A module called tf that is not TensorFlow: nothing here may be reported."""
import tinyflow as tf
from mypackage import tf as tools

session = tf.Session()
value = tf.placeholder(3)
tools.layers.dense(1)
