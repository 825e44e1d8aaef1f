"""`tf1lint ckpt convert`: read each mapped variable (one at a time, checksums checked), apply the map's layout
changes, and have the TensorFlow child assign them to the model and write `.weights.h5` or a TF2 checkpoint."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tf1lint.ckpt.transforms import apply
from tf1lint.ckpt.tf_runner import write_model_weights
from tf1lint.ckpt.verify import Verification


def convert(verification: Verification, model: str, output: Path, python: str, optimizer: bool = False) -> str:
    import numpy  # pylint: disable=import-outside-toplevel

    reader = verification.reader
    with tempfile.TemporaryDirectory(prefix="tf1lint-ckpt-") as folder:
        values_file = Path(folder) / "values.npz"
        values = {}
        for path, pair in verification.plan.assignments.items():
            values[path] = apply([reader.read(source, widen_bfloat16=False) for source in pair.sources],
                                 pair.transforms)
        numpy.savez(values_file, **values)
        return write_model_weights(python, model, values_file, output, optimizer)
