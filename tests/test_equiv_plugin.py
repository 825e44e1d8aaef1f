"""The equiv pytest plugin, run the way a team runs it: its worked example (examples/tf2's linear regression
against the TF 1.14 recording of examples/tf1's) in a pytest of its own."""

from __future__ import annotations

import subprocess
import sys

import pytest
import tomllib
from conftest import ROOT, _env

EXAMPLE = ROOT / "tests" / "data" / "equiv" / "plugin_example" / "linear_regression_equivalence.py"

pytestmark = pytest.mark.tensorflow


def test_worked_example_passes_and_shows_its_diff() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tf1lint.equiv.pytest_plugin", "-p", "no:cacheprovider", "-q", "-s",
         str(EXAMPLE)], cwd=ROOT, capture_output=True, text=True, env=_env(), timeout=600)
    assert "2 passed" in completed.stdout, completed.stdout[-3000:]
    # The mutated learning rate's diff, as a user reads it: one row per step out of tolerance.
    assert "tf1lint equiv: 19 of 20 values differ from the TF 1.14 recording (rtol=0.0001, atol=1e-06)" in completed.stdout
    assert "    1     1  [1]                     5.0908165" in completed.stdout


def test_plugin_is_registered_for_pytest() -> None:
    entry_points = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["pytest11"]
    assert entry_points == {"tf1lint.equiv.pytest_plugin": "tf1lint.equiv.pytest_plugin"}
