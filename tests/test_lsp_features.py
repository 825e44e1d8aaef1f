"""The server's pure conversions: columns between UTF-8 bytes and the client's units, findings with
fixes to LSP code actions, the suppression comment edit, and the choice of safe fixes for fix-all."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tf1lint.analysis.findings import Finding
from tf1lint.analysis.positions import UTF8, UTF16, UTF32, byte_to_client, client_to_byte, split_lines
from tf1lint.catalogue.fixes import Applicability, Edit, Fix
from tf1lint.catalogue.model import CatalogueEntry, Kind, Severity
from tf1lint.lsp.features import FIX_ALL_KIND, fix_action, fix_all_action, ignore_edit

LOG = CatalogueEntry(id="renamed:log", api="tf.log", kind=Kind.RENAMED, severity=Severity.ERROR,
                     note="Moved to tf.math.", replacement="tf.math.log")
# é: 2 bytes, 1 UTF-16 unit; 数: 3 bytes, 1 unit; 😀: 4 bytes, 2 UTF-16 units, 1 code point.
LINE = 'x = "é数😀"; y = tf.log(2)'
TF_LOG_BYTES = len('x = "é数😀"; y = '.encode())  # 21


@pytest.mark.parametrize(("encoding", "expected"), [(UTF8, 21), (UTF16, 16), (UTF32, 15)])
def test_byte_column_to_client_units(encoding: str, expected: int) -> None:
    assert TF_LOG_BYTES == 21
    assert byte_to_client(LINE, TF_LOG_BYTES, encoding) == expected
    assert client_to_byte(LINE, expected, encoding) == TF_LOG_BYTES


def test_columns_on_each_side_of_each_wide_character() -> None:
    # (bytes, UTF-16 units, code points) before each character of 'é数😀'
    places = [(5, 5, 5), (7, 6, 6), (10, 7, 7), (14, 9, 8)]
    for byte_column, utf16, utf32 in places:
        assert byte_to_client(LINE, byte_column, UTF16) == utf16
        assert byte_to_client(LINE, byte_column, UTF32) == utf32
        assert client_to_byte(LINE, utf16, UTF16) == byte_column
        assert client_to_byte(LINE, utf32, UTF32) == byte_column


def test_columns_are_clamped_and_never_split_a_character() -> None:
    assert byte_to_client(LINE, 10_000, UTF16) == len(LINE) + 1
    assert byte_to_client("abc", 99, UTF16) == 3
    assert client_to_byte(LINE, 10_000, UTF16) == len(LINE.encode())
    # the middle of 😀's surrogate pair maps to the start of the character
    assert client_to_byte(LINE, 8, UTF16) == 10


def test_lines_split_only_where_python_and_lsp_split_them() -> None:
    assert split_lines("a\r\nb\rc\nd\x0ce\u2028f\n") == ["a", "b", "c", "d\x0ce\u2028f", ""]


def _finding(fix: Fix | None, line: int = 1, column: int = TF_LOG_BYTES) -> Finding:
    return Finding("model.py", line, column, line, column + len("tf.log"), LOG, "tf.log", fix=fix)


def test_a_fix_becomes_a_quick_fix_in_client_units() -> None:
    fix = Fix(Applicability.SAFE, "rename to tf.math.log", (Edit(1, TF_LOG_BYTES, 1, TF_LOG_BYTES + 6, "tf.math.log"),))
    action = fix_action(_finding(fix), "file:///m.py", [LINE], UTF16, [])
    assert action is not None
    assert action.title == "tf1lint: rename to tf.math.log"
    assert action.kind == types.CodeActionKind.QuickFix and action.is_preferred
    (edit,) = action.edit.changes["file:///m.py"]
    assert edit.range == types.Range(start=types.Position(0, 16), end=types.Position(0, 22))
    assert edit.new_text == "tf.math.log"


def test_unsafe_fixes_are_labelled_and_display_only_ones_never_offered() -> None:
    unsafe = Fix(Applicability.UNSAFE, "use tf.compat.v1.log", (Edit(1, 0, 1, 0, "import x\n"),))
    action = fix_action(_finding(unsafe), "file:///m.py", [LINE], UTF16, [])
    assert action is not None and action.title.endswith("(unsafe)") and not action.is_preferred
    shown = Fix(Applicability.DISPLAY_ONLY, "rewrite by hand", (Edit(1, 0, 1, 1, "y"),))
    assert fix_action(_finding(shown), "file:///m.py", [LINE], UTF16, []) is None
    assert fix_action(_finding(None), "file:///m.py", [LINE], UTF16, []) is None


def _apply_one(text: str, edit: types.TextEdit) -> str:
    lines = text.splitlines(keepends=True) + [""]
    start = sum(len(line) for line in lines[:edit.range.start.line]) + edit.range.start.character
    end = sum(len(line) for line in lines[:edit.range.end.line]) + edit.range.end.character
    return text[:start] + edit.new_text + text[end:]


@pytest.mark.parametrize("original, fixed", [
    ("a\nb\nc\n", "a\nB\nc\n"),
    ("a\nb\nc", "a\nb\nC"),  # the last line has no line break
    ("a\nb\n", "import x\na\nb\n"),
    ("a\nb\nb\n", "a\nb\n"),
    ("x = 1\r\ny = 2\r\n", "x = 1\r\ny = 3\r\n"),
    ("", "a\n"),
])
def test_fix_all_replaces_only_the_lines_that_changed(original: str, fixed: str) -> None:
    action = fix_all_action("file:///m.py", original, fixed, UTF16)
    assert action is not None and action.kind == FIX_ALL_KIND
    (edit,) = action.edit.changes["file:///m.py"]
    assert _apply_one(original, edit) == fixed
    assert fix_all_action("file:///m.py", original, original, UTF16) is None


def test_ignore_comment_is_added_or_extended() -> None:
    edit = ignore_edit([LINE], 1, "renamed:log", UTF16)
    assert edit is not None and edit.new_text == "  # tf1lint: ignore[renamed:log]"
    assert edit.range.start == types.Position(0, len(LINE) + 1)  # after 😀's two UTF-16 units
    existing = LINE + "  # tf1lint: ignore[removed:contrib]"
    extended = ignore_edit([existing], 1, "renamed:log", UTF16)
    assert extended is not None and extended.new_text == ", renamed:log"
    assert extended.range.start.character == len(existing) + 1 - 1  # just before the closing bracket
    assert ignore_edit([LINE + "  # tf1lint: ignore[renamed:log]"], 1, "renamed:log", UTF16) is None
    assert ignore_edit([LINE + "  # tf1lint: ignore"], 1, "renamed:log", UTF16) is None
    assert ignore_edit(["y = tf.log(2) + \\"], 1, "renamed:log", UTF16) is None
