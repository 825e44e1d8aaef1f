"""One document through the linter: parse, engine, fixes (when asked), suppressions and, for a
notebook, the map back to cell and line. `check`, `inventory`, `--fix`/`--diff`, the editor
server and the pylint plugin all analyse a document here and nowhere else.

The engine finds; building fixes is done here, above it, through the engine's `after_walk`
hook (so a file too deeply nested for the default stack gets its fixes on the same deep stack).
"""

from __future__ import annotations

# The fix builder and the notebook reader are imported where they are used: a check that shows no
# fixes, or a run served from the cache, never pays for them.
# pylint: disable=import-outside-toplevel
import ast
import dataclasses
from dataclasses import dataclass, field

from tf1lint import TYPE_CHECKING
from tf1lint.analysis.engine import ParseFailure, check_source, mentions_catalogue
from tf1lint.analysis.findings import Finding
from tf1lint.analysis.suppressions import ALL_FORMS, UnusedSuppression, apply_suppressions

if TYPE_CHECKING:
    from tf1lint.analysis.engine import AfterWalk, Parser
    from tf1lint.analysis.notebooks import Cell, NotebookSource
    from tf1lint.catalogue.model import TargetIndex


@dataclass(frozen=True)
class Document:
    """What is analysed: a path (as findings show it), its Python text, or its notebook cells."""

    path: str
    text: bytes | str = b""
    cells: tuple[Cell, ...] | None = None  # a notebook: its cells, in order; `text` is then unused


@dataclass
class FileOutcome:
    """What analysing one file gave: findings, failures, what comments suppressed."""

    findings: list[Finding] = field(default_factory=list)
    failures: list[ParseFailure] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)  # accepted by an inline comment
    unused_suppressions: list[UnusedSuppression] = field(default_factory=list)
    content_key: str | None = None  # the results cache's key of the very bytes analysed (for the run index)


def read_document(path: str, shown: str, raw: bytes) -> Document | ParseFailure:
    """A file's content as a document: an .ipynb file is read as its cells."""
    if not path.endswith(".ipynb"):
        return Document(shown, raw)
    from tf1lint.analysis.notebooks import NotebookError, notebook_cells

    try:
        return Document(shown, cells=notebook_cells(raw))
    except NotebookError as error:
        return ParseFailure(shown, 0, 0, str(error))


def analyse(document: Document, index: TargetIndex, *, fixes: bool = False, parse: Parser | None = None,
            forms: frozenset[str] = ALL_FORMS, fixes_in_cells: bool = True) -> FileOutcome:
    """The findings of one document after its inline suppressions, with fixes when asked (most
    of the cost: diagnostics that show no fix leave them out). `parse` may stand in for
    `ast.parse` (the editor's incremental parser); `forms` are the suppression comments honoured
    (the pylint plugin leaves pylint's own to pylint). `fixes_in_cells` off leaves a notebook's
    fixes in the joined cells' lines (`--fix` places each edit in its cell itself)."""
    after_walk: AfterWalk | None = None
    if fixes:
        from tf1lint.fix.build import attach_fixes

        def after_walk(source: bytes | str, tree: ast.Module, findings: list[Finding]) -> list[Finding]:
            return attach_fixes(source, tree, findings, index)
    if document.cells is not None:
        return _analyse_notebook(document, index, after_walk, forms, fixes_in_cells)
    outcome = check_source(document.text, document.path, index, parse=parse, after_walk=after_walk)
    if isinstance(outcome, ParseFailure):
        return FileOutcome(failures=[outcome])
    kept, suppressed, unused = apply_suppressions(document.text, outcome, document.path, forms)
    return FileOutcome(findings=kept, suppressed=suppressed, unused_suppressions=unused)


def _analyse_notebook(document: Document, index: TargetIndex, after_walk: AfterWalk | None,
                      forms: frozenset[str], fixes_in_cells: bool) -> FileOutcome:
    """Findings with their cell and line in it; a cell that does not parse is reported and left
    out, and the rest of the notebook is still checked."""
    from tf1lint.analysis.notebooks import join_cells

    path, cells = document.path, document.cells or ()
    notebook = join_cells(cells)
    if not mentions_catalogue(notebook.text.encode("utf-8", "surrogateescape"), index):
        return FileOutcome()
    # Jupyter compiles each cell on its own: a cell that does not parse alone is its own failure,
    # never blamed on the cells after it. One parse per cell keeps many bad cells linear.
    failures = [failure for number, text in notebook.cells.items()
                if (failure := _cell_failure(text, path, number, notebook.indent(number))) is not None]
    skipped = {failure.cell for failure in failures if failure.cell is not None}
    while True:
        notebook = join_cells(cells, frozenset(skipped))
        outcome = check_source(notebook.text, path, index, after_walk=after_walk)
        if not isinstance(outcome, ParseFailure):
            break
        cell, line = notebook.place(outcome.line)
        if cell == 0 or cell in skipped:
            return FileOutcome(failures=[*failures, outcome])
        skipped.add(cell)
        column = outcome.column + notebook.indent(cell)
        failures.append(dataclasses.replace(outcome, line=line, cell=cell, column=column))
    kept, suppressed, unused = apply_suppressions(notebook.text, outcome, path, forms)
    unused_in_cells = []
    for item in unused:
        cell, line = notebook.place(item.line)
        unused_in_cells.append(dataclasses.replace(item, line=line, cell=cell))
    return FileOutcome(findings=[_in_cell(f, notebook, fixes_in_cells) for f in kept], failures=failures,
                       suppressed=[_in_cell(f, notebook, fixes_in_cells) for f in suppressed],
                       unused_suppressions=unused_in_cells)


def _in_cell(finding: Finding, notebook: NotebookSource, fixes_in_cells: bool = True) -> Finding:
    from tf1lint.fix.build import fix_in_cell

    cell, line = notebook.place(finding.line)
    end_cell, end_line = notebook.place(finding.end_line)
    shift = notebook.indent(cell)
    return dataclasses.replace(
        finding, cell=cell, line=line, end_line=end_line if end_cell == cell else line,
        column=finding.column + shift, end_column=finding.end_column + shift,
        fix=fix_in_cell(finding.fix, notebook, cell) if fixes_in_cells else finding.fix)


def _cell_failure(text: str, path: str, cell: int, indent: int) -> ParseFailure | None:
    try:
        ast.parse(text)
    except SyntaxError as error:
        return ParseFailure(path, error.lineno or 1, max((error.offset or 1) - 1, 0) + indent,
                            f"syntax error: {error.msg}", cell=cell)
    except ValueError as error:  # a NUL character
        return ParseFailure(path, 1, 0, str(error).splitlines()[0] if str(error) else "not Python", cell=cell)
    except (MemoryError, RecursionError):
        return None  # too deep for a plain parse; the whole notebook's check deals with it
    return None
