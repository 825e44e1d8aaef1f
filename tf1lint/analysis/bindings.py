"""Name bindings of one Python file: which local names stand for which imported module paths.

Modelled on how ruff resolves qualified names: imports and simple aliases create
bindings, every other assignment shadows; no type inference.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field


@dataclass
class Scope:
    """One scope of the walk (module, class or function): the names bound in it and what they stand for."""

    kind: str  # "module", "class", "function"
    bindings: dict[str, str | None] = field(default_factory=dict)
    declared_global: set[str] = field(default_factory=set)
    declared_nonlocal: set[str] = field(default_factory=set)
    # Names in the order they were bound, so a try block can tell what its body bound.
    log: list[str] = field(default_factory=list)
    imported: set[str] = field(default_factory=set)  # names bound by an import statement


class ScopeStack:
    """The chain of scopes visible at one point of the walk, innermost last."""

    def __init__(self, scopes: list[Scope]) -> None:
        self.scopes = scopes

    @classmethod
    def for_module(cls) -> ScopeStack:
        return cls([Scope("module")])

    @property
    def current(self) -> Scope:
        return self.scopes[-1]

    @property
    def module(self) -> Scope:
        return self.scopes[0]

    def child(self, kind: str) -> ScopeStack:
        return ScopeStack([*self.scopes, Scope(kind)])

    def _target_scope(self, name: str) -> Scope:
        current = self.current
        if name in current.declared_global:
            return self.module
        if name in current.declared_nonlocal:
            for scope in reversed(self.scopes[:-1]):
                if scope.kind == "function" and name in scope.bindings:
                    return scope
        return current

    def bind(self, name: str, qualified: str | None, by_import: bool = False) -> None:
        """Bind `name` to an importable dotted path, or to None for anything else (shadowing)."""
        scope = self._target_scope(name)
        scope.bindings[name] = qualified
        scope.log.append(name)
        if by_import:
            scope.imported.add(name)
        else:
            scope.imported.discard(name)

    def _holder(self, name: str) -> Scope | None:
        current = self.current
        if name in current.declared_global:
            return self.module if name in self.module.bindings else None
        for index in range(len(self.scopes) - 1, -1, -1):
            scope = self.scopes[index]
            # Class bodies are not visible from the functions nested in them.
            if scope.kind == "class" and index != len(self.scopes) - 1:
                continue
            if name in scope.bindings:
                return scope
        return None

    def binding_scope(self, name: str) -> Scope | None:
        """The scope whose binding of `name` is visible here."""
        return self._holder(name)

    def lookup(self, name: str) -> str | None:
        holder = self._holder(name)
        return holder.bindings[name] if holder is not None else None

    def is_bound(self, name: str) -> bool:
        return self._holder(name) is not None

    def is_imported(self, name: str) -> bool:
        holder = self._holder(name)
        return holder is not None and name in holder.imported

    def resolve_qualified_name(self, node: ast.expr, root_binding: str | None = None) -> str | None:
        """'tf.contrib.layers' with tf bound to tensorflow -> 'tensorflow.contrib.layers'; None otherwise.

        `root_binding` stands for the chain's root name when no binding explains it (a star import)."""
        attributes: list[str] = []
        while isinstance(node, ast.Attribute):
            attributes.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        base = root_binding or self.lookup(node.id)
        if base is None:
            return None
        if attributes:
            attributes.reverse()
            return base + "." + ".".join(attributes)
        return base


def imported_binding(alias: ast.alias) -> tuple[str, str]:
    """`import a.b.c` binds a -> 'a'; `import a.b.c as x` binds x -> 'a.b.c'."""
    if alias.asname:
        return alias.asname, alias.name
    top = alias.name.split(".", 1)[0]
    return top, top
