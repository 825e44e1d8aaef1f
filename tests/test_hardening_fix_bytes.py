"""`check --fix` on the bytes Python reads: byte-order marks, PEP 263 coding lines, \\r, \\r\\n and
mixed line endings. Each fix lands where the finding is, the file keeps its encoding and endings,
and a file that needs no fix is byte for byte what it was."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hostile_env import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tf1lint.fix.encoded_source import SourceProblem, decode
from tf1lint.run.apply_fixes import fix_source
from tf1lint.run.config import Settings
from tf1lint.run.runner import load_index

_, INDEX, _ = load_index(Settings())
BODY = ["import tensorflow as tf", "x = tf.reduce_sum(y, keep_dims=True)"]
FIXED = ["import tensorflow as tf", "x = tf.reduce_sum(y, keepdims=True)"]


def fixed_bytes(raw: bytes, unsafe: bool = False) -> bytes:
    result = fix_source(raw, "model.py", INDEX, unsafe)
    assert result.failure is None, result.failure
    return result.fixed


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_each_line_ending_is_kept_and_the_fix_lands_on_its_word(ending: str) -> None:
    raw = ending.join(BODY).encode() + ending.encode()
    assert fixed_bytes(raw) == ending.join(FIXED).encode() + ending.encode()


def test_mixed_line_endings_are_kept_line_by_line() -> None:
    raw = (b"import tensorflow as tf\r\nx = 1\ry = tf.reduce_sum(a, keep_dims=True)\n"
           b"z = tf.reduce_sum(b, keep_dims=True)\r\n")
    assert fixed_bytes(raw) == (b"import tensorflow as tf\r\nx = 1\ry = tf.reduce_sum(a, keepdims=True)\n"
                                b"z = tf.reduce_sum(b, keepdims=True)\r\n")


def test_a_fix_on_the_first_line_of_a_file_with_a_bom_lands_on_its_word() -> None:
    raw = b"\xef\xbb\xbfimport tensorflow.contrib.slim as slim\nslim.conv2d(x, 3)\n"
    assert fixed_bytes(raw, unsafe=True) == b"\xef\xbb\xbfimport tf_slim as slim\nslim.conv2d(x, 3)\n"


def test_a_latin_1_file_keeps_its_encoding_and_gets_the_fix_in_place() -> None:
    raw = ("# -*- coding: latin-1 -*-\nimport tensorflow as tf\n"
           "s = 'ééé'; x = tf.reduce_sum(y, keep_dims=True)\n").encode("latin-1")
    assert fixed_bytes(raw) == raw.replace(b"keep_dims", b"keepdims")


def test_a_shift_jis_file_keeps_its_bytes() -> None:
    raw = ("# coding: shift_jis\nimport tensorflow as tf\n"
           "s = '表示'; x = tf.reduce_sum(y, keep_dims=True)\n").encode("shift_jis")
    assert fixed_bytes(raw) == raw.replace(b"keep_dims", b"keepdims")


def test_an_inserted_import_ends_its_line_like_the_file() -> None:
    raw = b"import tensorflow as tf\r\nx = tf.contrib.layers.xavier_initializer()\r\n"
    result = fix_source(raw, "model.py", INDEX, unsafe=True)
    assert result.failure is None and result.changed
    assert b"\n" not in result.fixed.replace(b"\r\n", b""), result.fixed
    ast.parse(result.fixed)


def test_a_file_that_does_not_come_back_from_its_encoding_is_refused_in_one_line() -> None:
    # ISO-2022-JP is stateful: a line that ends in the middle of a shift does not re-encode alone.
    with pytest.raises(SourceProblem):
        decode(b"# coding: iso-2022-jp\nx = '\x1b$B$\"\x1b(B'\x1b$B\n\x1b(B")


def test_the_cli_fixes_a_cr_only_file_instead_of_failing_the_run(tmp_path: Path) -> None:
    (tmp_path / "cr.py").write_bytes(b"\r".join(line.encode() for line in BODY) + b"\r")
    (tmp_path / "plain.py").write_text("\n".join(BODY) + "\n")
    completed = run("check", "--fix", "--no-cache", str(tmp_path))
    assert completed.returncode in (0, 1), completed.stderr
    assert (tmp_path / "cr.py").read_bytes() == b"\r".join(line.encode() for line in FIXED) + b"\r"
    assert (tmp_path / "plain.py").read_text() == "\n".join(FIXED) + "\n"


# A file with nothing to fix: any encoding, BOM, endings (even mixed) and text come back unchanged.
_ENCODINGS = ["utf-8", "latin-1", "cp1252", "shift_jis", "utf-8-sig"]
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00"), max_size=30)


@st.composite
def sources_without_fixes(draw: st.DrawFn) -> bytes:
    encoding = draw(st.sampled_from(_ENCODINGS))
    lines = ["import tensorflow as tf", f"# {draw(_TEXT)}", f"s = {draw(_TEXT)!r}",
             "x = tf.constant(1)", draw(st.sampled_from(["tf.Session()", "tf.placeholder(tf.float32)", ""]))]
    if encoding not in ("utf-8", "utf-8-sig"):
        lines.insert(0, f"# -*- coding: {encoding} -*-")
    endings = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines), max_size=len(lines)))
    text = "".join(line + ending for line, ending in zip(lines, endings))
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, "replace")


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources_without_fixes())
def test_a_file_with_no_applicable_fix_is_byte_identical_after_fix(raw: bytes) -> None:
    result = fix_source(raw, "model.py", INDEX, unsafe=False)
    assert result.fixed == raw


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources_without_fixes(), st.sampled_from(["\n", "\r\n", "\r"]))
def test_a_fix_changes_only_the_words_it_fixes(raw: bytes, ending: str) -> None:
    extra = f"z = tf.reduce_sum(w, keep_dims=True){ending}".encode()
    result = fix_source(raw + extra, "model.py", INDEX, unsafe=False)
    assert result.failure is None
    assert result.fixed == raw + extra.replace(b"keep_dims", b"keepdims")
