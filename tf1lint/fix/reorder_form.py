"""The reorder form: positional arguments TF2 reordered are passed by keyword, in the TF1 order."""

from __future__ import annotations

import ast

from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.fixes import Applicability, Edit, Fix
from tf1lint.fix.call_arguments import isolated_from_move, name_is_a_finding
from tf1lint.fix.context import FileContext
from tf1lint.fix.targets import chosen_applicability


def reorder_fix(context: FileContext, finding: Finding) -> Fix | None:
    """Positionals whose place TF2 changed, passed by their TF1 keyword; the call's other arguments stay."""
    call = context.nodes.node_at(finding, ast.Call)
    if not isinstance(call, ast.Call):
        return None
    entry = finding.entry
    stable = entry.stable_positional_count
    passed = {keyword.arg for keyword in call.keywords}
    if None in passed or len(call.args) > len(entry.arguments):
        return None
    moved = entry.arguments[stable:len(call.args)]
    if len(set(moved)) != len(moved):
        return None  # one keyword for two places: no call could pass both
    edits = []
    for position in range(stable, len(call.args)):
        argument, name = call.args[position], entry.arguments[position]
        if isinstance(argument, ast.Starred) or name in passed or name.startswith("_"):
            return None
        edits.append(Edit(argument.lineno, argument.col_offset, argument.lineno, argument.col_offset, f"{name}="))
    if not edits:
        return None
    names = ", ".join(entry.arguments[stable:len(call.args)])
    # A keyword TF2 refuses (dropout's keep_prob) raises TypeError until its own unsafe fix
    # rewrites it: passing it is then only a step of that unsafe fix, never safe on its own.
    refused = context.index.keywords.get(entry.api)
    isolation = isolated_from_move(context, finding, call)
    # The same holds for a function TF2 replaced (see keyword_form.keyword_fix).
    unsafe = isolation is not None or name_is_a_finding(context, finding) or refused is not None and any(
        refused.keywords.get(name, "") is None for name in moved)
    return Fix(chosen_applicability(entry.fix, Applicability.UNSAFE if unsafe else Applicability.SAFE),
               f"pass {names} by keyword (TF1 order)", tuple(edits), isolation)
