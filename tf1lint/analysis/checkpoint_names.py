"""Fragile checkpoint names (fragile-name entries): what one module's walk learns about the calls that leave
their variables' names to construction order, and about the graphs the module builds, which decides whether
a Saver without var_list is fragile there. The engine asks it at each call, `with` and assignment."""

from __future__ import annotations

import ast

from tf1lint.catalogue.model import CatalogueEntry, TargetIndex

_GRAPH_MAKERS = frozenset({"tf.Graph", "tf.compat.v1.Graph"})


class CheckpointNames:
    """Per module: the findings that hold only where it builds other graphs, and whether it does."""

    def __init__(self) -> None:
        self.needs_other_graphs: set[int] = set()  # numbers of findings of other_graphs entries
        self.builds_graphs = False  # tf.Graph(), or `with <something named a graph>.as_default():`
        self.default_graph_names: set[str] = set()  # `graph = tf.get_default_graph()`: not another graph
        self.session_graph_blocks = 0  # `with tf.Session(graph=g):` blocks around the walk's position

    def entry_for(self, index: TargetIndex, api: str, call: ast.Call, in_graph_block: bool) -> CatalogueEntry | None:
        """The fragile-name entry this call of `api` (canonical) is a finding of, if any."""
        if api in _GRAPH_MAKERS:
            self.builds_graphs = True
        entry = index.naming.get(api)
        if entry is None or not entry.applies_to_call(call):
            return None
        if entry.other_graphs and (in_graph_block or self.session_graph_blocks):
            return None  # built inside a graph's block: the graph it saves is explicit
        return entry

    def reported(self, entry: CatalogueEntry, number: int) -> None:
        if entry.other_graphs:
            self.needs_other_graphs.add(number)

    def keeps(self, number: int) -> bool:
        """After the walk: does finding `number` hold (an other_graphs one only where graphs are built)?"""
        return self.builds_graphs or number not in self.needs_other_graphs

    def assigned(self, node: ast.Assign) -> None:
        if isinstance(node.value, ast.Call) and _called_name(node.value) == "get_default_graph":
            self.default_graph_names.update(_spelled_name(target) for target in node.targets)

    def entering(self, items: list[ast.withitem]) -> int:
        """A `with` statement begins; returns what `leaving` takes back when its body is walked."""
        self.builds_graphs |= any(self._enters_another_graph(item.context_expr) for item in items)
        # `with tf.Session(graph=g):` (any call passing graph=): its graph is the default inside.
        session_graph = int(any(isinstance(item.context_expr, ast.Call)
                                and any(keyword.arg == "graph" for keyword in item.context_expr.keywords)
                                for item in items))
        self.session_graph_blocks += session_graph
        return session_graph

    def leaving(self, session_graph: int) -> None:
        self.session_graph_blocks -= session_graph

    def _enters_another_graph(self, node: ast.expr) -> bool:
        """`with graph.as_default():` on something named a graph (not the default graph, not a session)."""
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "as_default"):
            return False
        holder = node.func.value
        if isinstance(holder, ast.Call):
            return _called_name(holder) == "Graph"
        name = _spelled_name(holder)
        return "graph" in name.lower() and "default" not in name.lower() and name not in self.default_graph_names


def _called_name(call: ast.Call) -> str:
    return _spelled_name(call.func)


def _spelled_name(node: ast.expr) -> str:
    """The last part of a name or attribute chain (`self.graph` -> 'graph')."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""
