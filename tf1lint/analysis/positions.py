"""Columns in the three units that matter to an editor: the engine's UTF-8 bytes, and the UTF-16
or UTF-32 code units an LSP client counts in (UTF-16 unless it negotiated another encoding).

Every conversion between them lives here so that no other module counts characters itself; and
the line a statement starts on, which the fix builder and the incremental parser both need.
"""

from __future__ import annotations

import ast
import re

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"

# LSP and Python's tokenizer both end a line at \r\n, \r or \n, and at nothing else
# (str.splitlines would also split at \f, \x1c, \u2028... and shift every later line).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of `text` without their line breaks; a final break opens one last empty line."""
    return _LINE_BREAK.split(text)


def _units(text: str, encoding: str) -> int:
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    # Characters beyond the Basic Multilingual Plane take two UTF-16 code units.
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)


def byte_to_client(line: str, byte_column: int, encoding: str) -> int:
    """The client column for a UTF-8 byte offset into `line` (clamped to the line's end)."""
    byte_column = max(byte_column, 0)
    if line.isascii():
        return min(byte_column, len(line))
    if encoding == UTF8:
        return min(byte_column, _units(line, UTF8))
    prefix = line.encode("utf-8", "surrogatepass")[:byte_column]
    # A column inside a multi-byte character (never produced by ast) counts up to that character.
    return _units(prefix.decode("utf-8", "ignore"), encoding)


def client_to_byte(line: str, client_column: int, encoding: str) -> int:
    """The UTF-8 byte offset for a client column in `line` (clamped to the line's end)."""
    if encoding == UTF8:
        return min(max(client_column, 0), _units(line, UTF8))
    if line.isascii():
        return min(max(client_column, 0), len(line))
    counted = 0
    characters = 0
    for character in line:
        width = 2 if encoding == UTF16 and ord(character) > 0xFFFF else 1
        if counted + width > client_column:
            break
        counted += width
        characters += 1
    return len(line[:characters].encode("utf-8", "surrogatepass"))


def line_end_byte(line: str) -> int:
    return len(line.encode("utf-8", "surrogatepass"))


def first_line(statement: ast.stmt) -> int:
    """The line a statement's text starts on: decorators sit above its `def`/`class` line."""
    return min([statement.lineno, *(decorator.lineno for decorator in getattr(statement, "decorator_list", ()))])
