"""`tf1lint equiv` without TensorFlow: usage errors in one line with exit 2, and the arithmetic of the comparison."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import EXAMPLES, run_tf1lint

from tf1lint.equiv.compare import Tolerance, measure, ulp_distance
from tf1lint.equiv.golden import write_recording

PROGRAM = str(EXAMPLES / "tf1" / "linear_regression.py")


@pytest.fixture
def empty_recording(tmp_path: Path) -> Path:
    folder = tmp_path / "golden"
    write_recording(str(folder), {"runs": [], "snapshots": [], "ending": {"kind": "finished"}}, {})
    return folder


@pytest.mark.parametrize(("arguments", "message"), [
    (["record", "missing.py", "--python", sys.executable, "-o", "out"], "missing.py: no such program file"),
    (["record", "README.md", "--python", sys.executable, "-o", "out"], "README.md: not a Python file (.py)"),
    (["record", PROGRAM, "--python", "/no/such/python", "-o", "out"], "--python /no/such/python: no such interpreter"),
    (["record", PROGRAM, "--python", sys.executable, "-o", "out", "--steps", "0"], "--steps takes a whole number"),
    (["replay", "no-such-golden", PROGRAM], "no-such-golden: no such recording folder"),
    (["replay", "GOLDEN", PROGRAM, "--format", "html"], "--format html writes a file: give it with -o"),
    (["replay", "GOLDEN", PROGRAM, "--rtol", "-1"], "--rtol and --atol cannot be negative"),
    (["replay", "GOLDEN", PROGRAM, "--map", "GOLDEN/recording.json"], "expected a JSON object of recorded name"),
    (["replay", "GOLDEN", PROGRAM, "--format", "yaml"], "invalid choice: 'yaml'"),
])
def test_usage_errors_are_one_line(arguments: list[str], message: str, empty_recording: Path) -> None:
    arguments = [word.replace("GOLDEN", str(empty_recording)) for word in arguments]
    completed = run_tf1lint("equiv", *arguments)
    assert completed.returncode == 2
    assert completed.stderr.count("\n") == 1 and message in completed.stderr, completed.stderr
    assert completed.stdout == ""


def test_a_folder_that_is_not_a_recording(tmp_path: Path) -> None:
    (tmp_path / "recording.json").write_text(json.dumps({"format": "something else"}))
    (tmp_path / "arrays.npz").write_bytes(b"")
    completed = run_tf1lint("equiv", "replay", str(tmp_path), PROGRAM)
    assert completed.returncode == 2 and "not a tf1lint-equiv/1 recording" in completed.stderr


def test_an_interpreter_without_tensorflow_is_named(tmp_path: Path) -> None:
    completed = run_tf1lint("equiv", "record", PROGRAM, "--python", "/usr/bin/python3", "-o", str(tmp_path / "g"))
    assert completed.returncode == 2
    assert "wrote no recording" in completed.stderr and "ModuleNotFoundError" in completed.stderr


def test_ulp_distance_counts_floats_between() -> None:
    one = np.float32(1.0)
    assert ulp_distance(np.array([one]), np.array([np.nextafter(one, np.float32(2))])) == 1
    assert ulp_distance(np.array([np.float32(-0.0)]), np.array([np.float32(0.0)])) == 0
    tiny = np.nextafter(np.float32(0), np.float32(1))
    assert ulp_distance(np.array([-tiny]), np.array([tiny])) == 2  # across zero


def test_measure_tolerance_nan_and_shapes() -> None:
    tolerance = Tolerance(rtol=1e-5, atol=0.0)
    base = np.array([1.0, 2.0], dtype=np.float32)
    assert measure(base, base * np.float32(1 + 1e-6), tolerance)[0]
    within, why, max_abs, max_rel, _ = measure(base, base * np.float32(1.001), tolerance)
    assert not within and why == "beyond rtol/atol" and max_rel == pytest.approx(1e-3, rel=1e-3)
    nan = np.array([np.nan, 1.0], dtype=np.float32)
    assert measure(nan, nan, tolerance)[0]
    assert measure(nan, base, tolerance)[1] == "NaN on one side only"
    assert measure(base, base[:1], tolerance)[1] == "shape [2] recorded, [1] replayed"
    assert not measure(np.array([3]), np.array([4]), tolerance)[0]  # integers exactly
