"""Run the real repositories' own TF1 model code on a TF 1.14 checkpoint, under TF 1.14 or under TF 2.21's
tf.compat.v1, and save its predictions: the TF1 program itself on the newer TensorFlow, no rewrite of ours.

Usage: python run_tf1_programs.py CHECKPOINTS OUT [SOURCES] [NAME ...]
       python run_tf1_programs.py write CHECKPOINTS OUT SOURCES [NAME ...]   (TF 2.21: train and save, see
                                                                              main_write)
  CHECKPOINTS  what write_real_repo_checkpoints.py wrote (NAME/ with the checkpoint and inputs.npy)
  OUT          gets NAME.npy, the predictions on NAME/inputs.npy after tf.train.Saver restored the checkpoint,
               and NAME.no-arithmetic.npy, the same with Grappler's arithmetic optimizer off (it rewrites
               expressions, e.g. pow(x, 3) into x * square(x), and reassociates products)
  SOURCES      TF 2.21 only: a folder with google-research/bert's modeling.py and openai/gpt-2's model.py (as
               gpt2_model.py), copied from the TF 1.14 environment and run through `tf1lint check --fix
               --unsafe-fixes` (it swaps BERT's tf.contrib layers import for tf_slim; GPT-2's needs nothing)
The code is the same files in both: bert-tensorflow 1.0.4's modeling.py, gpt-2-simple 0.8.1's src/model.py, and
slim's resnet_v1 (tf.contrib.slim in TF 1.14; the same file in tf-slim 1.1.0 for TF 2.21). Python 3.7 syntax.
"""
import importlib.util
import os
import sys

import numpy as np
import tensorflow
from tensorflow.core.protobuf import rewriter_config_pb2

TF2 = tensorflow.__version__.startswith("2.")
tf = tensorflow.compat.v1
if TF2:
    tf.disable_v2_behavior()

VOCABULARY, CLASSES = 50, 3


def load_file(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bert_modeling(sources):
    if TF2:
        return load_file("modeling", os.path.join(sources, "modeling.py"))
    from bert import modeling
    return modeling


def gpt2_model_file(sources):
    if TF2:
        return os.path.join(sources, "gpt2_model.py")
    origin = importlib.util.find_spec("gpt_2_simple").origin  # the package's __init__ is never run
    return os.path.join(os.path.dirname(origin), "src", "model.py")


def slim_and_resnet():
    if not TF2:
        from tensorflow.contrib import slim
        from tensorflow.contrib.slim.nets import resnet_v1
        return slim, resnet_v1
    # tf-slim 1.1.0 still reads ops.Tensor, which TF 2.16+ no longer exports there; the class is the same.
    from tensorflow.python.framework import ops
    if not hasattr(ops, "Tensor"):
        ops.Tensor = tensorflow.Tensor
    import tf_slim as slim
    from tf_slim.nets import resnet_v1
    return slim, resnet_v1


def bert(features, sources):
    modeling = bert_modeling(sources)
    config = modeling.BertConfig(vocab_size=VOCABULARY, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                 intermediate_size=64, max_position_embeddings=16, type_vocab_size=2,
                                 hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    pooled = modeling.BertModel(config, is_training=True, input_ids=features).get_pooled_output()
    output_weights = tf.get_variable("output_weights", [CLASSES, 32])  # run_classifier.py's head
    output_bias = tf.get_variable("output_bias", [CLASSES])
    return tf.nn.bias_add(tf.matmul(pooled, output_weights, transpose_b=True), output_bias)


def gpt2(features, sources):
    model = load_file("gpt2_model", gpt2_model_file(sources))
    hparams = model.HParams(n_vocab=VOCABULARY, n_ctx=16, n_embd=16, n_head=2, n_layer=2)
    return model.model(hparams, features)["logits"]


def resnet(features, sources):
    slim, resnet_v1 = slim_and_resnet()
    blocks = [resnet_v1.resnet_v1_block("block1", base_depth=4, num_units=2, stride=2),
              resnet_v1.resnet_v1_block("block2", base_depth=8, num_units=1, stride=1)]
    # resnet_arg_scope asks for batch norm through the core Keras layer (updates in UPDATE_OPS), which tf-slim
    # 1.1.0 cannot build on TF 2.21 (it needs tf_keras.legacy_tf_layers). With updates_collections=None slim
    # calls nn.fused_batch_norm itself; in inference (is_training=False) both paths run that one op, and the
    # TF 1.14 run of this file (same override) reproduces the writer's predictions bit for bit.
    batch_norm = dict(decay=0.9, epsilon=1e-5, scale=True, updates_collections=None)
    with slim.arg_scope(resnet_v1.resnet_arg_scope(batch_norm_decay=0.9)), \
            slim.arg_scope([slim.conv2d], normalizer_params=batch_norm):
        logits, _ = resnet_v1.resnet_v1(features, blocks, num_classes=5, is_training=False, global_pool=True,
                                        scope="resnet_small")
    return tf.squeeze(logits, [1, 2])


def predict(folder, build, sources):
    """The predictions with Grappler's default rewrites, and with its arithmetic optimizer off."""
    inputs = np.load(os.path.join(folder, "inputs.npy"))
    graph = tf.Graph()
    with graph.as_default():
        features = tf.placeholder(tf.as_dtype(inputs.dtype), [None] + list(inputs.shape[1:]))
        logits = build(features, sources)
        saver = tf.train.Saver()
        predictions = []
        for arithmetic in (rewriter_config_pb2.RewriterConfig.DEFAULT, rewriter_config_pb2.RewriterConfig.OFF):
            config = tf.ConfigProto(intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)
            config.graph_options.rewrite_options.arithmetic_optimization = arithmetic
            with tf.Session(config=config) as session:
                saver.restore(session, tf.train.latest_checkpoint(folder))
                predictions.append(session.run(logits, {features: inputs}))
        return predictions


PROGRAMS = {"bert": bert, "gpt2": gpt2, "resnet": resnet}
# As write_real_repo_checkpoints.py trains them under TF 1.14: optimizer, and whether the Saver is sharded.
TRAINING = {"bert": (lambda: tf.train.AdamOptimizer(1e-3), True), "gpt2": (lambda: tf.train.AdamOptimizer(1e-2), False),
            "resnet": (lambda: tf.train.MomentumOptimizer(1e-2, 0.9), False)}


def write(folder, inputs, build, sources, optimizer, sharded, steps=4):
    """Train `steps` steps from fresh initial values and save with this TensorFlow's tf.compat.v1 Saver: a
    checkpoint written by TF 2.21 from the repository's own code (batch norm frozen: see resnet())."""
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(1)
        features = tf.placeholder(tf.as_dtype(inputs.dtype), [None] + list(inputs.shape[1:]))
        logits = build(features, sources)
        if build is gpt2:  # next-token prediction on the same tokens
            loss = tf.losses.sparse_softmax_cross_entropy(features[:, 1:], logits[:, :-1])
        else:
            labels = np.random.RandomState(1).randint(0, int(logits.shape[-1]), len(inputs))
            loss = tf.losses.sparse_softmax_cross_entropy(labels, logits) + tf.losses.get_regularization_loss()
        step = tf.train.get_or_create_global_step()
        train_op = optimizer.minimize(loss, global_step=step)
        saver = tf.train.Saver(sharded=sharded)
        with tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)) as session:
            session.run(tf.global_variables_initializer())
            for _ in range(steps):
                session.run(train_op, {features: inputs})
            os.makedirs(folder)
            saver.save(session, os.path.join(folder, "model.ckpt"), global_step=step)
    np.save(os.path.join(folder, "inputs.npy"), inputs)


def main(checkpoints, out, sources=None, *names):
    if not os.path.isdir(out):
        os.makedirs(out)
    for name in names or PROGRAMS:
        default, no_arithmetic = predict(os.path.join(checkpoints, name), PROGRAMS[name], sources)
        np.save(os.path.join(out, name + ".npy"), default)
        np.save(os.path.join(out, name + ".no-arithmetic.npy"), no_arithmetic)
        print(name)


def main_write(checkpoints, out, sources=None, *names):
    """`write CHECKPOINTS OUT SOURCES`: OUT/NAME/ gets a checkpoint trained on CHECKPOINTS/NAME/inputs.npy, and
    the predictions after restoring it (predictions.npy, predictions.no-arithmetic.npy)."""
    for name in names or PROGRAMS:
        folder = os.path.join(out, name)
        optimizer, sharded = TRAINING[name]
        write(folder, np.load(os.path.join(checkpoints, name, "inputs.npy")), PROGRAMS[name], sources, optimizer(),
              sharded)
        default, no_arithmetic = predict(folder, PROGRAMS[name], sources)
        np.save(os.path.join(folder, "predictions.npy"), default)
        np.save(os.path.join(folder, "predictions.no-arithmetic.npy"), no_arithmetic)
        print(name)


if __name__ == "__main__":
    if sys.argv[1] == "write":
        main_write(*sys.argv[2:])
    else:
        main(*sys.argv[1:])
