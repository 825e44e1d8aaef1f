"""Ctrl-C stops a parallel run at once: `--fix --jobs 2` and `check -j 2` exit 130 within a
second with one line on stderr, no file changes after the signal, and a second Ctrl-C during the
shutdown prints no traceback."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from hostile_env import alive, children
from test_hardening_crashes import start_in_own_session, wait_for_workers

TF1 = "import tensorflow as tf\n" + "y = tf.reduce_sum(x, keep_dims=True)\n" * 40


def many(tmp_path: Path, count: int) -> Path:
    root = tmp_path / "many"
    root.mkdir()
    for number in range(count):
        (root / f"m{number:04}.py").write_text(TF1)
    return root


def changed_after(root: Path, moment: float) -> list[str]:
    return [path.name for path in root.iterdir() if path.stat().st_mtime > moment]


def fixed_count(root: Path) -> int:
    return sum(1 for path in root.iterdir() if path.suffix == ".py" and "keepdims" in path.read_text())


def wait_until(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_ctrl_c_during_fix_with_two_jobs_stops_within_a_second_and_writes_nothing_after(tmp_path: Path) -> None:
    root = many(tmp_path, 3000)
    process = start_in_own_session("check", "--fix", "--no-cache", "--jobs", "2", str(root))
    workers = wait_for_workers(process, 2)
    wait_until(lambda: fixed_count(root) >= 20 or process.poll() is not None)
    os.killpg(process.pid, signal.SIGINT)
    signalled = time.time()
    started = time.monotonic()
    _, stderr = process.communicate(timeout=60)
    took = time.monotonic() - started
    assert (process.returncode, stderr.decode()) == (130, "tf1lint: interrupted\n")
    assert took < 1.0, took
    fixed = fixed_count(root)
    time.sleep(1.0)
    assert fixed_count(root) == fixed < 3000
    # Nothing written after the signal (a rename a worker had already made as it arrived aside).
    assert len(changed_after(root, signalled + 0.05)) == 0
    assert not [name for name in os.listdir(root) if name.endswith(".tf1lint-tmp")]
    assert not [worker for worker in workers if alive(worker)]


def test_ctrl_c_during_check_with_two_jobs_stops_within_a_second(tmp_path: Path) -> None:
    root = many(tmp_path, 600)
    for path in root.iterdir():
        path.write_text(TF1 * 10)
    process = start_in_own_session("check", "--no-cache", "-j", "2", str(root))
    workers = wait_for_workers(process, 2)
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGINT)
    started = time.monotonic()
    _, stderr = process.communicate(timeout=60)
    assert time.monotonic() - started < 1.0
    assert (process.returncode, stderr.decode()) == (130, "tf1lint: interrupted\n")
    assert not [worker for worker in workers if alive(worker)]


def test_a_second_ctrl_c_prints_no_traceback(tmp_path: Path) -> None:
    root = many(tmp_path, 600)
    process = start_in_own_session("check", "--fix", "--no-cache", "--jobs", "2", str(root))
    wait_for_workers(process, 2)
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGINT)
    for _ in range(20):  # again and again while it shuts down
        time.sleep(0.01)
        if process.poll() is not None:
            break
        os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.decode() == "tf1lint: interrupted\n"
    assert not children(process.pid)


def test_a_worker_killed_mid_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    """A worker killed before it could tidy up (the grace after Ctrl-C ran out on a loaded
    machine) leaves its temporary file: the parent removes it, and only what that worker wrote."""
    from tf1lint.files.atomic import discard_left_by

    source = tmp_path / "train.py"
    source.write_text("x = 1\n")
    killed, other = 4242, 4343
    left = tmp_path / f".train.py.{killed}.k2j4h_9a.tf1lint-tmp"
    another_run = tmp_path / f".train.py.{other}.q8w1e_3z.tf1lint-tmp"
    unrelated = tmp_path / f".model.py.{killed}.a1b2c3d4.tf1lint-tmp"
    for path in (left, another_run, unrelated):
        path.write_text("partial")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("keep me")
    linked = tmp_path / f".train.py.{killed}.zzzzzzzz.tf1lint-tmp"
    linked.symlink_to(elsewhere)
    discard_left_by([str(source)], [killed])
    assert not left.exists()
    assert another_run.exists() and unrelated.exists() and source.read_text() == "x = 1\n"
    assert elsewhere.read_text() == "keep me" and linked.is_symlink()  # a link is never taken for our file
