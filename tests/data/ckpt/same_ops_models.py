"""Keras 3 models that compute what two real TF1 programs compute, with the same TensorFlow ops in the same order
(our own code, written from the arithmetic of those files): openai/gpt-2's src/model.py and slim's resnet_v1 as
write_real_repo_checkpoints.py builds it. The weights keep the checkpoints' layouts (conv1d kernels [1, in, out],
query/key/value fused in c_attn; slim's conv kernels and batch norm statistics), so the reviewed maps are renames
only. Converted weights must then give the TF1 program's predictions bit for bit on the same TensorFlow:
tests/test_ckpt_version_gap.py."""

import keras
import numpy as np
import tensorflow as tf

TOKENS, VOCABULARY, CONTEXT, WIDTH, HEADS, LAYERS = 8, 50, 16, 16, 2, 2


def shape_list(x):
    """Static sizes where known, dynamic ones otherwise (the batch), as model.py's shape_list."""
    dynamic = tf.shape(x)
    return [dynamic[i] if size is None else size for i, size in enumerate(x.shape.as_list())]


class Norm(keras.layers.Layer):
    """Mean, mean squared deviation, rsqrt(s + 1e-5), then x * g + b."""

    def build(self, input_shape):
        self.g = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="g")
        self.b = self.add_weight(shape=(input_shape[-1],), initializer="zeros", name="b")

    def call(self, x):
        u = tf.reduce_mean(x, axis=-1, keepdims=True)
        s = tf.reduce_mean(tf.square(x - u), axis=-1, keepdims=True)
        x = (x - u) * tf.math.rsqrt(s + 1e-5)
        return x * self.g.value + self.b.value


class Conv1D(keras.layers.Layer):
    """A [1, in, out] kernel applied as a matmul over the flattened positions, plus the bias."""

    def __init__(self, outputs, **kwargs):
        super().__init__(**kwargs)
        self.outputs = outputs

    def build(self, input_shape):
        self.w = self.add_weight(shape=(1, input_shape[-1], self.outputs), name="w")
        self.b = self.add_weight(shape=(self.outputs,), initializer="zeros", name="b")

    def call(self, x):
        *start, nx = shape_list(x)
        flat = tf.matmul(tf.reshape(x, [-1, nx]), tf.reshape(self.w.value, [-1, self.outputs]))
        return tf.reshape(flat + self.b.value, start + [self.outputs])


def split_heads(x):
    *start, m = shape_list(x)
    return tf.transpose(tf.reshape(x, start + [HEADS, m // HEADS]), perm=[0, 2, 1, 3])


def merge_heads(x):
    x = tf.transpose(x, perm=[0, 2, 1, 3])
    *start, a, b = shape_list(x)
    return tf.reshape(x, start + [a * b])


def causal_attention(q, k, v):
    w = tf.matmul(q, k, transpose_b=True)
    w = w * tf.math.rsqrt(tf.cast(v.shape[-1], w.dtype))
    _, _, nd, ns = shape_list(w)
    mask = tf.cast(tf.range(nd)[:, None] >= tf.range(ns) - ns + nd, w.dtype)
    mask = tf.reshape(mask, [1, 1, nd, ns])
    w = w * mask - tf.cast(1e10, w.dtype) * (1 - mask)
    w = w - tf.reduce_max(w, axis=-1, keepdims=True)
    e = tf.exp(w)
    return tf.matmul(e / tf.reduce_sum(e, axis=-1, keepdims=True), v)


def gelu(x):
    return 0.5 * x * (1 + tf.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * tf.pow(x, 3))))


class Gpt2SameOps(keras.layers.Layer):
    """Embeddings, LAYERS blocks (norm, causal attention, residual, norm, GELU MLP, residual), final norm and the
    tied output projection; sublayers are named after the checkpoint's scopes (h0/ln_1 -> h0_ln_1)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.blocks = [{"ln_1": Norm(name=f"h{i}_ln_1"), "c_attn": Conv1D(3 * WIDTH, name=f"h{i}_attn_c_attn"),
                        "attn_proj": Conv1D(WIDTH, name=f"h{i}_attn_c_proj"), "ln_2": Norm(name=f"h{i}_ln_2"),
                        "c_fc": Conv1D(4 * WIDTH, name=f"h{i}_mlp_c_fc"),
                        "mlp_proj": Conv1D(WIDTH, name=f"h{i}_mlp_c_proj")} for i in range(LAYERS)]
        self.ln_f = Norm(name="ln_f")

    def build(self, input_shape):
        self.wpe = self.add_weight(shape=(CONTEXT, WIDTH), name="wpe")
        self.wte = self.add_weight(shape=(VOCABULARY, WIDTH), name="wte")

    def call(self, tokens):
        batch, sequence = shape_list(tokens)
        wte = self.wte.value
        positions = 0 + tf.range(tf.shape(tokens)[1])
        positions = tf.tile(tf.expand_dims(positions, axis=0), [tf.shape(tokens)[0], 1])
        h = tf.gather(wte, tokens) + tf.gather(self.wpe.value, positions)
        for layers in self.blocks:
            c = layers["c_attn"](layers["ln_1"](h))
            q, k, v = map(split_heads, tf.split(c, 3, axis=2))
            h = h + layers["attn_proj"](merge_heads(causal_attention(q, k, v)))
            h = h + layers["mlp_proj"](gelu(layers["c_fc"](layers["ln_2"](h))))
        h = self.ln_f(h)
        logits = tf.matmul(tf.reshape(h, [batch * sequence, WIDTH]), wte, transpose_b=True)
        return tf.reshape(logits, [batch, sequence, VOCABULARY])


def gpt2_same_ops():
    tokens = keras.Input((TOKENS,), dtype="int32")
    return keras.Model(tokens, Gpt2SameOps(name="model")(tokens))


class ConvNorm(keras.layers.Layer):
    """slim's conv2d under resnet_arg_scope: Conv2D without bias (explicit padding first where conv2d_same strides),
    batch norm in inference as slim runs it (fused_batch_norm on the moving statistics), then relu if asked."""

    def __init__(self, filters, size, stride, relu=True, **kwargs):
        super().__init__(**kwargs)
        self.filters, self.size, self.stride, self.relu = filters, size, stride, relu

    def build(self, input_shape):
        self.weights_ = self.add_weight(shape=(self.size, self.size, input_shape[-1], self.filters), name="weights")
        statistics = {"beta": "zeros", "gamma": "ones", "moving_mean": "zeros", "moving_variance": "ones"}
        for name, initializer in statistics.items():
            setattr(self, name, self.add_weight(shape=(self.filters,), initializer=initializer, name=name))

    def call(self, x):
        padding = "SAME"
        if self.stride > 1 and self.size > 1:
            total = self.size - 1
            x = tf.pad(x, [[0, 0], [total // 2, total - total // 2], [total // 2, total - total // 2], [0, 0]])
            padding = "VALID"
        x = tf.nn.conv2d(x, self.weights_.value, [1, self.stride, self.stride, 1], padding)
        x = tf.compat.v1.nn.fused_batch_norm(x, self.gamma.value, self.beta.value, mean=self.moving_mean.value,
                                             variance=self.moving_variance.value, epsilon=1e-5, is_training=False)[0]
        return tf.nn.relu(x) if self.relu else x


class Bottleneck(keras.layers.Layer):
    """resnet_v1's bottleneck unit: shortcut (subsample or a 1x1 ConvNorm), 1x1, 3x3 (strided), 1x1, add, relu."""

    def __init__(self, depth, inner, stride, **kwargs):
        super().__init__(**kwargs)
        self.depth, self.stride = depth, stride
        self.conv1 = ConvNorm(inner, 1, 1, name="conv1")
        self.conv2 = ConvNorm(inner, 3, stride, name="conv2")
        self.conv3 = ConvNorm(depth, 1, 1, relu=False, name="conv3")

    def build(self, input_shape):
        self.shortcut = None
        if input_shape[-1] != self.depth:
            self.shortcut = ConvNorm(self.depth, 1, self.stride, relu=False, name="shortcut")

    def call(self, x):
        if self.shortcut is not None:
            shortcut = self.shortcut(x)
        elif self.stride > 1:
            shortcut = tf.nn.max_pool2d(x, [1, 1], [1, self.stride, self.stride, 1], "SAME")
        else:
            shortcut = x
        residual = self.conv3(self.conv2(self.conv1(x)))
        return tf.nn.relu(shortcut + residual)


class ResnetSameOps(keras.layers.Layer):
    """The small resnet_v1 of write_real_repo_checkpoints.py: conv1 (7x7/2) and pool1, block1 (two units, the
    second strided), block2 (one unit), global mean, 1x1 logits with bias, squeezed."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.conv1 = ConvNorm(64, 7, 2, name="conv1")
        self.units = [Bottleneck(16, 4, 1, name="block1_unit_1"), Bottleneck(16, 4, 2, name="block1_unit_2"),
                      Bottleneck(32, 8, 1, name="block2_unit_1")]

    def build(self, input_shape):
        self.logits_weights = self.add_weight(shape=(1, 1, 32, 5), name="logits_weights")
        self.logits_biases = self.add_weight(shape=(5,), initializer="zeros", name="logits_biases")

    def call(self, images):
        net = tf.nn.max_pool2d(self.conv1(images), [3, 3], [1, 2, 2, 1], "SAME")
        for unit in self.units:
            net = unit(net)
        net = tf.reduce_mean(net, [1, 2], keepdims=True)
        net = tf.nn.bias_add(tf.nn.conv2d(net, self.logits_weights.value, [1, 1, 1, 1], "SAME"),
                             self.logits_biases.value)
        return tf.squeeze(net, [1, 2])


def resnet_same_ops():
    images = keras.Input((32, 32, 3))
    return keras.Model(images, ResnetSameOps(name="resnet_small")(images))
