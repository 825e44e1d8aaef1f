"""The run index: an unchanged re-run is answered from one signed file; a file whose bytes changed
is analysed again even when its size, modification time and inode are those recorded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import CACHED_TF1 as TF1
from conftest import forget_stored_reports, rewrite_signed, run_tf1lint


@pytest.fixture()
def project(two_file_project: Path) -> Path:
    return two_file_project


def _index(project: Path) -> Path:
    indexes = list((project / ".tf1lint_cache").glob("index-v*/*.json"))
    assert len(indexes) == 1, indexes
    return indexes[0]


def _rewrite_index(project: Path, line: int, sign: bool = True) -> None:
    """Move every finding in the index to `line`, signed again (or not)."""

    def move(document: dict) -> None:
        for _, rows in document["outcomes"].values():
            for finding in rows[0]:
                finding[0] = finding[2] = line

    forget_stored_reports(project)
    rewrite_signed(_index(project), move, sign)


def _lines(stdout: str) -> list[str]:
    return [line.split(" ")[0] for line in stdout.splitlines()]


def test_an_unchanged_rerun_is_served_from_the_index(project: Path) -> None:
    first = run_tf1lint("check", ".", cwd=project)
    assert _lines(first.stdout) == ["m.py:3:7:", "m.py:4:4:", "other.py:3:0:"]
    _rewrite_index(project, 77)
    assert _lines(run_tf1lint("check", ".", cwd=project).stdout) == ["m.py:77:7:", "m.py:77:4:", "other.py:77:0:"]


def test_an_index_without_a_valid_signature_is_ignored(project: Path) -> None:
    first = run_tf1lint("check", ".", cwd=project)
    _rewrite_index(project, 77, sign=False)
    second = run_tf1lint("check", ".", cwd=project)
    assert second.stdout == first.stdout and second.stderr == ""


def test_a_changed_file_with_the_same_size_time_and_inode_is_analysed_again(project: Path) -> None:
    source = project / "m.py"
    before = os.stat(source)
    assert _lines(run_tf1lint("check", ".", cwd=project).stdout) == ["m.py:3:7:", "m.py:4:4:", "other.py:3:0:"]
    # Same length, written in place (same inode), time put back: only the content says it changed.
    source.write_text(TF1.replace("sess = tf.Session()", "# ss = tf.Session()"))
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(source)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    assert _lines(run_tf1lint("check", ".", cwd=project).stdout) == ["m.py:4:4:", "other.py:3:0:"]


def test_one_changed_file_leaves_the_others_served_from_the_index(project: Path) -> None:
    run_tf1lint("check", ".", cwd=project)
    _rewrite_index(project, 77)
    (project / "m.py").write_text(TF1 + "y = tf.to_float(x)\n")
    lines = _lines(run_tf1lint("check", ".", cwd=project).stdout)
    assert lines == ["m.py:3:7:", "m.py:4:4:", "m.py:5:4:", "other.py:77:0:"]
