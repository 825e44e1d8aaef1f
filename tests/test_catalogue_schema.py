"""rules/schema.json, the catalogue's declared schema: up to date, satisfied by the bundled
catalogue, and refusing every class of bad entry the loader refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from tf1lint.catalogue.loader import bundled_catalogue_files, load_catalogue
from tf1lint.catalogue.schema import json_schema, render

jsonschema = pytest.importorskip("jsonschema")
VALIDATOR = jsonschema.Draft202012Validator(json.loads((ROOT / "rules" / "schema.json").read_text(encoding="utf-8")))


def test_the_exported_schema_is_up_to_date_and_a_valid_json_schema() -> None:
    assert (ROOT / "rules" / "schema.json").read_text(encoding="utf-8") == render(), (
        "regenerate: python -m tf1lint.catalogue.schema > rules/schema.json")
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("path", bundled_catalogue_files(), ids=lambda path: path.name)
def test_the_bundled_catalogue_satisfies_the_schema(path: Path) -> None:
    errors = [f"{list(error.absolute_path)}: {error.message}"
              for error in VALIDATOR.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
    assert not errors, errors[:5]


GOOD = {
    "removed": {"id": "t:a", "api": "tf.a", "kind": "removed", "note": "gone"},
    "renamed": {"id": "t:b", "api": "tf.b", "kind": "renamed", "note": "moved", "replacement": "tf.c"},
    "keyword": {"id": "t:k", "api": "tf.k", "kind": "keyword-changed", "note": "n", "keywords": {"old": "new"}},
    "reordered": {"id": "t:r", "api": "tf.r", "kind": "arguments-reordered", "note": "n",
                  "arguments": ["a", "b"], "tf2_arguments": ["b", "a"]},
    "meaning": {"id": "t:m", "api": "tf.m", "kind": "meaning-changed", "note": "n", "when": {"positional": ">=2"}},
    "method": {"id": "t:x", "api": "tf.data.Dataset.make_x", "kind": "removed-method", "note": "n",
               "receiver": "shape-subscript"},
    "fixed": {"id": "t:f", "api": "tf.f", "kind": "renamed", "note": "n", "replacement": "tf.g",
              "fix": {"rename": "tf.g"}},
}

# (a good entry, what to change: None removes the field)
BAD = {
    "unknown field": ("removed", {"colour": "red"}),
    "no id": ("removed", {"id": None}),
    "no api": ("removed", {"api": None}),
    "no kind": ("removed", {"kind": None}),
    "no note": ("removed", {"note": None}),
    "empty note": ("removed", {"note": "  "}),
    "bad id": ("removed", {"id": "-a b"}),
    "bad api": ("removed", {"api": "tf..a"}),
    "unknown kind": ("removed", {"kind": "vanished"}),
    "unknown severity": ("removed", {"severity": "fatal"}),
    "replacement not text": ("removed", {"replacement": ["tf.a"]}),
    "renamed without replacement": ("renamed", {"replacement": None}),
    "since as a number": ("removed", {"since": 2.1}),
    "since not TF2": ("removed", {"since": "1.15"}),
    "keywords on another kind": ("removed", {"keywords": {"a": "b"}}),
    "keyword-changed without keywords": ("keyword", {"keywords": None}),
    "keywords to a number": ("keyword", {"keywords": {"a": 1}}),
    "arguments on another kind": ("removed", {"arguments": ["a"]}),
    "reordered without tf2_arguments": ("reordered", {"tf2_arguments": None}),
    "an argument named twice": ("reordered", {"tf2_arguments": ["a", "a"]}),
    "meaning-changed without when": ("meaning", {"when": None}),
    "a call kind over a whole module": ("keyword", {"api": "tf.k.*"}),
    "when on a keyword-changed entry": ("keyword", {"when": {"positional": 1}}),
    "unknown when condition": ("meaning", {"when": {"colour": 1}}),
    "drop_in on a call kind": ("keyword", {"drop_in": True}),
    "as_value without when": ("removed", {"as_value": True}),
    "receiver on another kind": ("removed", {"receiver": "shape-subscript"}),
    "unknown receiver": ("method", {"receiver": "anything"}),
    "mechanical not true or false": ("removed", {"mechanical": "yes"}),
    "flag not true or false": ("removed", {"graph_only": "yes"}),
    "unknown fix field": ("fixed", {"fix": {"rename": "tf.g", "how": 1}}),
    "two fix actions": ("fixed", {"fix": {"rename": "tf.g", "by_hand": "do it"}}),
    "fix members without module": ("fixed", {"fix": {"members": ["a"]}}),
    "fix rename not a dotted name": ("fixed", {"fix": {"rename": "not a name"}}),
}


def _document(entry: dict) -> dict:
    return {"catalogue": 1, "entries": [entry]}


def _loader_problems(document: dict, tmp_path: Path) -> list[str]:
    path = tmp_path / "team.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return [str(problem) for problem in load_catalogue([path], include_bundled=False).problems]


@pytest.mark.parametrize("name", list(GOOD))
def test_good_entries_pass_both(name: str, tmp_path: Path) -> None:
    document = _document(GOOD[name])
    assert _loader_problems(document, tmp_path) == []
    assert VALIDATOR.is_valid(document)


@pytest.mark.parametrize("name", list(BAD))
def test_each_class_of_bad_entry_is_refused_by_the_loader_and_the_schema(name: str, tmp_path: Path) -> None:
    base, changes = BAD[name]
    entry = {**GOOD[base], **changes}
    entry = {key: value for key, value in entry.items() if value is not None}
    document = _document(entry)
    assert _loader_problems(document, tmp_path), f"the loader accepts {name}"
    assert not VALIDATOR.is_valid(document), f"the schema accepts {name}"


@pytest.mark.parametrize("document", [
    {"catalogue": 7, "entries": []},
    {"catalogue": 1, "entries": {}},
    {"catalogue": 1, "entries": [], "colour": 1},
    ["a", "b"],
], ids=["version", "entries", "top-level key", "not a mapping"])
def test_bad_files_are_refused_by_both(document: object, tmp_path: Path) -> None:
    assert _loader_problems(document, tmp_path)  # type: ignore[arg-type]
    assert not VALIDATOR.is_valid(document)
