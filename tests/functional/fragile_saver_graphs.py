"""A module that enters graphs made elsewhere (`with model.graph.as_default():`): a Saver without
var_list built outside those blocks saves whatever the default graph holds when it is built. Inside
a graph's block (or a session given its graph) the graph it saves is explicit: not reported."""
import tensorflow as tf


def evaluate(model, path):
    with model.graph.as_default():
        restorer = tf.compat.v1.train.Saver(max_to_keep=1)  # [tf1-compat-v1-api]
        restorer.restore(model.session, path)
    with tf.compat.v1.Session(graph=model.graph) as session:  # [tf1-compat-v1-api-warning]
        tf.compat.v1.train.Saver().restore(session, path)  # [tf1-compat-v1-api-warning]


def export(model, path):
    saver = tf.compat.v1.train.Saver(None, max_to_keep=1)  # [tf1-compat-v1-api-warning, tf1-fragile-checkpoint-name]
    named = tf.compat.v1.train.Saver(model.variables)  # [tf1-compat-v1-api-warning]
    return saver.save(model.session, path), named
