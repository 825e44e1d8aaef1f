"""The name form: a reference or an import pointed at the name's new home (a rename, a module
swap, the compat.v1 spelling), with the import it needs and, in a program's entry file, the
switch to graph mode the new name needs."""

from __future__ import annotations

import ast

from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.fixes import Applicability, Edit, Fix
from tf1lint.catalogue.model import Kind, canonical_name
from tf1lint.fix.context import FileContext
from tf1lint.fix.graph_mode import COMPAT_MODE_CALL
from tf1lint.fix.locate import replace, root_qualified
from tf1lint.fix.targets import Target


def name_fix(context: FileContext, finding: Finding, target: Target) -> Fix | None:
    """The finding's name pointed at `target`: at its import, or at this reference."""
    node = context.nodes.node_at(finding, ast.alias, ast.Attribute, ast.Name)
    if isinstance(node, ast.alias):
        edits = binding_edits(context, node, finding, target)
    elif isinstance(node, ast.Attribute):
        edits = reference_edits(context, node, finding, target)
    else:
        return None  # a bare name is fixed where it is bound (its import or assignment)
    if edits is None:
        return None
    written = canonical_name(target.qualified)
    message = f"use {written}"
    if target.applicability is not Applicability.SAFE and written.startswith("tf.compat.v1."):
        message += " (keeps TF1 semantics)"
    if target.package:
        message += f" (adds the {target.package} dependency)"
    compat_mode = context.imports.compat_mode_edit(target, finding)
    if compat_mode is not None:
        edits.append(compat_mode)
        message += (f"; switch the program to TF1 graph mode (tf.{COMPAT_MODE_CALL}): "
                    f"this file is {context.imports.entry_point}")
    return Fix(target.applicability, message, tuple(edits))


def reference_edits(context: FileContext, node: ast.Attribute, finding: Finding, target: Target) -> list[Edit] | None:
    """A dotted reference rewritten, adding the import the new name needs."""
    root = root_qualified(node, finding.used)
    if root is None:
        return None
    qualified, root_text = root
    if qualified != "tensorflow":
        judged = context.index.lookup_name(canonical_name(qualified))
        if judged is not None and judged.kind is not Kind.COMPAT_V1:
            return None  # the root is itself a finding: fixed once, where it is bound
    new = target.qualified
    if new.startswith(qualified + "."):
        return [replace(node, root_text + new[len(qualified):])]
    if new.startswith("tensorflow."):
        if context.imports.tf_name is None:
            return None
        return [replace(node, context.imports.tf_name + new[len("tensorflow"):])]
    imported = context.imports.import_for(new, target)
    if imported is None:
        return None
    local, statement = imported
    assignment = context.nodes.assignment_of.get(id(node))
    if assignment is not None and assignment.targets[0].id == local and local == new.rsplit(".", 1)[-1]:
        # `flags = tf.app.flags` becomes the import itself, at its binding site.
        parent = new.rpartition(".")[0]
        return [replace(assignment, f"from {parent} import {local}" if parent else f"import {local}")]
    edits = [replace(node, local)]
    if statement is not None:
        edits.append(context.imports.insertion(statement))
    return edits


def binding_edits(context: FileContext, alias: ast.alias, finding: Finding, target: Target) -> list[Edit] | None:
    """The import statement that binds the name rewritten to import the new one."""
    statement = context.nodes.statement_of.get(id(alias))
    new = target.qualified
    if target.module_swap and not context.imports.members_known(alias.asname or alias.name.split(".")[0], target):
        return None
    if isinstance(statement, ast.Import):
        # `import a.b as x` can only name modules: rewrite it only for module swaps.
        if alias.asname is None or target.module_swap is None or not finding.entry.is_module and \
                not (finding.entry.fix and finding.entry.fix.module):
            return None
        text = new if new == alias.asname else f"{new} as {alias.asname}"
        return [replace(alias, text)]
    if not isinstance(statement, ast.ImportFrom) or statement.level:
        return None
    local = alias.asname or alias.name
    parent, _, last = new.rpartition(".")
    if not parent:
        rewritten = new if new == local else f"{new} as {local}"
        rewritten = f"import {rewritten}"
    else:
        rewritten = f"from {parent} import {last}" + ("" if last == local else f" as {local}")
    if len(statement.names) == 1:
        return [replace(statement, rewritten)]
    if not context.nodes.alone_on_its_lines(statement):
        return None
    others = ", ".join(context.nodes.text(other) for other in statement.names if other is not alias)
    indent = " " * statement.col_offset
    return [replace(statement, f"from {statement.module} import {others}\n{indent}{rewritten}")]
