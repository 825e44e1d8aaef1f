"""One more optimizer step from a checkpoint, on each side, to prove the optimizer state was carried.

    python continue_training.py tf1 CKPT_DIR OUT.npz [KIND]          (TF 1.14: restore, one step, save by name;
                                                                      KIND: write_tf1_checkpoints.optimizer's, adam)
    python continue_training.py keras MODEL_SPEC WEIGHTS CKPT_DIR OUT.npz   (TF 2.21: load_weights, one step)
Inputs and labels are the ones the checkpoint was trained on (CKPT_DIR/inputs.npy, labels.npy).
"""
import os
import sys

import numpy as np


def tf1(checkpoint_dir, out, kind="adam"):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import tensorflow as tf
    import write_tf1_checkpoints as models

    inputs = np.load(os.path.join(checkpoint_dir, "inputs.npy"))
    labels = np.load(os.path.join(checkpoint_dir, "labels.npy"))
    with tf.Graph().as_default():
        features = tf.placeholder(tf.float32, [None, inputs.shape[1]])
        logits = models.mlp(features)
        loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
        step = tf.train.get_or_create_global_step()
        train_op = models.train_op(kind, loss, step)
        config = tf.ConfigProto(device_count={"CPU": 2})
        with tf.Session(config=config) as session:
            tf.train.Saver().restore(session, tf.train.latest_checkpoint(checkpoint_dir))
            session.run(train_op, {features: inputs})
            np.savez(out, **{v.op.name: session.run(v) for v in tf.trainable_variables()})


def keras(model_spec, weights, checkpoint_dir, out):
    import importlib.util

    import tensorflow as tf

    path, function = model_spec.rsplit(":", 1)
    spec = importlib.util.spec_from_file_location("models", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = getattr(module, function)()
    model.optimizer.build(model.trainable_variables)
    model.load_weights(weights)
    inputs = np.load(os.path.join(checkpoint_dir, "inputs.npy"))
    labels = np.load(os.path.join(checkpoint_dir, "labels.npy"))
    with tf.GradientTape() as tape:
        loss = model.loss(labels, model(inputs))
    gradients = tape.gradient(loss, model.trainable_variables)
    model.optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    np.savez(out, **{w.path: w.numpy() for w in model.trainable_variables},
             iteration=np.asarray(model.optimizer.iterations.numpy()))


if __name__ == "__main__":
    {"tf1": tf1, "keras": keras}[sys.argv[1]](*sys.argv[2:])
