"""The run index: an unchanged re-run is answered from one signed file; a file whose bytes changed
is analysed again even when its size, modification time and inode are those recorded."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

import pytest
from conftest import run_tf1lint

TF1 = "import tensorflow as tf\n\nsess = tf.Session()\nx = tf.placeholder(tf.float32)\n"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.tf1lint]\n")
    (tmp_path / "m.py").write_text(TF1)
    (tmp_path / "other.py").write_text("import tensorflow as tf\n\ntf.app.run()\n")
    return tmp_path


def _index(project: Path) -> Path:
    indexes = list((project / ".tf1lint_cache").glob("index-v*/*.json"))
    assert len(indexes) == 1, indexes
    return indexes[0]


def _rewrite_index(project: Path, line: int, sign: bool = True) -> None:
    """Move every finding in the index to `line`, signed again with this user's secret as only
    tf1lint itself could (or not, to play someone who cannot)."""
    from tf1lint.cache import signing_secret

    path = _index(project)
    signature, _, payload = path.read_bytes().partition(b"\n")
    document = json.loads(payload)
    for _, rows in document["outcomes"].values():
        for finding in rows[0]:
            finding[0] = finding[2] = line
    payload = json.dumps(document, separators=(",", ":")).encode()
    if sign:
        secret = signing_secret()
        assert secret is not None
        signature = hmac.new(secret, payload, hashlib.sha256).hexdigest().encode()
    path.write_bytes(signature + b"\n" + payload)


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
