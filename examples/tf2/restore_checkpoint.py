"""Load the weights that examples/tf1/restore_checkpoint.py trained and saved with tf.train.Saver into the same
two-layer model written with Keras 3, through the reviewed map beside this file, and predict with it.

A TF1 checkpoint is not something Keras 3 reads (`load_weights` wants `.weights.h5`), and
`tf.train.Checkpoint.restore` on it changes nothing without saying so; `tf1lint ckpt convert` checks every
weight against the map and writes a `.weights.h5` that `load_weights` takes.

Run examples/tf1/restore_checkpoint.py first (TensorFlow 1.x), then
    python examples/tf2/restore_checkpoint.py [CHECKPOINT_DIR]
"""
import os
import sys
import tempfile

import numpy as np
import tensorflow as tf

from tf1lint.ckpt.cli import main as tf1lint_ckpt

CHECKPOINT_DIR = "/tmp/mlp_checkpoints"
CHECKPOINT_MAP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "restore_checkpoint.map.yaml")


def build_model():
    # Named "mlp" like the TF1 variable scope, so the weights keep their TF1 names (mlp/hidden/kernel...).
    return tf.keras.Sequential([
        tf.keras.Input(shape=(4,)),
        tf.keras.layers.Dense(16, activation="relu", name="hidden"),
        tf.keras.layers.Dense(1, name="output"),
    ], name="mlp")


def load_tf1_weights(checkpoint_dir):
    with tempfile.TemporaryDirectory(prefix="mlp_weights_") as folder:
        weights = os.path.join(folder, "mlp.weights.h5")
        status = tf1lint_ckpt(["convert", checkpoint_dir, "--model", f"{os.path.abspath(__file__)}:build_model",
                               "--map", CHECKPOINT_MAP, "-o", weights])
        if status != 0:
            raise SystemExit(f"could not carry {checkpoint_dir} over (see above)")
        model = build_model()
        model.load_weights(weights)
    return model


def probe_inputs():
    return np.linspace(0.0, 1.0, 32 * 4, dtype=np.float32).reshape(32, 4)


def main(checkpoint_dir=CHECKPOINT_DIR):
    if not tf.train.latest_checkpoint(checkpoint_dir):
        raise SystemExit(f"no checkpoint in {checkpoint_dir}: run examples/tf1/restore_checkpoint.py first")
    model = load_tf1_weights(checkpoint_dir)
    data = probe_inputs()
    labels = data.sum(axis=1, keepdims=True)
    predictions = model(data)
    print("loss:", float(tf.keras.losses.MeanSquaredError()(labels, predictions)))
    print("first predictions:", np.asarray(predictions)[:3, 0])


if __name__ == "__main__":
    main(*sys.argv[1:])
