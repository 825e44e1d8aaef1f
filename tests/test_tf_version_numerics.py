"""tools/measure/tf_version_numerics.py on the real TensorFlows: the kernels the checkpoint tests' version gap comes
from (tests/test_ckpt_version_gap.py) round differently on TF 1.14 and TF 2.21, the exact ones do not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from ckpt_fixtures import quiet_tf_env
from conftest import ROOT, tensorflow_or_skip

pytestmark = pytest.mark.slow  # four TensorFlow processes, ~15 s

tensorflow_or_skip()


def test_which_ops_round_differently_between_the_versions(tf114_python: str, tmp_path: Path) -> None:
    out = tmp_path / "numerics.json"
    done = subprocess.run([sys.executable, "-m", "tools.measure.tf_version_numerics", "--tf114", tf114_python,
                           "-o", str(out)], capture_output=True, text=True, env=quiet_tf_env(), cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| tanh |" in done.stdout
    ops = json.loads(out.read_text())["ops"]
    identical = {op for op, runs in ops.items() if runs["tf221-graph"]["identical"]}
    # Same bits: plain arithmetic, matmul and convolution (Eigen's contractions did not change order).
    assert {"matmul 256x512 @ 512x512", "conv2d 7x7 stride 2 VALID", "bias_add", "relu", "add", "multiply",
            "gather", "max_pool 3x3 stride 2 SAME"} <= identical
    # Different bits: the transcendental kernels, the reductions and fused batch norm, by a few units in the last
    # place (tanh's max relative difference is 3.6e-7).
    for op in ("tanh", "exp", "rsqrt", "erf", "reduce_sum", "fused_batch_norm (inference)",
               "layer norm (GPT-2's norm)"):
        assert not ops[op]["tf221-graph"]["identical"], op
    assert ops["tanh"]["tf221-graph"]["max_rel"] < 1e-6
    # Graph and eager agree on TF 2.21 for the kernels: the version, not the mode, makes the difference.
    assert ops["tanh"]["tf221-graph-vs-eager"]["identical"] and ops["erf"]["tf221-graph-vs-eager"]["identical"]
