"""Whether a call written for one TensorFlow function still means the same on another, from
their inspect.signature: the check behind a catalogue entry's `mechanical` verdict.
Used by tools/catalogue/generate_catalogue.py and tests/test_catalogue_tensorflow.py.
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


def moves_a_positional(tf1_order: list[str], tf2_order: list[str], renames: dict[str, str]) -> bool:
    """Does some place a TF1 positional call fills hold another parameter in TF2? `renames` maps TF1
    keywords to their TF2 names (tf_upgrade_v2's table): a parameter only renamed in its place
    (avg_pool's value -> input) keeps its meaning. A later TF1 parameter that is an alias of an earlier
    place (avg_pool's trailing `input`) is no place of its own: no call fills both."""
    places: list[str] = []
    for name in tf1_order:
        meaning = renames.get(name, name) if renames.get(name) in tf2_order else name
        if meaning in places:
            break
        places.append(meaning)
    return places != tf2_order[: len(places)]
