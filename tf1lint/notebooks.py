"""Jupyter notebooks: their code cells as one Python source, with a map back to cell and line.

Cells are joined in order so that an import in one cell binds names used in later ones.
IPython syntax (line magics, shell escapes, help queries, non-Python cell magics) is blanked
out line for line, so every remaining line keeps its number inside its cell.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

# Cell magics whose body is still Python; any other (%%bash, %%writefile, ...) hides the cell.
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug", "memit", "tensorflow_version"}


@dataclass(frozen=True)
class NotebookSource:
    text: str
    # line number in `text` (1-based) -> (cell number, 1-based across all cells; line in that cell)
    places: tuple[tuple[int, int], ...]
    # cell number -> columns of common indentation removed from its lines (IPython removes it too)
    indents: dict[int, int]

    def place(self, line: int) -> tuple[int, int]:
        return self.places[line - 1] if 0 < line <= len(self.places) else (0, line)

    def indent(self, cell: int) -> int:
        return self.indents.get(cell, 0)


class NotebookError(Exception):
    """The file is not a notebook tf1lint can read; the message is one line for the user."""


def read_notebook(raw: bytes, skip_cells: frozenset[int] = frozenset()) -> NotebookSource:
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NotebookError(f"not a valid notebook (JSON): {error}") from None
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        raise NotebookError("not a valid notebook: no list of cells")
    lines: list[str] = []
    places: list[tuple[int, int]] = []
    indents: dict[int, int] = {}
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code" or number in skip_cells:
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        if not isinstance(text, str):
            raise NotebookError(f"not a valid notebook: cell {number} has no text source")
        cell_lines = _python_lines(text.split("\n"))
        indent = _common_indent(cell_lines)
        if indent:
            indents[number] = indent
        for line_number, line in enumerate(cell_lines, start=1):
            lines.append(line[indent:])
            places.append((number, line_number))
    return NotebookSource("\n".join(lines) + "\n", tuple(places), indents)


def _common_indent(lines: list[str]) -> int:
    """Leading whitespace shared by every non-blank line (a cell pasted with its indentation)."""
    widths = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
    return min(widths) if widths else 0


def _python_lines(lines: list[str]) -> list[str]:
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split(maxsplit=1)[0] if first[2:].strip() else ""
        if magic not in _PYTHON_CELL_MAGICS:
            return ["" for _ in lines]
        lines = ["", *lines[1:]]
    result, continued = [], False
    for line in lines:
        if continued:
            result.append("")
        elif _is_ipython_only(line):
            # `pass` keeps a block whose only statement was `%pip install ...` valid Python
            result.append(line[: len(line) - len(line.lstrip())] + "pass")
        else:
            result.append(line)
            continue
        # `!cmd \` goes on to the next line, which is shell text too
        continued = line.rstrip().endswith("\\")
    return result


# IPython runs these bare words as magics (automagic) when they are not Python names.
_AUTOMAGIC = re.compile(r"^(ls|cd|pwd|pip|conda|mkdir|cat|rm|cp|mv|env|clear|history|who|whos)(\s+[^=(]*)?$")


def _is_ipython_only(line: str) -> bool:
    stripped = line.strip()
    if stripped.startswith(("%", "!")) or stripped.endswith("?") and not stripped.startswith("#"):
        return True
    if _AUTOMAGIC.match(stripped):
        return True
    # `files = !ls` captures shell output
    head, equals, tail = stripped.partition("=")
    return bool(equals) and tail.strip().startswith("!") and head.strip().isidentifier()
