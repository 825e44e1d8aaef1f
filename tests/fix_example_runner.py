"""Runs fix examples in one child process: a JSON list of {"key", "code", "argv"} on stdin, a JSON
list of {"key", "value"} or {"key", "error"} on stdout.

Runs under TF 1.14 (Python 3.7) for the `before` side and under TF 2 for the fixed side, so it is
written for both. Each example gets a fresh graph and session; `result` may hold tensors (evaluated
after the variables are initialised) or plain values. TF 2 runs in graph mode, as a fixed entry
file does after `tf.compat.v1.disable_v2_behavior()`.
"""

import json
import os
import shutil
import sys
import tempfile
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

v1 = tf.compat.v1
if tf.__version__.startswith("2."):
    v1.disable_v2_behavior()
v1.logging.set_verbosity(v1.logging.ERROR)


def plain(value):
    """A JSON form that keeps what the comparison needs: arrays with their dtype and shape."""
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        array = np.asarray(value)
        if array.dtype.kind in "SOU":
            return {"strings": [item.decode() if isinstance(item, bytes) else str(item) for item in array.ravel()],
                    "shape": list(array.shape)}
        if array.dtype.kind == "c":  # real parts, then imaginary parts
            values = array.real.astype(float).ravel().tolist() + array.imag.astype(float).ravel().tolist()
        elif array.dtype.kind == "b":
            values = array.ravel().tolist()
        else:
            values = array.astype(float).ravel().tolist()
        return {"array": values, "dtype": str(array.dtype), "shape": list(array.shape)}
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    return repr(value)


def has_graph_values(value):
    if isinstance(value, (dict,)):
        return any(has_graph_values(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(has_graph_values(item) for item in value)
    return isinstance(value, (tf.Tensor, tf.Variable, tf.Operation)) or hasattr(value, "op") and hasattr(value, "dtype")


def run(example):
    sys.argv = ["example"] + list(example.get("argv", []))
    workdir = tempfile.mkdtemp(prefix="fix-example-")
    try:
        namespace = {"__name__": "__example__", "WORKDIR": workdir}
        graph = tf.Graph()
        with graph.as_default():
            v1.set_random_seed(0)
            exec(compile(example["code"], example["key"], "exec"), namespace)
            result = namespace["result"]
            if has_graph_values(result):
                with v1.Session(graph=graph) as session:
                    session.run([v1.global_variables_initializer(), v1.local_variables_initializer()])
                    result = evaluated(result, session)
        return plain(result)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)  # examples write files; a test run leaves none behind


def evaluated(value, session):
    """`value` with its tensors replaced by their values (plain values stay as they are)."""
    if isinstance(value, dict):
        return {key: evaluated(item, session) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [evaluated(item, session) for item in value]
    return session.run(value) if has_graph_values(value) else value


def main():
    outcomes = []
    for example in json.load(sys.stdin):
        try:
            outcomes.append({"key": example["key"], "value": run(example)})
        except Exception:  # an example that fails is a result to report, not the end of the batch
            outcomes.append({"key": example["key"], "error": traceback.format_exc(limit=3)[-1500:]})
    sys.stdout.write("\n@@RESULTS@@" + json.dumps(outcomes))


if __name__ == "__main__":
    main()
