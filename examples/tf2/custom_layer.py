"""A custom tf.keras.layers.Layer with a learned per-unit scale, used in a tf.keras.Sequential
classifier together with Dense and Dropout(rate=...) layers.
"""
import numpy as np
import tensorflow as tf


class ScaledDense(tf.keras.layers.Layer):
    """Dense layer whose output is multiplied by a trainable per-unit scale."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        in_dim = int(input_shape[-1])
        self.kernel = self.add_weight(
            name="kernel", shape=(in_dim, self.units), initializer="glorot_uniform")
        self.scale = self.add_weight(name="scale", shape=(self.units,), initializer="ones")

    def call(self, inputs):
        logits = tf.matmul(inputs, self.kernel) * self.scale
        # Normalise per example; keepdims is the TF2 spelling.
        norm = tf.reduce_sum(tf.abs(logits), axis=1, keepdims=True)
        return logits / (norm + 1e-6)

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units})
        return config


def build_classifier(num_classes=10):
    return tf.keras.Sequential([
        tf.keras.Input(shape=(28, 28)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(128, activation="relu", name="hidden"),
        tf.keras.layers.Dropout(rate=0.5),
        ScaledDense(num_classes, name="scaled_logits"),
    ])


def main():
    model = build_classifier()
    model.compile(
        optimizer=tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
        loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    batch_x = np.random.rand(16, 28, 28).astype(np.float32)
    batch_y = np.random.randint(0, 10, size=16)
    history = model.fit(batch_x, batch_y, epochs=3, batch_size=8, verbose=0)
    print("final loss", history.history["loss"][-1])


if __name__ == "__main__":
    main()
