"""No single input, signal or resource limit costs a run its other findings or prints a traceback.

Exit status 4 says "tf1lint itself failed" (README), so that CI can tell a crash from findings (1)
and from files that could not be checked (3).
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import time
from pathlib import Path

import pytest
from hostile_env import alive, children, command, environment, give_to_nobody, memory_limit, run

TF1 = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
GOOD_FINDING = "compat-only:placeholder"


def findings_and_errors(completed: subprocess.CompletedProcess) -> tuple[list[dict], list[str]]:
    stderr = completed.stderr.decode()
    assert "Traceback" not in stderr, stderr
    return json.loads(completed.stdout or b"[]"), stderr.splitlines()


def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    root.mkdir()
    (root / "a_good.py").write_text(TF1)
    (root / "z_good.py").write_text(TF1)
    return root


# -- the folder walk -----------------------------------------------------------------------------


def test_a_sub_folder_another_user_keeps_closed_is_reported_and_the_rest_checked(tmp_path: Path) -> None:
    root = tree(tmp_path)
    (root / "data").mkdir()
    (root / "data" / "model.py").write_text(TF1)
    give_to_nobody(root / "data", 0o700)
    completed = run("check", "--format", "json", str(root), unprivileged=True)
    findings, errors = findings_and_errors(completed)
    assert completed.returncode == 3
    assert errors == [f"{root / 'data'}:0:0: cannot check: cannot list this folder: Permission denied"]
    assert [Path(f["path"]).name for f in findings] == ["a_good.py", "z_good.py"]


def test_a_folder_that_can_be_entered_but_not_listed_is_reported_not_skipped(tmp_path: Path) -> None:
    root = tree(tmp_path)
    (root / "drop").mkdir()
    (root / "drop" / "model.py").write_text(TF1)
    give_to_nobody(root / "drop", 0o711)
    completed = run("check", "--format", "json", str(root), unprivileged=True)
    findings, errors = findings_and_errors(completed)
    assert completed.returncode == 3
    assert errors == [f"{root / 'drop'}:0:0: cannot check: cannot list this folder: Permission denied"]
    assert len(findings) == 2
    # A file inside it named explicitly is still read: entering is allowed, listing is not.
    completed = run("check", "--format", "json", str(root / "drop" / "model.py"), unprivileged=True)
    assert completed.returncode == 1 and len(json.loads(completed.stdout)) == 1


# -- notebooks whose JSON is valid but unusual ---------------------------------------------------------


def notebook(cells: list, **extra: object) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5, **extra})


def code_cell(source: object) -> dict:
    return {"cell_type": "code", "metadata": {}, "outputs": [], "source": source}


IMPORT_AND_SESSION = ["import tensorflow as tf\n", "tf.Session()\n"]


@pytest.mark.parametrize(("name", "text", "expected"), [
    # A 5,000-digit number in the metadata: Python refuses to convert it, the notebook is still fine.
    ("long_integer.ipynb", notebook([code_cell(IMPORT_AND_SESSION)], extra_number=0).replace(
        '"extra_number": 0', '"extra_number": ' + "9" * 5000), "finding"),
    ("deep.ipynb", '{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}", "not a valid notebook (JSON): nested too deeply"),
    ("number_in_source.ipynb", notebook([code_cell(["import tensorflow as tf\n", 5])]),
     "not a valid notebook: cell 1's source is not text"),
    ("surrogate.ipynb", notebook([code_cell(IMPORT_AND_SESSION + ['name = "\\ud800"\n'])]).replace("\\\\ud800", "\\ud800"),
     "finding"),
])
def test_unusual_notebooks_give_one_line_or_findings(tmp_path: Path, name: str, text: str, expected: str) -> None:
    root = tree(tmp_path)
    (root / name).write_text(text)
    completed = run("check", "--format", "json", str(root))
    findings, errors = findings_and_errors(completed)
    rules = [(Path(f["path"]).name, f["rule"]) for f in findings]
    assert ("a_good.py", GOOD_FINDING) in rules and ("z_good.py", GOOD_FINDING) in rules
    if expected == "finding":
        assert (completed.returncode, errors) == (1, [])
        assert (name, "compat-only:Session") in rules
    else:
        assert completed.returncode == 3
        assert errors == [f"{root / name}:0:0: cannot check: {expected}"]


# -- versions written with Unicode digits ----------------------------------------------------------


def test_a_target_with_unicode_digits_is_a_usage_error(tmp_path: Path) -> None:
    completed = run("check", "--target", "2.¹", str(tree(tmp_path)))
    assert completed.returncode == 2
    assert completed.stderr.decode() == ("tf1lint: error: unknown target TensorFlow version '2.¹'"
                                         " (expected 2.0 to 2.21, written like 2.15)\n")


def test_a_catalogue_version_with_unicode_digits_names_the_file_and_line(tmp_path: Path) -> None:
    catalogue = tmp_path / "team.yaml"
    catalogue.write_text('catalogue: 1\nentries:\n  - id: team:x\n    api: tf.x\n    kind: removed\n'
                         '    note: Gone.\n    since: "2.²"\n')
    completed = run("check", "--catalogue", str(catalogue), str(tree(tmp_path)))
    assert completed.returncode == 2
    assert completed.stderr.decode() == (f"tf1lint: error: {os.path.relpath(catalogue)}:7: unknown TensorFlow version"
                                         " '2.²' in since (expected a TF2 version like \"2.16\")\n")


# -- resources ----------------------------------------------------------------------------------------


def test_a_file_too_big_for_the_memory_limit_is_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    root = tree(tmp_path)
    huge = root / "m_huge.py"
    with open(huge, "wb") as handle:  # a sparse 1 GiB file: no disk used, but reading it needs 1 GiB
        handle.truncate(1 << 30)
    completed = run("check", "--format", "json", str(root), preexec=memory_limit(600 << 20))
    findings, errors = findings_and_errors(completed)
    assert completed.returncode == 3
    assert errors == [f"{huge}:0:0: cannot check: not enough memory to check this file"]
    assert len(findings) == 2


def test_an_internal_error_on_one_file_is_reported_for_it_with_status_4(tmp_path: Path) -> None:
    root = tree(tmp_path)
    # Nested deeper than the default stack: analysed on a thread with a large stack, which a
    # 400 MB address-space limit does not allow. That is tf1lint's own failure, not the file's.
    (root / "m_deep.py").write_text("import tensorflow as tf\nx = " + "+".join(["tf.a"] * 30_000) + "\n")
    completed = run("check", "--format", "json", str(root), preexec=memory_limit(400 << 20))
    findings, errors = findings_and_errors(completed)
    assert completed.returncode == 4
    assert len(errors) == 1 and errors[0].startswith(f"{root / 'm_deep.py'}:0:0: cannot check: internal error in tf1lint (")
    assert len(findings) == 2


def test_a_small_deeply_nested_file_is_not_called_too_large(tmp_path: Path) -> None:
    nested = tmp_path / "lambdas.py"
    nested.write_text("import tensorflow as tf\nf = " + "lambda: " * 3000 + "tf.Session\n")  # 24 kB
    completed = run("check", str(nested))
    assert completed.returncode == 3
    assert completed.stderr.decode() == f"{nested}:1:0: cannot check: the code is nested too deeply for Python's parser\n"


def many_files(tmp_path: Path, count: int = 240, repeat: int = 150) -> Path:
    root = tmp_path / "many"
    root.mkdir()
    for number in range(count):
        (root / f"model_{number:03}.py").write_text(TF1 + "y = tf.Session()\n" * repeat)
    return root


def start_in_own_session(*args: str) -> subprocess.Popen:
    # As a terminal's foreground job: Ctrl-C at its default. A test run started in the background
    # by a non-interactive shell inherits SIGINT ignored (POSIX), and so would tf1lint; a handled
    # signal is reset to its default when the child executes.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen(command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment(),
                                start_new_session=True)
    finally:
        signal.signal(signal.SIGINT, previous)


def wait_for_workers(process: subprocess.Popen, count: int, seconds: float = 30) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        workers = children(process.pid)
        if len(workers) >= count:
            return workers
        if process.poll() is not None:
            break
        time.sleep(0.005)
    pytest.fail(f"tf1lint did not start {count} worker processes")


def test_a_worker_killed_mid_run_costs_no_findings(tmp_path: Path) -> None:
    root = many_files(tmp_path)
    # --no-cache: the files are alike, and results cached by content would end the run before the kill.
    process = start_in_own_session("check", "--no-cache", "--format", "json", "--jobs", "2", str(root))
    worker = wait_for_workers(process, 2)[0]
    os.kill(worker, signal.SIGKILL)  # as the out-of-memory killer would
    stdout, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr.decode()
    assert process.returncode == 1, stderr
    assert len({finding["path"] for finding in json.loads(stdout)}) == 240


def test_ctrl_c_with_jobs_prints_one_line_and_leaves_no_worker(tmp_path: Path) -> None:
    root = many_files(tmp_path, repeat=600)
    process = start_in_own_session("check", "--no-cache", "--jobs", "2", str(root))  # really working when hit
    workers = wait_for_workers(process, 2)
    time.sleep(0.2)
    os.killpg(process.pid, signal.SIGINT)  # a terminal sends Ctrl-C to the whole foreground group
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr.decode()) == (130, "tf1lint: interrupted\n")
    time.sleep(0.5)
    assert not [worker for worker in workers if alive(worker)]


def test_a_reader_that_stops_early_gets_no_broken_pipe_traceback(tmp_path: Path) -> None:
    root = many_files(tmp_path, count=40, repeat=20)
    process = subprocess.Popen(command("check", "--jobs", "1", str(root)), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=environment())
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `| head -1` once it has its line, before tf1lint writes
    stderr = process.stderr.read().decode()
    process.wait(timeout=60)
    assert stderr == ""
    assert process.returncode == 141


# -- the catalogue cache ---------------------------------------------------------------------------------


def test_cache_files_of_any_shape_are_ignored_replaced_and_never_run(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    root = tree(tmp_path)
    first = run("check", "--format", "json", str(root), TF1LINT_CACHE_DIR=str(cache))
    assert first.returncode == 1
    witness = tmp_path / "pickle-ran"

    class RunsCode:  # what a hostile cache file would hold
        def __reduce__(self) -> tuple:
            return (os.system, (f"touch {witness}",))

    payloads = [pickle.dumps(RunsCode()), pickle.dumps(5), b"[]", b'{"format": "tf1lint-catalogue-cache"}',
                b"\xff\xfe garbage", b'{"entries": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"]
    # The results cache may share the folder (TF1LINT_CACHE_DIR): only the catalogue's files are tampered with.
    stored = sorted(cache.glob("*.catalogue.json"))
    assert stored
    for number, path in enumerate(stored):
        path.write_bytes(payloads[number % len(payloads)])
    second = run("check", "--format", "json", str(root), TF1LINT_CACHE_DIR=str(cache))
    assert (second.returncode, second.stdout, second.stderr) == (1, first.stdout, b"")
    assert not witness.exists()
    third = run("check", "--format", "json", str(root), TF1LINT_CACHE_DIR=str(cache))
    assert third.stdout == first.stdout
    for path in cache.glob("*.catalogue.json"):  # every file was rewritten as plain data
        assert json.loads(path.read_bytes())["format"] == "tf1lint-catalogue-cache"


def test_the_cache_is_keyed_on_content_not_size_and_time(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    catalogue = tmp_path / "team.yaml"
    source = tmp_path / "uses.py"
    source.write_text("import teamlib\nteamlib.old_call()\n")
    catalogue.write_text("catalogue: 1\nentries:\n  - id: team:old\n    api: teamlib.old_call\n    kind: removed\n"
                         "    severity: error\n    note: Gone.\n")
    status = catalogue.stat()
    first = run("check", "--format", "json", "--catalogue", str(catalogue), str(source), TF1LINT_CACHE_DIR=str(cache))
    assert json.loads(first.stdout)[0]["severity"] == "error"
    # Same size, same modification time, another verdict.
    catalogue.write_text(catalogue.read_text().replace("severity: error", "severity: info "))
    os.utime(catalogue, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert catalogue.stat().st_size == status.st_size
    second = run("check", "--format", "json", "--catalogue", str(catalogue), str(source), TF1LINT_CACHE_DIR=str(cache))
    assert json.loads(second.stdout)[0]["severity"] == "info"


def test_the_cache_folder_is_pruned(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    old = time.time() - 30 * 86400
    for number in range(200):
        stale = cache / f"{number:040x}.catalogue.json"
        stale.write_text("{}")
        os.utime(stale, (old, old))
    (cache / "0123.pickle").write_bytes(b"old format")
    (cache / "notes.txt").write_text("not ours")
    completed = run("check", str(tree(tmp_path)), TF1LINT_CACHE_DIR=str(cache))
    assert completed.returncode == 1
    names = {path.name for path in cache.iterdir()}
    assert len([name for name in names if name.endswith(".catalogue.json")]) <= 64
    assert "notes.txt" in names and "0123.pickle" not in names
