"""The order a TF1 program created its variables, from the `.meta` graph tf.train.Saver writes beside the index.

The index lists names sorted; only the graph keeps creation order, and that is the order in which new code builds
the same layers. Unnamed (`Variable_3`) and repeated (`w0`, `b0` in several scopes) names are paired by it."""

from __future__ import annotations

import os
from pathlib import Path

from tf1lint.ckpt.protobuf import WireError, fields

_VARIABLE_OPS = {b"VariableV2", b"Variable", b"VarHandleOp", b"AutoReloadVariable"}
_GRAPH_DEF = 2    # MetaGraphDef.graph_def
_NODE = 1         # GraphDef.node
_NODE_NAME, _NODE_OP = 1, 2


def creation_order(prefix: str | os.PathLike) -> list[str]:
    """Variable names in the order the graph created them; empty when there is no readable `.meta` file (a Saver
    with write_meta_graph=False, or a checkpoint copied without it): the proposal then falls back to name order."""
    try:
        data = Path(f"{prefix}.meta").read_bytes()
    except OSError:
        return []
    names = []
    try:
        for number, graph in fields(data):
            if number != _GRAPH_DEF or not isinstance(graph, bytes):
                continue
            for field, node in fields(graph):
                if field == _NODE and isinstance(node, bytes):
                    parts = dict(fields(node))
                    if parts.get(_NODE_OP) in _VARIABLE_OPS and isinstance(parts.get(_NODE_NAME), bytes):
                        names.append(parts[_NODE_NAME].decode("utf-8"))
    except (WireError, UnicodeDecodeError):
        return []   # not a MetaGraphDef: only the guesses' order depends on it
    return names
