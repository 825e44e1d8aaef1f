"""The stored report: an unchanged re-run of `check` writes what the last run wrote, and nothing
else ever answers from it: a file edited with its size and time put back, another option, another
folder, another baseline, a report not signed with this user's secret.

A replay is proven by planting a report by hand (signed as only tf1lint itself could): a run that
prints the planted text replayed it, a run that prints the real findings did not."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import CACHED_TF1 as TF1
from conftest import rewrite_signed, run_tf1lint

PLANTED = "planted.py:1:0: E0000 only a replay prints this\n"


@pytest.fixture()
def project(two_file_project: Path) -> Path:
    (two_file_project / "broken.py").write_text("import tensorflow as tf\ndef f(:\n")
    return two_file_project


def _reports(project: Path) -> list[Path]:
    return sorted((project / ".tf1lint_cache").glob("reports-v*/*.json"))


def _plant(project: Path, sign: bool = True) -> None:
    """Replace what every stored report says with PLANTED (and exit status 7)."""

    def plant(document: dict) -> None:
        document["chunks"], document["status"] = [[1, PLANTED]], 7

    reports = _reports(project)
    assert reports, "the first run should have stored its report"
    for path in reports:
        rewrite_signed(path, plant, sign)


def test_an_unchanged_rerun_writes_exactly_what_the_run_wrote(project: Path) -> None:
    uncached = run_tf1lint("check", "--no-cache", ".", cwd=project)
    first = run_tf1lint("check", ".", cwd=project)
    again = run_tf1lint("check", ".", cwd=project)
    assert "broken.py:2:6: cannot check: syntax error" in uncached.stderr, uncached.stderr
    for run in (first, again):
        assert (run.stdout, run.stderr, run.returncode) == (uncached.stdout, uncached.stderr, uncached.returncode)
    _plant(project)
    replayed = run_tf1lint("check", ".", cwd=project)
    assert (replayed.stdout, replayed.stderr, replayed.returncode) == (PLANTED, "", 7)


def test_a_file_edited_with_its_size_and_time_put_back_is_checked_again(project: Path) -> None:
    run_tf1lint("check", ".", cwd=project)
    _plant(project)
    source = project / "m.py"
    before = source.stat()
    with open(source, "r+b") as handle:  # the same inode, the same size
        handle.write(TF1.replace("sess = tf.Session()", "sess = tf.Sessiox()").encode())
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = source.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    completed = run_tf1lint("check", ".", cwd=project)
    assert PLANTED not in completed.stdout
    assert "m.py:3:7:" not in completed.stdout and "m.py:4:4:" in completed.stdout


@pytest.mark.parametrize("change", ["format", "select", "fail-on", "statistics", "folder", "new file",
                                    "removed file", "setting", "environment"])
def test_anything_else_that_differs_is_not_answered_from_the_stored_report(project: Path, change: str) -> None:
    arguments = ["check", "."]
    run_tf1lint(*arguments, cwd=project)
    _plant(project)
    cwd, environment = project, {}
    if change == "format":
        arguments = ["check", "--format", "json", "."]
    elif change == "select":
        arguments = ["check", "--select", "E", "."]
    elif change == "fail-on":
        arguments = ["check", "--fail-on", "never", "."]
    elif change == "statistics":
        arguments = ["check", "--statistics", "."]
    elif change == "folder":  # the same files, shown from elsewhere
        (project / "sub").mkdir()
        cwd, arguments = project / "sub", ["check", ".."]
    elif change == "new file":
        (project / "new.py").write_text("import tensorflow as tf\ntf.Session()\n")
    elif change == "removed file":
        (project / "other.py").unlink()
    elif change == "setting":
        (project / "pyproject.toml").write_text("[tool.tf1lint]\nexclude = ['nothing-matches-this']\n")
    elif change == "environment":
        environment = {"NO_COLOR": "1"}
    completed = _run_with(arguments, cwd, environment)
    assert PLANTED not in completed.stdout and completed.returncode != 7


def _run_with(arguments: list[str], cwd: Path, environment: dict[str, str]):
    import subprocess
    import sys

    from conftest import _env

    return subprocess.run([sys.executable, "-m", "tf1lint", *arguments], cwd=cwd, capture_output=True, text=True,
                          env=_env() | environment, timeout=600, check=False)


def test_another_baseline_is_not_answered_from_the_stored_report(project: Path) -> None:
    run_tf1lint("check", "--write-baseline", "baseline.json", ".", cwd=project)
    (project / "m.py").write_text(TF1 + "y = tf.placeholder(tf.float32)\n")
    first = run_tf1lint("check", "--baseline", "baseline.json", ".", cwd=project)
    assert first.stdout.splitlines()[0].startswith("m.py:5:4:")
    _plant(project)
    assert run_tf1lint("check", "--baseline", "baseline.json", ".", cwd=project).stdout == PLANTED
    (project / "baseline.json").write_text(json.dumps(json.loads((project / "baseline.json").read_text()), indent=1))
    assert run_tf1lint("check", "--baseline", "baseline.json", ".", cwd=project).stdout == first.stdout


def test_a_report_not_signed_with_this_users_secret_is_ignored(project: Path) -> None:
    first = run_tf1lint("check", ".", cwd=project)
    _plant(project, sign=False)
    assert run_tf1lint("check", ".", cwd=project).stdout == first.stdout


def test_a_report_written_to_a_file_or_a_baseline_written_is_never_replayed(project: Path) -> None:
    for arguments in (["-o", "report.json"], ["--write-baseline", "b.json"]):
        run_tf1lint("check", *arguments, ".", cwd=project)
        run_tf1lint("check", *arguments, ".", cwd=project)
    assert not _reports(project)
    (project / "report.json").unlink()
    run_tf1lint("check", "-o", "report.json", ".", cwd=project)
    assert (project / "report.json").exists(), "the second -o run must write its file again"


def test_a_run_with_an_unreadable_file_stores_nothing(project: Path) -> None:
    (project / "gone.py").symlink_to(project / "nowhere.py")
    first = run_tf1lint("check", ".", cwd=project)
    assert "gone.py" in first.stderr
    assert not _reports(project)


def test_a_reports_folder_that_is_a_link_is_never_written_through(project: Path, tmp_path_factory) -> None:
    run_tf1lint("check", "m.py", cwd=project)  # the cache folder exists and is marked as ours
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    for folder in (project / ".tf1lint_cache").glob("reports-v*"):
        for report in folder.iterdir():
            report.unlink()
        folder.rmdir()
        folder.symlink_to(elsewhere)
    run_tf1lint("check", ".", cwd=project)
    run_tf1lint("check", ".", cwd=project)
    assert list(elsewhere.iterdir()) == []
