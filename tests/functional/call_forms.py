"""Entries that judge the call: only the argument forms that changed on TF 2.21 are reported
(rules/calls.yaml and the signature-derived entries of rules/generated/)."""
import tensorflow as tf

cond, x, y, w, ids, table, loss = tf.constant([True]), tf.ones([1]), tf.zeros([1]), None, None, None, 0.0
a = tf.constant_initializer(0.0)
b = tf.random_normal_initializer(stddev=0.02)
c = tf.zeros_initializer()
d = tf.random_uniform_initializer()  # [tf1-behaviour-changed]
e = tf.random_uniform_initializer(-0.1, 0.1)
f = tf.where(cond)
g = tf.where(cond, x, y)  # [tf1-behaviour-changed-info]
h = tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME")
i = tf.ones_like(x)
j = tf.zeros_like(x)
with tf.device("/gpu:0"):
    pass
with tf.device(lambda op: "/cpu:0"):  # [tf1-behaviour-changed-error]
    pass
k = tf.nn.embedding_lookup(table, ids)
m = tf.nn.embedding_lookup(table, ids, partition_strategy="div")  # [tf1-changed-keyword]
n = tf.nn.dropout(x, 0.8)  # [tf1-changed-meaning]
o = tf.nn.dropout(x, rate=0.2)
with tf.name_scope("outer", "default", [x]):  # [tf1-reordered-arguments-error]
    pass
with tf.name_scope("outer"):
    pass
p = tf.constant_initializer(0.0, dtype=tf.float32)  # [tf1-changed-keyword]
q = tf.nn.in_top_k(x, ids, 5)  # [tf1-reordered-arguments-error]
r = tf.nn.in_top_k(targets=ids, predictions=x, k=5)
s = tf.summary.scalar("loss", loss)  # [tf1-behaviour-changed]
t = tf.summary.scalar("loss", loss, step=3)
u = tf.nn.ctc_beam_search_decoder(x, ids, merge_repeated=False)  # [tf1-changed-keyword]
v = tf.lite.TFLiteConverter.from_session(sess, [x], [y])  # [tf1-compat-only-api]
w = tf.lite.TFLiteConverter.from_saved_model(saved_model_dir, input_shapes={"x": [1, 3]})  # [tf1-behaviour-changed-error]
