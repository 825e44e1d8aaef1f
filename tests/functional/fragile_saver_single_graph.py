"""A Saver without var_list in a module that builds only the default graph saves the model it is
built after: its checkpoint names are not fragile, so tf1-fragile-checkpoint-name stays silent."""
import tensorflow as tf

x = tf.zeros([2, 3])
w = tf.Variable(tf.zeros([3, 4]), name="w")
logits = tf.matmul(x, w)
saver = tf.train.Saver()  # [tf1-compat-only-api]
graph = tf.get_default_graph()  # [tf1-compat-only-api]
with graph.as_default():
    restorer = tf.compat.v1.train.Saver(max_to_keep=1)  # [tf1-compat-v1-api]
with tf.compat.v1.Session().as_default():  # [tf1-compat-v1-api-warning]
    pass
