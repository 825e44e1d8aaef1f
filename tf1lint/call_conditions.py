"""When an entry applies to a call: conditions on its arguments, read from the catalogue's `when:`.

A behaviour change that only shows with some arguments (a `dtype=` the TF2 initializers refuse,
the 3-argument `tf.where`, a positional `keep_prob`) is data on the entry; this module parses
that data and tests a call's syntax tree against it. Nothing here evaluates the code.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_COMPARISONS: dict[str, Callable[[int, int], bool]] = {
    ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq,
}
FIELDS = ("positional", "keywords", "without_keywords", "no_arguments", "not_string")


@dataclass(frozen=True)
class CallCondition:
    """Every part that is set must hold for a call to match."""

    positional: tuple[str, int] | None = None  # (comparison, count) on the positional arguments
    keywords: tuple[str, ...] = ()  # at least one of them is passed
    without_keywords: tuple[str, ...] = ()  # none of them is passed
    no_arguments: bool = False
    # This position or keyword is passed and is surely not a string: a lambda, or a call of a device
    # function maker (tf.device(replica_device_setter(...)), assign_to_device(...)).
    not_string: int | str | None = None

    def matches(self, call: ast.Call) -> bool:
        passed = {keyword.arg for keyword in call.keywords if keyword.arg is not None}
        spreads = any(keyword.arg is None for keyword in call.keywords)  # **kwargs may hold anything
        starred = any(isinstance(arg, ast.Starred) for arg in call.args)
        if self.no_arguments and (call.args or call.keywords):
            return False
        if self.positional is not None:
            comparison, count = self.positional
            if starred:
                # *args may hold any number: only a lower bound already met is certain.
                fixed = sum(1 for arg in call.args if not isinstance(arg, ast.Starred))
                if not (comparison in (">", ">=") and _COMPARISONS[comparison](fixed, count)):
                    return False
            elif not _COMPARISONS[comparison](len(call.args), count):
                return False
        if self.keywords and not (passed & set(self.keywords)):
            return False
        if self.without_keywords and (spreads or passed & set(self.without_keywords)):
            return False
        if self.not_string is not None:
            argument = _argument(call, self.not_string)
            if argument is None or _is_string(argument):
                return False
        return True

    def describe(self) -> str:
        """The condition in words, for the rules reference."""
        parts = []
        if self.no_arguments:
            parts.append("called with no arguments")
        if self.positional is not None:
            comparison, count = self.positional
            parts.append(f"{comparison} {count} positional argument{'s' if count != 1 else ''}")
        if self.keywords:
            parts.append("passing " + " or ".join(f"{name}=" for name in self.keywords))
        if self.without_keywords:
            parts.append("without " + " or ".join(f"{name}=" for name in self.without_keywords))
        if self.not_string is not None:
            where = f"argument {self.not_string + 1}" if isinstance(self.not_string, int) else f"{self.not_string}="
            parts.append(f"{where} a function (a lambda, or a call of a *setter / assign* device-function maker)")
        return ", ".join(parts) or "any call"

    def as_data(self) -> dict[str, Any]:
        """The catalogue form again (for caches and JSON)."""
        data: dict[str, Any] = {}
        if self.positional is not None:
            comparison, count = self.positional
            data["positional"] = count if comparison == "==" else f"{comparison}{count}"
        if self.keywords:
            data["keywords"] = list(self.keywords)
        if self.without_keywords:
            data["without_keywords"] = list(self.without_keywords)
        if self.no_arguments:
            data["no_arguments"] = True
        if self.not_string is not None:
            data["not_string"] = self.not_string
        return data


def _argument(call: ast.Call, where: int | str) -> ast.expr | None:
    if isinstance(where, int):
        if any(isinstance(arg, ast.Starred) for arg in call.args[: where + 1]):
            return None
        return call.args[where] if where < len(call.args) else None
    for keyword in call.keywords:
        if keyword.arg == where:
            return keyword.value
    return None


def _is_string(node: ast.expr) -> bool:
    """Could this argument be a string? Only a lambda, or a call of a known maker of device
    functions, is sure not to be: a name, an attribute, a subscript or another call usually holds a
    device string (`FLAGS.device`, `get_device_str(i)`), and reporting those would be guessing."""
    if isinstance(node, ast.Lambda):
        return False
    if not isinstance(node, ast.Call):
        return True
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    # Only calls known to make a device *function* count: replica_device_setter and the common
    # assign_to_device / assign_to_gpu helpers. Others (get_device_str(), variables_device())
    # usually return a device string, which TF2 accepts.
    return not ("setter" in name.lower() or name.lower().startswith("assign"))


def parse_conditions(value: Any) -> tuple[tuple[CallCondition, ...], str | None]:
    """`when:` data -> conditions, or an error message saying what is wrong with it."""
    items = value if isinstance(value, list) else [value]
    if not items:
        return (), "when must be a mapping of call conditions or a non-empty list of them"
    conditions = []
    for item in items:
        condition, problem = _parse_one(item)
        if problem is not None:
            return (), problem
        conditions.append(condition)
    return tuple(conditions), None


def _parse_one(item: Any) -> tuple[CallCondition, str | None]:
    empty = CallCondition()
    if not isinstance(item, dict) or not item:
        return empty, f"a when condition must be a non-empty mapping of {', '.join(FIELDS)}"
    unknown = [str(key) for key in item if key not in FIELDS]
    if unknown:
        return empty, f"unknown when condition {unknown[0]!r} (expected {', '.join(FIELDS)})"
    positional = None
    if "positional" in item:
        positional = _parse_count(item["positional"])
        if positional is None:
            return empty, f"when positional must be a count or a comparison like \">=2\", not {item['positional']!r}"
    names: dict[str, tuple[str, ...]] = {}
    for field in ("keywords", "without_keywords"):
        raw = item.get(field, [])
        if not isinstance(raw, list) or not all(isinstance(name, str) and name.isidentifier() for name in raw):
            return empty, f"when {field} must be a list of keyword names"
        names[field] = tuple(raw)
    no_arguments = item.get("no_arguments", False)
    if not isinstance(no_arguments, bool):
        return empty, "when no_arguments must be true or false"
    not_string = item.get("not_string")
    if not_string is not None and not (
        (isinstance(not_string, int) and not isinstance(not_string, bool) and not_string >= 0)
        or (isinstance(not_string, str) and not_string.isidentifier())
    ):
        return empty, "when not_string must be a position (0, 1, ...) or a keyword name"
    return CallCondition(positional, names["keywords"], names["without_keywords"], no_arguments, not_string), None


def _parse_count(value: Any) -> tuple[str, int] | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return ("==", value)
    if not isinstance(value, str):
        return None
    text = value.replace(" ", "")
    for symbol in (">=", "<=", "==", ">", "<"):
        rest = text[len(symbol):]
        if text.startswith(symbol) and rest.isascii() and rest.isdigit():
            return (symbol, int(rest))
    return None
