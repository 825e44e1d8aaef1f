"""Hostile source files: each gets one line naming it, the run goes on, the exit status says so.

Exit status 3 means "some files could not be checked" (README); findings in the other files are
still printed. The pylint path reports such files with pylint's own messages and goes on too.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import pylint_messages, run_tf1lint

GOOD = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"


def check_with_good_file(tmp_path: Path, *bad: Path) -> tuple[int, list[str], list[dict]]:
    (tmp_path / "zz_good.py").write_text(GOOD)
    completed = run_tf1lint("check", "--format", "json", *map(str, bad), str(tmp_path / "zz_good.py"))
    assert "Traceback" not in completed.stderr
    return completed.returncode, completed.stderr.strip().splitlines(), json.loads(completed.stdout)


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("syntax.py", b"import tensorflow as tf\ndef f(:\n", "syntax error: invalid syntax"),
    ("py2.py", b"import tensorflow as tf\nprint 'hello'\n", "syntax error: Missing parentheses"),
    ("undecodable.py", b"import tensorflow as tf\nname = '\xff\xfe'\n", "syntax error: (unicode error)"),
    ("nul.py", b"import tensorflow as tf\x00\n", "source code"),
])
def test_unparsable_files_get_one_line_and_the_run_goes_on(tmp_path: Path, name: str, content: bytes,
                                                           reason: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    status, errors, findings = check_with_good_file(tmp_path, bad)
    assert status == 3
    assert len(errors) == 1 and errors[0].startswith(f"{bad}:") and reason in errors[0]
    assert [f["rule"] for f in findings] == ["compat-only:placeholder"]


def test_legacy_encoding_with_a_coding_cookie_is_read_and_checked(tmp_path: Path) -> None:
    legacy = tmp_path / "latin1.py"
    legacy.write_bytes("# -*- coding: latin-1 -*-\nimport tensorflow as tf\nname = 'café'\nx = tf.Session()\n"
                       .encode("latin-1"))
    status, errors, findings = check_with_good_file(tmp_path, legacy)
    assert (status, errors) == (1, [])
    assert [(Path(f["path"]).name, f["line"]) for f in findings] == [("latin1.py", 4), ("zz_good.py", 2)]


def test_bom_and_empty_files_are_fine(tmp_path: Path) -> None:
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    (tmp_path / "empty.py").write_bytes(b"")
    status, errors, findings = check_with_good_file(tmp_path, tmp_path / "bom.py", tmp_path / "empty.py")
    assert (status, errors, len(findings)) == (1, [], 2)


def test_directory_fifo_broken_link_and_missing_file(tmp_path: Path) -> None:
    folder = tmp_path / "pkg.py"  # a folder named like a file is walked like any folder
    folder.mkdir()
    (folder / "inner.py").write_text(GOOD)
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)  # would block a plain open() forever
    broken = tmp_path / "broken.py"
    broken.symlink_to(tmp_path / "nowhere.py")
    status, errors, findings = check_with_good_file(tmp_path, folder, fifo, broken, tmp_path / "missing.py")
    assert status == 3
    assert errors == [f"{fifo}:0:0: cannot check: not a regular file",
                      f"{broken}:0:0: cannot check: no such file (or a broken link)",
                      f"{tmp_path / 'missing.py'}:0:0: cannot check: no such file (or a broken link)"]
    assert [Path(f["path"]).name for f in findings] == ["inner.py", "zz_good.py"]


def test_unreadable_file(tmp_path: Path) -> None:
    unreadable = tmp_path / "unreadable.py"
    if os.geteuid() == 0:
        # root reads any mode-000 file; the kernel still refuses reads of this process's raw memory
        unreadable.symlink_to("/proc/self/mem")
        reason = "Input/output error"
    else:
        unreadable.write_text(GOOD)
        unreadable.chmod(0)
        reason = "Permission denied"
    status, errors, findings = check_with_good_file(tmp_path, unreadable)
    assert status == 3
    assert errors == [f"{unreadable}:0:0: cannot check: cannot read: {reason}"]
    assert len(findings) == 1


def test_expressions_nested_thousands_deep_keep_every_finding(tmp_path: Path) -> None:
    deep = tmp_path / "generated.py"
    deep.write_text("import tensorflow as tf\nx = " + " + ".join(["tf.log(1.0)"] * 20000) + "\n")
    status, errors, findings = check_with_good_file(tmp_path, deep)
    assert (status, errors) == (1, [])
    assert len(findings) == 20001


@pytest.mark.slow
def test_a_50_megabyte_generated_file(tmp_path: Path) -> None:
    big = tmp_path / "big.py"
    line = "value_{0} = tf.reduce_sum(tf.ones([3]), axis=0) + {0}  # padding padding padding padding\n"
    with big.open("w") as handle:
        handle.write("import tensorflow as tf\n")
        number = 0
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(line.format(number))
            number += 1
        handle.write("x = tf.Session()\n")
    status, errors, findings = check_with_good_file(tmp_path, big)
    assert (status, errors) == (1, [])
    assert [(Path(f["path"]).name, f["rule"]) for f in findings] == [("big.py", "compat-only:Session"),
                                                                     ("zz_good.py", "compat-only:placeholder")]


def test_pylint_reports_syntax_errors_itself_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("import tensorflow as tf\ndef f(:\n")
    (tmp_path / "good.py").write_text(GOOD)
    from conftest import run_pylint
    completed = run_pylint("--disable=all", "--enable=tf1lint,syntax-error", "--output-format=json2",
                           str(tmp_path / "bad.py"), str(tmp_path / "good.py"))
    messages = json.loads(completed.stdout)["messages"]
    assert sorted((Path(m["path"]).name, m["symbol"]) for m in messages) == [
        ("bad.py", "syntax-error"), ("good.py", "tf1-compat-only-api")]
    assert "Traceback" not in completed.stderr


def test_pylint_plugin_on_an_empty_and_a_latin1_file(tmp_path: Path) -> None:
    (tmp_path / "empty.py").write_text("")
    (tmp_path / "latin1.py").write_bytes("# -*- coding: latin-1 -*-\nimport tensorflow as tf\ns = 'é'\n"
                                         "x = tf.Session()\n".encode("latin-1"))
    messages = pylint_messages(str(tmp_path / "empty.py"), str(tmp_path / "latin1.py"))
    assert [(Path(m["path"]).name, m["line"], m["symbol"]) for m in messages] == [
        ("latin1.py", 4, "tf1-compat-only-api")]
