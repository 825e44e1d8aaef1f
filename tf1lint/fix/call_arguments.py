"""What the fixes to a call's arguments (keyword, reorder) share: they are judged against the
called name, which another fix may move or which may itself fail on the target."""

from __future__ import annotations

import ast

from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.fixes import Span
from tf1lint.catalogue.model import Kind, Severity
from tf1lint.fix.context import FileContext
from tf1lint.fix.locate import span_of
from tf1lint.fix.targets import name_target


def isolated_from_move(context: FileContext, finding: Finding, call: ast.Call) -> Span | None:
    """The function's name, when another fix may move it to tf.compat.v1: a fix to this call's
    arguments is then isolated from that name (never lands in the same pass). The compat.v1
    function keeps the TF1 keywords and argument order, so after the move this fix is no longer
    wanted; without the move (safe fixes only) it applies as usual."""
    entry = context.index.lookup_name(finding.used)
    target = name_target(entry, finding.used, context.index) if entry is not None else None
    if target is None or not target.qualified.startswith("tensorflow.compat.v1."):
        return None
    return span_of(call.func)


def name_is_a_finding(context: FileContext, finding: Finding) -> bool:
    """The called name itself fails on the target or moves elsewhere: the call's meaning is that
    name's fix to decide, so fixing its arguments alone is never safe."""
    entry = context.index.lookup_name(finding.used)
    return entry is not None and entry.kind is not Kind.COMPAT_V1 and entry.severity is Severity.ERROR
