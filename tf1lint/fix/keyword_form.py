"""The keyword forms: a keyword TF2 renamed (rename it), one the catalogue rewrites (its `fix:
{keyword: ...}` template), and one TF2 no longer takes (drop it)."""

from __future__ import annotations

import ast

from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.fixes import Applicability, Edit, Fix
from tf1lint.catalogue.model import canonical_name, module_name
from tf1lint.fix.call_arguments import isolated_from_move, name_is_a_finding
from tf1lint.fix.context import FileContext
from tf1lint.fix.locate import replace
from tf1lint.fix.name_form import reference_edits
from tf1lint.fix.targets import Target, chosen_applicability
from tf1lint.fix.templates import fill


def keyword_fix(context: FileContext, finding: Finding) -> Fix | None:
    """A keyword TF2 renamed, rewrites or no longer takes, fixed at the keyword."""
    keyword = context.nodes.node_at(finding, ast.keyword)
    call = context.nodes.call_of.get(id(keyword)) if keyword is not None else None
    if not isinstance(keyword, ast.keyword) or call is None or keyword.arg != finding.keyword:
        return None
    passed = {other.arg for other in call.keywords}
    new_name = finding.entry.keywords.get(keyword.arg)
    form = finding.entry.fix
    if new_name is not None:
        if new_name in passed:
            return None  # both spellings given: a person must choose
        edit = Edit(keyword.lineno, keyword.col_offset, keyword.lineno,
                    keyword.col_offset + len(keyword.arg.encode()), new_name)
        isolation = isolated_from_move(context, finding, call)
        # On a function TF2 replaced (moved to tf.compat.v1), TF2's keyword belongs to another
        # function: the rename turns a TypeError into a silent change, so it is never safe.
        unsafe = isolation is not None or name_is_a_finding(context, finding)
        return Fix(chosen_applicability(form, Applicability.UNSAFE if unsafe else Applicability.SAFE),
                   f"rename keyword {keyword.arg}= to {new_name}=", (edit,), isolation)
    if form is not None and form.rename:
        return keep_keyword(context, keyword, call, finding, form.rename)
    if form is None or not form.keyword:
        return drop_keyword(context, keyword, call, finding)
    written = form.keyword.split("=", 1)[0].strip()
    if written in passed:
        return None
    text = fill(form.keyword, {"value": keyword.value}, context.imports.tensorflow_spelling(finding, call.func),
                context.nodes.text)
    if text is None:
        return None
    return Fix(chosen_applicability(form, Applicability.UNSAFE), f"rewrite {keyword.arg}= as {text}",
               (replace(keyword, text),), isolated_from_move(context, finding, call))


def keep_keyword(context: FileContext, keyword: ast.keyword, call: ast.Call, finding: Finding,
                 rename: str) -> Fix | None:
    """Call the TF1 function that still takes the keyword (`tf.compat.v1.constant_initializer(0,
    dtype=tf.int32)`): dropping it would change what the call makes (float32 instead of int32)."""
    if not isinstance(call.func, ast.Attribute):
        return None  # a bare name is fixed where it is bound, by its own entry if it has one
    target = Target(module_name(rename), Applicability.UNSAFE)
    edits = reference_edits(context, call.func, finding, target)
    if edits is None:
        return None
    return Fix(Applicability.UNSAFE, f"use {canonical_name(target.qualified)}, which still takes {keyword.arg}= "
                                     "(keeps TF1 semantics)", tuple(edits))


def drop_keyword(context: FileContext, keyword: ast.keyword, call: ast.Call, finding: Finding) -> Fix | None:
    """TF2 no longer takes it: leave it out (unsafe: the call runs, without what it asked for)."""
    arguments = sorted([*call.args, *call.keywords], key=lambda node: (node.lineno, node.col_offset))
    place = next(number for number, node in enumerate(arguments) if node is keyword)
    if place + 1 < len(arguments):
        after = arguments[place + 1]
        edit = Edit(keyword.lineno, keyword.col_offset, after.lineno, after.col_offset, "")
    elif place > 0:
        before = arguments[place - 1]
        edit = Edit(before.end_lineno, before.end_col_offset, keyword.end_lineno,  # type: ignore[arg-type]
                    keyword.end_col_offset, "")  # type: ignore[arg-type]
    else:
        edit = replace(keyword, "")
    return Fix(Applicability.UNSAFE, f"drop {keyword.arg}= (TF2 no longer takes it)",
               (edit,), isolated_from_move(context, finding, call))
