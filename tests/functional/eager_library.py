"""A library module (no __main__ block, no test case): the program that imports it may switch to graph
mode, so graph-only compat APIs are warnings."""
import tensorflow as tf

images = tf.compat.v1.placeholder(tf.float32, [None, 28, 28])  # [tf1-compat-v1-api-warning]
