"""Issue 8's cases: each line is flagged or silent exactly as TensorFlow 2.21 behaves."""
import tensorflow as tf
from tensorflow.python.util import nest  # [tf1-deprecated-api-info]

# Initializers: numbers given explicitly mean the same; only dtype= and relied-on defaults differ.
a = tf.constant_initializer(0.0)  # silent: an explicit value means the same
b = tf.random_normal_initializer(stddev=0.02)
c = tf.zeros_initializer()
d = tf.constant_initializer(0.0, dtype=tf.float32)  # [tf1-changed-keyword]
e = tf.random_uniform_initializer()  # [tf1-behaviour-changed]
f = tf.random_normal_initializer()  # [tf1-behaviour-changed]

# tf.where: one argument unchanged; three arguments changed broadcasting.
g = tf.where(mask)  # silent
h = tf.where(mask, x, y)  # [tf1-behaviour-changed-info]

# conv2d / max_pool within the positions TF1 and TF2 share.
i = tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME")  # silent
j = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")

# ones_like / zeros_like as usually called; a device string; one embedding table.
k = tf.ones_like(x)
l = tf.zeros_like(x)
with tf.device("/gpu:0"):
    m = tf.nn.embedding_lookup(table, ids)
with tf.device(tf.train.replica_device_setter(ps_tasks=1)):  # [tf1-behaviour-changed-error, tf1-compat-only-api]
    pass

# Silent changes of meaning.
n = tf.nn.dropout(x, 0.8)  # [tf1-changed-meaning]
o = tf.nn.dropout(x, rate=0.2)
with tf.name_scope(None, "block", [x]):  # [tf1-reordered-arguments-error]
    pass
with tf.name_scope("block"):
    pass

# Under-rated before: these raise on TF 2.21.
p = tf.compat.v1.layers.dense(x, 8)  # [tf1-removed-api, tf1-fragile-checkpoint-name]
q = tf.nn.ctc_beam_search_decoder(logits, lengths, merge_repeated=False)  # [tf1-changed-keyword]
r = tf.nn.in_top_k(predictions, targets, 1)  # [tf1-reordered-arguments-error]
s = nest.is_sequence(x)  # [tf1-removed-api]

# Graph-only compat APIs: a warning outside graph mode.
t = tf.compat.v1.placeholder(tf.float32)  # [tf1-compat-v1-api-warning]
with tf.Graph().as_default():
    u = tf.compat.v1.placeholder(tf.float32)  # [tf1-compat-v1-api]

# Suggestions that exist.
tf.set_random_seed(1)  # [tf1-compat-only-api]
v = tf.to_int32(x)  # [tf1-renamed-api]
w2 = tf.GraphDef()  # [tf1-compat-only-api]
dist = tf.distributions.Normal(0.0, 1.0)  # [tf1-compat-only-api]
reg = tf.contrib.layers.l2_regularizer(0.1)  # [tf1-removed-api]
