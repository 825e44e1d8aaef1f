"""Applying fixes to files: ordered, non-overlapping edits in passes until nothing changes.

Each pass re-checks the file, takes the fixes the user allowed, applies those whose edits do
not overlap an earlier one (the others wait for the next pass) and re-parses the result. A file
that stops parsing is left exactly as it was and named; a file that did not parse to begin with
is never written. Writes go through `write_atomically`, so a reader sees the old file or the
new one. Notebooks are fixed cell by cell, their JSON layout kept.
"""

from __future__ import annotations

import ast
import bisect
import difflib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tf1lint.atomic import WriteRefused, replace_source
from tf1lint.catalogue import TargetIndex
from tf1lint.encoded_source import EncodedSource, SourceProblem, decode
from tf1lint.engine import ParseFailure, check_source
from tf1lint.findings import Finding
from tf1lint.fixes import Applicability, Edit, Fix
from tf1lint.notebooks import NotebookError, read_notebook
from tf1lint.suppressions import apply_suppressions

MAX_PASSES = 10

Selector = Callable[[Finding], bool]


@dataclass
class FixResult:
    """What fixing one file did."""

    path: str
    original: bytes
    fixed: bytes
    applied: int = 0  # fixes applied, over all passes
    remaining: list[Finding] = field(default_factory=list)  # findings left after fixing
    found: list[Finding] = field(default_factory=list)  # the findings before: what stays if it is not written
    failure: str | None = None  # why the file was left alone, for stderr
    parsed: bool = False  # `fixed` went through the parser after its last edit (fix_source's last pass)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def allowed(fix: Fix | None, unsafe: bool) -> bool:
    """Whether the user's flags let this fix apply."""
    if fix is None:
        return False
    return fix.applicability is Applicability.SAFE or (unsafe and fix.applicability is Applicability.UNSAFE)


def fix_source(raw: bytes, path: str, index: TargetIndex, unsafe: bool = False,
               selected: Selector = lambda finding: True) -> FixResult:
    """Fix Python source `raw`; the result says what changed (nothing is written here).

    Each pass reads the bytes as Python does (encoding, line endings) and puts its edits back on
    those bytes, so everything no fix touches stays byte for byte as it was."""
    current = raw
    applied = 0
    found: list[Finding] = []  # the original's findings: a file left unchanged keeps them
    for passes in range(MAX_PASSES + 1):
        outcome = check_source(current, path, index)
        if isinstance(outcome, ParseFailure):
            if current is raw:
                return FixResult(path, raw, raw, failure=str(outcome))
            return FixResult(path, raw, raw, remaining=found, failure=_broke(path, outcome))
        # A suppressed finding (tf1lint: ignore, noqa comments) is never fixed, as it is never reported.
        kept = [f for f in apply_suppressions(current, outcome, path).kept if selected(f)]
        found = kept if current is raw else found
        if passes == MAX_PASSES or not any(allowed(f.fix, unsafe) for f in kept):
            return FixResult(path, raw, current, applied, kept, found=found, parsed=True)
        try:
            source = decode(current)
            fixes = _fixes_in_text(source, current, outcome, path, index, lambda f: selected(f) and allowed(f.fix, unsafe))
            if not fixes:
                return FixResult(path, raw, current, applied, kept, found=found, parsed=True)
            chosen = _non_overlapping(fixes)
            current = source.apply([edit for fix in chosen for edit in fix.edits])
        except SourceProblem as error:
            return FixResult(path, raw, raw, remaining=found, failure=f"{path}: cannot fix: {error}; left unchanged")
        applied += len(chosen)
    raise AssertionError("unreachable: the last pass returns")


def _fixes_in_text(source: EncodedSource, current: bytes, outcome: list[Finding], path: str, index: TargetIndex,
                   wanted: Selector) -> list[Fix]:
    """The fixes to make, from the \\n-ended UTF-8 text whose columns the edits are counted in
    (the bytes' own findings when the file is that text already, as most files are)."""
    text = source.text
    if text.encode("utf-8", "surrogatepass") != current:
        found = check_source(text, path, index)
        if isinstance(found, ParseFailure):
            raise SourceProblem(f"it reads differently once decoded ({found.reason})")
        outcome = apply_suppressions(text, found, path).kept
    else:
        outcome = apply_suppressions(current, outcome, path).kept
    return [f.fix for f in outcome if f.fix is not None and wanted(f)]


def _broke(path: str, failure: ParseFailure) -> str:
    return f"{path}: fixing broke the file ({failure.reason}); left unchanged"


def _start(edit: Edit) -> tuple[int, int]:
    return (edit.line, edit.column)


def _end(edit: Edit) -> tuple[int, int]:
    return (edit.end_line, edit.end_column)


def _non_overlapping(fixes: list[Fix]) -> list[Fix]:
    """Fixes in source order whose edits touch nothing an earlier chosen fix touches; a fix is
    taken whole or not at all. The same insertion wanted by two fixes (one import) counts once.

    Edits are kept in a sorted list searched by bisection, so choosing is O(n log n) in fixes."""
    ordered = sorted(fixes, key=lambda fix: min((_start(e), _end(e)) for e in fix.edits))
    taken: list[tuple[tuple[int, int], tuple[int, int], str]] = []  # sorted by start
    taken_set: set[tuple[tuple[int, int], tuple[int, int], str]] = set()
    chosen = []
    for fix in ordered:
        pieces = [(_start(e), _end(e), e.text) for e in fix.edits]
        new = [piece for piece in pieces if piece not in taken_set]
        if any(_clashes(piece, taken) for piece in new) or _overlapping_among(new):
            continue
        for piece in new:
            bisect.insort(taken, piece)
            taken_set.add(piece)
        chosen.append(Fix(fix.applicability, fix.message,
                          tuple(edit for edit, piece in zip(fix.edits, pieces) if piece in new)))
    return chosen


def _clashes(piece: tuple[tuple[int, int], tuple[int, int], str],
             taken: list[tuple[tuple[int, int], tuple[int, int], str]]) -> bool:
    """Whether `piece` overlaps a taken edit: only the neighbours in start order can."""
    # Taken edits never overlap each other, so their ends rise with their starts: an overlap is
    # always with a neighbour in start order (two, for an insertion and a replacement at one place).
    position = bisect.bisect_left(taken, piece)
    neighbours = taken[max(0, position - 2):position + 2]
    return any(_overlap(piece, other) for other in neighbours)


def _overlapping_among(pieces: list[tuple[tuple[int, int], tuple[int, int], str]]) -> bool:
    return any(_overlap(first, second) for number, first in enumerate(pieces) for second in pieces[number + 1:])


def _overlap(first: tuple, second: tuple) -> bool:
    (start, end, _), (other_start, other_end, _) = first, second
    if start == end and other_start == other_end:
        return start == other_start  # two different insertions at one place: order would be a guess
    if start == end:
        return other_start < start < other_end
    if other_start == other_end:
        return start < other_start < end
    return start < other_end and other_start < end


def apply_edits(raw: bytes, edits: list[Edit]) -> bytes:
    """Apply non-overlapping edits to UTF-8, \\n-ended text (one pass over the bytes)."""
    return decode(raw).apply(edits)


def fix_notebook(raw: bytes, path: str, index: TargetIndex, unsafe: bool = False,
                 selected: Selector = lambda finding: True) -> FixResult:
    """Fix a notebook's code cells; only their `source` changes, the rest of the JSON is kept."""
    try:
        notebook = read_notebook(raw)
        document = json.loads(raw.decode("utf-8-sig"))
    except (NotebookError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return FixResult(path, raw, raw, failure=f"{path}: cannot fix: {error}")
    joined = notebook.text.encode("utf-8", "surrogateescape")
    result = fix_source(joined, path, index, unsafe, selected)
    if result.failure or not result.changed:
        return FixResult(path, raw, raw, result.applied if not result.failure else 0, result.remaining, result.failure)
    # Re-apply per cell: the fixed joined text, cut back into cells along the original places.
    old_lines = notebook.text.split("\n")
    matcher = difflib.SequenceMatcher(a=old_lines, b=result.fixed.decode("utf-8", "surrogateescape").split("\n"),
                                      autojunk=False)
    cell_lines: dict[int, dict[int, list[str]]] = {}
    new_lines = result.fixed.decode("utf-8", "surrogateescape").split("\n")
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        if a_start == a_end:  # pure insertion: attach to the line before (or the first line)
            anchor = max(a_start - 1, 0)
            cell, line = notebook.place(anchor + 1)
            if cell == 0:
                return FixResult(path, raw, raw, failure=f"{path}: cannot map a fix back to its cell; left unchanged")
            slot = cell_lines.setdefault(cell, {})
            original = old_lines[anchor] if a_start > 0 else ""
            inserted = new_lines[b_start:b_end]
            slot[line] = [*slot.get(line, [original]), *inserted] if a_start > 0 else [*inserted, original]
            continue
        # Lines changed in place come back one by one: difflib joins neighbouring changes into one
        # block even when they sit in two cells (the last line of one, the first of the next).
        blocks = ([(old, old + 1, new, new + 1) for old, new in zip(range(a_start, a_end), range(b_start, b_end))]
                  if a_end - a_start == b_end - b_start else [(a_start, a_end, b_start, b_end)])
        for old_start, old_end, new_start, new_end in blocks:
            places = [notebook.place(number + 1) for number in range(old_start, old_end)]
            if len({cell for cell, _ in places}) != 1 or places[0][0] == 0:
                return FixResult(path, raw, raw, failure=f"{path}: a fix spans notebook cells; left unchanged")
            slot = cell_lines.setdefault(places[0][0], {})
            replacement = new_lines[new_start:new_end]
            for offset, (_, line) in enumerate(places):
                slot[line] = replacement if offset == 0 else []
    cells = document["cells"]
    for cell, changes in cell_lines.items():
        source = cells[cell - 1].get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        lines = text.split("\n")
        indent = " " * notebook.indent(cell)
        for line, replacement in changes.items():
            lines[line - 1] = "\n".join(indent + piece if piece else piece for piece in replacement) \
                if replacement else None  # type: ignore[call-overload]
        new_text = "\n".join(line for line in lines if line is not None)
        cells[cell - 1]["source"] = new_text.splitlines(keepends=True) if isinstance(source, list) else new_text
    fixed = _dump_like(document, raw)
    return FixResult(path, raw, fixed, result.applied, result.remaining, found=result.found)


def _dump_like(document: object, raw: bytes) -> bytes:
    """JSON with the original's indentation and trailing newline (nbformat writes indent=1)."""
    text = raw.decode("utf-8-sig")
    match = re.search(r"\n([ \t]+)\"", text)
    indent = len(match.group(1)) if match else 1
    dumped = json.dumps(document, indent=indent, ensure_ascii=False)
    if text.endswith("\n"):
        dumped += "\n"
    return dumped.encode("utf-8")


def fix_file(path: str, raw: bytes, index: TargetIndex, unsafe: bool = False,
             selected: Selector = lambda finding: True) -> FixResult:
    """Fix one file's content (a notebook or Python source); nothing is written here."""
    if path.endswith(".ipynb"):
        return fix_notebook(raw, path, index, unsafe, selected)
    return fix_source(raw, path, index, unsafe, selected)


def write_result(result: FixResult) -> str | None:
    """Write a changed file atomically, keeping its permissions; the error line, or None."""
    if not result.changed or result.failure:
        return None
    if not result.path.endswith(".ipynb") and not result.parsed:
        try:
            ast.parse(result.fixed)
        except (SyntaxError, ValueError):
            return f"{result.path}: the fixed file does not parse; left unchanged"
    try:
        replace_source(result.path, result.original, result.fixed)
    except WriteRefused as refused:
        return f"tf1lint: error: cannot write {result.path}: {refused}; left unchanged"
    except OSError as error:
        return f"tf1lint: error: cannot write {result.path}: {error.strerror or error}; left unchanged"
    return None


def unified_diff(result: FixResult) -> str:
    """What fixing changed, as `diff -u` shows it (paths prefixed a/ and b/ like git)."""
    old = result.original.decode("utf-8", "replace").splitlines(keepends=True)
    new = result.fixed.decode("utf-8", "replace").splitlines(keepends=True)
    shown = result.path.lstrip("/")
    return "".join(difflib.unified_diff(old, new, fromfile=f"a/{shown}", tofile=f"b/{shown}"))
