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
import contextlib
import dataclasses
import difflib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tf1lint.analysis.engine import ParseFailure
from tf1lint.analysis.findings import Finding
from tf1lint.analysis.notebooks import NotebookError, read_notebook
from tf1lint.catalogue.fixes import Applicability, Edit, Fix
from tf1lint.catalogue.model import TargetIndex
from tf1lint.files.atomic import WriteRefused, replace_source
from tf1lint.files.display import shown_path, shown_text
from tf1lint.fix.encoded_source import EncodedSource, SourceProblem, decode
from tf1lint.fix.notebook_json import NotebookLayoutError, dump_source, json_style, source_spans
from tf1lint.run.pipeline import Document, analyse, read_document

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
        analysed = analyse(Document(path, current), index, fixes=True)
        if analysed.failures:
            if current is raw:
                return FixResult(path, raw, raw, failure=str(analysed.failures[0]))
            return FixResult(path, raw, raw, remaining=found, failure=_broke(path, analysed.failures[0]))
        # A suppressed finding (tf1lint: ignore, noqa comments) is never fixed, as it is never reported.
        kept = [f for f in analysed.findings if selected(f)]
        found = kept if current is raw else found
        if passes == MAX_PASSES or not any(allowed(f.fix, unsafe) for f in kept):
            return FixResult(path, raw, current, applied, kept, found=found, parsed=True)
        try:
            source = decode(current)
            fixes = _fixes_in_text(source, current, kept, path, index, lambda f: allowed(f.fix, unsafe))
            if not fixes:
                return FixResult(path, raw, current, applied, kept, found=found, parsed=True)
            chosen = non_overlapping(fixes)
            current = source.apply([edit for fix in chosen for edit in fix.edits])
        except SourceProblem as error:
            return FixResult(path, raw, raw, remaining=found, failure=f"{path}: cannot fix: {error}; left unchanged")
        applied += len(chosen)
    raise AssertionError("unreachable: the last pass returns")


def _fixes_in_text(source: EncodedSource, current: bytes, kept: list[Finding], path: str, index: TargetIndex,
                   wanted: Selector) -> list[Fix]:
    """The fixes to make, from the \\n-ended UTF-8 text whose columns the edits are counted in
    (the bytes' own findings when the file is that text already, as most files are)."""
    text = source.text
    if text.encode("utf-8", "surrogatepass") != current:
        analysed = analyse(Document(path, text), index, fixes=True)
        if analysed.failures:
            raise SourceProblem(f"it reads differently once decoded ({analysed.failures[0].reason})")
        kept = analysed.findings
    return [f.fix for f in kept if f.fix is not None and wanted(f)]


def _broke(path: str, failure: ParseFailure) -> str:
    return f"{path}: fixing broke the file ({failure.reason}); left unchanged"


def _start(edit: Edit) -> tuple[int, int]:
    return (edit.line, edit.column)


def _end(edit: Edit) -> tuple[int, int]:
    return (edit.end_line, edit.end_column)


# An edit or a span a fix is isolated from, as the chooser holds them: start, end, new text, and
# whether it only isolates (held like an edit, so nothing else edits it in the pass, never made).
_Piece = tuple[tuple[int, int], tuple[int, int], str, bool]


def _pieces(fix: Fix) -> list[_Piece]:
    pieces = [(_start(edit), _end(edit), edit.text, False) for edit in fix.edits]
    span = fix.isolated_from
    if span is not None:
        pieces.append(((span.line, span.column), (span.end_line, span.end_column), "", True))
    return pieces


def non_overlapping(fixes: list[Fix]) -> list[Fix]:
    """Fixes in source order whose edits touch nothing an earlier chosen fix touches; a fix is
    taken whole or not at all. The same insertion wanted by two fixes (one import) counts once.
    A fix's `isolated_from` span counts as touched by it: no fix that edits that span lands in
    the same pass (two fixes isolated from the same span may).

    Edits are kept in a sorted list searched by bisection, so choosing is O(n log n) in fixes."""
    ordered = sorted(fixes, key=lambda fix: min((start, end) for start, end, _, _ in _pieces(fix)))
    taken: list[_Piece] = []  # sorted by start
    taken_set: set[_Piece] = set()
    chosen = []
    for fix in ordered:
        pieces = _pieces(fix)
        new = [piece for piece in pieces if piece not in taken_set]
        if any(_clashes(piece, taken) for piece in new) or _overlapping_among(new):
            continue
        for piece in new:
            bisect.insort(taken, piece)
            taken_set.add(piece)
        chosen.append(dataclasses.replace(fix, edits=tuple(edit for edit, piece in zip(fix.edits, pieces)
                                                           if piece in new)))
    return chosen


def _clashes(piece: _Piece, taken: list[_Piece]) -> bool:
    """Whether `piece` overlaps a taken edit: only the neighbours in start order can."""
    # Taken edits never overlap each other, so their ends rise with their starts: an overlap is
    # always with a neighbour in start order (two, for an insertion and a replacement at one place).
    position = bisect.bisect_left(taken, piece)
    neighbours = taken[max(0, position - 2):position + 2]
    return any(_overlap(piece, other) for other in neighbours)


def _overlapping_among(pieces: list[_Piece]) -> bool:
    return any(_overlap(first, second) for number, first in enumerate(pieces) for second in pieces[number + 1:])


def _overlap(first: tuple, second: tuple) -> bool:
    (start, end, *_), (other_start, other_end, *_) = first, second
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
    """Fix a notebook's code cells. Only the sources of the cells a fix changes are rewritten, and
    in them only the lines it changes; every other byte of the JSON stays as it was. A cell that
    does not parse is left alone while the others are fixed."""
    bom = _UTF8_BOM if raw.startswith(_UTF8_BOM) else b""
    current = raw
    applied = 0
    found: list[Finding] = []
    failures = 0
    for passes in range(MAX_PASSES + 1):
        document = read_document(path, path, current)
        if isinstance(document, ParseFailure):  # not a notebook we can read
            return FixResult(path, raw, raw, remaining=found, found=found, failure=str(document))
        outcome = analyse(document, index, fixes=True, fixes_in_cells=False)
        if current is raw:
            failures = len(outcome.failures)
            if any(failure.cell is None for failure in outcome.failures):  # not a notebook we can read
                return FixResult(path, raw, raw, failure=str(outcome.failures[0]))
        elif len(outcome.failures) > failures:
            broken = next(failure for failure in outcome.failures if failure.cell is not None)
            return FixResult(path, raw, raw, remaining=found, found=found,
                             failure=f"{path}: fixing broke cell {broken.cell} ({broken.reason}); left unchanged")
        kept = [f for f in outcome.findings if selected(f)]
        found = kept if current is raw else found
        fixes = [f for f in kept if allowed(f.fix, unsafe)]
        if passes == MAX_PASSES or not fixes:
            return FixResult(path, raw, current, applied, kept, found=found)
        try:
            current, chosen = _fix_cells(current, bom, outcome.failures, fixes)
        except (SourceProblem, NotebookError, NotebookLayoutError, UnicodeDecodeError) as error:
            return FixResult(path, raw, raw, remaining=found, found=found,
                             failure=f"{path}: cannot fix: {error}; left unchanged")
        applied += chosen
    raise AssertionError("unreachable: the last pass returns")


_UTF8_BOM = b"\xef\xbb\xbf"


def _fix_cells(raw: bytes, bom: bytes, failures: list[ParseFailure], fixes: list[Finding]) -> tuple[bytes, int]:
    """One pass: each fix's edits (in the joined cells' lines) placed in their own cells, the
    changed cells' sources written back into the JSON text. Returns the notebook and fixes made."""
    skipped = frozenset(failure.cell for failure in failures if failure.cell is not None)
    notebook = read_notebook(raw, skipped)
    chosen = non_overlapping([finding.fix for finding in fixes if finding.fix is not None])
    by_cell: dict[int, list[Edit]] = {}
    for fix in chosen:
        for edit in fix.edits:
            cell, line = notebook.place(edit.line)
            end_cell, end_line = notebook.place(edit.end_line)
            if edit.end_line == len(notebook.places) + 1 and edit.end_column == 0:  # the end of the last cell
                end_cell, end_line = notebook.places[-1][0], notebook.places[-1][1] + 1
                if edit.line == edit.end_line:
                    cell, line = end_cell, end_line
            if cell == 0 or cell != end_cell:
                raise SourceProblem("a fix reaches across notebook cells")
            shift = notebook.indent(cell)
            by_cell.setdefault(cell, []).append(Edit(line, edit.column + shift, end_line, edit.end_column + shift,
                                                     edit.text))
    text = raw[len(bom):].decode("utf-8")
    spans = source_spans(text)
    if any(cell not in spans for cell in by_cell):
        raise SourceProblem("a cell's source was not found in the notebook's JSON")
    style = json_style(text)
    pieces, position = [], 0
    for cell in sorted(by_cell, key=lambda number: spans[number].start):
        span = spans[cell]
        parts = [json.loads(text[start:end]) for start, end in span.parts] if span.is_list \
            else [json.loads(text[span.start:span.end])]
        new_source = _edit_cell("".join(parts), by_cell[cell], notebook.indent(cell))
        pieces += [text[position:span.start], dump_source(span, text, new_source, parts, style)]
        position = span.end
    pieces.append(text[position:])
    return bom + "".join(pieces).encode("utf-8"), len(chosen)


_CELL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _edit_cell(source: str, edits: list[Edit], indent: int) -> str:
    """A cell's source with `edits` made; lines and columns as the cell is written (columns in
    UTF-8 bytes, a lone surrogate counting as the replacement character the parser saw). A line
    break in new text is the line's own, followed by the line's indentation in the cell."""
    lines = [match.group() for match in _CELL_LINE.finditer(source) if match.group()]
    if not lines or lines[-1].endswith(("\r", "\n")):
        lines.append("")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:
        if line > len(lines):
            return len(source)
        text = lines[line - 1].rstrip("\r\n")
        as_utf8 = _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")
        if column > len(as_utf8):
            return starts[line]
        try:
            return starts[line - 1] + len(as_utf8[:column].decode("utf-8"))
        except UnicodeDecodeError:
            raise SourceProblem(f"an edit at line {line} of a cell splits a character") from None

    placed = set()
    for edit in edits:
        line, column = edit.line, edit.column
        insertion = (edit.end_line, edit.end_column) == (line, column)
        if insertion and line == 1:
            # An import goes after the magics and shell lines a cell opens with (a cell magic
            # must stay first; `%matplotlib inline`, `!pip install` are meant to run first).
            while line < len(lines) and (lines[line - 1].lstrip().startswith(("%", "!"))
                                         or line > 1 and lines[line - 2].rstrip().endswith("\\")):
                line += 1
        ending = next((lines[number][len(lines[number].rstrip("\r\n")):] for number in (line - 1, line - 2, 0)
                       if 0 <= number < len(lines) and lines[number].endswith(("\r", "\n"))), "\n")
        prefix = lines[min(line, len(lines)) - 1][:indent]
        start = offset(line, column)
        end = start if insertion else offset(edit.end_line, edit.end_column)
        placed.add((start, end, edit.text.replace("\n", ending + prefix)))
    pieces, position = [], 0
    for start, end, text in sorted(placed):
        if start < position:
            raise SourceProblem("two edits in one cell overlap")
        pieces += [source[position:start], text]
        position = end
    pieces.append(source[position:])
    return "".join(pieces)


def fix_file(path: str, raw: bytes, index: TargetIndex, unsafe: bool = False,
             selected: Selector = lambda finding: True) -> FixResult:
    """Fix one file's content (a notebook or Python source); nothing is written here. Whatever
    goes wrong is this file's failure alone, named in one line: the run goes on."""
    shown = shown_path(path)
    try:
        if path.endswith(".ipynb"):
            result = fix_notebook(raw, shown, index, unsafe, selected)
        else:
            result = fix_source(raw, shown, index, unsafe, selected)
    except (RecursionError, MemoryError):
        return FixResult(path, raw, raw, failure=f"{shown}: cannot fix: nested too deeply or too large; left unchanged")
    except Exception as error:  # noqa: BLE001  # pylint: disable=broad-exception-caught  # a bug: this file only
        what = shown_text(f"{type(error).__name__}: {error}".splitlines()[0])[:300]
        return FixResult(path, raw, raw, failure=f"{shown}: cannot fix: internal error in tf1lint ({what}),"
                                                  " please report it; left unchanged")
    return dataclasses.replace(result, path=path)


def write_result(result: FixResult) -> str | None:
    """Write a changed file atomically, keeping its permissions; the error line, or None."""
    if not result.changed or result.failure:
        return None
    shown = shown_path(result.path)
    if not result.path.endswith(".ipynb") and not result.parsed:
        try:
            ast.parse(result.fixed)
        except (SyntaxError, ValueError):
            return f"{shown}: the fixed file does not parse; left unchanged"
    try:
        replace_source(result.path, result.original, result.fixed)
    except WriteRefused as refused:
        return f"tf1lint: error: cannot write {shown}: {refused}; left unchanged"
    except OSError as error:
        return f"tf1lint: error: cannot write {shown}: {shown_text(error.strerror or str(error))}; left unchanged"
    return None


def unified_diff(result: FixResult) -> str:
    """What fixing changed, as `diff -u` shows it (paths prefixed a/ and b/ like git, escaped
    like every shown name, so a newline in a name cannot start a line of the diff)."""
    encoding = "utf-8"
    if not result.path.endswith(".ipynb"):
        with contextlib.suppress(SourceProblem):
            encoding = decode(result.original).encoding
    old = result.original.decode(encoding, "replace").splitlines(keepends=True)
    new = result.fixed.decode(encoding, "replace").splitlines(keepends=True)
    shown = shown_path(result.path).lstrip("/")
    return "".join(difflib.unified_diff(old, new, fromfile=f"a/{shown}", tofile=f"b/{shown}"))
