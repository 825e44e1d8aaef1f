"""Run examples/tf1/restore_checkpoint.py (real TF 1.14) with its checkpoint in OUT_DIR, then restore that
checkpoint in a fresh graph and save the predictions for the TF2 example's probe inputs to OUT_DIR/predictions.npy.

Usage: python run_tf1_example.py EXAMPLES_TF1_DIR OUT_DIR
"""
import os
import sys

import numpy as np
import tensorflow as tf

sys.path.insert(0, sys.argv[1])
import restore_checkpoint as example  # noqa: E402

example.CHECKPOINT_DIR = sys.argv[2]
example.main()

probe = np.linspace(0.0, 1.0, 32 * 4, dtype=np.float32).reshape(32, 4)
with tf.Graph().as_default():
    features = tf.placeholder(tf.float32, [None, 4])
    predictions = example.build_model(features)
    with tf.Session() as session:
        tf.train.Saver().restore(session, tf.train.latest_checkpoint(example.CHECKPOINT_DIR))
        np.save(os.path.join(example.CHECKPOINT_DIR, "predictions.npy"),
                session.run(predictions, {features: probe}))
