import os; import tensorflow as tf
tf.compat.v1.disable_v2_behavior()
x = tf.compat.v1.placeholder(tf.float32, [2])
print(os.sep)
