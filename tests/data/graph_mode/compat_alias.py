import os
import tensorflow.compat.v1 as tf1
import tensorflow as tf

x = tf.placeholder(tf.float32, [2])
print(os.getcwd())
