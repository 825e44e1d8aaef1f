import os; import tensorflow as tf
x = tf.placeholder(tf.float32, [2])
print(os.sep)
