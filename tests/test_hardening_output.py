"""Reports are never lost or forged: a failed write keeps the previous report, a report never
overwrites a file it checks, and any file name prints in every format without a crash."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hostile_env import file_size_limit, give_to_nobody, run

TF1 = b"import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
PREVIOUS = "a previous, complete report\n"


def tree_with_many_findings(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    for number in range(40):
        (tree / f"model_{number}.py").write_bytes(TF1 * 20)
    return tree


def test_a_full_disk_keeps_the_previous_report_and_says_so_in_one_line(tmp_path: Path) -> None:
    tree = tree_with_many_findings(tmp_path)
    report = tmp_path / "report.json"
    report.write_text(PREVIOUS)
    # Writes beyond 4 kB fail with EFBIG, as they would on a disk with 4 kB left.
    completed = run("check", "--format", "json", "-o", str(report), str(tree), preexec=file_size_limit(4096))
    stderr = completed.stderr.decode()
    assert completed.returncode == 2, stderr
    assert stderr.count("\n") == 1 and stderr.startswith(f"tf1lint: error: cannot write {report}: ")
    assert report.read_text() == PREVIOUS
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.json", "tree"]  # no temporary left


def test_a_read_only_folder_keeps_the_previous_report(tmp_path: Path) -> None:
    tree = tree_with_many_findings(tmp_path)
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "report.txt").write_text(PREVIOUS)
    give_to_nobody(reports, 0o555)
    completed = run("check", "-o", str(reports / "report.txt"), str(tree), unprivileged=True)
    assert completed.returncode == 2
    assert completed.stderr.decode() == f"tf1lint: error: cannot write {reports / 'report.txt'}: Permission denied\n"
    assert (reports / "report.txt").read_text() == PREVIOUS


@pytest.mark.parametrize("output_name", ["same.py", "./same.py", "link.py"])
def test_an_output_that_is_one_of_the_inputs_is_refused(tmp_path: Path, output_name: str) -> None:
    source = tmp_path / "same.py"
    source.write_bytes(TF1)
    (tmp_path / "link.py").symlink_to(source)
    completed = run("check", "-o", output_name, "same.py", cwd=tmp_path)
    assert completed.returncode == 2
    assert completed.stderr.decode() == (f"tf1lint: error: -o {output_name} is one of the files to check;"
                                         " refusing to overwrite it\n")
    assert source.read_bytes() == TF1


def test_an_output_inside_a_checked_folder_is_refused_too(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "model.py").write_bytes(TF1)
    completed = run("check", "-o", "pkg/model.py", "pkg", cwd=tmp_path)
    assert completed.returncode == 2 and b"refusing to overwrite" in completed.stderr
    assert (tmp_path / "pkg" / "model.py").read_bytes() == TF1


CHECK_FORMATS = ["text", "json", "sarif", "github"]
INVENTORY_FORMATS = ["text", "json", "sarif", "csv", "markdown", "html"]


@pytest.fixture
def badly_named_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    # Latin-1 bytes (not UTF-8) in a name, and a name with a newline that would forge a line.
    (Path(os.fsdecode(bytes(tree) + b"/caf\xe9.py"))).write_bytes(TF1)
    (tree / "x.py\nevil.py:1:0: E5302 forged.py").write_bytes(TF1)
    return tree


@pytest.mark.parametrize(("command", "output_format"),
                         [("check", name) for name in CHECK_FORMATS] + [("inventory", name) for name in INVENTORY_FORMATS])
def test_file_names_that_are_not_utf8_never_crash_a_format(badly_named_tree: Path, tmp_path: Path,
                                                           command: str, output_format: str) -> None:
    report = tmp_path / f"report.{output_format}"
    completed = run(command, "--format", output_format, "-o", str(report), str(badly_named_tree), "--fail-on", "never")
    assert (completed.returncode, completed.stderr) == (0, b"")
    text = report.read_bytes().decode("utf-8")  # the whole report is valid UTF-8
    assert "caf\\xe9.py" in text.replace("\\\\", "\\") or "caf%5Cxe9.py" in text
    if output_format == "json":
        json.loads(text)
    if output_format == "sarif":
        assert len(json.loads(text)["runs"][0]["results"]) == 2


def test_a_newline_in_a_file_name_cannot_forge_a_finding_line(badly_named_tree: Path) -> None:
    completed = run("check", str(badly_named_tree))
    lines = completed.stdout.decode().splitlines()
    assert completed.returncode == 1 and len(lines) == 2
    assert not any(line.startswith("evil.py") for line in lines)
    assert any(line.startswith(f"{badly_named_tree}/x.py\\nevil.py:1:0: E5302 forged.py:2:4: E5302") for line in lines)


def test_an_output_that_is_a_device_or_a_fifo_is_written_not_replaced(tmp_path: Path) -> None:
    """Renaming a report over /dev/null (as root) would turn the machine's /dev/null into a file."""
    import stat as stat_module

    from tf1lint.files.atomic import write_atomically

    write_atomically(os.devnull, "a report nobody keeps\n")
    assert stat_module.S_ISCHR(os.stat(os.devnull).st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomically(fifo, "through the pipe\n")
        assert os.read(reader, 100) == b"through the pipe\n"
        assert stat_module.S_ISFIFO(os.stat(fifo).st_mode)
    finally:
        os.close(reader)
    (tmp_path / "real.json").write_text("old")
    os.symlink(tmp_path / "real.json", tmp_path / "link.json")
    write_atomically(tmp_path / "link.json", "new")
    assert os.path.islink(tmp_path / "link.json") and (tmp_path / "real.json").read_text() == "new"
