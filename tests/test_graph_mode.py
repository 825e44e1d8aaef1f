"""Graph mode placed where a program starts: `tests/data/graph_mode/NAME.py` fixed with
`--unsafe-fixes` must equal `NAME.fixed.py` (one placement case per pair), and the fixed
scripts run on TensorFlow 2.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, tensorflow_or_skip

from tf1lint.run.apply_fixes import fix_source
from tf1lint.run.config import Settings
from tf1lint.run.runner import load_index

CASES = ROOT / "tests" / "data" / "graph_mode"
BEFORE = sorted(path for path in CASES.glob("*.py") if not path.name.endswith(".fixed.py"))


@pytest.fixture(scope="module")
def index():
    _, loaded, problems = load_index(Settings())
    assert problems == []
    return loaded


def _fixed(index, path: Path) -> bytes:
    result = fix_source(path.read_bytes(), path.name, index, unsafe=True)
    assert result.failure is None
    return result.fixed


@pytest.mark.parametrize("before", BEFORE, ids=lambda path: path.stem)
def test_graph_mode_is_placed_as_the_fixture_says(index, before: Path) -> None:
    expected = before.with_name(before.stem + ".fixed.py").read_bytes()
    fixed = _fixed(index, before)
    assert fixed.decode() == expected.decode()
    assert fixed.count(b"disable_v2_behavior()") <= 1
    assert _fixed(index, before.with_name(before.stem + ".fixed.py")) == expected  # a second run changes nothing


def test_every_placement_case_is_covered() -> None:
    assert {path.stem for path in BEFORE} >= {
        "shebang_docstring_future", "environ_first", "try_import", "import_in_main", "import_in_main_guard",
        "app_run", "graph_test", "library", "one_line_imports", "compat_alias"}


@pytest.mark.tensorflow
@pytest.mark.parametrize("name", ["shebang_docstring_future", "environ_first", "import_in_main"])
def test_fixed_scripts_run_in_graph_mode_on_tensorflow_2(name: str) -> None:
    tensorflow_or_skip()
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
    run = subprocess.run([sys.executable, str(CASES / f"{name}.fixed.py")], capture_output=True, text=True,
                         env=environment, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "[" in run.stdout  # the session printed its result
