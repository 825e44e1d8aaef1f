"""Checkpoints written by real TF1 repositories' own model-building code, run under real TF 1.14.

Usage: python write_real_repo_checkpoints.py OUT_DIR [NAME ...]. None of that code is in this project: it is
installed (CI: .ci/run) or ships inside TF 1.14, and only imported here:
  bert    google-research/bert modeling.py (PyPI bert-tensorflow 1.0.4): BertModel with a tiny BertConfig and a
          classifier head made as run_classifier.py makes it; Adam; variables on two devices, sharded Saver
  gpt2    openai/gpt-2 src/model.py (shipped in PyPI gpt-2-simple 0.8.1 as gpt_2_simple/src/model.py, loaded
          as a single file so the package's other dependencies are not needed): model.model with tiny
          hparams, a language-model loss; Adam
  resnet  tensorflow/models research/slim nets/resnet_v1.py (inside TF 1.14 as tf.contrib.slim.nets): a small
          resnet_v1 under resnet_arg_scope (batch norm and its moving averages, weight decay); Momentum
Each folder gets the checkpoint, `inputs.npy` and the TF1 program's inference predictions on those inputs
(synthetic inputs, a few training steps so that no value is its initializer).
"""
import importlib.util
import os
import sys

import numpy as np
import tensorflow as tf
from write_tf1_checkpoints import train_and_write  # beside this script: the same training and files

BATCH, TOKENS, VOCABULARY, CLASSES = 4, 8, 50, 3


def bert(features, training):
    from bert import modeling  # google-research/bert modeling.py, installed from PyPI
    config = modeling.BertConfig(vocab_size=VOCABULARY, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                 intermediate_size=64, max_position_embeddings=16, type_vocab_size=2,
                                 hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    with tf.device("/cpu:0"):
        pooled = modeling.BertModel(config, is_training=True, input_ids=features).get_pooled_output()
    # The classification head as run_classifier.py's create_model makes it (dropout 0 here: deterministic).
    with tf.device("/cpu:1"):
        output_weights = tf.get_variable("output_weights", [CLASSES, 32],
                                         initializer=tf.truncated_normal_initializer(stddev=0.02))
        output_bias = tf.get_variable("output_bias", [CLASSES], initializer=tf.zeros_initializer())
        return tf.nn.bias_add(tf.matmul(pooled, output_weights, transpose_b=True), output_bias)


def _gpt2_package_file():
    """gpt_2_simple/__init__.py imports requests and more; find the package folder without running it."""
    spec = importlib.util.find_spec("gpt_2_simple")
    return os.path.join(os.path.dirname(spec.origin), "src", "model.py")


def gpt2(features, training):
    spec = importlib.util.spec_from_file_location("gpt2_model", _gpt2_package_file())
    model = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(model)  # openai/gpt-2 src/model.py, as gpt-2-simple ships it
    hparams = model.HParams(n_vocab=VOCABULARY, n_ctx=16, n_embd=16, n_head=2, n_layer=2)
    return model.model(hparams, features)["logits"]


def resnet(features, training):
    from tensorflow.contrib import slim
    from tensorflow.contrib.slim.nets import resnet_v1  # tensorflow/models research/slim, inside TF 1.14
    blocks = [resnet_v1.resnet_v1_block("block1", base_depth=4, num_units=2, stride=2),
              resnet_v1.resnet_v1_block("block2", base_depth=8, num_units=1, stride=1)]
    with slim.arg_scope(resnet_v1.resnet_arg_scope(batch_norm_decay=0.9)):
        logits, _ = resnet_v1.resnet_v1(features, blocks, num_classes=5, is_training=training, global_pool=True,
                                        scope="resnet_small")
    return tf.squeeze(logits, [1, 2])  # this resnet_v1 has no spatial_squeeze: [batch, 1, 1, classes]


def train_and_save(folder, build, inputs, optimizer, steps=4, sharded=False):
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(1)
        features = tf.placeholder(tf.as_dtype(inputs.dtype), [None] + list(inputs.shape[1:]))
        training = tf.placeholder_with_default(False, [])
        logits = build(features, training)
        rng = np.random.RandomState(1)
        if build is gpt2:  # next-token prediction on the same tokens
            loss = tf.losses.sparse_softmax_cross_entropy(features[:, 1:], logits[:, :-1])
        else:
            labels = rng.randint(0, logits.shape[-1].value, len(inputs))
            loss = tf.losses.sparse_softmax_cross_entropy(labels, logits) + tf.losses.get_regularization_loss()
        step = tf.train.get_or_create_global_step()
        with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
            train_op = optimizer.minimize(loss, global_step=step)
        saver = tf.train.Saver(sharded=sharded)
        train_and_write(folder, saver, train_op, step, (features, training, logits), inputs, steps)


def main(out, names):
    rng = np.random.RandomState(0)
    words = rng.randint(0, VOCABULARY, size=(BATCH, TOKENS)).astype(np.int32)
    cases = {
        "bert": lambda: train_and_save(os.path.join(out, "bert"), bert, words, tf.train.AdamOptimizer(1e-3),
                                       sharded=True),
        "gpt2": lambda: train_and_save(os.path.join(out, "gpt2"), gpt2, words, tf.train.AdamOptimizer(1e-2)),
        "resnet": lambda: train_and_save(os.path.join(out, "resnet"), resnet,
                                         rng.rand(BATCH, 32, 32, 3).astype(np.float32),
                                         tf.train.MomentumOptimizer(1e-2, 0.9)),
    }
    for name in names or cases:
        cases[name]()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
