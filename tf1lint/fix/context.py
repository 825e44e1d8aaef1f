"""What the fix forms need to know about one file, computed once: its nodes, its imports, the
catalogue, and why a finding was left to a person (said in its message)."""

from __future__ import annotations

import ast
import functools

from tf1lint.catalogue.model import TargetIndex
from tf1lint.fix.importer import Importer
from tf1lint.fix.locate import FileNodes

_SHARING_MARKERS = (b"reuse=", b"reuse_variables(", b"AUTO_REUSE")
_CHECKPOINT_MARKERS = (b"Saver(", b"init_from_checkpoint", b"assign_from_checkpoint", b"import_meta_graph",
                       b"load_variable(", b"list_variables(")


class FileContext:
    """One file as the fix forms see it."""

    def __init__(self, raw: bytes, tree: ast.Module, index: TargetIndex, notebook: bool = False) -> None:
        self.nodes = FileNodes(raw, tree)
        self.index = index
        self.imports = Importer(self.nodes, index, notebook)
        self.refusals: dict[int, str] = {}  # id(finding) -> why it is work by hand, said in its message

    @functools.cached_property
    def variables_by_name(self) -> str | None:
        """Why the file's variable names matter, if they do: it shares variables by scope
        (`variable_scope(..., reuse=...)`, `reuse_variables()`, `AUTO_REUSE`, a `reuse=` argument)
        or saves and restores them by name (a Saver, a checkpoint read by name)."""
        if any(marker in self.nodes.raw for marker in _SHARING_MARKERS):
            return "this file shares variables by scope (reuse)"
        if any(marker in self.nodes.raw for marker in _CHECKPOINT_MARKERS):
            return "this file saves or restores variables by name (checkpoints)"
        return None
