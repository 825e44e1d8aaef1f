"""Edges found by the third hostile probe: an empty folder, names that could forge diff lines,
folder trees and settings nested a thousand deep, identifiers Python normalises, a baseline
reached through a symbolic link."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from hostile_env import run

TF1 = "import tensorflow as tf\ny = tf.reduce_sum(x, keep_dims=True)\n"


def test_a_folder_without_python_is_an_error_unless_allowed(tmp_path: Path) -> None:
    empty = tmp_path / "emptydir"
    empty.mkdir()
    (empty / "notes.txt").write_text("no Python here")
    completed = run("check", str(empty))
    assert completed.returncode == 2
    assert completed.stderr.decode() == (f"tf1lint: error: no Python files found under {empty}"
                                         " (--allow-empty to accept that)\n")
    assert run("check", "--allow-empty", str(empty)).returncode == 0


def test_diff_escapes_a_newline_in_a_file_name(tmp_path: Path) -> None:
    (tmp_path / "evil\n+++ forged.py").write_text(TF1)
    completed = run("check", "--diff", "--no-cache", str(tmp_path))
    assert completed.returncode == 1, completed.stderr
    headers = [line for line in completed.stdout.decode().splitlines() if line.startswith(("---", "+++"))]
    assert len(headers) == 2 and all("evil\\n+++ forged.py" in line for line in headers), headers


def test_a_tree_a_thousand_folders_deep_is_checked(tmp_path: Path) -> None:
    folder = tmp_path / "deep"
    folder.mkdir()
    os.chdir(folder)
    try:
        for _ in range(1000):  # relative steps: an absolute path this deep is longer than PATH_MAX
            os.mkdir("a")
            os.chdir("a")
        Path("model.py").write_text(TF1)
    finally:
        os.chdir(tmp_path)
    try:
        completed = run("check", "--no-cache", "deep", cwd=tmp_path)
    finally:  # pytest's own clean-up of tmp_path recurses and would fail on this tree
        subprocess.run(["rm", "-rf", str(folder)], check=True)
    assert completed.returncode == 1, completed.stderr[-300:]
    assert b"keep_dims" in completed.stdout


def test_deeply_nested_settings_are_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.tf1lint]\nexclude = " + "[" * 50_000 + "]" * 50_000 + "\n")
    (tmp_path / "model.py").write_text(TF1)
    completed = run("check", "--no-cache", ".", cwd=tmp_path)
    assert completed.returncode == 2
    assert b"pyproject.toml: cannot read [tool.tf1lint]: nested too deeply" in completed.stderr


def test_a_full_width_tensorflow_import_is_reported(tmp_path: Path) -> None:
    (tmp_path / "wide.py").write_text("import ｔｅｎｓｏｒｆｌｏｗ as tf\nx = tf.placeholder(tf.float32)\n")
    completed = run("check", "--no-cache", str(tmp_path / "wide.py"))
    assert completed.returncode == 1 and b"tf.placeholder" in completed.stdout


def test_a_baseline_written_through_a_linked_path_matches_the_same_tree(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / "src" / "model.py").write_text(TF1)
    link = tmp_path / "link"
    link.symlink_to(repo)
    written = run("check", "--no-cache", "--write-baseline", str(link / "baseline.json"), str(link / "src"))
    assert written.returncode == 0, written.stderr
    for base in (repo, link):
        completed = run("check", "--no-cache", "--baseline", str(base / "baseline.json"), str(repo / "src"))
        assert (completed.returncode, completed.stdout) == (0, b""), completed.stderr
