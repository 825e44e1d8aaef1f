"""rules/tensorflow_names.json, the TensorFlow 2.21 names the pylint shield answers `no-member` from,
is what tools/catalogue/generate_tensorflow_names.py lists from the installed TensorFlow today."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

from tf1lint.pylint_plugin.shield import tensorflow_modules


@pytest.mark.tensorflow
@pytest.mark.slow  # imports TensorFlow and walks its whole API: a regeneration, run with the other long runs
def test_names_file_is_current() -> None:
    completed = subprocess.run([sys.executable, "-m", "tools.catalogue.generate_tensorflow_names", "--check"], cwd=ROOT,
                               capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr[-2000:]


def test_names_file_is_what_the_shield_reads() -> None:
    listed = json.loads((ROOT / "rules" / "tensorflow_names.json").read_text(encoding="utf-8"))
    assert listed["tensorflow"] == "2.21"
    modules = tensorflow_modules()
    assert "Dense" in modules["tf.keras.layers"] and "placeholder" not in modules["tf"]
    assert len(modules) > 100 and "tf.compat.v1" not in modules
