"""Train a small two-layer Keras model and save it with tf.train.Checkpoint and
tf.train.CheckpointManager, then restore the newest checkpoint into a fresh model.
"""
import tempfile

import numpy as np
import tensorflow as tf


def build_model():
    return tf.keras.Sequential([
        tf.keras.Input(shape=(4,)),
        tf.keras.layers.Dense(
            16, activation="relu", name="hidden",
            kernel_initializer=tf.keras.initializers.TruncatedNormal(stddev=0.1)),
        tf.keras.layers.Dense(1, name="output"),
    ])


def make_checkpoint(model, optimizer, directory):
    checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer)
    manager = tf.train.CheckpointManager(checkpoint, directory, max_to_keep=3)
    return checkpoint, manager


def main():
    checkpoint_dir = tempfile.mkdtemp(prefix="mlp_checkpoints_")
    data = np.random.rand(32, 4).astype(np.float32)
    labels = data.sum(axis=1, keepdims=True)
    loss_fn = tf.keras.losses.MeanSquaredError()

    model = build_model()
    optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
    checkpoint, manager = make_checkpoint(model, optimizer, checkpoint_dir)
    for _ in range(5):
        with tf.GradientTape() as tape:
            loss = loss_fn(labels, model(data, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    saved_path = manager.save()
    print("saved", saved_path, "loss", float(loss))

    # A fresh model restored from the newest checkpoint gives the same predictions.
    restored_model = build_model()
    restored_optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
    # Keras 3 optimizers create their slots lazily; build them so every saved value has a home.
    restored_optimizer.build(restored_model.trainable_variables)
    restored, restored_manager = make_checkpoint(
        restored_model, restored_optimizer, checkpoint_dir)
    latest = tf.train.latest_checkpoint(checkpoint_dir)
    assert latest == restored_manager.latest_checkpoint
    restored.restore(latest).assert_consumed()
    np.testing.assert_allclose(model(data), restored_model(data), rtol=1e-6)
    print("restored from", latest, "loss", float(loss_fn(labels, restored_model(data))))


if __name__ == "__main__":
    main()
