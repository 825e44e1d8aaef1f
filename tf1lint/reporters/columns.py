"""Character columns for the formats that count characters (SARIF, GitHub annotations).

Findings carry pylint's convention, a 0-based offset in the line's UTF-8 bytes (what Python's
ast gives). On a line with non-ASCII text before the finding the two differ, so these formats
convert with the line's own text, read again only for files that have findings.
"""

from __future__ import annotations

import io
import os
import re
import tokenize
from functools import lru_cache

from tf1lint.analysis.findings import Finding
from tf1lint.analysis.notebooks import NotebookError, cell_lines

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def character_span(finding: Finding) -> tuple[int, int]:
    """(start, end) as 0-based character (code point) columns; the byte columns when the line
    cannot be read again (a file gone or renamed since, a name shown escaped)."""
    start_line = _line(finding.path, finding.cell, finding.line)
    end_line = start_line if finding.end_line == finding.line else _line(finding.path, finding.cell, finding.end_line)
    return _characters(start_line, finding.column), _characters(end_line, finding.end_column)


def _characters(line: str | None, byte_column: int) -> int:
    if line is None:
        return byte_column
    return len(line.encode("utf-8", "surrogatepass")[:byte_column].decode("utf-8", "ignore"))


def _line(path: str, cell: int | None, number: int) -> str | None:
    lines = _lines(path, cell)
    return lines[number - 1] if lines is not None and 0 < number <= len(lines) else None


@lru_cache(maxsize=64)
def _lines(path: str, cell: int | None) -> tuple[str, ...] | None:
    try:
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as handle:
            raw = handle.read()
        if cell is not None:
            return tuple(cell_lines(raw).get(cell, ()))
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        return tuple(_LINE_BREAK.split(raw.decode(encoding)))
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError, NotebookError, MemoryError):
        return None
