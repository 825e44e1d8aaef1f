"""The child of tools/measure/tf_version_numerics.py: evaluates elementary ops on fixed float32 inputs and saves
every result, under whichever TensorFlow runs it (1.14 on Python 3.7, or 2.21).

Usage: python tf_version_numerics_ops.py INPUTS.npz OUT.npz graph|eager

Both TensorFlows have tf.compat.v1, so every op is spelled once. Graph mode feeds placeholders (nothing is
constant-folded, Grappler runs as in a real session); eager runs the same calls op by op. One intra-op thread, as
the checkpoint tests' TF 1.14 writer uses. Python 3.7: no syntax newer than that.
"""
import sys

import numpy as np
import tensorflow as tf

v1 = tf.compat.v1
SQRT_2_OVER_PI = float(np.sqrt(2 / np.pi))


def tanh_gelu(x):
    """The GELU of BERT and GPT-2, written as both repositories write it."""
    return 0.5 * x * (1 + tf.tanh(SQRT_2_OVER_PI * (x + 0.044715 * tf.pow(x, 3))))


def gpt2_norm(x, g, b):
    """openai/gpt-2's norm(): mean, mean squared deviation, rsqrt."""
    u = tf.reduce_mean(x, axis=-1, keepdims=True)
    s = tf.reduce_mean(tf.square(x - u), axis=-1, keepdims=True)
    return (x - u) * tf.math.rsqrt(s + 1e-5) * g + b


def moments_norm(x, g, b):
    """contrib/slim layer_norm's arithmetic: nn.moments, then nn.batch_normalization."""
    mean, variance = v1.nn.moments(x, [1], keep_dims=True)
    return v1.nn.batch_normalization(x, mean, variance, b, g, 1e-12)


def softmax_by_hand(x):
    """openai/gpt-2's softmax()."""
    x = x - tf.reduce_max(x, axis=-1, keepdims=True)
    ex = tf.exp(x)
    return ex / tf.reduce_sum(ex, axis=-1, keepdims=True)


def fused_batch_norm(x, scale, offset, mean, variance):
    return v1.nn.fused_batch_norm(x, scale, offset, mean=mean, variance=variance, epsilon=1e-5,
                                  is_training=False)[0]


# name -> (function, names of its inputs in INPUTS.npz)
OPS = {
    "matmul 4x16 @ 16x48": (tf.matmul, ("m4x16", "m16x48")),
    "matmul 64x64 @ 64x64": (tf.matmul, ("m64a", "m64b")),
    "matmul 256x512 @ 512x512": (tf.matmul, ("m256x512", "m512x512")),
    "matmul batched 4x2x8x8 @ T": (lambda a, b: tf.matmul(a, b, transpose_b=True), ("q", "k")),
    "add": (tf.add, ("wide", "wide2")),
    "multiply": (tf.multiply, ("wide", "wide2")),
    "tanh": (tf.tanh, ("wide",)),
    "sigmoid": (tf.sigmoid, ("wide",)),
    "exp": (tf.exp, ("wide",)),
    "log": (tf.math.log, ("positive",)),
    "sqrt": (tf.sqrt, ("positive",)),
    "rsqrt": (tf.math.rsqrt, ("positive",)),
    "square": (tf.square, ("wide",)),
    "pow x^3": (lambda x: tf.pow(x, 3.0), ("wide",)),
    "erf": (tf.math.erf, ("wide",)),
    "relu": (tf.nn.relu, ("wide",)),
    "elu": (tf.nn.elu, ("wide",)),
    "tanh-GELU (BERT, GPT-2)": (tanh_gelu, ("wide",)),
    "softmax (tf.nn.softmax)": (tf.nn.softmax, ("logits",)),
    "softmax (GPT-2's by hand)": (softmax_by_hand, ("logits",)),
    "reduce_sum": (lambda x: tf.reduce_sum(x, axis=-1), ("rows",)),
    "reduce_mean": (lambda x: tf.reduce_mean(x, axis=-1), ("rows",)),
    "reduce_max": (lambda x: tf.reduce_max(x, axis=-1), ("rows",)),
    "nn.moments variance": (lambda x: v1.nn.moments(x, [1])[1], ("rows",)),
    "layer norm (GPT-2's norm)": (gpt2_norm, ("rows", "gamma", "beta")),
    "layer norm (nn.moments + batch_normalization)": (moments_norm, ("rows", "gamma", "beta")),
    "bias_add": (tf.nn.bias_add, ("rows", "bias")),
    "gather": (lambda table, ids: tf.gather(table, ids), ("table", "ids")),
    "fused_batch_norm (inference)": (fused_batch_norm, ("images16", "bn_scale", "bn_offset", "bn_mean",
                                                        "bn_variance")),
    "conv2d 1x1": (lambda x, w: tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME"), ("images16", "kernel1x1")),
    "conv2d 3x3 SAME": (lambda x, w: tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME"), ("images16", "kernel3x3")),
    "conv2d 7x7 stride 2 VALID": (lambda x, w: tf.nn.conv2d(x, w, [1, 2, 2, 1], "VALID"), ("images38", "kernel7x7")),
    "max_pool 3x3 stride 2 SAME": (lambda x: v1.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"), ("images16",)),
    "mean over H, W (global pool)": (lambda x: tf.reduce_mean(x, [1, 2]), ("images16",)),
}


def run_graph(inputs):
    graph = tf.Graph()
    with graph.as_default():
        feeds = {name: v1.placeholder(tf.as_dtype(value.dtype), value.shape) for name, value in inputs.items()}
        fetches = {op: function(*[feeds[name] for name in names]) for op, (function, names) in OPS.items()}
        config = v1.ConfigProto(intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)
        with v1.Session(graph=graph, config=config) as session:
            return session.run(fetches, {feeds[name]: value for name, value in inputs.items()})


def run_eager(inputs):
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    tensors = {name: tf.constant(value) for name, value in inputs.items()}
    return {op: function(*[tensors[name] for name in names]).numpy() for op, (function, names) in OPS.items()}


def main(inputs_path, out_path, mode):
    loaded = np.load(inputs_path)
    inputs = {name: loaded[name] for name in loaded.files}
    results = run_graph(inputs) if mode == "graph" else run_eager(inputs)
    np.savez(out_path, **{f"{index:02d}": results[op] for index, op in enumerate(OPS)})
    print("\n".join(OPS))


if __name__ == "__main__":
    main(*sys.argv[1:4])
