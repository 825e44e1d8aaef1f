"""The TF2 side of tests/test_ckpt_real_repos.py: Keras 3 rewrites, in our own words, of the real repositories'
models that write_real_repo_checkpoints.py builds under TF 1.14 (google-research/bert, openai/gpt-2, the slim
resnet_v1 of tensorflow/models). They compute what the TF1 code computes, with ordinary Keras layers where one
fits; layer names follow no TF1 scope, so the reviewed maps in maps/ say which variable fills which weight."""

import math

import keras
from keras import ops

TOKENS, VOCABULARY, CLASSES = 8, 50, 3


def tanh_gelu(x):
    """The tanh approximation of GELU, which both BERT and GPT-2 use (not the erf form)."""
    return 0.5 * x * (1.0 + ops.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * ops.power(x, 3))))


class Heads(keras.layers.Layer):
    """Scaled dot-product attention over `heads` heads of already projected queries, keys and values."""

    def __init__(self, heads, causal=False, **kwargs):
        super().__init__(**kwargs)
        self.heads, self.causal = heads, causal

    def _split(self, x):
        batch, steps, width = ops.shape(x)[0], x.shape[1], x.shape[2]
        return ops.transpose(ops.reshape(x, (batch, steps, self.heads, width // self.heads)), (0, 2, 1, 3))

    def call(self, queries, keys, values):
        q, k, v = self._split(queries), self._split(keys), self._split(values)
        scores = ops.matmul(q, ops.transpose(k, (0, 1, 3, 2))) / math.sqrt(q.shape[-1])
        if self.causal:  # a position sees itself and the positions before it
            steps = scores.shape[-1]
            allowed = ops.cast(ops.greater_equal(ops.arange(steps)[:, None], ops.arange(steps)[None, :]), "float32")
            scores = scores * allowed - 1e10 * (1.0 - allowed)
        context = ops.matmul(ops.softmax(scores, axis=-1), v)
        batch, steps = ops.shape(context)[0], context.shape[2]
        return ops.reshape(ops.transpose(context, (0, 2, 1, 3)), (batch, steps, queries.shape[-1]))


class BertEmbeddings(keras.layers.Layer):
    """Word, segment (all segment 0 here) and position embeddings, added."""

    def build(self, input_shape):
        self.words = self.add_weight(shape=(VOCABULARY, 32), name="words")
        self.segments = self.add_weight(shape=(2, 32), name="segments")
        self.positions = self.add_weight(shape=(16, 32), name="positions")

    def call(self, ids):
        return ops.take(self.words, ids, axis=0) + self.segments[0] + self.positions[: ids.shape[1]]


def bert_classifier():
    ids = keras.Input((TOKENS,), dtype="int32")
    net = keras.layers.LayerNormalization(epsilon=1e-12, name="embedding_norm")(BertEmbeddings(name="embeddings")(ids))
    for index in range(2):
        name = f"encoder{index}"
        q, k, v = (keras.layers.Dense(32, name=f"{name}_{part}")(net) for part in ("q", "k", "v"))
        attended = keras.layers.Dense(32, name=f"{name}_attention_out")(Heads(2)(q, k, v))
        net = keras.layers.LayerNormalization(epsilon=1e-12, name=f"{name}_attention_norm")(net + attended)
        widened = keras.layers.Dense(64, activation=tanh_gelu, name=f"{name}_ffn_in")(net)
        net = keras.layers.LayerNormalization(epsilon=1e-12, name=f"{name}_ffn_norm")(
            net + keras.layers.Dense(32, name=f"{name}_ffn_out")(widened))
    pooled = keras.layers.Dense(32, activation="tanh", name="pooler")(net[:, 0])
    return keras.Model(ids, keras.layers.Dense(CLASSES, name="classifier")(pooled))


class TokenAndPosition(keras.layers.Layer):
    """GPT-2's token and position embeddings; also hands out the token table, which the output reuses."""

    def build(self, input_shape):
        self.tokens = self.add_weight(shape=(VOCABULARY, 16), name="tokens")
        self.positions = self.add_weight(shape=(16, 16), name="positions")

    def call(self, ids):
        return ops.take(self.tokens, ids, axis=0) + self.positions[: ids.shape[1]], ops.convert_to_tensor(self.tokens)


class TiedLogits(keras.layers.Layer):
    def call(self, hidden, table):
        return ops.matmul(hidden, ops.transpose(table))


def gpt2_language_model():
    ids = keras.Input((TOKENS,), dtype="int32")
    net, table = TokenAndPosition(name="embed")(ids)
    for index in range(2):
        name = f"block{index}"
        normed = keras.layers.LayerNormalization(epsilon=1e-5, name=f"{name}_norm1")(net)
        q, k, v = (keras.layers.Dense(16, name=f"{name}_{part}")(normed) for part in ("q", "k", "v"))
        net = net + keras.layers.Dense(16, name=f"{name}_attention_out")(Heads(2, causal=True)(q, k, v))
        normed = keras.layers.LayerNormalization(epsilon=1e-5, name=f"{name}_norm2")(net)
        widened = keras.layers.Dense(64, activation=tanh_gelu, name=f"{name}_mlp_in")(normed)
        net = net + keras.layers.Dense(16, name=f"{name}_mlp_out")(widened)
    net = keras.layers.LayerNormalization(epsilon=1e-5, name="final_norm")(net)
    return keras.Model(ids, TiedLogits()(net, table))


def _conv_norm(net, filters, size, stride, name, relu=True):
    """A convolution without bias, batch norm, relu: slim's conv2d under resnet_arg_scope. Strided convolutions
    pad explicitly first as resnet_utils.conv2d_same does."""
    if stride > 1 and size > 1:
        net = keras.layers.ZeroPadding2D((size - 1) // 2)(net)
        padding = "valid"
    else:
        padding = "same"
    net = keras.layers.Conv2D(filters, size, stride, padding=padding, use_bias=False, name=name)(net)
    net = keras.layers.BatchNormalization(epsilon=1e-5, name=name + "_bn")(net)
    return keras.layers.ReLU()(net) if relu else net


def _bottleneck(net, depth, inner, stride, name):
    if net.shape[-1] == depth:
        shortcut = keras.layers.MaxPooling2D(1, stride)(net) if stride > 1 else net
    else:
        shortcut = _conv_norm(net, depth, 1, stride, name + "_shortcut", relu=False)
    residual = _conv_norm(net, inner, 1, 1, name + "_reduce")
    residual = _conv_norm(residual, inner, 3, stride, name + "_middle")
    residual = _conv_norm(residual, depth, 1, 1, name + "_expand", relu=False)
    return keras.layers.ReLU()(shortcut + residual)


def small_resnet():
    images = keras.Input((32, 32, 3))
    net = _conv_norm(images, 64, 7, 2, "stem")
    net = keras.layers.MaxPooling2D(3, 2, padding="same")(net)
    net = _bottleneck(net, 16, 4, 1, "stage1_a")
    net = _bottleneck(net, 16, 4, 2, "stage1_b")
    net = _bottleneck(net, 32, 8, 1, "stage2_a")
    net = keras.layers.GlobalAveragePooling2D(keepdims=True)(net)
    logits = keras.layers.Conv2D(5, 1, name="logits")(net)
    return keras.Model(images, keras.layers.Reshape((5,))(logits))


def small_resnet_momentum():
    """small_resnet compiled with SGD set as the TF1 program's MomentumOptimizer(1e-2, 0.9) (ckpt --optimizer)."""
    model = small_resnet()
    model.compile(optimizer=keras.optimizers.SGD(1e-2, momentum=0.9))
    return model
