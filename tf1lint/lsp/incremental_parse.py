"""Re-parsing only the top-level statements an edit touched, for the editor server.

Python's tokenizer begins every top-level statement in the same state (column 0, no bracket or
string open), so a module's tree is its top-level statements' trees one after the other. When the
text between an unchanged run of statements at the start and one at the end parses on its own,
its statements, moved to their lines, replace the old ones in between and the rest of the tree is
kept. Anything else (that text does not parse alone, the first version of a document, a future
import that changes the grammar) is an ordinary full parse, so the tree is always the one
`ast.parse` gives for the whole text.
"""

from __future__ import annotations

import ast
import re
import threading
from dataclasses import dataclass

from tf1lint.analysis.positions import first_line

# Python's tokenizer ends a line at \r\n, \n or a lone \r, and nowhere else (not at \f or \u2028).
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")
# The one future import that changes how later statements parse (`<>`): never parse in pieces.
_GRAMMAR_CHANGING = "barry_as_FLUFL"


@dataclass
class _Piece:
    """Whole lines of the text and the top-level statements that begin on them."""

    lines: list[str]
    statements: list[ast.stmt]
    first_line: int  # 1-based line of lines[0] in the whole text


class IncrementalParser:
    """Parses successive versions of one document; the tree for each is what `ast.parse` gives."""

    def __init__(self) -> None:
        self._pieces: list[_Piece] = []
        self._lock = threading.Lock()
        self.reused_lines = 0  # of the last parse: lines whose statements were kept, not parsed again

    def parse(self, text: str) -> ast.Module:
        with self._lock:
            lines = _LINE.findall(text)
            if not self._pieces or _GRAMMAR_CHANGING in text:
                return self._parse_whole(text, lines)
            tree = self._parse_changed(lines)
            return tree if tree is not None else self._parse_whole(text, lines)

    def _parse_whole(self, text: str, lines: list[str]) -> ast.Module:
        self._pieces = []
        self.reused_lines = 0
        tree = ast.parse(text)  # a SyntaxError propagates, as from ast.parse itself
        self._pieces = _pieces_of(tree.body, lines, 1)
        return tree

    def _parse_changed(self, lines: list[str]) -> ast.Module | None:
        old = self._pieces
        # The unchanged pieces at the start, then at the end (never overlapping the start).
        first, start = 0, 0
        while first < len(old) and _same_lines(old[first].lines, lines, start):
            start += len(old[first].lines)
            first += 1
        last, end = len(old), len(lines)
        while last > first and end - len(old[last - 1].lines) >= start and \
                _same_lines(old[last - 1].lines, lines, end - len(old[last - 1].lines)):
            end -= len(old[last - 1].lines)
            last -= 1
        try:
            middle = ast.parse("".join(lines[start:end]))
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            return None  # the change reaches across statements, or is an error: the whole text decides
        if start:
            for statement in middle.body:
                ast.increment_lineno(statement, start)
        new_middle = _pieces_of(middle.body, lines[start:end], start + 1) if end > start else []
        shift = end - old[last].first_line + 1 if last < len(old) else 0
        for piece in old[last:]:
            if shift:
                for statement in piece.statements:
                    ast.increment_lineno(statement, shift)
                piece.first_line += shift
        self._pieces = [*old[:first], *new_middle, *old[last:]]
        self.reused_lines = start + len(lines) - end
        return ast.Module(body=[statement for piece in self._pieces for statement in piece.statements],
                          type_ignores=[])


def _same_lines(kept: list[str], lines: list[str], at: int) -> bool:
    return lines[at:at + len(kept)] == kept


def _pieces_of(statements: list[ast.stmt], lines: list[str], start_line: int) -> list[_Piece]:
    """`lines` (starting at line `start_line`) cut where each statement begins; lines before the
    first statement go with it, and text without statements is one piece without any."""
    starts: list[int] = []
    grouped: list[list[ast.stmt]] = []
    for statement in statements:
        begins = first_line(statement)
        if grouped and begins <= starts[-1]:
            grouped[-1].append(statement)  # `a = 1; b = 2`: statements sharing a line stay together
        else:
            starts.append(begins)
            grouped.append([statement])
    if not grouped:
        return [_Piece(lines, [], start_line)] if lines else []
    starts[0] = start_line
    bounds = [start - start_line for start in starts] + [len(lines)]
    return [_Piece(lines[bounds[i]:bounds[i + 1]], grouped[i], starts[i]) for i in range(len(grouped))]
