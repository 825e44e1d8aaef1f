"""Write the checkpoints the ckpt tests read, with TF1 code run by real TF 1.14 or by TF 2.21's compat.v1.

Usage: python write_tf1_checkpoints.py OUT_DIR. Each model folder gets its checkpoint, `inputs.npy` and
the TF1 program's `predictions.npy` for those inputs. The three models follow the layer structure of real
TF1 repositories (synthetic inputs, a few training steps so no value is its initializer):
  text_cnn     dennybritz/cnn-text-classification-tf: embedding/W, conv-maxpool-N/W,b, output/W,b; RMSProp
  mlp_adam     aymericdamien/TensorFlow-Examples multilayer_perceptron: unnamed tf.Variable weights; Adam
  mlp_rmsprop, mlp_rmsprop_centered  the MLP trained with RMSProp (momentum 0.5), plain and centered (TF 1.14)
  mlp_momentum, mlp_momentum_nesterov  the MLP trained with Momentum (0.9), plain and Nesterov (TF 1.14)
  mlp_bert_adamw  the MLP trained with google-research/bert's create_optimizer from step 10^6 (TF 1.14, where
                  bert-tensorflow is installed)
  encoder_decoder  two get_variable scopes whose name order is not their creation order (TF 1.14)
  conv_sharded tensorflow/models official mnist (tf.layers, unnamed, auto-incremented names) with batch
               normalization; Momentum; variables on two devices saved by a sharded Saver. TF 2.21 has no
               tf.compat.v1.layers without Keras 2, so there it is replaced by mlp_sharded (the MLP's output
               layer on a second device, sharded Saver)
"""
import importlib.util
import os
import sys

import numpy as np
import tensorflow as tf

TF2 = tf.__version__.startswith("2.")
if TF2:
    tf = tf.compat.v1
    tf.disable_v2_behavior()

SEQUENCE, VOCABULARY, EMBEDDING, FILTERS, CLASSES = 12, 50, 8, 4, 3


def text_cnn(inputs, output_scope="output"):
    with tf.device("/cpu:0"), tf.name_scope("embedding"):
        table = tf.Variable(tf.random_uniform([VOCABULARY, EMBEDDING], -1.0, 1.0), name="W")
        embedded = tf.expand_dims(tf.nn.embedding_lookup(table, inputs), -1)
    pooled = []
    for size in (3, 4, 5):
        with tf.name_scope("conv-maxpool-%s" % size):
            kernel = tf.Variable(tf.truncated_normal([size, EMBEDDING, 1, FILTERS], stddev=0.1), name="W")
            bias = tf.Variable(tf.constant(0.1, shape=[FILTERS]), name="b")
            conv = tf.nn.conv2d(embedded, kernel, strides=[1, 1, 1, 1], padding="VALID", name="conv")
            hidden = tf.nn.relu(tf.nn.bias_add(conv, bias), name="relu")
            pooled.append(tf.nn.max_pool(hidden, ksize=[1, SEQUENCE - size + 1, 1, 1], strides=[1, 1, 1, 1],
                                         padding="VALID", name="pool"))
    flat = tf.reshape(tf.concat(pooled, 3), [-1, FILTERS * 3])
    with tf.name_scope(output_scope):
        weights = tf.get_variable(output_scope + "/W", shape=[FILTERS * 3, CLASSES],
                                  initializer=tf.glorot_uniform_initializer())
        bias = tf.Variable(tf.constant(0.1, shape=[CLASSES]), name="b")
        return tf.nn.xw_plus_b(flat, weights, bias, name="scores")


def mlp(inputs):
    weights = {
        "h1": tf.Variable(tf.random_normal([10, 16])),
        "h2": tf.Variable(tf.random_normal([16, 16])),
    }
    with tf.device("/cpu:1"):
        weights["out"] = tf.Variable(tf.random_normal([16, CLASSES]))
    biases = {
        "b1": tf.Variable(tf.random_normal([16])),
        "b2": tf.Variable(tf.random_normal([16])),
    }
    with tf.device("/cpu:1"):
        biases["out"] = tf.Variable(tf.random_normal([CLASSES]))
    layer_1 = tf.nn.relu(tf.add(tf.matmul(inputs, weights["h1"]), biases["b1"]))
    layer_2 = tf.nn.relu(tf.add(tf.matmul(layer_1, weights["h2"]), biases["b2"]))
    return tf.matmul(layer_2, weights["out"]) + biases["out"]


def encoder_decoder(inputs):
    """Two variable scopes built encoder first whose names sort decoder first, each with tf.get_variable weights
    w0, b0, w1, b1 (as hwalsuklee/tensorflow-mnist-VAE names them): only creation order tells the layers apart."""
    def stack(scope, net, widths):
        with tf.variable_scope(scope):
            for index, width in enumerate(widths):
                kernel = tf.get_variable(f"w{index}", [net.shape[1], width])
                bias = tf.get_variable(f"b{index}", [width], initializer=tf.random_normal_initializer())
                net = tf.matmul(net, kernel) + bias
                net = tf.nn.tanh(net) if index < len(widths) - 1 else net
        return net
    return stack("bernoulli_decoder", tf.nn.tanh(stack("gaussian_encoder", inputs, [8, 8])), [8, CLASSES])


def optimizer(kind):
    """The TF1 optimizers the checkpoints are trained with; continue_training.py takes one more step with the same."""
    return {"adam": lambda: tf.train.AdamOptimizer(1e-2),
            "rmsprop": lambda: tf.train.RMSPropOptimizer(1e-2, momentum=0.5, epsilon=1e-7),
            "rmsprop_centered": lambda: tf.train.RMSPropOptimizer(1e-2, momentum=0.5, epsilon=1e-7, centered=True),
            "momentum": lambda: tf.train.MomentumOptimizer(1e-2, 0.9),
            "momentum_nesterov": lambda: tf.train.MomentumOptimizer(1e-2, 0.9, use_nesterov=True),
            }[kind]()


def train_op(kind, loss, step):
    """One training step of `kind`. bert_adamw is google-research/bert's own create_optimizer (PyPI bert-tensorflow):
    AdamWeightDecayOptimizer (slots VAR/adam_m, VAR/adam_v, no bias correction), gradients clipped to global norm
    1, a linearly decaying rate (over 10^12 steps here: constant to 1e-6) and its own global_step increment."""
    if kind == "bert_adamw":
        from bert import optimization
        return optimization.create_optimizer(loss, 1e-2, 10 ** 12, 0, False)
    return optimizer(kind).minimize(loss, global_step=step)


def conv_net(inputs, training):
    with tf.device("/cpu:0"):
        net = tf.layers.conv2d(inputs, 4, 3, padding="same", activation=tf.nn.relu)
        net = tf.layers.max_pooling2d(net, 2, 2)
        net = tf.layers.conv2d(net, 6, 3, padding="same")
        net = tf.layers.batch_normalization(net, training=training)
        net = tf.nn.relu(net)
    with tf.device("/cpu:1"):
        net = tf.layers.flatten(tf.layers.max_pooling2d(net, 2, 2))
        net = tf.layers.dense(net, 8, activation=tf.nn.relu)
        return tf.layers.dense(net, CLASSES)


def train_and_save(folder, build, inputs, labels, optimizer, steps=5, sharded=False, kind=None, start_step=0,
                   **saver_options):
    """Train with `optimizer`, or with train_op(kind) when a kind is given, from step `start_step`."""
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(1)
        features = tf.placeholder(tf.as_dtype(inputs.dtype), [None] + list(inputs.shape[1:]))
        training = tf.placeholder_with_default(False, [])
        logits = build(features, training) if build is conv_net else build(features)
        loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
        step = tf.train.get_or_create_global_step()
        with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
            step_op = train_op(kind, loss, step) if kind else optimizer.minimize(loss, global_step=step)
        saver = tf.train.Saver(sharded=sharded, **saver_options)
        train_and_write(folder, saver, step_op, step, (features, training, logits), inputs, steps, labels=labels,
                        start_step=start_step)


def train_and_write(folder, saver, step_op, step, model, inputs, steps, start_step=0, **arrays):
    """Train `steps` steps on `inputs`, then write the checkpoint, `inputs.npy`, the other `arrays` and the
    model's inference predictions. `model` is (features placeholder, training placeholder, logits)."""
    features, training, logits = model
    config = tf.ConfigProto(device_count={"CPU": 2}, intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)
    with tf.Session(config=config) as session:
        session.run(tf.global_variables_initializer())
        if start_step:  # as when fine-tuning goes on from a long pre-training
            session.run(step.assign(start_step))
        for _ in range(steps):
            session.run(step_op, {features: inputs, training: True})
        os.makedirs(folder)
        saver.save(session, os.path.join(folder, "model.ckpt"), global_step=step)
        for name, value in dict(arrays, inputs=inputs).items():
            np.save(os.path.join(folder, name + ".npy"), value)
        np.save(os.path.join(folder, "predictions.npy"), session.run(logits, {features: inputs}))


def dtypes(folder):
    graph = tf.Graph()
    with graph.as_default():
        values = {
            "floats/f16": np.array([1.5, -2.25, 65504], np.float16),
            "floats/f32": np.linspace(-1, 1, 24, dtype=np.float32).reshape(2, 3, 4),
            "floats/f64": np.array([[np.pi, -np.e]], np.float64),
            "ints/i8": np.array([-128, 127], np.int8), "ints/u8": np.array([0, 255], np.uint8),
            "ints/i16": np.array([-32768, 7], np.int16), "ints/u16": np.array([65535], np.uint16),
            "ints/i32": np.arange(-3, 3, dtype=np.int32), "ints/i64": np.array([2 ** 40, -1], np.int64),
            "flags": np.array([[True, False], [False, True]]),
            "complex/c64": np.array([1 + 2j], np.complex64), "complex/c128": np.array([3 - 4j], np.complex128),
            "words": np.array([b"alpha", b"", "\u00e9t\u00e9".encode("utf-8"), b"x" * 300]),
            "scalar": np.float32(42.0),
            "empty": np.zeros([0, 3], np.float32),
        }
        variables = [tf.Variable(value, name=name) for name, value in values.items()]
        variables.append(tf.Variable(tf.constant([1.5, -2.0, 3.140625], tf.bfloat16), name="floats/bf16"))
        partitioned = tf.get_variable("partitioned/w", shape=[6, 2], partitioner=tf.fixed_size_partitioner(2))
        saver = tf.train.Saver()
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            os.makedirs(folder)
            saver.save(session, os.path.join(folder, "model.ckpt"))
    del variables, partitioned


def main(out):
    rng = np.random.RandomState(0)
    dtypes(os.path.join(out, "dtypes"))
    words = rng.randint(0, VOCABULARY, size=(6, SEQUENCE)).astype(np.int32)
    train_and_save(os.path.join(out, "text_cnn"), text_cnn, words, rng.randint(0, CLASSES, 6),
                   tf.train.RMSPropOptimizer(1e-2))
    train_and_save(os.path.join(out, "mlp_adam"), mlp, rng.rand(8, 10).astype(np.float32),
                   rng.randint(0, CLASSES, 8), optimizer("adam"))
    if TF2:
        train_and_save(os.path.join(out, "mlp_sharded"), mlp, rng.rand(8, 10).astype(np.float32),
                       rng.randint(0, CLASSES, 8), tf.train.MomentumOptimizer(1e-2, 0.9), sharded=True)
    else:
        # The same program after someone renamed a scope: a committed map no longer fits.
        train_and_save(os.path.join(out, "text_cnn_renamed"), lambda words: text_cnn(words, "logits"),
                       rng.randint(0, VOCABULARY, size=(6, SEQUENCE)).astype(np.int32), rng.randint(0, CLASSES, 6),
                       tf.train.GradientDescentOptimizer(0.1), steps=1)
        train_and_save(os.path.join(out, "conv_sharded"), conv_net, rng.rand(5, 8, 8, 2).astype(np.float32),
                       rng.randint(0, CLASSES, 5), tf.train.MomentumOptimizer(1e-2, 0.9), sharded=True)
        for kind in ("rmsprop", "rmsprop_centered"):
            train_and_save(os.path.join(out, "mlp_" + kind), mlp, rng.rand(8, 10).astype(np.float32),
                           rng.randint(0, CLASSES, 8), optimizer(kind))
        train_and_save(os.path.join(out, "encoder_decoder"), encoder_decoder, rng.rand(8, 10).astype(np.float32),
                       rng.randint(0, CLASSES, 8), tf.train.GradientDescentOptimizer(0.1))
        for kind in ("momentum", "momentum_nesterov"):
            train_and_save(os.path.join(out, "mlp_" + kind), mlp, rng.rand(8, 10).astype(np.float32),
                           rng.randint(0, CLASSES, 8), optimizer(kind))
        if importlib.util.find_spec("bert"):  # CI installs bert-tensorflow; the test says so where it is absent
            # A million steps in, where Keras 3 AdamW's bias correction is exactly 1 in float32, as BERT's is.
            train_and_save(os.path.join(out, "mlp_bert_adamw"), mlp, rng.rand(8, 10).astype(np.float32),
                           rng.randint(0, CLASSES, 8), None, kind="bert_adamw", start_step=10 ** 6)


if __name__ == "__main__":
    main(sys.argv[1])
