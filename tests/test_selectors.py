"""One selector language (tf1lint/analysis/selectors.py) for --select/--ignore and inline comments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_tf1lint

from tf1lint.analysis.selectors import Selection, matches
from tf1lint.run.config import Settings
from tf1lint.run.pipeline import Document, analyse
from tf1lint.run.runner import load_index

_, INDEX, _ = load_index(Settings())
GUARDED = ("import tensorflow as tf\ntry:\n    Session = tf.compat.v1.Session\nexcept AttributeError:\n"
           "    Session = tf.Session\ns = tf.Session()\n")


def _codes(source: str) -> list[str]:
    return [finding.code for finding in analyse(Document("m.py", source), INDEX).findings]


def test_a_code_covers_its_severity_siblings_and_a_sibling_names_only_itself() -> None:
    findings = {f.code: f for f in analyse(Document("m.py", GUARDED), INDEX).findings}
    assert {"E5302", "I5362"} <= set(findings)
    assert matches("E5302", findings["I5362"]) and matches("tf1-compat-only-api", findings["I5362"])
    assert matches("I5362", findings["I5362"]) and not matches("I5362", findings["E5302"])
    assert matches("e5302", findings["E5302"])  # codes are read without regard to case


def test_ignore_of_a_code_leaves_out_the_guarded_sibling_too(tmp_path: Path) -> None:
    (tmp_path / "g.py").write_text(GUARDED)
    completed = run_tf1lint("check", "--format", "json", "--ignore", "E5302", "g.py", cwd=tmp_path)
    assert {record["code"] for record in json.loads(completed.stdout)} == {"W5348"}
    assert run_tf1lint("check", "--select", "all", "g.py", cwd=tmp_path).returncode == 1


@pytest.mark.parametrize("selector", ["tf.contrib", "tf.contrib.layers", "removed", "E5303", "tf1-removed-api",
                                      "removed:contrib", "all", "tf1lint"])
def test_every_kind_of_selector_works_in_a_suppression_comment(selector: str) -> None:
    source = f"import tensorflow as tf\nx = tf.contrib.layers.flatten(y)  # tf1lint: ignore[{selector}]\n"
    assert _codes(source) == []
    assert Selection(ignore=(selector,))(analyse(Document("m.py", source.split("  #")[0] + "\n"), INDEX).findings[0]) \
        is False


def test_a_selector_that_names_something_else_leaves_the_finding() -> None:
    source = "import tensorflow as tf\nx = tf.contrib.layers.flatten(y)  # tf1lint: ignore[tf.nn, renamed, E5301]\n"
    assert _codes(source) == ["E5303"]


def test_pylint_pragmas_keep_pylints_exact_reading() -> None:
    """pylint applies its own pragmas under the plugin: `disable=E5302` there does not silence
    I5362, so `tf1lint check` must not either, or the two front ends would disagree."""
    source = GUARDED.replace("    Session = tf.Session\n", "    Session = tf.Session  # pylint: disable=E5302\n")
    assert "I5362" in _codes(source)
