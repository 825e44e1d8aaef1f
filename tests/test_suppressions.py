"""Inline suppressions: one language, honoured alike by `tf1lint check`, `inventory` and the pylint plugin."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT, pylint_messages, run_tf1lint

from tf1lint.analysis.engine import check_source
from tf1lint.analysis.suppressions import apply_suppressions
from tf1lint.catalogue.loader import load_catalogue

FIXTURES = ROOT / "tests" / "data" / "suppressions"
EVERY_FORM = FIXTURES / "every_form.py"


def _index():
    catalogue = load_catalogue().catalogue
    return catalogue.at_target(catalogue.newest_known)


def _expected_lines() -> list[int]:
    """Lines marked KEPT in the fixture, once per finding ('KEPT twice': two findings)."""
    lines = []
    for number, line in enumerate(EVERY_FORM.read_text().splitlines(), start=1):
        if "# KEPT" in line or "KEPT (" in line or "KEPT twice" in line:
            lines += [number] * (2 if "KEPT twice" in line else 1)
    return lines


def test_check_and_pylint_report_the_same_findings_on_every_suppression_form() -> None:
    completed = run_tf1lint("check", "--format", "json", str(EVERY_FORM.relative_to(ROOT)))
    ours = sorted((f["line"], f["column"], f["code"]) for f in json.loads(completed.stdout))
    theirs = sorted((m["line"], m["column"], m["messageId"]) for m in pylint_messages(str(EVERY_FORM)))
    assert ours == theirs
    assert [line for line, _, _ in ours] == sorted(_expected_lines())
    # the comment-looking text in a string on line 15 suppresses nothing
    assert (15, 59, "E5302") in ours


def test_skip_file_is_honoured_by_both_front_ends() -> None:
    skipped = FIXTURES / "skipped.py"
    completed = run_tf1lint("check", str(skipped.relative_to(ROOT)))
    assert completed.returncode == 0 and completed.stdout == ""
    assert pylint_messages(str(skipped)) == []


def test_apply_suppressions_splits_and_lists_unused() -> None:
    source = ("import tensorflow as tf\n"
              "a = tf.placeholder(tf.float32)  # noqa: E5302, E5303\n"
              "b = tf.Session()  # tf1lint: ignore\n"
              "c = 1  # tf1lint: ignore\n"
              "d = tf.Session()\n")
    findings = check_source(source, "m.py", _index())
    kept, suppressed, unused = apply_suppressions(source, findings, "m.py")
    assert [f.line for f in kept] == [5]
    assert sorted(f.line for f in suppressed) == [2, 3]
    assert [(u.line, u.selector) for u in unused] == [(2, "E5303"), (4, None)]


def test_selector_prefix_stops_at_separators_only() -> None:
    source = "import tensorflow as tf\nx = tf.contrib.layers.flatten(1)  # tf1lint: ignore[removed:contr]\n"
    findings = check_source(source, "m.py", _index())
    kept, suppressed, _ = apply_suppressions(source, findings, "m.py")
    assert kept and not suppressed


def test_unused_suppressions_are_reported_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("import tensorflow as tf\n"
                                   "x = 1  # noqa: E5302\n"
                                   "y = 2  # noqa: F401\n"  # another tool's code: not ours to judge
                                   "# pylint: disable=tf1-removed-api\n"
                                   "z = tf.constant(1)\n")
    quiet = run_tf1lint("check", "m.py", cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stdout == ""
    loud = run_tf1lint("check", "--report-unused-suppressions", "m.py", cwd=tmp_path)
    assert loud.returncode == 1
    assert loud.stdout.splitlines() == [
        "m.py:2:7: unused suppression: 'E5302' in # noqa: E5302",
        "m.py:4:0: unused suppression: 'tf1-removed-api' in # pylint: disable=tf1-removed-api",
    ]


def test_inventory_counts_suppressed_findings_as_accepted() -> None:
    completed = run_tf1lint("inventory", "--format", "json", str(EVERY_FORM.relative_to(ROOT)))
    document = json.loads(completed.stdout)
    assert document["summary"]["findings"] == len(_expected_lines())
    assert document["summary"]["accepted"] == len(document["accepted"]) > 0
    text = run_tf1lint("inventory", str(EVERY_FORM.relative_to(ROOT))).stdout
    assert re.search(rf"^{document['summary']['accepted']} accepted by an inline suppression", text, re.MULTILINE)


def test_notebook_cells_honour_suppressions(tmp_path: Path) -> None:
    cells = [["import tensorflow as tf\n"], ["x = tf.placeholder(tf.float32)  # tf1lint: ignore\n", "y = tf.Session()"]]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                "cells": [{"cell_type": "code", "source": s, "metadata": {}, "outputs": [], "execution_count": None}
                          for s in cells]}
    (tmp_path / "n.ipynb").write_text(json.dumps(notebook))
    completed = run_tf1lint("check", "n.ipynb", cwd=tmp_path)
    assert completed.stdout.count("\n") == 1
    assert "cell 2:2:4" in completed.stdout and "cell 2:1:" not in completed.stdout


def test_pylint_skip_file_and_disable_all_do_not_hide_tf1_work(tmp_path) -> None:
    """Those pragmas are pylint's (often for an astroid crash); the inventory must still see the file."""
    for pragma in ("# pylint: skip-file", "# pylint: disable=all"):
        (tmp_path / "model.py").write_text(f"{pragma}\nimport tensorflow as tf\nx = tf.placeholder(tf.float32)\n")
        completed = run_tf1lint("check", "--no-cache", "--format", "json", str(tmp_path / "model.py"))
        assert [finding["line"] for finding in json.loads(completed.stdout)] == [3], pragma
