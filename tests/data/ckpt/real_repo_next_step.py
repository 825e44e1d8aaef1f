"""One more training step of the slim resnet_v1 checkpoint on each side, to prove its Momentum state was carried.

    python real_repo_next_step.py tf1 CKPT_DIR OUT.npz                  (TF 1.14: slim's own resnet_v1, restored)
    python real_repo_next_step.py keras MODEL_SPEC WEIGHTS CKPT_DIR OUT.npz   (TF 2.21: the converted Keras model)
Both take the step write_real_repo_checkpoints.py trained with: the same inputs and labels, softmax cross-entropy
plus slim's weight decay (1e-4 x tf.nn.l2_loss of every convolution kernel), batch norm in training mode.
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
WEIGHT_DECAY, CLASSES = 1e-4, 5


def labels_for(inputs):
    return np.random.RandomState(1).randint(0, CLASSES, len(inputs))  # as write_real_repo_checkpoints.py draws them


def tf1(checkpoint_dir, out):
    sys.path.insert(0, HERE)
    import tensorflow as tf
    import write_real_repo_checkpoints as writer

    inputs = np.load(os.path.join(checkpoint_dir, "inputs.npy"))
    with tf.Graph().as_default():
        features = tf.placeholder(tf.float32, [None] + list(inputs.shape[1:]))
        training = tf.placeholder_with_default(False, [])
        logits = writer.resnet(features, training)
        loss = tf.losses.sparse_softmax_cross_entropy(labels_for(inputs), logits) + tf.losses.get_regularization_loss()
        step = tf.train.get_or_create_global_step()
        with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
            train_op = tf.train.MomentumOptimizer(1e-2, 0.9).minimize(loss, global_step=step)
        with tf.Session() as session:
            tf.train.Saver().restore(session, tf.train.latest_checkpoint(checkpoint_dir))
            session.run(train_op, {features: inputs, training: True})
            np.savez(out, **{v.op.name: session.run(v) for v in tf.trainable_variables()})


def keras(model_spec, weights, checkpoint_dir, out):
    import tensorflow as tf
    from predict_converted import build  # beside this script

    model = build(model_spec)
    model.optimizer.build(model.trainable_variables)
    model.load_weights(weights)
    inputs = np.load(os.path.join(checkpoint_dir, "inputs.npy"))
    kernels = [w for w in model.trainable_variables if w.path.endswith("/kernel")]
    with tf.GradientTape() as tape:
        logits = model(inputs, training=True)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels_for(inputs), logits))
        loss += WEIGHT_DECAY * tf.add_n([tf.nn.l2_loss(kernel) for kernel in kernels])
    gradients = tape.gradient(loss, model.trainable_variables)
    model.optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    np.savez(out, **{w.path: w.numpy() for w in model.trainable_variables},
             iteration=np.asarray(model.optimizer.iterations.numpy()))


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    {"tf1": tf1, "keras": keras}[sys.argv[1]](*sys.argv[2:])
