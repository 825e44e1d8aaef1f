"""Session-wide checkpoints for the ckpt tests, written once per run by real TF 1.14 and by TF 2.21's compat.v1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import tensorflow_or_skip

WRITER = Path(__file__).resolve().parent / "data" / "ckpt" / "write_tf1_checkpoints.py"


def quiet_tf_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(WRITER.parents[3]) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(TF_CPP_MIN_LOG_LEVEL="2", TF_ENABLE_ONEDNN_OPTS="0", CUDA_VISIBLE_DEVICES="")
    # Importing TF 2 in the test process sets TF2_BEHAVIOR=1, which would turn TF 1.14 children eager.
    env.pop("TF2_BEHAVIOR", None)
    return env


def _write(python: str, folder: Path) -> Path:
    completed = subprocess.run([python, str(WRITER), str(folder)], capture_output=True, text=True,
                               env=quiet_tf_env(), timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return folder


@pytest.fixture(scope="session")
def tf114_checkpoints(tf114_python: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tf114_python, tmp_path_factory.mktemp("tf114") / "checkpoints")


@pytest.fixture(scope="session")
def tf221_checkpoints(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tensorflow_or_skip()
    return _write(sys.executable, tmp_path_factory.mktemp("tf221") / "checkpoints")
