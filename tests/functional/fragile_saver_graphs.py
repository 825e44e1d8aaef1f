"""A module that enters graphs made elsewhere (`with model.graph.as_default():`): a Saver without
var_list saves whatever that default graph holds when it is built."""
import tensorflow as tf


def export(model, path):
    with model.graph.as_default():
        saver = tf.compat.v1.train.Saver(None, max_to_keep=1)  # [tf1-compat-v1-api, tf1-fragile-checkpoint-name]
        named = tf.compat.v1.train.Saver(model.variables)  # [tf1-compat-v1-api]
        return saver.save(model.session, path), named
