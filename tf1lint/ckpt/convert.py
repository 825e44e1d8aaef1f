"""`tf1lint ckpt convert`: read each mapped variable (one at a time, checksums checked), apply the map's layout
changes, and have the TensorFlow child assign them to the model and write `.weights.h5` or a TF2 checkpoint."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tf1lint.ckpt.tf_runner import write_model_weights
from tf1lint.ckpt.transforms import apply
from tf1lint.ckpt.verify import Verification


def convert(verification: Verification, model: str, output: Path, python: str, optimizer: bool = False) -> str:
    import numpy  # pylint: disable=import-outside-toplevel

    reader = verification.reader
    with tempfile.TemporaryDirectory(prefix="tf1lint-ckpt-") as folder:
        values_file = Path(folder) / "values.npz"
        values = {}
        weights = {weight.path: weight for weight in verification.weights}
        for path, pair in verification.plan.assignments.items():
            value = apply([reader.read(source, widen_bfloat16=False) for source in pair.sources], pair.transforms)
            if weights[path].slot == "iteration":
                value = value.astype(weights[path].dtype)  # an int32 step counter widened (plan.py allows only that)
            values[path] = value
        numpy.savez(values_file, **values)
        return write_model_weights(python, model, values_file, output, optimizer)
