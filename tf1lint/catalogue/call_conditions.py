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

from tf1lint import TYPE_CHECKING

if TYPE_CHECKING:  # typing is not imported at run time (start-up)
    from typing import Any

_COMPARISONS: dict[str, Callable[[int, int], bool]] = {
    ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq,
}
FIELDS = ("positional", "keywords", "without_keywords", "no_arguments", "not_string", "int_literal", "one_item_list",
          "computed_by", "not_computed_by", "not_derived_from", "unnamed")
# In computed_by / not_computed_by lists: a Python comparison (`x > 0`) rather than a call.
COMPARISON = "comparison"


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
    # The argument at this position is an integer literal (`1`, `-1`): pre-1.0 tf.concat(1, values).
    int_literal: int | None = None
    # This position or keyword is passed as a one-item list literal (`[i]`): while_loop's loop_vars.
    one_item_list: int | str | None = None
    # The argument at a position or keyword is (computed_by) / is surely not (not_computed_by) a call of one of
    # these functions (matched on the last part of the called name) or a comparison. An argument not passed,
    # or spread by *args/**kwargs, leaves not_computed_by undecided, so it holds.
    computed_by: tuple[tuple[int | str, tuple[str, ...]], ...] = ()
    not_computed_by: tuple[tuple[int | str, tuple[str, ...]], ...] = ()
    # The argument at a place is not an elementwise comparison of one of the others itself
    # (`tf.where(x > 0, x, zeros)`: the condition then has the shape of x, and TF1 and TF2 agree).
    not_derived_from: tuple[tuple[int | str, tuple[int | str, ...]], ...] = ()
    # (keyword, position or None): the parameter that names what the call creates is surely not given: not
    # passed at that keyword or position, or passed as a literal None. *args or **kwargs that may hold it leave
    # it given (a name is never assumed missing).
    unnamed: tuple[str, int | None] | None = None

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
        return self._arguments_match(call)

    def _arguments_match(self, call: ast.Call) -> bool:
        """The conditions on what single arguments are (a function, a literal, a comparison...)."""
        if self.not_string is not None:
            argument = _argument(call, self.not_string)
            if argument is None or _is_string(argument):
                return False
        if self.int_literal is not None and not _is_int_literal(_argument(call, self.int_literal)):
            return False
        if self.one_item_list is not None and not _is_one_item_list(_argument(call, self.one_item_list)):
            return False
        if any(not _computed_by(_argument(call, where), names) for where, names in self.computed_by):
            return False
        if any(_computed_by(_argument(call, where), names) for where, names in self.not_computed_by):
            return False
        for where, sources in self.not_derived_from:
            others = [other for other in (_argument(call, source) for source in sources) if other is not None]
            if _compares_elementwise(_argument(call, where), others):
                return False
        return self.unnamed is None or _surely_unnamed(call, *self.unnamed)

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
        if self.int_literal is not None:
            parts.append(f"argument {self.int_literal + 1} an integer literal")
        if self.one_item_list is not None:
            parts.append(f"{_describe_place(self.one_item_list)} a one-item list")
        for where, names in self.computed_by:
            parts.append(f"{_describe_place(where)} computed by {' or '.join(names)}")
        for where, names in self.not_computed_by:
            parts.append(f"{_describe_place(where)} not computed by {' or '.join(names)}")
        for where, sources in self.not_derived_from:
            parts.append(f"{_describe_place(where)} not an elementwise comparison of "
                         + " or ".join(_describe_place(source) for source in sources))
        if self.unnamed is not None:
            keyword, position = self.unnamed
            at = f" (or argument {position + 1})" if position is not None else ""
            parts.append(f"without {keyword}={at}, or with {keyword}=None")
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
        if self.int_literal is not None:
            data["int_literal"] = self.int_literal
        if self.one_item_list is not None:
            data["one_item_list"] = self.one_item_list
        for field_name in ("computed_by", "not_computed_by", "not_derived_from"):
            if getattr(self, field_name):
                data[field_name] = {where: list(names) for where, names in getattr(self, field_name)}
        if self.unnamed is not None:
            keyword, position = self.unnamed
            data["unnamed"] = {"keyword": keyword, **({"position": position} if position is not None else {})}
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


def _surely_unnamed(call: ast.Call, keyword: str, position: int | None) -> bool:
    if any(item.arg is None for item in call.keywords):
        return False  # **kwargs may name it
    for item in call.keywords:
        if item.arg == keyword:
            return _is_none(item.value)
    if position is None:
        return True
    for number, arg in enumerate(call.args[: position + 1]):
        if isinstance(arg, ast.Starred):
            return False  # *args may reach the naming place
        if number == position:
            return _is_none(arg)
    return True


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _describe_place(where: int | str) -> str:
    return f"argument {where + 1}" if isinstance(where, int) else f"{where}="


def _is_one_item_list(node: ast.expr | None) -> bool:
    return isinstance(node, ast.List) and len(node.elts) == 1 and not isinstance(node.elts[0], ast.Starred)


def _computed_by(node: ast.expr | None, names: tuple[str, ...]) -> bool:
    """A call of one of `names` (the last part of the called name), or a comparison if they say so."""
    if isinstance(node, ast.Compare):
        return COMPARISON in names
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name in names


# TensorFlow's elementwise predicates: their result has the (broadcast) shape of their operands.
_ELEMENTWISE_PREDICATES = frozenset({
    "equal", "not_equal", "greater", "greater_equal", "less", "less_equal", "is_nan", "is_inf", "is_finite",
    "logical_not", "logical_and", "logical_or", "logical_xor",
})


def _compares_elementwise(node: ast.expr | None, operands: list[ast.expr]) -> bool:
    """Is `node` an elementwise comparison one of whose sides is one of `operands`, written the same?"""
    if isinstance(node, ast.Compare):
        sides = [node.left, *node.comparators]
    elif isinstance(node, ast.Call) and _computed_by(node, tuple(_ELEMENTWISE_PREDICATES)):
        sides = list(node.args)
    else:
        return False
    wanted = {ast.dump(operand) for operand in operands}
    return any(ast.dump(side) in wanted for side in sides)


def _is_int_literal(node: ast.expr | None) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) is int  # exactly int: True is no axis


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
    int_literal = item.get("int_literal")
    if int_literal is not None and not (isinstance(int_literal, int) and not isinstance(int_literal, bool)
                                        and int_literal >= 0):
        return empty, "when int_literal must be a position (0, 1, ...)"
    one_item_list = item.get("one_item_list")
    if one_item_list is not None and not _is_place(one_item_list):
        return empty, "when one_item_list must be a position (0, 1, ...) or a keyword name"
    maps = {}
    for field_name, is_value in (("computed_by", _is_function_name), ("not_computed_by", _is_function_name),
                                 ("not_derived_from", _is_place)):
        maps[field_name] = _place_map(item.get(field_name, {}), is_value)
        if maps[field_name] is None:
            what = f"function names (or {COMPARISON!r})" if is_value is _is_function_name else "them"
            return empty, f"when {field_name} must map positions or keyword names to lists of {what}"
    unnamed = _parse_unnamed(item.get("unnamed"))
    if "unnamed" in item and unnamed is None:
        return empty, "when unnamed must be a mapping {keyword: NAME, position: N}, position optional (0-based)"
    return CallCondition(positional, names["keywords"], names["without_keywords"], no_arguments, not_string,
                         int_literal, one_item_list, maps["computed_by"], maps["not_computed_by"],
                         maps["not_derived_from"], unnamed), None


def _parse_unnamed(raw: Any) -> tuple[str, int | None] | None:
    if not isinstance(raw, dict) or not set(raw) <= {"keyword", "position"} or not _is_function_name(raw.get("keyword")):
        return None
    position = raw.get("position")
    if position is not None and not (isinstance(position, int) and not isinstance(position, bool) and position >= 0):
        return None
    return raw["keyword"], position


def _is_function_name(value: Any) -> bool:
    return isinstance(value, str) and value.isidentifier()


def _place_map(raw: Any, is_value: Callable[[Any], bool]) -> tuple[tuple[Any, tuple[Any, ...]], ...] | None:
    """{place: [values]} -> ((place, (values...)), ...), or None when malformed. JSON (the catalogue
    cache) spells position keys as strings: "0" is read back as 0."""
    if not isinstance(raw, dict):
        return None
    pairs = []
    for where, values in raw.items():
        if isinstance(where, str) and where.isascii() and where.isdigit():
            where = int(where)
        if not (_is_place(where) and isinstance(values, list) and values and all(map(is_value, values))):
            return None
        pairs.append((where, tuple(values)))
    return tuple(pairs)


def _is_place(value: Any) -> bool:
    """A 0-based position or a keyword name."""
    return ((isinstance(value, int) and not isinstance(value, bool) and value >= 0)
            or (isinstance(value, str) and value.isidentifier()))


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
