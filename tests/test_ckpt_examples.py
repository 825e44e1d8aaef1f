"""The bundled example pair closes the loop: the TF1 program (real TF 1.14) trains and saves its checkpoint, the
TF2 program loads it through the committed map and predicts the same values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ckpt_fixtures import quiet_tf_env
from conftest import EXAMPLES, ROOT, run_tf1lint, tensorflow_or_skip

TF1_DRIVER = ROOT / "tests" / "data" / "ckpt" / "run_tf1_example.py"
TF2_DRIVER = """
import sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import restore_checkpoint as example
model = example.load_tf1_weights(sys.argv[2])
actual = np.asarray(model(example.probe_inputs()))
expected = np.load(sys.argv[2] + "/predictions.npy")
print("exact", np.array_equal(actual, expected), "close", np.allclose(actual, expected, rtol=1e-6),
      "max_difference", float(np.max(np.abs(actual - expected))))
"""


def test_tf2_example_predicts_what_the_tf1_example_trained(tf114_python: str, tmp_path: Path) -> None:
    tensorflow_or_skip()
    checkpoints = tmp_path / "mlp_checkpoints"
    trained = subprocess.run([tf114_python, str(TF1_DRIVER), str(EXAMPLES / "tf1"), str(checkpoints)],
                             capture_output=True, text=True, env=quiet_tf_env(), timeout=600)
    assert trained.returncode == 0, trained.stderr[-2000:]
    loaded = subprocess.run([sys.executable, "-c", TF2_DRIVER, str(EXAMPLES / "tf2"), str(checkpoints)],
                            capture_output=True, text=True, env=quiet_tf_env(), timeout=600)
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    assert "ok: all 4 model weights filled" in loaded.stdout
    verdict = loaded.stdout.strip().splitlines()[-1].split()
    assert verdict[1] == "True" or verdict[3] == "True", loaded.stdout


def test_tf2_examples_lint_clean() -> None:
    completed = run_tf1lint("check", str(EXAMPLES / "tf2"))
    assert completed.returncode == 0, completed.stdout
    assert "tf1-" not in completed.stdout
