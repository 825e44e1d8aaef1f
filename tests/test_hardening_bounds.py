"""Bounded work: no input makes tf1lint hang, grow without limit or leave processes behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from hostile_env import alive, children, command, environment, run

from tf1lint.run.config import Settings
from tf1lint.run.runner import _PARALLEL_THRESHOLD, default_jobs, load_index
from tf1lint.run.runner import run as run_files

TF1 = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"


def test_a_catalogue_that_is_a_device_returns_at_once_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(TF1)
    started = time.monotonic()
    completed = run("check", "--catalogue", "/dev/zero", str(tmp_path), timeout=60)
    assert completed.returncode == 2
    assert completed.stderr.decode().endswith("dev/zero:0: cannot read catalogue file: not a regular file\n")
    assert completed.stderr.decode().count("\n") == 1
    assert time.monotonic() - started < 30


def test_a_huge_catalogue_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:
        handle.truncate(64 << 20)  # sparse: 64 MB long, no disk used
    completed = run("check", "--catalogue", str(huge), str(tmp_path), timeout=60)
    assert completed.returncode == 2
    assert completed.stderr.decode().endswith("huge.yaml:0: catalogue file too large (67108864 bytes; at most 33554432)\n")


BILLION_LAUGHS = """catalogue: 1
a: &a ["tf.x", "tf.x", "tf.x", "tf.x", "tf.x", "tf.x", "tf.x", "tf.x", "tf.x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
entries: *h
"""


def test_a_yaml_alias_bomb_is_refused_in_one_short_line(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BILLION_LAUGHS)
    (tmp_path / "a.py").write_text(TF1)
    completed = run("check", "--catalogue", str(bomb), str(tmp_path / "a.py"), timeout=60)
    assert completed.returncode == 2
    assert completed.stderr.decode() == (f"tf1lint: error: {os.path.relpath(bomb)}:2: YAML anchors and aliases"
                                         " (&name, *name) are not allowed in a catalogue; write each entry out\n")


def test_many_notebook_cells_that_do_not_parse_cost_linear_time(tmp_path: Path) -> None:
    cells = [{"cell_type": "code", "source": "import tensorflow as tf\n"}]
    for _ in range(4000):
        cells.append({"cell_type": "code", "source": "for x in range(3):\n"})
        cells.append({"cell_type": "code", "source": "y = tf.placeholder(tf.float32)\n"})
    (tmp_path / "bad_cells.ipynb").write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}))
    started = time.monotonic()
    completed = run("check", "--format", "json", str(tmp_path / "bad_cells.ipynb"), timeout=120)
    assert time.monotonic() - started < 60  # about 2 s; 103 s when every bad cell re-parsed the notebook
    assert completed.returncode == 3
    assert len(completed.stderr.decode().splitlines()) == 4000
    # Each bad cell is blamed alone; the valid cell after it keeps its finding.
    assert [finding["cell"] for finding in json.loads(completed.stdout)] == list(range(3, 8002, 2))


def test_a_very_long_attribute_chain_costs_linear_time(tmp_path: Path) -> None:
    links = 1024 * 1024 // 4
    (tmp_path / "chain.py").write_text("import tensorflow as tf\nx = f()" + ".a" * links + "\ny = tf" + ".a" * links
                                       + "\nz = tf.Session\n")
    started = time.monotonic()
    completed = run("check", "--format", "json", str(tmp_path / "chain.py"), timeout=300)
    assert time.monotonic() - started < 120  # a few seconds; minutes when each link re-resolved the chain
    assert completed.returncode == 1, completed.stderr
    assert [finding["rule"] for finding in json.loads(completed.stdout)] == ["compat-only:Session"]


def test_jobs_are_capped_by_files_and_cores() -> None:
    from tf1lint.run.runner import effective_jobs  # pylint: disable=import-outside-toplevel  # new in this change

    cores = default_jobs()
    assert effective_jobs(200, 64) <= min(cores, 64)
    assert effective_jobs(200, _PARALLEL_THRESHOLD - 1) == 1  # too few files to repay a worker
    assert effective_jobs(1, 1000) == 1
    assert effective_jobs(0, 1000) == cores  # automatic: every core on a large tree
    assert effective_jobs(0, 3) == 1


def many_files(tmp_path: Path, count: int, repeat: int = 150) -> Path:
    root = tmp_path / "many"
    root.mkdir()
    for number in range(count):
        (root / f"model_{number:03}.py").write_text(TF1 + "y = tf.Session()\n" * repeat)
    return root


def most_children_seen(process: subprocess.Popen) -> int:
    most = 0
    while process.poll() is None:
        most = max(most, len(children(process.pid)))
        time.sleep(0.005)
    return most


def test_jobs_200_on_64_files_starts_no_more_workers_than_cores(tmp_path: Path) -> None:
    process = subprocess.Popen(command("check", "--jobs", "200", str(many_files(tmp_path, 64))),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment())
    assert most_children_seen(process) <= default_jobs()
    assert process.returncode == 1


def test_parallel_by_default_on_a_large_tree_and_serial_on_a_small_one(tmp_path: Path) -> None:
    large = subprocess.Popen(command("check", str(many_files(tmp_path, 240, repeat=300))),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment())
    expected = default_jobs() if default_jobs() > 1 else 0
    assert most_children_seen(large) == expected
    small_tree = tmp_path / "small"
    small_tree.mkdir()
    for number in range(5):
        (small_tree / f"m{number}.py").write_text(TF1 * 200)
    small = subprocess.Popen(command("check", str(small_tree)), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env=environment())
    assert most_children_seen(small) == 0


def test_workers_die_when_their_parent_is_killed(tmp_path: Path) -> None:
    root = many_files(tmp_path, 240, repeat=600)
    process = subprocess.Popen(command("check", "--jobs", "2", str(root)), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=environment(), start_new_session=True)
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = children(process.pid)
        time.sleep(0.005)
    assert len(workers) >= 2
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(alive(worker) for worker in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [worker for worker in workers if alive(worker)]
    for worker in survivors:  # never leave them behind, even when the test fails
        os.kill(worker, signal.SIGKILL)
    assert survivors == []


def test_workers_share_the_catalogue_loaded_before_them(tmp_path: Path) -> None:
    """The workers use the index the run was given: loaded once, not re-read from the files."""
    team = tmp_path / "team.yaml"
    team.write_text("catalogue: 1\nentries:\n  - id: team:old\n    api: teamlib.old_call\n    kind: removed\n"
                    "    note: Gone.\n")
    settings = Settings(catalogues=[str(team)])
    _, index, problems = load_index(settings)
    assert index is not None and not problems
    team.unlink()  # a worker that re-read the catalogue would now fail
    files = []
    for number in range(_PARALLEL_THRESHOLD * 2):
        path = tmp_path / f"uses_{number}.py"
        path.write_text("import teamlib\nteamlib.old_call()\n")
        files.append(str(path))
    if default_jobs() < 2:
        pytest.skip("one core: no worker processes are started")
    result = run_files(files, index, jobs=2, settings=settings)
    assert result.failures == []
    assert [finding.entry.id for finding in result.findings] == ["team:old"] * len(files)
