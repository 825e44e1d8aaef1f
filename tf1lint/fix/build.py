"""Turns findings into fixes: the edits that make each finding go away, when they are mechanical.

A post-pass over one file: it gets the file's text, its syntax tree and the engine's findings,
and returns the findings with `.fix` set. The fix is worked out from the finding's exact span
(the file's own spelling of the module), its catalogue entry (derived from the entry's data, or
its explicit `fix:` form) and the tree (the call a name is the function of, the import statement
an alias belongs to). It never decides what is wrong: that is the engine's job. Each form of fix
is a module of this package; this one picks the form and maps a notebook's fixes into cells.
"""

from __future__ import annotations

import ast
import dataclasses

from tf1lint import TYPE_CHECKING
from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.fixes import Edit, Fix, Span
from tf1lint.catalogue.model import Kind, TargetIndex
from tf1lint.fix.call_form import call_fix
from tf1lint.fix.context import FileContext
from tf1lint.fix.keyword_form import keyword_fix
from tf1lint.fix.name_form import name_fix
from tf1lint.fix.reorder_form import reorder_fix
from tf1lint.fix.stand_in_form import stand_in_fix
from tf1lint.fix.targets import inherited_target, name_target

if TYPE_CHECKING:
    from tf1lint.analysis.notebooks import NotebookSource


def attach_fixes(source: bytes | str, tree: ast.Module, findings: list[Finding], index: TargetIndex) -> list[Finding]:
    """The findings with `.fix` set where a mechanical fix exists; the order is kept."""
    if not findings:
        return findings
    raw = source.encode("utf-8", "surrogateescape") if isinstance(source, str) else source
    context = FileContext(raw, tree, index, notebook=findings[0].path.endswith(".ipynb"))
    fixed = []
    for finding in findings:
        fix = None
        try:
            fix = fix_for(context, finding)
        except (ValueError, IndexError, UnicodeDecodeError):
            fix = None  # a span the builder cannot map back to text gets no fix, never a crash
        if fix is not None:
            finding = dataclasses.replace(finding, fix=fix)
        elif id(finding) in context.refusals:
            reason = context.refusals[id(finding)]
            finding = dataclasses.replace(finding, remark="; ".join(filter(None, (finding.remark, reason))))
        fixed.append(finding)
    return fixed


def fix_for(context: FileContext, finding: Finding) -> Fix | None:
    """The fix of one finding, by the form its entry calls for."""
    entry = finding.entry
    if entry.fix is not None and entry.fix.by_hand:
        return None
    if entry.kind is Kind.FRAGILE_NAME:
        return None  # display only: any name it could write changes the checkpoint's keys
    if entry.kind is Kind.KEYWORD_CHANGED:
        return keyword_fix(context, finding)
    if entry.kind is Kind.ARGUMENTS_REORDERED:
        return reorder_fix(context, finding)
    order = context.index.positional.get(entry.api) if entry.kind is Kind.MEANING_CHANGED else None
    if order is not None:
        # A positional whose meaning changed (dropout's keep_prob) is fixed as the reorder entry
        # fixes it: by keyword, in the TF1 order, after which the keyword's own fix applies.
        return reorder_fix(context, dataclasses.replace(finding, entry=order))
    if entry.fix is not None and entry.fix.call:
        return call_fix(context, finding, entry.fix)
    if entry.fix is not None and entry.fix.stand_in:
        return stand_in_fix(context, finding, entry.fix.stand_in)
    swap = context.index.modules.get(finding.used)  # `tf.app.flags` itself, under its module's swap
    if swap is not None and swap.fix is not None and swap.fix.module and swap is not entry:
        entry = swap
    target = name_target(entry, finding.used, context.index) or inherited_target(finding.used, context.index)
    if target is None:
        return None
    return name_fix(context, finding, target)


def fix_in_cell(fix: Fix | None, notebook: NotebookSource, cell: int) -> Fix | None:
    """A notebook finding's fix in its cell's own lines and columns; None when it reaches other cells
    (`--fix` applies notebook fixes on the joined cells, so nothing is lost for fixing)."""
    if fix is None:
        return None

    def in_cell(line: int, column: int, end_line: int, end_column: int) -> tuple[int, int, int, int] | None:
        (start_cell, line), (end_cell, end_line) = notebook.place(line), notebook.place(end_line)
        if start_cell != cell or end_cell != cell:
            return None
        shift = notebook.indent(cell)
        return line, column + shift, end_line, end_column + shift

    edits = []
    for edit in fix.edits:
        placed = in_cell(edit.line, edit.column, edit.end_line, edit.end_column)
        if placed is None:
            return None
        edits.append(Edit(*placed, edit.text))
    span = fix.isolated_from
    isolated_from = None if span is None else in_cell(span.line, span.column, span.end_line, span.end_column)
    if span is not None and isolated_from is None:
        return None
    return Fix(fix.applicability, fix.message, tuple(edits), None if isolated_from is None else Span(*isolated_from))
