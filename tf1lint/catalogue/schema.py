"""The catalogue's declared schema: every field of an entry and the rules between fields, as data,
exported as JSON Schema (rules/schema.json) so that editors validate a team's catalogue as it is
typed. The loader stays the judge at run time (it also checks what JSON Schema cannot say:
`until` later than `since`, ids unique, fix templates); tests/test_catalogue_schema.py holds the
two to the same verdict on every class of bad entry.

Regenerate with `python -m tf1lint.catalogue.schema > rules/schema.json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from tf1lint import TYPE_CHECKING
from tf1lint.catalogue.call_conditions import FIELDS as CONDITION_FIELDS
from tf1lint.catalogue.kinds import Aspect, Kind, Severity

if TYPE_CHECKING:  # typing is not imported at run time (start-up)
    from typing import Any

SCHEMA_VERSION = 1
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$"
API_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(\.\*)?$"
DOTTED_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"
VERSION_PATTERN = r"^\s*2\.[0-9]+\s*$"
NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
RECEIVERS = ("shape-subscript", "self")

_TEXT = {"type": "string", "pattern": r"\S"}
_OPTIONAL_TEXT = {"type": ["string", "null"]}
_NAMES = {"type": "array", "items": {"type": "string", "pattern": NAME_PATTERN}}
_VERSION = {"type": "string", "pattern": VERSION_PATTERN}
_PARAMETERS = {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"type": "string"}}


@dataclass(frozen=True)
class Field:
    name: str
    schema: dict[str, Any]
    description: str
    required: bool = False


# An argument by position (0-based) or by keyword; in mappings the position is a key, so a string.
_PLACE = {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": NAME_PATTERN}]}
_PLACES_TO_NAMES = {"type": "object", "minProperties": 1, "additionalProperties": _NAMES}

_CONDITION = {
    "type": "object", "minProperties": 1, "additionalProperties": False,
    "properties": {
        "positional": {"oneOf": [{"type": "integer", "minimum": 0},
                                 {"type": "string", "pattern": r"^\s*(>=|<=|==|>|<)\s*[0-9]+\s*$"}]},
        "keywords": _NAMES, "without_keywords": _NAMES, "no_arguments": {"type": "boolean"},
        "not_string": _PLACE,
        "int_literal": {"type": "integer", "minimum": 0},
        "one_item_list": _PLACE,
        "unnamed": {"type": "object", "required": ["keyword"], "additionalProperties": False,
                    "properties": {"keyword": {"type": "string", "pattern": NAME_PATTERN},
                                   "position": {"type": "integer", "minimum": 0}}},
        "computed_by": _PLACES_TO_NAMES, "not_computed_by": _PLACES_TO_NAMES,
        "not_derived_from": {"type": "object", "minProperties": 1,
                             "additionalProperties": {"type": "array", "items": _PLACE}},
    },
}
assert set(_CONDITION["properties"]) == set(CONDITION_FIELDS)

_FIX_ACTIONS = ("rename", "module", "call", "keyword", "by_hand", "stand_in")
_FIX = {
    "type": "object", "minProperties": 1, "additionalProperties": False,
    "properties": {
        "rename": {"type": "string", "pattern": DOTTED_PATTERN},
        "module": {"type": "string", "pattern": DOTTED_PATTERN},
        "members": _NAMES,
        "call": _TEXT, "signature": _NAMES, "keyword": _TEXT, "by_hand": _TEXT,
        "examples": {"type": "array", "items": {
            "type": "object", "required": ["before"], "additionalProperties": False,
            "properties": {"before": _TEXT, "tolerance": {"type": "number", "minimum": 0},
                           "argv": {"type": "array", "items": {"type": "string"}}}}},
        "stand_in": {"type": "string", "pattern": NAME_PATTERN},
        "graph_mode": {"type": "boolean"},
        "applicability": {"enum": ["safe", "unsafe", "display-only"]},
    },
    # One action at most; members only with module; a call template with its signature and back.
    "not": {"anyOf": [{"required": [first, second]} for index, first in enumerate(_FIX_ACTIONS)
                      for second in _FIX_ACTIONS[index + 1:]]},
    "dependentRequired": {"members": ["module"], "call": ["signature"], "signature": ["call"]},
}

FIELDS: tuple[Field, ...] = (
    Field("id", {"type": "string", "pattern": ID_PATTERN}, "unique id, `kind:name` by convention", required=True),
    Field("api", {"type": "string", "pattern": API_PATTERN},
          "the TF1 API, dotted from `tf`; a trailing `.*` covers a whole module", required=True),
    Field("kind", {"enum": [kind.value for kind in Kind]}, "what changed (one section of docs/rules.md)",
          required=True),
    Field("note", _TEXT, "what changed and what to do, in our own words", required=True),
    Field("severity", {"enum": [severity.value for severity in Severity]}, "default: the kind's"),
    Field("replacement", _OPTIONAL_TEXT, "the TF2 way (a dotted name, or words)"),
    Field("package", _OPTIONAL_TEXT, "a pip package the replacement lives in"),
    Field("compat", _OPTIONAL_TEXT, "the tf.compat.v1 spelling, for compat-only entries"),
    Field("since", _VERSION, "first TF2 version the entry applies to (default 2.0)"),
    Field("until", _VERSION, "first version it no longer applies to"),
    Field("keywords", {"type": "object", "minProperties": 1,
                       "additionalProperties": {"type": ["string", "null"]}},
          "keyword-changed: old keyword -> new keyword, or null when removed"),
    Field("arguments", _PARAMETERS, "arguments-reordered: TF1 parameter order"),
    Field("tf2_arguments", _PARAMETERS, "arguments-reordered: TF2 parameter order ('(keywords only)' ends it)"),
    Field("mechanical", {"type": "boolean"}, "whether the migration is mechanical (inventory)"),
    Field("when", {"oneOf": [_CONDITION, {"type": "array", "minItems": 1, "items": _CONDITION}]},
          "the calls the entry judges (by their arguments)"),
    Field("as_value", {"type": "boolean"}, "with when: also judge the API used as a value"),
    Field("drop_in", {"type": "boolean"}, "the replacement takes the same arguments"),
    Field("graph_only", {"type": "boolean"}, "works only in graph mode"),
    Field("eager_raises", {"type": "boolean"}, "graph_only: calling it eagerly on TF 2 raises"),
    Field("other_graphs", {"type": "boolean"}, "fragile-name: only in a module that builds graphs of its own"),
    Field("receiver", {"enum": list(RECEIVERS)}, "removed-method: what the method is called on"),
    Field("fix", _FIX, "how --fix rewrites a use (rules/README.md)"),
)


def _kinds_with(aspect: Aspect, same: bool = True) -> list[str]:
    return [kind.value for kind in Kind if (kind.aspect is aspect) is same]


def _kind_is(*values: str) -> dict[str, Any]:
    return {"properties": {"kind": {"enum": list(values)}}, "required": ["kind"]}


_WHOLE_MODULE = {"properties": {"api": {"pattern": r"\.\*$"}}, "required": ["api"]}

# (if, then): the rules between fields, each one a check of the loader.
CROSS_FIELD_RULES: tuple[tuple[str, dict[str, Any], dict[str, Any]], ...] = (
    ("a renamed entry needs a replacement",
     _kind_is(Kind.RENAMED.value), {"required": ["replacement"], "properties": {"replacement": _TEXT}}),
    ("a meaning-changed entry needs when", _kind_is(Kind.MEANING_CHANGED.value), {"required": ["when"]}),
    ("a fragile-name entry needs when", _kind_is(Kind.FRAGILE_NAME.value), {"required": ["when"]}),
    ("other_graphs belongs to fragile-name entries",
     {"properties": {"other_graphs": {"const": True}}, "required": ["other_graphs"]},
     _kind_is(Kind.FRAGILE_NAME.value)),
    ("a keyword-changed entry needs keywords, and only it has them",
     _kind_is(Kind.KEYWORD_CHANGED.value), {"required": ["keywords"]}),
    ("keywords only belong to keyword-changed entries",
     {"required": ["keywords"]}, _kind_is(Kind.KEYWORD_CHANGED.value)),
    ("an arguments-reordered entry needs both orders",
     _kind_is(Kind.ARGUMENTS_REORDERED.value), {"required": ["arguments", "tf2_arguments"]}),
    ("arguments only belong to arguments-reordered entries",
     {"anyOf": [{"required": ["arguments"]}, {"required": ["tf2_arguments"]}]},
     _kind_is(Kind.ARGUMENTS_REORDERED.value)),
    ("an entry that judges calls (not a name) cannot cover a whole module",
     _kind_is(*_kinds_with(Aspect.NAME, same=False)), {"not": _WHOLE_MODULE}),
    ("when does not fit keyword-changed or removed-method entries, nor a whole module",
     {"required": ["when"]},
     {"not": {"anyOf": [_kind_is(Kind.KEYWORD_CHANGED.value, Kind.REMOVED_METHOD.value), _WHOLE_MODULE]}}),
    ("drop_in belongs to entries that judge a name",
     {"properties": {"drop_in": {"const": True}}, "required": ["drop_in"]}, _kind_is(*_kinds_with(Aspect.NAME))),
    ("as_value only means something with when",
     {"properties": {"as_value": {"const": True}}, "required": ["as_value"]}, {"required": ["when"]}),
    ("eager_raises only means something with graph_only",
     {"properties": {"eager_raises": {"const": True}}, "required": ["eager_raises"]},
     {"properties": {"graph_only": {"const": True}}, "required": ["graph_only"]}),
    ("receiver belongs to removed-method entries",
     {"required": ["receiver"]}, _kind_is(Kind.REMOVED_METHOD.value)),
)


def json_schema() -> dict[str, Any]:
    entry = {
        "type": "object",
        "additionalProperties": False,
        "required": [field.name for field in FIELDS if field.required],
        "properties": {field.name: {**field.schema, "description": field.description} for field in FIELDS},
        "allOf": [{"$comment": rule, "if": condition, "then": consequence}
                  for rule, condition, consequence in CROSS_FIELD_RULES],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/tf1lint/tf1lint/blob/main/rules/schema.json",
        "title": "tf1lint catalogue",
        "description": "A file of TF1 -> TF2 API facts for tf1lint (rules/README.md).",
        "type": "object",
        "additionalProperties": False,
        "required": ["catalogue", "entries"],
        "properties": {
            "catalogue": {"const": SCHEMA_VERSION, "description": "the schema version"},
            "tensorflow": {**_VERSION, "description": "the newest TensorFlow version the file describes"},
            "entries": {"type": "array", "items": {"$ref": "#/$defs/entry"}},
        },
        "$defs": {"entry": entry},
    }


def render() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render(), end="")
