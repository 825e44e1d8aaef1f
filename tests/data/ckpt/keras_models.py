"""The TF2 side of the ckpt tests: Keras 3 models rebuilt after the TF1 programs in write_tf1_checkpoints.py.

Layer names differ from the TF1 scopes on purpose, as they do when code is rewritten, so the map must find
the pairs from shapes and construction order."""

import keras

SEQUENCE, VOCABULARY, EMBEDDING, FILTERS, CLASSES = 12, 50, 8, 4, 3


def text_cnn():
    words = keras.Input((SEQUENCE,), dtype="int32")
    embedded = keras.layers.Reshape((SEQUENCE, EMBEDDING, 1))(keras.layers.Embedding(VOCABULARY, EMBEDDING)(words))
    pooled = []
    for size in (3, 4, 5):
        conv = keras.layers.Conv2D(FILTERS, (size, EMBEDDING), activation="relu", name=f"conv_{size}")(embedded)
        pooled.append(keras.layers.MaxPooling2D((SEQUENCE - size + 1, 1))(conv))
    flat = keras.layers.Reshape((3 * FILTERS,))(keras.layers.Concatenate(axis=3)(pooled))
    return keras.Model(words, keras.layers.Dense(CLASSES, name="scores")(flat))


def mlp():
    return keras.Sequential([keras.Input((10,)), keras.layers.Dense(16, activation="relu"),
                             keras.layers.Dense(16, activation="relu"), keras.layers.Dense(CLASSES)])


def conv_net():
    images = keras.Input((8, 8, 2))
    net = keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="conv_a")(images)
    net = keras.layers.MaxPooling2D(2, 2)(net)
    net = keras.layers.Conv2D(6, 3, padding="same", name="conv_b")(net)
    net = keras.layers.ReLU()(keras.layers.BatchNormalization(epsilon=1e-3, name="norm")(net))
    net = keras.layers.Flatten()(keras.layers.MaxPooling2D(2, 2)(net))
    net = keras.layers.Dense(8, activation="relu", name="hidden")(net)
    return keras.Model(images, keras.layers.Dense(CLASSES, name="logits")(net))


def mlp_wider():
    """mlp with one more layer than the checkpoint holds."""
    return keras.Sequential([keras.Input((10,)), keras.layers.Dense(16, activation="relu"),
                             keras.layers.Dense(16, activation="relu"), keras.layers.Dense(CLASSES),
                             keras.layers.Dense(CLASSES)])


def mlp_module():
    """mlp as a plain tf.Module whose output kernel is stored transposed, [classes, hidden]."""
    import tensorflow as tf

    class Mlp(tf.Module):
        def __init__(self):
            super().__init__()
            self.h1 = tf.Variable(tf.zeros([10, 16]))
            self.b1 = tf.Variable(tf.zeros([16]))
            self.h2 = tf.Variable(tf.zeros([16, 16]))
            self.b2 = tf.Variable(tf.zeros([16]))
            self.out_t = tf.Variable(tf.zeros([CLASSES, 16]))
            self.out_b = tf.Variable(tf.zeros([CLASSES]))

        def __call__(self, x):
            x = tf.nn.relu(x @ self.h1 + self.b1)
            x = tf.nn.relu(x @ self.h2 + self.b2)
            return tf.matmul(x, self.out_t, transpose_b=True) + self.out_b

    return Mlp()


def mlp_compiled():
    """mlp compiled with Adam set as TF1's AdamOptimizer(1e-2) was (TF1's epsilon default is 1e-8)."""
    model = mlp()
    model.compile(optimizer=keras.optimizers.Adam(1e-2, epsilon=1e-8),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def mlp_rmsprop_compiled():
    """mlp compiled with RMSprop set as the TF1 RMSPropOptimizer(1e-2, momentum=0.5, epsilon=1e-7) was (TF1's
    decay is Keras's rho, 0.9 on both)."""
    model = mlp()
    model.compile(optimizer=keras.optimizers.RMSprop(1e-2, rho=0.9, momentum=0.5, epsilon=1e-7),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def mlp_rmsprop_centered_compiled():
    model = mlp()
    model.compile(optimizer=keras.optimizers.RMSprop(1e-2, rho=0.9, momentum=0.5, epsilon=1e-7, centered=True),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def mlp_sgd_compiled():
    """mlp compiled with SGD set as TF1's MomentumOptimizer(1e-2, 0.9) was."""
    model = mlp()
    model.compile(optimizer=keras.optimizers.SGD(1e-2, momentum=0.9),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def mlp_sgd_nesterov_compiled():
    model = mlp()
    model.compile(optimizer=keras.optimizers.SGD(1e-2, momentum=0.9, nesterov=True),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def mlp_adamw_compiled():
    """mlp compiled with AdamW set as google-research/bert's create_optimizer sets its AdamWeightDecayOptimizer
    (weight decay 0.01 on every variable: the TF1 MLP's names match none of its exclusions), gradients clipped
    to global norm 1."""
    model = mlp()
    model.compile(optimizer=keras.optimizers.AdamW(1e-2, weight_decay=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-6,
                                                   global_clipnorm=1.0),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def encoder_decoder():
    """The encoder-decoder of write_tf1_checkpoints.py as plain Dense layers, encoder first."""
    return keras.Sequential([keras.Input((10,)), keras.layers.Dense(8, activation="tanh"),
                             keras.layers.Dense(8, activation="tanh"), keras.layers.Dense(8, activation="tanh"),
                             keras.layers.Dense(CLASSES)])
