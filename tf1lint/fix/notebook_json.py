"""Where each code cell's source sits in a notebook's JSON text, so that fixing a cell rewrites
that value alone: everything else (indentation, escapes such as \\u003c, key order, a one-line
file, the trailing newline, outputs holding any JSON) stays byte for byte as it was.

The scanner descends only along cells and their sources (nbformat 4: cells[].source; 3:
worksheets[].cells[].input); every other value is skipped by the standard library's own
scanner, so a large notebook costs about what reading it does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]

_SPACE = re.compile(r"[ \t\n\r]*")


class NotebookLayoutError(ValueError):
    """The JSON is not laid out as a notebook this scanner follows (then the cell is not fixed)."""


@dataclass(frozen=True)
class SourceSpan:
    """A code cell's source value: text[start:end] is its JSON (a string or a list of strings)."""

    cell: int  # numbered as notebooks.read_notebook numbers them, from 1 over all worksheets
    start: int
    end: int
    parts: tuple[tuple[int, int], ...]  # each string's span, for a list; empty for one string
    is_list: bool


# Values outside the cells are skipped, never built: numbers of any length become 0.
_SKIPPER = json.JSONDecoder(parse_int=lambda _: 0, parse_float=lambda _: 0.0, parse_constant=lambda _: 0)


def source_spans(text: str) -> dict[int, SourceSpan]:
    """Code cells' source spans by cell number, in JSON `text` (decoded, without a BOM)."""
    scanner = _Scanner(text)
    spans: dict[int, SourceSpan] = {}
    position = scanner.space(0)
    top = scanner.object_members(position)
    if "cells" in top:
        scanner.cells(top["cells"], "source", spans, 0)
    elif "worksheets" in top:
        position = scanner.expect(top["worksheets"], "[")
        number = 0
        for value in scanner.array_items(position):
            members = scanner.object_members(value)
            if "cells" in members:
                number = scanner.cells(members["cells"], "input", spans, number)
    return spans


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text

    def space(self, position: int) -> int:
        return _SPACE.match(self.text, position).end()  # type: ignore[union-attr]

    def expect(self, position: int, character: str) -> int:
        position = self.space(position)
        if self.text[position:position + 1] != character:
            raise NotebookLayoutError(f"expected {character!r} at character {position}")
        return position + 1

    def skip(self, position: int) -> int:
        """The end of the JSON value starting at `position`."""
        try:
            return _SKIPPER.raw_decode(self.text, self.space(position))[1]
        except (ValueError, RecursionError) as error:
            raise NotebookLayoutError(str(error).splitlines()[0]) from None

    def object_members(self, position: int) -> dict[str, int]:
        """Each key of the object at `position` with where its value starts (the last wins, as in json)."""
        position = self.expect(position, "{")
        members: dict[str, int] = {}
        position = self.space(position)
        if self.text[position:position + 1] == "}":
            return members
        while True:
            position = self.expect(position, '"')
            key, position = scanstring(self.text, position)
            position = self.expect(position, ":")
            members[key] = self.space(position)
            position = self.space(self.skip(position))
            if self.text[position:position + 1] == "}":
                return members
            position = self.expect(position, ",")

    def array_items(self, position: int) -> list[int]:
        """Where each value of the array whose "[" is just before `position` starts."""
        items: list[int] = []
        position = self.space(position)
        if self.text[position:position + 1] == "]":
            return items
        while True:
            items.append(self.space(position))
            position = self.space(self.skip(position))
            if self.text[position:position + 1] == "]":
                return items
            position = self.expect(position, ",")

    def cells(self, position: int, key: str, spans: dict[int, SourceSpan], number: int) -> int:
        for value in self.array_items(self.expect(position, "[")):
            number += 1
            if self.text[value:value + 1] != "{":
                continue
            members = self.object_members(value)
            if key not in members:
                continue
            spans[number] = self.source(number, members[key])
        return number

    def source(self, cell: int, start: int) -> SourceSpan:
        if self.text[start:start + 1] == '"':
            return SourceSpan(cell, start, self.skip(start), (), False)
        parts = tuple((item, self.skip(item)) for item in self.array_items(self.expect(start, "[")))
        if any(self.text[item:item + 1] != '"' for item, _ in parts):
            raise NotebookLayoutError(f"cell {cell}'s source is not text")
        end = self.expect((parts[-1][1] if parts else start + 1), "]")
        return SourceSpan(cell, start, end, parts, True)


@dataclass(frozen=True)
class JsonStyle:
    """How the notebook's writer escaped strings, for the lines a fix writes anew."""

    ascii_only: bool  # every non-ASCII character as \uXXXX
    escapes_markup: bool  # < > & as \u003c \u003e \u0026 (some writers do, for HTML safety)


def json_style(text: str) -> JsonStyle:
    return JsonStyle(text.isascii(), "\\u003c" in text or "\\u003e" in text)


def dump_source(span: SourceSpan, text: str, new: str, old_parts: list[str], style: JsonStyle) -> str:
    """The JSON for a cell's new source `new`, written like the old value: a string stays a string;
    a list keeps its separators and the exact JSON of every line that did not change."""
    ascii_only, escapes_markup = style.ascii_only, style.escapes_markup
    if not span.is_list:
        return _string(new, ascii_only, escapes_markup)
    lines = new.splitlines(keepends=True)
    old_json = {old: text[start:end] for old, (start, end) in zip(old_parts, span.parts)}
    written = [old_json.get(line) or _string(line, ascii_only, escapes_markup) for line in lines]
    if len(span.parts) >= 2:
        opening = text[span.start + 1:span.parts[0][0]]
        separator = text[span.parts[0][1]:span.parts[1][0]]
        closing = text[span.parts[-1][1]:span.end - 1]
    elif span.parts:
        opening = text[span.start + 1:span.parts[0][0]]
        closing = text[span.parts[0][1]:span.end - 1]
        separator = "," + opening
    else:
        opening, separator, closing = "", ", ", ""
    return "[" + opening + separator.join(written) + closing + "]" if written else "[]"


def _string(value: str, ascii_only: bool, escapes_markup: bool) -> str:
    # A lone surrogate cannot be written as UTF-8: as JSON's \uXXXX it round-trips.
    dumped = json.dumps(value, ensure_ascii=ascii_only or not value.isprintable() and _has_surrogate(value))
    if escapes_markup:
        dumped = dumped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return dumped


def _has_surrogate(value: str) -> bool:
    return any("\ud800" <= character <= "\udfff" for character in value)
