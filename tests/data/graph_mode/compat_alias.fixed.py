import os
import tensorflow.compat.v1 as tf1
tf1.disable_v2_behavior()
import tensorflow as tf

x = tf.compat.v1.placeholder(tf.float32, [2])
print(os.getcwd())
