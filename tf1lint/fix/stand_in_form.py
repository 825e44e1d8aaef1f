"""The stand-in form: for an API TF2 has nothing like, the bundled stand-in class written into the
file (rules/stand_ins/) and the references pointed at it."""

from __future__ import annotations

import ast

from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.files import stand_in_source
from tf1lint.catalogue.fixes import Applicability, Edit, Fix
from tf1lint.fix.context import FileContext
from tf1lint.fix.locate import replace, root_qualified


def stand_in_fix(context: FileContext, finding: Finding, name: str) -> Fix | None:
    """For an API TF2 has nothing like: the bundled stand-in class, written into the file where
    the name was imported (or after the imports), and the references pointed at it."""
    source = stand_in_source(name)
    node = context.nodes.node_at(finding, ast.alias, ast.Attribute, ast.Name)
    if source is None or node is None:
        return None
    message = f"write a stand-in {name} class into this file (TF2 has none; review it)"
    if isinstance(node, ast.alias):
        statement = context.nodes.statement_of.get(id(node))
        # Only a top-level `from … import Name` of its own, replaced by the class in place.
        if not isinstance(statement, ast.ImportFrom) or statement.level or len(statement.names) != 1 \
                or statement.col_offset or not context.nodes.alone_on_its_lines(statement) \
                or not any(statement is top for top in context.nodes.tree.body):
            return None
        local = node.asname or node.name
        text = "\n\n" + (source if local == name else source.replace(f"class {name}", f"class {local}", 1)).rstrip("\n")
        last = statement.end_lineno or statement.lineno
        if last + 1 == context.imports.insert_at or last >= len(context.nodes.line_starts) - 1:
            return Fix(Applicability.UNSAFE, message, (replace(statement, text),))
        # An import among others: its lines go, and the class follows the file's imports.
        return Fix(Applicability.UNSAFE, message,
                   (Edit(statement.lineno, 0, last + 1, 0, ""), context.imports.insertion(text)))
    if not isinstance(node, ast.Attribute):
        return None  # a bare name is fixed where it is bound
    root = root_qualified(node, finding.used)
    if root is None or root[0] != "tensorflow":
        return None  # through a module alias that is itself a finding: fixed there
    if defines_stand_in(context.nodes.tree, name, finding.entry.api):
        return Fix(Applicability.UNSAFE, f"use the stand-in {name} class already in this file",
                   (replace(node, name),))
    if name in context.imports.bindings:
        return None  # the file already uses the name for something else
    return Fix(Applicability.UNSAFE, message,
               (replace(node, name), context.imports.insertion("\n\n" + source.rstrip("\n"))))


def defines_stand_in(tree: ast.Module, name: str, api: str) -> bool:
    """The file has, at top level, the stand-in class for `api` (an earlier fix pass wrote it)."""
    return any(isinstance(statement, ast.ClassDef) and statement.name == name
               and f"Stand-in for {api}" in (ast.get_docstring(statement) or "") for statement in tree.body)
