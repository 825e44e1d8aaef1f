"""Predict with a converted Keras 3 model three ways, for tests/test_ckpt_version_gap.py: eagerly (op by op, no
Grappler), through model.predict (a tf.function, Grappler's default rewrites), and through model.predict with
Grappler's arithmetic optimizer off; plus eagerly once more with one weight moved by one unit in the last place.

Usage: python predict_same_ops.py FILE.py:FUNCTION WEIGHTS.weights.h5 INPUTS.npy NUDGED_WEIGHT OUT.npz
"""
import sys

import numpy as np
import tensorflow as tf
from predict_converted import build  # beside this script


def main(model_spec, weights, inputs_path, nudged_weight, out):
    model = build(model_spec)
    model.load_weights(weights)
    inputs = np.load(inputs_path)
    results = {"eager": np.asarray(model(inputs)), "predict": np.asarray(model.predict(inputs, verbose=0))}
    # Options are read when a function is instantiated: a fresh predict function gets them.
    tf.config.optimizer.set_experimental_options({"arithmetic_optimization": False})
    model.make_predict_function(force=True)
    results["predict_no_arithmetic"] = np.asarray(model.predict(inputs, verbose=0))
    weight = next(weight for weight in model.weights if weight.path == nudged_weight)
    value = np.asarray(weight.numpy())
    value.flat[0] = np.nextafter(value.flat[0], np.float32(np.inf))
    weight.assign(value)
    results["eager_nudged"] = np.asarray(model(inputs))
    np.savez(out, **results)


if __name__ == "__main__":
    main(*sys.argv[1:6])
