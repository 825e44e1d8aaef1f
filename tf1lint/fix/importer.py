"""The file's imports, for fixes: what its top-level names stand for, the file's own spelling of
`tensorflow`, adding an import (or reusing one the file has) and switching a program to TF1
graph mode. The one place a fix adds a statement to the file's head."""

from __future__ import annotations

import ast
import functools

from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.fixes import Edit
from tf1lint.catalogue.model import TargetIndex, canonical_name, module_name
from tf1lint.fix.graph_mode import entry_point_reason, graph_mode_insertion
from tf1lint.fix.locate import FileNodes, root_qualified
from tf1lint.fix.targets import Target

_COMPAT_MODE_MARKERS = (b"disable_v2_behavior", b"disable_eager_execution")


class Importer:
    """One file's module bindings and where its new statements go, computed once."""

    def __init__(self, nodes: FileNodes, index: TargetIndex, notebook: bool = False) -> None:
        self._attributes: dict[str, set[str]] | None = None
        self.nodes = nodes
        self.index = index
        self.insert_at = _import_insertion_point(nodes.tree)
        self.entry_point = entry_point_reason(nodes.tree, nodes.raw, notebook)
        self.compat_mode = any(marker in nodes.raw for marker in _COMPAT_MODE_MARKERS)

    @functools.cached_property
    def bindings(self) -> dict[str, set[str]]:
        """What each top-level name of the file stands for (computed on first use)."""
        return _module_bindings(self.nodes.tree)

    @functools.cached_property
    def tf_name(self) -> str | None:
        """The file's module-level name for `tensorflow` itself, if it has one."""
        return next((name for name, values in self.bindings.items() if values == {"tensorflow"}), None)

    def tensorflow_spelling(self, finding: Finding, func: ast.AST) -> str | None:
        """The file's own name for the tensorflow module: the root of this very reference if it is that."""
        if isinstance(func, ast.Attribute):
            root = root_qualified(func, finding.used)
            if root is not None and root[0] == "tensorflow":
                return root[1]
        return self.tf_name

    def compat_mode_edit(self, target: Target, finding: Finding) -> Edit | None:
        """Graph mode, once, in a file that starts a program and gets graph code from this fix."""
        to_compat = target.qualified.startswith("tensorflow.compat.v1.")
        graph_code = target.graph_mode or finding.entry.graph_only and to_compat
        if not (graph_code and self.entry_point and not self.compat_mode):
            return None
        place = graph_mode_insertion(self.nodes.tree, self.nodes.raw)
        if place is None:
            return None
        line_starts = self.nodes.line_starts
        if place.line > len(line_starts):  # after the last line, which has no newline
            end = len(self.nodes.raw) - line_starts[-1]
            return Edit(len(line_starts), end, len(line_starts), end, "\n" + place.text)
        return Edit(place.line, 0, place.line, 0, place.text)

    def insertion(self, statement: str) -> Edit:
        """An edit adding `statement` where the file's new imports go (after its leading imports)."""
        line = self.insert_at
        line_starts, raw = self.nodes.line_starts, self.nodes.raw
        if line <= len(line_starts) and (line == len(line_starts) and raw.endswith(b"\n")
                                         or line < len(line_starts)):
            return Edit(line, 0, line, 0, statement + "\n")
        last = len(line_starts)
        return Edit(last, len(raw) - line_starts[-1], last, len(raw) - line_starts[-1],
                    "\n" + statement + "\n")

    def import_for(self, qualified: str, target: Target) -> tuple[str, str | None] | None:
        """(the reference text, the import statement to add or None) for a name outside TensorFlow."""
        module = target.module_swap and module_name(target.module_swap)
        if not module or not (qualified == module or qualified.startswith(module + ".")):
            module = qualified.split(".")[0]
        parent, _, last = module.rpartition(".")
        local = last
        statement = f"from {parent} import {last}" if parent else f"import {module}"
        bound = self.bindings.get(local, set())
        aliases = {f"={old}" for old in self.swapped_from(module)}
        if bound and bound <= {module} | aliases:
            statement = None  # already imported, or `flags = tf.app.flags` that becomes the import
        elif bound:
            return None  # the name is taken by something else in this file
        return local + qualified[len(module):], statement

    def members_known(self, local: str, target: Target) -> bool:
        """Every `local.x` the file uses exists in the new module (when the catalogue lists its members)."""
        if not target.members or target.qualified != module_name(target.module_swap or ""):
            return True
        return self.attributes_of(local) <= set(target.members)

    def attributes_of(self, local: str) -> set[str]:
        """The `x` of every `local.x` in the file; one walk of the tree for all names (a walk per
        binding made large files quadratic)."""
        if self._attributes is None:
            self._attributes = {}
            for node in ast.walk(self.nodes.tree):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                    self._attributes.setdefault(node.value.id, set()).add(node.attr)
        return self._attributes.get(local, set())

    def swapped_from(self, module: str) -> set[str]:
        """Dotted texts (as the file may spell them) of modules whose fix swaps them for `module`."""
        found = set()
        for values in self.bindings.values():
            for value in values:
                if not value.startswith("="):
                    continue
                root, _, rest = value[1:].partition(".")
                roots = self.bindings.get(root, set())
                if len(roots) != 1:
                    continue
                qualified = next(iter(roots)) + ("." + rest if rest else "")
                entry = self.index.modules.get(canonical_name(qualified)) or self.index.lookup_name(canonical_name(qualified))
                if entry is not None and entry.fix is not None and entry.fix.module \
                        and module_name(entry.fix.module) == module:
                    found.add(value[1:])
        return found


def _module_bindings(tree: ast.Module) -> dict[str, set[str]]:
    """Names the module binds at top level -> what they stand for ('?' for anything not an import)."""
    bindings: dict[str, set[str]] = {}
    aliases: set[int] = set()
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
                and isinstance(statement.targets[0], ast.Name) and isinstance(statement.value, ast.Attribute):
            dotted = _dotted(statement.value)
            if dotted is not None:
                bindings.setdefault(statement.targets[0].id, set()).add("=" + dotted)
                aliases.add(id(statement.targets[0]))
    for node in _all_nodes(tree):
        kind = type(node)
        if kind not in _BINDERS or id(node) in aliases:
            continue
        if kind is ast.Import:
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                bindings.setdefault(name, set()).add(alias.name if alias.asname else name)
        elif kind is ast.ImportFrom:
            for alias in node.names:
                module = "." * node.level + (node.module or "")
                bindings.setdefault(alias.asname or alias.name, set()).add(f"{module}.{alias.name}")
        elif kind is ast.Name:
            if type(node.ctx) is not ast.Load:
                bindings.setdefault(node.id, set()).add("?")
        elif kind is ast.arg:
            bindings.setdefault(node.arg, set()).add("?")
        else:  # a function or class definition
            bindings.setdefault(node.name, set()).add("?")
    return bindings


# The nodes that bind a name, and the fields that never lead to one (contexts and operators).
_BINDERS = frozenset({ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Name,
                      ast.arg})
_NO_BINDINGS = frozenset({"ctx", "op", "ops"})
_FIELDS: dict[type, tuple[str, ...]] = {}


def _all_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node but contexts and operators, in ast.walk's order (breadth first), several times
    faster than ast.walk: `bindings` keeps the order in which names are first bound."""
    nodes = [tree]
    for node in nodes:  # the list grows as it is read
        kind = type(node)
        fields = _FIELDS.get(kind)
        if fields is None:
            fields = _FIELDS[kind] = tuple(name for name in kind._fields if name not in _NO_BINDINGS)
        for name in fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                nodes.extend(item for item in value if isinstance(item, ast.AST))
            elif isinstance(value, ast.AST):
                nodes.append(value)
    return nodes


def _dotted(node: ast.expr) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _import_insertion_point(tree: ast.Module) -> int:
    """The line a new import goes on: after the docstring, __future__ imports and the leading imports."""
    line = 1
    for position, statement in enumerate(tree.body):
        docstring = position == 0 and isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) \
            and isinstance(statement.value.value, str)
        if docstring or isinstance(statement, (ast.Import, ast.ImportFrom)):
            line = (statement.end_lineno or statement.lineno) + 1
            continue
        break
    return line
