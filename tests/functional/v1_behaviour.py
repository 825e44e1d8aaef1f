"""A program that switches TF2 back to TF1 behaviour gets TF1 objects: their methods are fine."""
import tensorflow.compat.v1 as tf  # [tf1-compat-v1-api]

tf.disable_v2_behavior()  # [tf1-compat-v1-api]
dataset = tf.data.Dataset.range(10)
iterator = dataset.make_one_shot_iterator()
width = tf.zeros([2, 3]).shape[1].value
