"""Whether a call written for one TensorFlow function still means the same on another, from
their inspect.signature: the check behind a catalogue entry's `mechanical` verdict.
Used by tools/generate_catalogue.py and tests/test_catalogue_tensorflow.py.
"""

from __future__ import annotations

import inspect


def call_shape(function: object) -> tuple[list[str], set[str], bool] | None:
    """(positional parameter names in order, all parameter names, takes **kwargs), or None if unreadable."""
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return None
    positional = [p.name for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "self"]
    names = {p.name for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)} - {"self"}
    return positional, names, any(p.kind is p.VAR_KEYWORD for p in parameters)


def signature_mismatch(tf1_function: object, tf2_function: object) -> str | None:
    """Why a call written for the TF1 function could fail or change on the TF2 one; None when every
    TF1 parameter exists in TF2 at the same positional place (or when a signature cannot be read)."""
    old, new = call_shape(tf1_function), call_shape(tf2_function)
    if old is None or new is None:
        return None  # builtins and protos: nothing to compare
    missing = sorted(old[1] - new[1]) if not new[2] else []
    if missing:
        return f"TF2 lacks {', '.join(missing)}"
    moved = [f"{a}->{b}" for a, b in zip(old[0], new[0]) if a != b]
    return f"positional order differs ({', '.join(moved)})" if moved else None
