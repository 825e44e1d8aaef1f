"""The baseline ratchet: adopt today, report only new findings, say how many recorded ones are gone."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_tf1lint

TRAIN = '''import tensorflow as tf


def build(inputs):
    hidden = tf.layers.dense(inputs, 10, activation=tf.nn.relu)
    return tf.layers.dense(hidden, 1)


def train(loss):
    optimizer = tf.train.AdamOptimizer(0.01)
    step = optimizer.minimize(loss)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        session.run(step)
'''

DATA = '''import tensorflow as tf

features = tf.placeholder(tf.float32, shape=[None, 3])
labels = tf.placeholder(tf.float32, shape=[None, 1])
'''

# The same module after a week of work: a new TF1 call, functions moved and lines added above,
# `build` reformatted (one call split over lines, trailing comma, a comment), one finding fixed.
TRAIN_LATER = '''"""Training, now with a docstring and an import more."""
import os

import tensorflow as tf


def train(loss):
    optimizer = tf.keras.optimizers.Adam(0.01)
    step = optimizer.minimize(loss)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        session.run(step)
        tf.summary.FileWriter(os.getcwd())


def build(inputs):
    # two layers
    hidden = tf.layers.dense(
        inputs,
        10,
        activation=tf.nn.relu,
    )
    return tf.layers.dense(hidden,   1)
'''


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "train.py").write_text(TRAIN)
    (tmp_path / "src" / "data.py").write_text(DATA)
    return tmp_path


def test_adopt_then_only_the_new_call_is_reported_and_the_fixed_one_is_gone(tmp_path: Path) -> None:
    project = _tree(tmp_path)
    adopted = run_tf1lint("check", "--write-baseline", "tf1lint-baseline.json", "src", cwd=project)
    assert adopted.returncode == 0, adopted.stderr
    assert adopted.stdout == ""
    # 7 TF1 uses, and the two unnamed tf.layers.dense calls' fragile checkpoint names (information).
    assert "recorded 9 findings in tf1lint-baseline.json" in adopted.stderr
    clean = run_tf1lint("check", "--baseline", "tf1lint-baseline.json", "src", cwd=project)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "")

    (project / "src" / "train.py").write_text(TRAIN_LATER)
    later = run_tf1lint("check", "--baseline", "tf1lint-baseline.json", "src", cwd=project)
    assert later.returncode == 1
    assert [line.split(" ")[0] for line in later.stdout.splitlines()] == ["src/train.py:13:8:"]
    assert "tf.summary.FileWriter" in later.stdout
    assert "1 findings of the baseline tf1lint-baseline.json are gone" in later.stderr


def test_baseline_file_is_stable_sorted_and_has_no_line_numbers(tmp_path: Path) -> None:
    project = _tree(tmp_path)
    run_tf1lint("check", "--write-baseline", "one.json", "src", cwd=project)
    (project / "src" / "data.py").write_text("\n\n# moved down\n" + DATA)
    run_tf1lint("check", "--write-baseline", "two.json", "src/data.py", "src/train.py", cwd=project)
    one = (project / "one.json").read_bytes()
    assert one == (project / "two.json").read_bytes()
    entries = json.loads(one)["findings"]
    assert entries == sorted(entries, key=lambda e: (e["path"], e["rule"], e["used"], e["statement"]))
    assert {key for entry in entries for key in entry} == {"path", "rule", "used", "statement", "count"}
    placeholder = [e for e in entries if e["rule"] == "compat-only:placeholder"]
    assert [e["count"] for e in placeholder] == [1, 1]  # two different statements


def test_paths_are_relative_to_the_baseline_so_any_folder_can_run_it(tmp_path: Path) -> None:
    project = _tree(tmp_path)
    run_tf1lint("check", "--write-baseline", "b.json", "src", cwd=project)
    from_inside = run_tf1lint("check", "--baseline", "../b.json", ".", cwd=project / "src")
    assert (from_inside.returncode, from_inside.stdout) == (0, "")


def test_a_repeated_finding_beyond_the_recorded_count_is_new(tmp_path: Path) -> None:
    project = _tree(tmp_path)
    run_tf1lint("check", "--write-baseline", "b.json", "src", cwd=project)
    (project / "src" / "data.py").write_text(DATA + "labels = tf.placeholder(tf.float32, shape=[None, 1])\n")
    completed = run_tf1lint("check", "--baseline", "b.json", "src", cwd=project)
    assert [line.split(" ")[0] for line in completed.stdout.splitlines()] == ["src/data.py:5:9:"]


def test_another_finding_fixed_in_the_same_statement_keeps_the_other_known(tmp_path: Path) -> None:
    project = tmp_path
    (project / "m.py").write_text("import tensorflow as tf\nx = tf.Session(tf.placeholder(tf.float32))\n")
    run_tf1lint("check", "--write-baseline", "b.json", "m.py", cwd=project)
    (project / "m.py").write_text("import tensorflow as tf\nx = tf.Session(tf.keras.Input((3,)))\n")
    completed = run_tf1lint("check", "--baseline", "b.json", "m.py", cwd=project)
    assert completed.returncode == 0 and completed.stdout == ""
    assert "1 findings of the baseline b.json are gone" in completed.stderr


def test_a_broken_baseline_is_one_line_and_usage_status(tmp_path: Path) -> None:
    project = _tree(tmp_path)
    for content, words in (("{not json", "cannot read the baseline"), ('{"format": "other"}', "not a tf1lint baseline"),
                           ('{"format": "tf1lint-baseline", "format_version": 1, "findings": [{"path": 1}]}',
                            "finding 0 must have")):
        (project / "b.json").write_text(content)
        completed = run_tf1lint("check", "--baseline", "b.json", "src", cwd=project)
        assert completed.returncode == 2
        assert completed.stderr.count("\n") == 1 and words in completed.stderr and "b.json" in completed.stderr
    missing = run_tf1lint("check", "--baseline", "nope.json", "src", cwd=project)
    assert missing.returncode == 2 and "--write-baseline nope.json" in missing.stderr


def test_inventory_shows_progress_since_the_baseline_in_every_format(tmp_path: Path) -> None:
    project = _tree(tmp_path)
    run_tf1lint("check", "--write-baseline", "b.json", "src", cwd=project)
    (project / "src" / "train.py").write_text(TRAIN_LATER)
    text = run_tf1lint("inventory", "--baseline", "b.json", "src", cwd=project).stdout
    assert "Since the baseline b.json: 1 fixed, 1 new, 8 remaining" in text
    markdown = run_tf1lint("inventory", "--format", "markdown", "--baseline", "b.json", "src", cwd=project).stdout
    assert "**1 fixed**, **1 new**, **8 remaining**" in markdown
    document = json.loads(run_tf1lint("inventory", "--format", "json", "--baseline", "b.json", "src",
                                      cwd=project).stdout)
    assert document["summary"]["baseline"] == {"file": "b.json", "fixed": 1, "new": 1, "remaining": 8}
    assert document["summary"]["findings"] == 9
    run_tf1lint("inventory", "--format", "html", "-o", "report.html", "--baseline", "b.json", "src", cwd=project)
    html = (project / "report.html").read_text()
    assert 'aria-label="Since the baseline b.json"' in html
    assert ">fixed</text>" in html and ">new</text>" in html and ">remaining</text>" in html


def test_notebook_findings_are_fingerprinted_by_their_cell_statements(tmp_path: Path) -> None:
    def notebook(cells: list[str]) -> str:
        return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
            {"cell_type": "code", "source": source, "metadata": {}, "outputs": [], "execution_count": None}
            for source in cells]})

    (tmp_path / "n.ipynb").write_text(notebook(["import tensorflow as tf", "x = tf.placeholder(tf.float32)"]))
    run_tf1lint("check", "--write-baseline", "b.json", "n.ipynb", cwd=tmp_path)
    # a new cell above, and a new TF1 call in a new cell below
    (tmp_path / "n.ipynb").write_text(notebook(["import tensorflow as tf", "print(1)", "x = tf.placeholder(tf.float32)",
                                                "s = tf.Session()"]))
    completed = run_tf1lint("check", "--baseline", "b.json", "n.ipynb", cwd=tmp_path)
    assert completed.stdout.count("\n") == 1
    assert "n.ipynb:cell 4:1:4: E5302 tf1-compat-only-api tf.Session" in completed.stdout
