"""The call form: the whole call rewritten from the catalogue's template (`fix: {call: ...,
signature: [...]}`), its arguments bound by the TF1 signature and written in by their own text."""

from __future__ import annotations

import ast
import re

from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.fix_forms import FixForm, template_fields
from tf1lint.catalogue.fixes import Applicability, Fix
from tf1lint.fix.context import FileContext
from tf1lint.fix.locate import replace
from tf1lint.fix.targets import chosen_applicability
from tf1lint.fix.templates import canonical_text, fill

_KERAS_LAYER = re.compile(r"\bkeras\.layers\.[A-Z]\w*\(")


def call_fix(context: FileContext, finding: Finding, form: FixForm) -> Fix | None:
    """The call rewritten by the form's template, when every argument binds to its signature."""
    func = context.nodes.node_at(finding, ast.Name, ast.Attribute)
    call = context.nodes.call_of.get(id(func)) if func is not None else None
    if call is None or call.func is not func:
        return None
    if _KERAS_LAYER.search(form.call or "") and context.variables_by_name:
        # A Keras layer made at each call owns new weights with new names: under reuse the TF1
        # call shared one set by scope name, and checkpoints name them so.
        context.refusals[id(finding)] = (
            f"by hand: {context.variables_by_name}; a Keras layer made at each call would create new, "
            "differently named weights: create each layer once, call it where its weights are shared, "
            "and map checkpoint names")
        return None
    bound: dict[str, ast.expr] = {}
    order: list[str] = []
    if len(call.args) > len(form.signature):
        return None
    for position, argument in enumerate(call.args):
        if isinstance(argument, ast.Starred):
            return None
        bound[form.signature[position]] = argument
        order.append(form.signature[position])
    for keyword in call.keywords:
        if keyword.arg is None or keyword.arg not in form.signature or keyword.arg in bound:
            return None
        bound[keyword.arg] = keyword.value
        order.append(keyword.arg)
    used = set(template_fields(form.call or ""))
    if any(name not in bound for name in used - {"tf", "rest"}):
        return None
    rest = "".join(f", {name}={context.nodes.text(bound[name])}" for name in order if name not in used)
    if "({rest}" in (form.call or ""):
        rest = rest[2:]  # the first argument: no separating comma
    text = fill(form.call or "", {**bound, "rest": rest}, context.imports.tensorflow_spelling(finding, func),
                context.nodes.text)
    if text is None:
        return None
    return Fix(chosen_applicability(form, Applicability.UNSAFE),
               f"rewrite the call as {canonical_text(text, context.imports.tf_name)}", (replace(call, text),))
