"""The catalogue cache: validated entries of one catalogue file, kept as plain JSON.

JSON, not pickle: reading a cache file can build strings, numbers and lists, never run code, so
a cache folder that others can write (a shared TF1LINT_CACHE_DIR, a CI cache restored from
another job) cannot make tf1lint run anything. Files are keyed on the content of the catalogue
file and of the code that validated it, so an edit that keeps size and time still misses; a
file of the wrong shape is ignored and rewritten; the folder is pruned to a bounded size.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path

from tf1lint import TYPE_CHECKING
from tf1lint.catalogue.call_conditions import parse_conditions
from tf1lint.catalogue.fix_forms import fix_form_data, parse_fix_form
from tf1lint.catalogue.model import CatalogueEntry, Kind, Severity, Version
from tf1lint.catalogue.user_cache import CATALOGUE_CACHE_FORMAT, cache_folder, keep_newest
from tf1lint.files.atomic import write_atomically

if TYPE_CHECKING:  # typing is not imported at run time (start-up)
    from typing import Any

FORMAT = CATALOGUE_CACHE_FORMAT
_SUFFIX = ".catalogue.json"
_OWN_NAME = re.compile(r"[0-9a-f]{40}\.catalogue\.json")
_PICKLE_NAME = re.compile(r"[0-9a-f]+\.pickle")
_MAX_FILES = 64  # about 40 catalogue versions of the bundled files each, far more than one machine needs


def _enabled() -> bool:
    return not os.environ.get("TF1LINT_NO_CACHE")


def read_cached(key: str) -> tuple[list[CatalogueEntry], Version] | None:
    """The entries stored under `key`, or None when missing, foreign, corrupt or of another shape."""
    if not _enabled():
        return None
    try:
        with open(cache_folder() / (key[:40] + _SUFFIX), "rb") as handle:
            document = json.load(handle)
        if not isinstance(document, dict) or document.get("format") != FORMAT or document.get("key") != key:
            return None
        origin = document["origin"]
        if not isinstance(origin, str):
            return None
        newest = _version(document["newest"])
        return [entry_from_row(row, origin) for row in document["entries"]], newest
    except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None


def write_cached(key: str, origin: str, entries: list[CatalogueEntry], newest: Version) -> None:
    """Store validated entries under `key` (atomically), then prune the folder."""
    if not _enabled():
        return
    document = {"format": FORMAT, "key": key, "origin": origin, "newest": [newest.major, newest.minor],
                "entries": [entry_row(entry) for entry in entries]}
    folder = cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / (key[:40] + _SUFFIX), json.dumps(document, separators=(",", ":")))
    except OSError:
        return  # a read-only home only costs speed
    _prune(folder)


def _prune(folder: Path) -> None:
    """Keep the newest few cache files; older ones belong to catalogue versions long gone."""
    keep_newest(folder, _OWN_NAME, _MAX_FILES)
    keep_newest(folder, _PICKLE_NAME, 0)  # the old format: never read again


def entry_row(entry: CatalogueEntry) -> list[Any]:
    return [entry.id, entry.api, entry.kind.value, entry.severity.value, entry.note, entry.replacement,
            entry.package, entry.compat, [entry.since.major, entry.since.minor],
            [entry.until.major, entry.until.minor] if entry.until else None,
            dict(entry.keywords), list(entry.arguments), list(entry.tf2_arguments), entry.mechanical, entry.position,
            _optional_fields(entry)]


# Fields most entries leave at their default: stored only when set, by name.
_FLAGS = ("as_value", "drop_in", "graph_only", "eager_raises", "other_graphs")


def _optional_fields(entry: CatalogueEntry) -> dict[str, Any]:
    fields: dict[str, Any] = {name: True for name in _FLAGS if getattr(entry, name)}
    if entry.when:
        fields["when"] = [condition.as_data() for condition in entry.when]
    if entry.receiver is not None:
        fields["receiver"] = entry.receiver
    if entry.fix is not None:
        fields["fix"] = fix_form_data(entry.fix)
    return fields


def _read_optional_fields(fields: Any, kind: str) -> dict[str, Any]:
    if not isinstance(fields, dict):
        raise TypeError("optional fields")
    if not fields:  # most entries: every optional field at its default
        return _OPTIONAL_DEFAULTS
    values: dict[str, Any] = {"when": ()}
    for name in _FLAGS:
        if fields.get(name, False) is not True and name in fields:
            raise TypeError(name)
        values[name] = name in fields
    if "when" in fields:
        conditions, problem = parse_conditions(fields["when"])
        if problem is not None:
            raise TypeError("when")
        values["when"] = conditions
    values["receiver"] = _text(fields.get("receiver"), True)
    if "fix" in fields:
        values["fix"], problem = parse_fix_form(fields["fix"], kind)
        if problem is not None:
            raise TypeError("fix")
    return values


_OPTIONAL_DEFAULTS: dict[str, Any] = {**{name: False for name in _FLAGS}, "when": (), "receiver": None}
_KINDS = {kind.value: kind for kind in Kind}
_SEVERITIES = {severity.value: severity for severity in Severity}
_VERSIONS: dict[tuple[int, int], Version] = {}
_FIELD_NAMES = frozenset(field.name for field in dataclasses.fields(CatalogueEntry))


def _version(value: Any) -> Version:
    major, minor = value
    if type(major) is not int or type(minor) is not int:  # pylint: disable=unidiomatic-typecheck  # not bool
        raise TypeError("version")
    version = _VERSIONS.get((major, minor))
    if version is None:  # a handful of distinct versions: one object each
        version = _VERSIONS.setdefault((major, minor), Version(major, minor))
    return version


def _text(value: Any, optional: bool = False) -> Any:
    if isinstance(value, str) or (optional and value is None):
        return value
    raise TypeError("text")


def entry_from_row(row: Any, origin: str) -> CatalogueEntry:
    """One entry back from its row; any field of the wrong type raises, and the file is ignored."""
    (entry_id, api, kind, severity, note, replacement, package, compat, since, until,
     keywords, arguments, tf2_arguments, mechanical, position, optional) = row
    if not isinstance(keywords, dict) or (keywords and not all(
            isinstance(old, str) and (new is None or isinstance(new, str)) for old, new in keywords.items())):
        raise TypeError("keywords")
    if (arguments or tf2_arguments) and not all(isinstance(name, str) for name in (*arguments, *tf2_arguments)):
        raise TypeError("arguments")
    if not isinstance(mechanical, bool) or type(position) is not int:  # pylint: disable=unidiomatic-typecheck
        raise TypeError("mechanical")
    return _build({
        "id": _text(entry_id), "api": _text(api), "kind": _KINDS[kind], "severity": _SEVERITIES[severity],
        "note": _text(note), "replacement": _text(replacement, True), "package": _text(package, True),
        "compat": _text(compat, True), "since": _version(since), "until": _version(until) if until is not None else None,
        "keywords": keywords, "arguments": tuple(arguments), "tf2_arguments": tuple(tf2_arguments),
        "mechanical": mechanical, "origin": origin, "position": position, **_read_optional_fields(optional, kind),
    })


def _build(values: dict[str, Any]) -> CatalogueEntry:
    """Set the validated fields directly, as unpickling did, without the frozen dataclass's
    __init__ (a third of the warm load). A field this module does not know goes the normal way."""
    if values.keys() != _FIELD_NAMES:
        return CatalogueEntry(**values)
    entry = object.__new__(CatalogueEntry)
    entry.__dict__.update(values)
    return entry
