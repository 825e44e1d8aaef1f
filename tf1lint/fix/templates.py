"""Catalogue templates filled with a call's own text: `{name}` takes an argument's text
(parenthesised where an operator could bind it), `{tf}` the file's spelling of tensorflow."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable

# Expressions that never need parentheses wherever a template puts them.
_ATOMS = (ast.Name, ast.Attribute, ast.Constant, ast.Call, ast.Subscript, ast.List, ast.Dict, ast.Set,
          ast.ListComp, ast.DictComp, ast.SetComp, ast.JoinedStr)


def fill(template: str, values: dict[str, ast.expr | str], tf_name: str | None,
         text: Callable[[ast.AST], str]) -> str | None:
    """The template with arguments' text (`text` gives a node's), or None when it needs `{tf}`
    and the file has no name for tensorflow."""
    pieces = []
    for literal, field, _, _ in _parse(template):
        pieces.append(literal)
        if field is None:
            continue
        if field == "tf":
            if tf_name is None:
                return None
            pieces.append(tf_name)
            continue
        value = values[field]
        if isinstance(value, str):
            pieces.append(value)
            continue
        written = text(value)
        if not isinstance(value, _ATOMS) and not _delimited(template, field):
            written = f"({written})"
        pieces.append(written)
    return "".join(pieces)


def canonical_text(text: str, tf_name: str | None) -> str:
    """`text` with the file's name for tensorflow written as `tf` (for messages)."""
    return text if tf_name in (None, "tf") else re.sub(rf"\b{re.escape(tf_name)}\.", "tf.", text)


def _parse(template: str) -> Iterable[tuple[str, str | None, str | None, str | None]]:
    import string  # pylint: disable=import-outside-toplevel  # only templates need it

    return string.Formatter().parse(template)


def _delimited(template: str, field: str) -> bool:
    """True when `{field}` stands alone between ( , and , ) in the template: no operator can bind it."""
    marker = "{" + field + "}"
    start = template.find(marker)
    before = template[:start].rstrip()
    after = template[start + len(marker):].lstrip()
    return (not before or before[-1] in "(,[") and (not after or after[0] in "),]")
