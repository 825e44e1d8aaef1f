"""Load converted weights into the Keras 3 models and predict; print, per case, how far from TF1's predictions.

Usage: python predict_converted.py CASES.json, each case {model: FILE.py:FUNCTION, weights, inputs, predictions}.
"""
import importlib.util
import json
import sys

import numpy as np


def build(spec):
    path, function = spec.rsplit(":", 1)
    module_spec = importlib.util.spec_from_file_location("models", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return getattr(module, function)()


def main():
    results = []
    for case in json.load(open(sys.argv[1])):
        model = build(case["model"])
        model.load_weights(case["weights"])
        expected = np.load(case["predictions"])
        actual = np.asarray(model.predict(np.load(case["inputs"]), verbose=0))
        results.append({"weights": case["weights"], "exact": bool(np.array_equal(actual, expected)),
                        "close": bool(np.allclose(actual, expected, rtol=1e-6, atol=1e-6 * np.max(np.abs(expected)))),
                        "max_difference": float(np.max(np.abs(actual - expected))),
                        "scale": float(np.max(np.abs(expected)))})
    print(json.dumps(results))


if __name__ == "__main__":
    main()
