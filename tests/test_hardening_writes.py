"""What `--fix` and the output options may write: a file only if it is still what was read, only
as its owner could have (owner, group, mode and hard links kept, read-only files left alone), and
never a report or baseline over source. A file that cannot be written is named, keeps its
findings in the report, and the run exits 3."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hostile_env import NOBODY, run

from tf1lint.run.apply_fixes import fix_file, write_result
from tf1lint.run.config import Settings
from tf1lint.run.runner import load_index

_, INDEX, _ = load_index(Settings())
TF1 = "import tensorflow as tf\ny = tf.reduce_sum(x, keep_dims=True)\n"
FIXED = TF1.replace("keep_dims", "keepdims")


def source(folder: Path, name: str = "model.py", text: str = TF1) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_an_edit_saved_while_fixing_is_kept_and_the_file_named(tmp_path: Path) -> None:
    path = source(tmp_path)
    result = fix_file(str(path), path.read_bytes(), INDEX)
    assert result.changed
    path.write_text(TF1 + "z = 1  # saved by the user meanwhile\n")
    problem = write_result(result)
    assert problem is not None and str(path) in problem and "changed while" in problem
    assert path.read_text().endswith("# saved by the user meanwhile\n")


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_as_root_a_fixed_file_keeps_its_owner_group_and_mode(tmp_path: Path) -> None:
    path = source(tmp_path)
    os.chown(path, NOBODY, NOBODY)
    path.chmod(0o640)
    completed = run("check", "--fix", "--no-cache", str(path))
    assert completed.returncode == 0, completed.stderr
    status = path.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (NOBODY, NOBODY, 0o640)
    assert path.read_text() == FIXED


def test_a_hard_linked_file_is_refused_with_the_reason_and_keeps_its_findings(tmp_path: Path) -> None:
    path = source(tmp_path)
    os.link(path, tmp_path / "other-name.py")
    completed = run("check", "--fix", "--no-cache", str(path))
    assert completed.returncode == 3
    assert b"hard links" in completed.stderr and str(path).encode() in completed.stderr
    assert b"keep_dims" in completed.stdout  # the finding is still reported
    assert path.read_text() == TF1 and os.stat(path).st_nlink == 2


def test_a_read_only_file_in_a_writable_folder_is_not_replaced(tmp_path: Path) -> None:
    path = source(tmp_path)
    path.chmod(0o444)
    completed = run("check", "--fix", "--no-cache", str(tmp_path))
    assert completed.returncode == 3
    assert b"read-only" in completed.stderr and b"model.py" in completed.stderr
    assert b"Fixed 0 findings, 1 remaining" in completed.stderr
    assert path.read_text() == TF1 and stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_file_another_user_owns_is_not_taken_over(tmp_path: Path) -> None:
    path = source(tmp_path)
    if os.geteuid() != 0:
        pytest.skip("needs root to give the file away")
    os.chown(path, NOBODY, NOBODY)
    path.chmod(0o644)
    completed = run("check", "--fix", "--no-cache", str(path), unprivileged=True)
    assert completed.returncode == 3, completed.stderr
    assert path.read_text() == TF1 and path.stat().st_uid == NOBODY


def test_a_fix_that_cannot_write_is_exit_3_with_its_findings(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = source(folder)
    folder.chmod(0o555)
    try:
        completed = run("check", "--fix", "--no-cache", str(path), unprivileged=True)
    finally:
        folder.chmod(0o755)
    assert completed.returncode == 3
    assert b"cannot write" in completed.stderr and b"model.py" in completed.stderr
    assert b"keep_dims" in completed.stdout
    # The summary does not send the user back to --fix, which they gave.
    assert b"fixable in files left unchanged" in completed.stderr and b"with --fix" not in completed.stderr
    assert path.read_text() == TF1


@pytest.mark.parametrize("option", ["--write-baseline", "-o"])
def test_no_output_option_writes_over_python_source(tmp_path: Path, option: str) -> None:
    path = source(tmp_path)
    train = source(tmp_path, "train.py", "print('not checked, still source')\n")
    for target in (train, path):
        completed = run("check", "--no-cache", option, str(target), str(path))
        assert completed.returncode == 2, completed.stderr
        assert b"refusing to overwrite" in completed.stderr
    assert path.read_text() == TF1 and train.read_text() == "print('not checked, still source')\n"


def test_a_cache_dir_naming_a_source_file_leaves_it_alone(tmp_path: Path) -> None:
    path = source(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.tf1lint]\ncache-dir = \"model.py\"\n")
    completed = run("check", ".", cwd=tmp_path)
    assert completed.returncode == 1 and b"keep_dims" in completed.stdout
    assert path.read_text() == TF1
