"""The `fix:` field of a catalogue entry: the fix forms an entry may declare, and their validation.

Most fixes need no `fix:` field: they follow from the entry's own data (a `renamed` entry's
dotted replacement, a `compat-only` entry's compat spelling, a keyword mapping, a TF1 argument
order). `fix:` is for what that data does not say: argument transforms, import swaps, graph
mode, a rename target other than the replacement, a stand-in class for an API with no TF2
counterpart, or why there is no mechanical fix at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from tf1lint.catalogue.fixes import Applicability

DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
# Template fields that are not argument names: the file's own name for the tensorflow module,
# the call's other arguments (", a=1, b=2" or nothing) and, in a keyword template, its value.
TEMPLATE_SPECIALS = {"tf", "rest", "value"}
_KEYS = {"rename", "module", "members", "call", "signature", "keyword", "graph_mode", "applicability", "by_hand",
         "stand_in", "examples"}
_EXAMPLE_KEYS = {"before", "tolerance", "argv"}
_ACTIONS = ("rename", "module", "call", "keyword", "by_hand", "stand_in")


@dataclass(frozen=True)
class FixExample:
    """A small TF1 program that proves the fix: run as written on TensorFlow 1.14 and, fixed, on
    TensorFlow 2; the `result` each side computes must agree (shapes, dtypes and strings exactly,
    numbers within `tolerance`)."""

    before: str
    tolerance: float = 0.0
    argv: tuple[str, ...] = ()  # command-line arguments the program sees (flags)


@dataclass(frozen=True)
class FixForm:
    """What an entry says about fixing its findings (see rules/README.md, "Fixes")."""

    rename: str | None = None  # rewrite references to this dotted name
    module: str | None = None  # swap the module (and every name under it) for this one
    members: tuple[str, ...] = ()  # with `module`: the only members the new module is known to have
    call: str | None = None  # rewrite the whole call with this template
    signature: tuple[str, ...] = ()  # the TF1 parameters `call` may bind, in positional order
    keyword: str | None = None  # rewrite `old=value` of a keyword-changed finding with this template
    graph_mode: bool = False  # the compat spelling needs graph mode: entry files get compat mode
    applicability: Applicability | None = None  # overrides the default (safe for derived renames)
    by_hand: str | None = None  # no mechanical fix, and why
    stand_in: str | None = None  # a class in rules/stand_ins/<name>.py written into the file instead
    examples: tuple[FixExample, ...] = ()  # executed by the TensorFlow-backed tests, shown by `tf1lint rules`


def fix_form_data(form: FixForm) -> dict[str, object]:
    """The form as its YAML mapping again (for the catalogue cache); parse_fix_form reads it back."""
    data: dict[str, object] = {}
    for key in _ACTIONS:
        if getattr(form, key):
            data[key] = getattr(form, key)
    for key in ("members", "signature"):
        if getattr(form, key):
            data[key] = list(getattr(form, key))
    if form.graph_mode:
        data["graph_mode"] = True
    if form.applicability is not None:
        data["applicability"] = form.applicability.value
    if form.examples:
        data["examples"] = [{"before": example.before, "tolerance": example.tolerance, "argv": list(example.argv)}
                            for example in form.examples]
    return data


def parse_fix_form(value: object, kind: str) -> tuple[FixForm | None, str | None]:
    """(the form, None) or (None, the problem in one line) for a raw `fix:` value."""
    if not isinstance(value, Mapping) or not value:
        return None, f"fix must be a mapping ({', '.join(sorted(_KEYS))})"
    unknown = sorted(str(key) for key in value if key not in _KEYS)
    if unknown:
        return None, f"unknown fix field {unknown[0]!r} (expected one of {', '.join(sorted(_KEYS))})"
    for key in ("rename", "module"):
        if key in value and (not isinstance(value[key], str) or not DOTTED.match(value[key])):
            return None, f"fix {key} must be a dotted name, not {value[key]!r}"
    for key in ("call", "keyword", "by_hand"):
        if key in value and (not isinstance(value[key], str) or not value[key].strip()):
            return None, f"fix {key} must be a non-empty string"
    if "stand_in" in value and (not isinstance(value["stand_in"], str) or not value["stand_in"].isidentifier()):
        return None, f"fix stand_in must be a class name, not {value['stand_in']!r}"
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("members", "signature"):
        raw = value.get(key, [])
        if not isinstance(raw, list) or not all(isinstance(item, str) and item.isidentifier() for item in raw):
            return None, f"fix {key} must be a list of Python names"
        lists[key] = tuple(raw)
    if "graph_mode" in value and not isinstance(value["graph_mode"], bool):
        return None, "fix graph_mode must be true or false"
    applicability = None
    if "applicability" in value:
        try:
            applicability = Applicability(value["applicability"])
        except ValueError:
            return None, f"unknown fix applicability {value['applicability']!r} (expected safe, unsafe or display-only)"
    examples, problem = _parse_examples(value.get("examples", []))
    if problem:
        return None, problem
    actions = [key for key in _ACTIONS if key in value]
    if len(actions) > 1:
        return None, f"fix may declare one of {', '.join(_ACTIONS)}, not {' and '.join(actions)}"
    if "members" in value and "module" not in value:
        return None, "fix members only belong with module"
    if "call" in value:
        problem = _check_template(value["call"], set(lists["signature"]) | {"tf", "rest"})
        if problem or not lists["signature"]:
            return None, problem or "a fix call template needs signature, the TF1 parameter order"
    elif lists["signature"]:
        return None, "fix signature only belongs with call"
    if "keyword" in value:
        if kind != "keyword-changed":
            return None, "a fix keyword template belongs to keyword-changed entries"
        problem = _check_template(value["keyword"], {"tf", "value"})
        if problem:
            return None, problem
    return FixForm(
        rename=value.get("rename"), module=value.get("module"), members=lists["members"],
        call=value.get("call"), signature=lists["signature"], keyword=value.get("keyword"),
        graph_mode=bool(value.get("graph_mode", False)), applicability=applicability, by_hand=value.get("by_hand"),
        stand_in=value.get("stand_in"), examples=examples,
    ), None


def _parse_examples(raw: object) -> tuple[tuple[FixExample, ...], str | None]:
    if not isinstance(raw, list):
        return (), "fix examples must be a list of mappings (before, tolerance, argv)"
    examples = []
    for item in raw:
        if not isinstance(item, Mapping) or not isinstance(item.get("before"), str) or not item["before"].strip():
            return (), "each fix example needs before: the TF1 program, which sets result"
        unknown = sorted(str(key) for key in item if key not in _EXAMPLE_KEYS)
        if unknown:
            return (), f"unknown fix example field {unknown[0]!r} (expected one of {', '.join(sorted(_EXAMPLE_KEYS))})"
        tolerance = item.get("tolerance", 0.0)
        if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or tolerance < 0:
            return (), f"fix example tolerance must be a number of at least 0, not {tolerance!r}"
        argv = item.get("argv", [])
        if not isinstance(argv, list) or not all(isinstance(arg, str) for arg in argv):
            return (), "fix example argv must be a list of strings"
        try:
            compile(item["before"], "<example>", "exec")
        except SyntaxError as error:
            return (), f"fix example does not parse: {error.msg} (line {error.lineno})"
        if "result" not in item["before"]:
            return (), "a fix example must set result, the value both sides compare"
        examples.append(FixExample(item["before"], float(tolerance), tuple(argv)))
    return tuple(examples), None


def template_fields(template: str) -> list[str]:
    """The `{field}` names a template uses, in order."""
    import string  # pylint: disable=import-outside-toplevel  # only entries with templates need it (start-up)

    return [field for _, field, _, _ in string.Formatter().parse(template) if field is not None]


def _check_template(template: str, allowed: set[str]) -> str | None:
    try:
        fields = template_fields(template)
    except ValueError as error:
        return f"fix template {template!r} is malformed: {error}"
    for field in fields:
        if field not in allowed:
            specials = sorted(allowed & TEMPLATE_SPECIALS)
            return f"fix template field {{{field}}} is neither a signature parameter nor one of {specials}"
    return None
