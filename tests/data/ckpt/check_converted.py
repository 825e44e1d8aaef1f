"""Load converted `.weights.h5` files into their Keras 3 models, predict, and compare every weight bit for bit with
the checkpoint tensor the reviewed map names (read by TensorFlow's own reader, laid out here with NumPy, not by
tf1lint's code).

Usage: python check_converted.py CASES.json, each case {model: FILE.py:FUNCTION, weights, map, checkpoint, inputs,
predictions}; prints one JSON list with a result per case, and saves each case's predictions beside its weights
(WEIGHTS.predictions.npy).
"""
import json
import sys

import numpy as np
import tensorflow as tf
import yaml
from predict_converted import build  # beside this script


def expected_value(reader, spec):
    value = reader.get_tensor(spec["from"])
    if "split" in spec:
        split = spec["split"]
        value = np.split(value, split["parts"], axis=split["axis"])[split["index"]]
    if "transpose" in spec:
        value = np.transpose(value, spec["transpose"])
    if "reshape" in spec:
        value = np.reshape(value, spec["reshape"])
    return value


def check(case):
    model = build(case["model"])
    model.load_weights(case["weights"])
    reader = tf.train.load_checkpoint(case["checkpoint"])
    with open(case["map"]) as map_file:
        pairs = yaml.safe_load(map_file)["weights"]
    loaded = {weight.path: np.asarray(weight.numpy()) for weight in model.weights}
    differing = [path for path, spec in pairs.items()
                 if loaded[path].tobytes() != expected_value(reader, spec).astype(loaded[path].dtype).tobytes()]
    expected = np.load(case["predictions"])
    actual = np.asarray(model.predict(np.load(case["inputs"]), verbose=0))
    saved = case["weights"] + ".predictions.npy"
    np.save(saved, actual)
    return {"weights": case["weights"], "saved": saved, "compared": len(pairs),
            "unmapped": sorted(set(loaded) - set(pairs)),
            "differing": differing, "exact": bool(np.array_equal(actual, expected)),
            "close": bool(np.allclose(actual, expected, rtol=1e-6)),
            "max_difference": float(np.max(np.abs(actual - expected))), "scale": float(np.max(np.abs(expected)))}


if __name__ == "__main__":
    with open(sys.argv[1]) as cases:
        print(json.dumps([check(case) for case in json.load(cases)]))
