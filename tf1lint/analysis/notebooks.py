"""Jupyter notebooks: their code cells as one Python source, with a map back to cell and line.

Cells are joined in order so that an import in one cell binds names used in later ones.
IPython syntax (line magics, shell escapes, help queries, non-Python cell magics) is blanked
out line for line, so every remaining line keeps its number inside its cell.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

# Cell magics whose body is still Python; any other (%%bash, %%writefile, ...) hides the cell.
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug", "memit", "tensorflow_version"}


@dataclass(frozen=True)
class NotebookSource:
    text: str
    # line number in `text` (1-based) -> (cell number, 1-based across all cells; line in that cell)
    places: tuple[tuple[int, int], ...]
    # cell number -> columns of common indentation removed from its lines (IPython removes it too)
    indents: dict[int, int]
    # cell number -> its text as it is in `text`, for compiling each cell alone as Jupyter does
    cells: dict[int, str] = field(default_factory=dict)

    def place(self, line: int) -> tuple[int, int]:
        return self.places[line - 1] if 0 < line <= len(self.places) else (0, line)

    def indent(self, cell: int) -> int:
        return self.indents.get(cell, 0)


class NotebookError(Exception):
    """The file is not a notebook tf1lint can read; the message is one line for the user."""


# Python's tokenizer ends a line at \r\n, \r or \n (not at the other breaks str.splitlines knows).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Cell:
    """One cell as the notebook (or the editor) holds it: its text and whether it is code."""

    text: str
    is_code: bool = True


def read_notebook(raw: bytes, skip_cells: frozenset[int] = frozenset()) -> NotebookSource:
    return join_cells(notebook_cells(raw), skip_cells)


def notebook_cells(raw: bytes) -> tuple[Cell, ...]:
    """The cells of an .ipynb file; none for a notebook in another language (not ours to judge)."""
    try:
        document = json.loads(raw.decode("utf-8-sig"), parse_int=_integer)
    except (UnicodeDecodeError, ValueError) as error:  # ValueError: also a number too long to convert
        raise NotebookError(f"not a valid notebook (JSON): {str(error).splitlines()[0]}") from None
    except RecursionError:
        raise NotebookError("not a valid notebook (JSON): nested too deeply") from None
    cells, source_key = _cells(document)
    if not _is_python(document):
        return ()  # an R or Julia notebook
    return tuple(Cell(_cell_text(cell.get(source_key, ""), number), True)
                 if isinstance(cell, dict) and cell.get("cell_type") == "code" else Cell("", False)
                 for number, cell in enumerate(cells, start=1))


def join_cells(cells: tuple[Cell, ...], skip_cells: frozenset[int] = frozenset()) -> NotebookSource:
    """The code cells (but `skip_cells`) as one Python source with its map back to cell and line."""
    lines: list[str] = []
    places: list[tuple[int, int]] = []
    indents: dict[int, int] = {}
    texts: dict[int, str] = {}
    for number, cell in enumerate(cells, start=1):
        if not cell.is_code or number in skip_cells:
            continue
        python_lines = _python_lines(_LINE_BREAK.split(_LONE_SURROGATE.sub("\ufffd", cell.text)))
        indent = _common_indent(python_lines)
        if indent:
            indents[number] = indent
        start = len(lines)
        for line_number, line in enumerate(python_lines, start=1):
            lines.append(line[indent:])
            places.append((number, line_number))
        texts[number] = "\n".join(lines[start:]) + "\n"
    return NotebookSource("\n".join(lines) + "\n", tuple(places), indents, texts)


def _integer(text: str) -> int:
    # Nothing tf1lint reads is a huge number; converting one would raise (Python limits it).
    return int(text) if len(text) <= 100 else 0


def cell_lines(raw: bytes) -> dict[int, list[str]]:
    """Each code cell's lines as written (before magics are blanked and indentation removed)."""
    try:
        document = json.loads(raw.decode("utf-8-sig"), parse_int=_integer)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise NotebookError(str(error)) from None
    cells, source_key = _cells(document)
    return {number: _LINE_BREAK.split(_cell_text(cell.get(source_key, ""), number))
            for number, cell in enumerate(cells, start=1) if isinstance(cell, dict) and cell.get("cell_type") == "code"}


def _cells(document: Any) -> tuple[list[Any], str]:
    """The cells and the key of their source: nbformat 4 ("cells", "source") or 3
    ("worksheets" of cells, "input")."""
    if isinstance(document, dict) and isinstance(document.get("cells"), list):
        return document["cells"], "source"
    worksheets = document.get("worksheets") if isinstance(document, dict) else None
    if isinstance(worksheets, list) and all(
            isinstance(sheet, dict) and isinstance(sheet.get("cells", []), list) for sheet in worksheets):
        return [cell for sheet in worksheets for cell in sheet.get("cells", [])], "input"
    raise NotebookError("not a valid notebook: no list of cells")


def _is_python(document: dict[str, Any]) -> bool:
    """A notebook says its language in its metadata; one that does not is taken as Python."""
    metadata = document.get("metadata")
    if not isinstance(metadata, dict):
        return True
    for holder, key in ((metadata.get("kernelspec"), "language"), (metadata.get("language_info"), "name"),
                        (metadata, "language")):
        language = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(language, str) and language.strip():
            return language.strip().lower() in ("python", "python2", "python3", "ipython", "ipython3")
    return True


def _cell_text(source: Any, number: int) -> str:
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        text = "".join(source)
    elif isinstance(source, str):
        text = source
    else:
        raise NotebookError(f"not a valid notebook: cell {number}'s source is not text")
    # A lone surrogate (legal in JSON, not in UTF-8) could not be encoded for the parser.
    return _LONE_SURROGATE.sub("\ufffd", text)


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
