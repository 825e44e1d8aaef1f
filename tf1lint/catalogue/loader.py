"""Reads catalogue YAML files, validates every entry and builds the Catalogue.

Problems in a file are returned as values naming the file and line; nothing here
raises for a user's mistake.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tf1lint import TYPE_CHECKING
from tf1lint.catalogue.cache import read_cached, write_cached
from tf1lint.catalogue.call_conditions import CallCondition, parse_conditions
from tf1lint.catalogue.files import bundled_catalogue_files, display_origin, stand_in_source
from tf1lint.catalogue.fix_forms import parse_fix_form
from tf1lint.catalogue.model import FIRST_TF2, Aspect, Catalogue, CatalogueEntry, Kind, Severity, Version
from tf1lint.catalogue.schema import API_PATTERN, FIELDS, ID_PATTERN, RECEIVERS, SCHEMA_VERSION
from tf1lint.catalogue.user_cache import cache_key
from tf1lint.files.display import shown_path

if TYPE_CHECKING:  # typing is not imported at run time (start-up)
    from typing import Any



@functools.cache
def _yaml() -> tuple[Any, Any]:
    """PyYAML and its fastest safe loader, imported on a catalogue cache miss only: a catalogue
    read back from its validated cache never needs them (start-up time)."""
    # pylint: disable=import-outside-toplevel
    import yaml

    try:  # the C loader is several times faster; plain PyYAML still works without it
        from yaml import CSafeLoader as SafeLoader
    except ImportError:  # pragma: no cover - depends on how PyYAML was built
        from yaml import SafeLoader  # type: ignore[assignment]
    return yaml, SafeLoader

# The fields and their patterns are declared once, in the schema also exported as rules/schema.json.
_ID_PATTERN = re.compile(ID_PATTERN)
_API_PATTERN = re.compile(API_PATTERN)
_FIELDS = {field.name for field in FIELDS}
_FLAG_FIELDS = ("as_value", "drop_in", "graph_only", "eager_raises", "other_graphs")
_RECEIVERS = RECEIVERS
_TEXT_FIELDS = ("replacement", "package", "compat")


@dataclass(frozen=True)
class CatalogueProblem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class LoadResult:
    catalogue: Catalogue
    problems: tuple[CatalogueProblem, ...]


def load_catalogue(extra_files: Sequence[str | os.PathLike[str]] = (), include_bundled: bool = True) -> LoadResult:
    problems: list[CatalogueProblem] = []
    bundled: list[CatalogueEntry] = []
    newest = FIRST_TF2
    if include_bundled:
        for path in bundled_catalogue_files():
            entries, file_newest = _read_file(path, problems)
            bundled.extend(entries)
            newest = max(newest, file_newest)
    user: list[CatalogueEntry] = []
    for path in _distinct_files(extra_files, bundled_catalogue_files() if include_bundled else []):
        entries, file_newest = _read_file(path, problems)
        user.extend(entries)
        newest = max(newest, file_newest)
    # Ids are unique within the bundled files and within the user's; a user's entry with a
    # bundled id is an override (rules/README.md), not a duplicate.
    _check_unique_ids(bundled, problems)
    _check_unique_ids(user, problems)
    _check_conflicts(bundled, problems)
    _check_conflicts(user, problems)
    merged = _apply_overrides(bundled, user)
    return LoadResult(Catalogue(merged, newest), tuple(problems))


def _distinct_files(paths: Iterable[str | os.PathLike[str]], bundled: list[Path]) -> list[Path]:
    """Each user file once: the pyproject's catalogue named again on the command line, or a
    bundled file named as an extra, must not clash with itself."""
    seen = {os.path.realpath(path) for path in bundled}
    files = []
    for path in paths:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            files.append(Path(path))
    return files


# A catalogue is a few megabytes at most; a bigger file, a FIFO or a device (/dev/zero) would
# hang or exhaust memory before YAML could say anything useful.
MAX_CATALOGUE_BYTES = 32 * 1024 * 1024


def _read_bytes(path: Path, shown: str, problems: list[CatalogueProblem]) -> bytes | None:
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            problems.append(CatalogueProblem(shown, 0, "cannot read catalogue file: is a directory"))
            return None
        if not stat.S_ISREG(status.st_mode):
            problems.append(CatalogueProblem(shown, 0, "cannot read catalogue file: not a regular file"))
            return None
        if status.st_size > MAX_CATALOGUE_BYTES:
            problems.append(CatalogueProblem(
                shown, 0, f"catalogue file too large ({status.st_size} bytes; at most {MAX_CATALOGUE_BYTES})"))
            return None
        with open(path, "rb") as handle:
            return handle.read(MAX_CATALOGUE_BYTES + 1)
    except OSError as error:
        problems.append(CatalogueProblem(shown, 0, f"cannot read catalogue file: {_reason(error)}"))
        return None


def _read_file(path: Path, problems: list[CatalogueProblem]) -> tuple[list[CatalogueEntry], Version]:
    """Entries of one file. YAML parsing dominates load time, so files that validated cleanly
    are kept, already validated, in a cache keyed by their content (tf1lint/catalogue/cache.py)."""
    shown = shown_path(display_origin(path))
    content = _read_bytes(path, shown, problems)
    if content is None:
        return [], FIRST_TF2
    key = cache_key(content, shown)
    cached = read_cached(key)
    if cached is not None:
        return cached
    before = len(problems)
    result = _parse_file(content, shown, problems)
    if len(problems) == before:
        write_cached(key, shown, *result)
    return result


def _parse_file(content: bytes, shown: str, problems: list[CatalogueProblem]) -> tuple[list[CatalogueEntry], Version]:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(CatalogueProblem(shown, 0, f"cannot read catalogue file: {_reason(error)}"))
        return [], FIRST_TF2
    yaml, SafeLoader = _yaml()  # pylint: disable=invalid-name
    try:
        alias = _first_alias(text)
        if alias:
            # Aliases can make a small file stand for an exponentially large document (a "billion
            # laughs"); a catalogue never needs them, so they are refused before anything is built.
            problems.append(CatalogueProblem(shown, alias, "YAML anchors and aliases (&name, *name) are not allowed"
                                             " in a catalogue; write each entry out"))
            return [], FIRST_TF2
        document = yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        problems.append(CatalogueProblem(shown, line, f"not valid YAML: {problem}"))
        return [], FIRST_TF2
    file_reader = _FileReader(shown, text, problems)
    return file_reader.read(document)


_MAYBE_ALIAS = re.compile(r"(?:^|[\s\[{,])[&*][^\s\]},]", re.MULTILINE)


def _first_alias(text: str) -> int:
    """The line of the first anchor or alias in `text`, 0 when there is none."""
    if not _MAYBE_ALIAS.search(text):  # `tf.contrib.*` is not one: an anchor or alias follows a space
        return 0
    yaml, SafeLoader = _yaml()  # pylint: disable=invalid-name
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            return event.start_mark.line + 1
    return 0


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)


class _FileReader:
    """Validates one parsed document; line numbers are found only when something is wrong."""

    def __init__(self, shown: str, text: str, problems: list[CatalogueProblem]) -> None:
        self.shown = shown
        self.text = text
        self.problems = problems
        self._lines: _LineMap | None = None

    def problem(self, message: str, entry_index: int | None = None, field: str | None = None) -> None:
        if self._lines is None:
            self._lines = _LineMap(self.text)
        line = self._lines.line_of(entry_index, field)
        self.problems.append(CatalogueProblem(self.shown, line, message))

    def read(self, document: Any) -> tuple[list[CatalogueEntry], Version]:
        newest = FIRST_TF2
        if document is None:
            self.problem("empty catalogue file (expected 'catalogue: 1' and 'entries:')")
            return [], newest
        if not isinstance(document, dict):
            self.problem(f"the top level must be a mapping with 'catalogue' and 'entries', not {_type_name(document)}")
            return [], newest
        unknown = sorted(str(key) for key in document if key not in ("catalogue", "tensorflow", "entries"))
        if unknown:
            self.problem(f"unknown top-level key {unknown[0]!r} (expected catalogue, tensorflow, entries)")
        if document.get("catalogue") != SCHEMA_VERSION:
            self.problem(f"'catalogue' must be {SCHEMA_VERSION} (the schema version), found {document.get('catalogue')!r}")
        if "tensorflow" in document:
            declared = self.version(document["tensorflow"], "tensorflow", None)
            if declared is not None:
                newest = declared
        raw_entries = document.get("entries")
        if not isinstance(raw_entries, list):
            self.problem(f"'entries' must be a list of entries, not {_type_name(raw_entries)}")
            return [], newest
        entries = []
        for index, raw in enumerate(raw_entries):
            entry = self.entry(raw, index)
            if entry is not None:
                entries.append(entry)
                newest = max([newest, entry.since, *( [entry.until] if entry.until else [])])
        return entries, newest

    def version(self, value: Any, field: str, index: int | None) -> Version | None:
        if not isinstance(value, str):
            self.problem(f"{field} must be a quoted version string like \"2.16\", not {value!r}", index, field)
            return None
        version = Version.parse(value)
        if version is None or version.major != 2:
            self.problem(f"unknown TensorFlow version {value!r} in {field} (expected a TF2 version like \"2.16\")", index, field)
            return None
        return version

    def entry(self, raw: Any, index: int) -> CatalogueEntry | None:
        if not isinstance(raw, dict):
            self.problem(f"an entry must be a mapping, not {_type_name(raw)}", index)
            return None
        ok = True
        for key in raw:
            if key not in _FIELDS:
                owner = f" in entry {raw['id']!r}" if isinstance(raw.get("id"), str) else ""
                self.problem(f"unknown field {key!r}{owner}", index, key)
                ok = False
        for required in ("id", "api", "kind", "note"):
            if not isinstance(raw.get(required), str) or not raw[required].strip():
                what = "missing" if required not in raw else "must be a non-empty string in"
                self.problem(f"{required!r} {what} entry {raw.get('id', '#' + str(index + 1))!s}", index, required)
                ok = False
        if not ok:
            return None
        entry_id, api = raw["id"], raw["api"]
        if api == "tensorflow" or api.startswith("tensorflow."):
            api = "tf" + api[len("tensorflow"):]  # the catalogue spells TensorFlow `tf`, as code imports it
        if not _ID_PATTERN.match(entry_id):
            self.problem(f"invalid id {entry_id!r} (letters, digits and . : _ / - only)", index, "id")
            ok = False
        if not _API_PATTERN.match(api):
            self.problem(f"invalid api {api!r} in {entry_id} (expected a dotted name, optionally ending in .*)", index, "api")
            ok = False
        try:
            kind = Kind(raw["kind"])
        except ValueError:
            expected = ", ".join(k.value for k in Kind)
            self.problem(f"unknown kind {raw['kind']!r} in {entry_id} (expected {expected})", index, "kind")
            return None
        severity = kind.default_severity
        if "severity" in raw:
            try:
                severity = Severity(raw["severity"])
            except ValueError:
                self.problem(f"unknown severity {raw['severity']!r} (expected error, warning or info)", index, "severity")
                ok = False
        texts: dict[str, str | None] = {}
        for name in _TEXT_FIELDS:
            value = raw.get(name)
            if value is not None and not isinstance(value, str):
                self.problem(f"{name} of {entry_id} must be a string, not {_type_name(value)}", index, name)
                ok = False
            texts[name] = value if isinstance(value, str) else None
        if kind is Kind.RENAMED and not texts["replacement"]:
            self.problem(f"{entry_id}: a renamed entry needs a replacement", index, "kind")
            ok = False
        since = self.version(raw["since"], "since", index) if "since" in raw else FIRST_TF2
        until = self.version(raw["until"], "until", index) if "until" in raw else None
        if since is None or ("until" in raw and until is None):
            ok = False
        elif until is not None and until <= since:
            self.problem(f"{entry_id}: until {until} must be later than since {since}", index, "until")
            ok = False
        keywords = self.keywords(raw, kind, entry_id, index)
        arguments = self.names(raw, "arguments", kind, entry_id, index)
        tf2_arguments = self.names(raw, "tf2_arguments", kind, entry_id, index)
        if keywords is None or arguments is None or tf2_arguments is None:
            ok = False
        if kind.aspect is not Aspect.NAME and api.endswith(".*"):
            self.problem(f"{entry_id}: a {kind.value} entry judges calls of one API and cannot end in .*", index, "api")
            ok = False
        mechanical = raw.get("mechanical", _default_mechanical(kind, keywords or {}))
        if not isinstance(mechanical, bool):
            self.problem(f"mechanical of {entry_id} must be true or false", index, "mechanical")
            ok = False
        fix_form, fix_problem = parse_fix_form(raw["fix"], kind.value) if "fix" in raw else (None, None)
        if fix_form is not None and fix_form.stand_in and stand_in_source(fix_form.stand_in) is None:
            fix_form, fix_problem = None, (f"fix stand_in {fix_form.stand_in!r} has no "
                                           f"rules/stand_ins/{fix_form.stand_in}.py defining that one class")
        if fix_problem:
            self.problem(f"{entry_id}: {fix_problem}", index, "fix")
        conditions = self.conditions(raw, kind, entry_id, index)
        flags = {name: raw.get(name, False) for name in _FLAG_FIELDS}
        for name, value in flags.items():
            if not isinstance(value, bool):
                self.problem(f"{name} of {entry_id} must be true or false", index, name)
                ok = False
        if flags["drop_in"] and kind.aspect is not Aspect.NAME:
            self.problem(f"{entry_id}: drop_in belongs to entries that judge a name", index, "drop_in")
            ok = False
        if flags["eager_raises"] and not flags["graph_only"]:
            self.problem(f"{entry_id}: eager_raises only means something with graph_only", index, "eager_raises")
            ok = False
        if flags["as_value"] and not conditions:
            self.problem(f"{entry_id}: as_value only means something with 'when'", index, "as_value")
            ok = False
        if flags["other_graphs"] and kind is not Kind.FRAGILE_NAME:
            self.problem(f"{entry_id}: other_graphs belongs to fragile-name entries", index, "other_graphs")
            ok = False
        receiver = raw.get("receiver")
        if receiver is not None and (kind is not Kind.REMOVED_METHOD or receiver not in _RECEIVERS):
            self.problem(f"{entry_id}: receiver belongs to removed-method entries and must be one of "
                         f"{', '.join(_RECEIVERS)}", index, "receiver")
            ok = False
        if conditions is None:
            ok = False
        if not ok:
            return None
        return CatalogueEntry(
            id=entry_id, api=api, kind=kind, severity=severity, note=" ".join(raw["note"].split()),
            replacement=texts["replacement"], package=texts["package"], compat=texts["compat"],
            since=since or FIRST_TF2, until=until, keywords=keywords or {},
            arguments=tuple(arguments or ()), tf2_arguments=tuple(tf2_arguments or ()),
            mechanical=mechanical, when=conditions or (), as_value=flags["as_value"], drop_in=flags["drop_in"],
            graph_only=flags["graph_only"], eager_raises=flags["eager_raises"], other_graphs=flags["other_graphs"],
            receiver=receiver, origin=self.shown,
            position=index, fix=fix_form,
        )

    def conditions(self, raw: dict, kind: Kind, entry_id: str, index: int) -> tuple[CallCondition, ...] | None:
        if "when" not in raw:
            if kind is Kind.MEANING_CHANGED:
                self.problem(f"{entry_id}: a meaning-changed entry needs 'when', the calls whose meaning changed",
                             index, "kind")
                return None
            if kind is Kind.FRAGILE_NAME:
                self.problem(f"{entry_id}: a fragile-name entry needs 'when', the calls that leave names to "
                             "construction order (unnamed: {keyword: name, position: N})", index, "kind")
                return None
            return ()
        if raw["api"].endswith(".*") or kind.aspect in (Aspect.KEYWORDS, Aspect.METHOD):
            self.problem(f"{entry_id}: 'when' judges calls of one API; it does not fit a {kind.value} entry"
                         f"{' for a whole module' if raw['api'].endswith('.*') else ''}", index, "when")
            return None
        conditions, problem = parse_conditions(raw["when"])
        if problem is not None:
            self.problem(f"{entry_id}: {problem}", index, "when")
            return None
        return conditions

    def keywords(self, raw: dict, kind: Kind, entry_id: str, index: int) -> dict[str, str | None] | None:
        value = raw.get("keywords")
        if kind is not Kind.KEYWORD_CHANGED:
            if value is not None:
                self.problem(f"{entry_id}: keywords only belong to keyword-changed entries", index, "keywords")
                return None
            return {}
        if not isinstance(value, dict) or not value:
            self.problem(f"{entry_id}: a keyword-changed entry needs 'keywords', a mapping old -> new or null", index, "keywords")
            return None
        for old, new in value.items():
            if not isinstance(old, str) or not (new is None or isinstance(new, str)):
                self.problem(f"{entry_id}: keywords must map a name to a name or null, found {old!r}: {new!r}", index, "keywords")
                return None
        return dict(value)

    def names(self, raw: dict, field: str, kind: Kind, entry_id: str, index: int) -> list[str] | None:
        value = raw.get(field)
        if kind is not Kind.ARGUMENTS_REORDERED:
            if value is not None:
                self.problem(f"{entry_id}: {field} only belongs to arguments-reordered entries", index, field)
                return None
            return []
        if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
            self.problem(f"{entry_id}: an arguments-reordered entry needs '{field}', a list of parameter names", index, field)
            return None
        repeated = sorted({item for item in value if value.count(item) > 1})
        if repeated:
            # A fix passes the positionals by these names: a name given twice would be passed twice.
            self.problem(f"{entry_id}: {field} names {repeated[0]!r} more than once", index, field)
            return None
        return value


def _default_mechanical(kind: Kind, keywords: dict[str, str | None]) -> bool:
    if kind is Kind.KEYWORD_CHANGED:
        return all(new is not None for new in keywords.values())
    return kind in (Kind.RENAMED, Kind.ARGUMENTS_REORDERED)


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", type(None): "nothing"}.get(type(value), type(value).__name__)


class _LineMap:
    """Line numbers of entries and their fields, from YAML's node tree (slower, so only on demand)."""

    def __init__(self, text: str) -> None:
        self.entries: list[tuple[int, dict[str, int]]] = []
        self.top = 1
        yaml, SafeLoader = _yaml()  # pylint: disable=invalid-name
        try:
            root = yaml.compose(text, Loader=SafeLoader)
        except yaml.YAMLError:
            return
        if not isinstance(root, yaml.MappingNode):
            return
        for key, value in root.value:
            if key.value == "entries" and isinstance(value, yaml.SequenceNode):
                self.top = key.start_mark.line + 1
                for item in value.value:
                    fields = {}
                    if isinstance(item, yaml.MappingNode):
                        fields = {k.value: k.start_mark.line + 1 for k, _ in item.value if isinstance(k, yaml.ScalarNode)}
                    self.entries.append((item.start_mark.line + 1, fields))

    def line_of(self, entry_index: int | None, field: str | None) -> int:
        if entry_index is None or entry_index >= len(self.entries):
            return self.top
        line, fields = self.entries[entry_index]
        return fields.get(field, line) if field else line


_LINE_MAPS: dict[str, _LineMap] = {}


def entry_location(entry: CatalogueEntry) -> str:
    """'rules/x.yaml:120' for an entry: re-reads its file, so keep it off hot paths."""
    if entry.origin not in _LINE_MAPS:
        try:
            _LINE_MAPS[entry.origin] = _LineMap(Path(entry.origin).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return f"{entry.origin}:0"
    return f"{entry.origin}:{_LINE_MAPS[entry.origin].line_of(entry.position, None)}"


def _problem_at(entry: CatalogueEntry, message: str) -> CatalogueProblem:
    path, _, line = entry_location(entry).rpartition(":")
    return CatalogueProblem(path, int(line), message)


def _check_unique_ids(entries: Iterable[CatalogueEntry], problems: list[CatalogueProblem]) -> None:
    seen: dict[str, CatalogueEntry] = {}
    for entry in entries:
        first = seen.setdefault(entry.id, entry)
        if first is not entry:
            problems.append(_problem_at(entry, f"duplicate id {entry.id!r} (first defined at {entry_location(first)})"))


def _check_conflicts(entries: Iterable[CatalogueEntry], problems: list[CatalogueProblem]) -> None:
    by_use: dict[tuple[str, Aspect], list[CatalogueEntry]] = {}
    for entry in entries:
        by_use.setdefault((entry.api, entry.aspect), []).append(entry)
    for (api, aspect), group in by_use.items():
        if len(group) == 1:
            continue  # most APIs have one entry: nothing to overlap
        group.sort(key=lambda e: e.since)
        for earlier, later in itertools.pairwise(group):
            if earlier.until is None or later.since < earlier.until:
                problems.append(_problem_at(
                    later,
                    f"conflicting verdicts for {api} ({aspect.value}): {later.id} overlaps {earlier.id}"
                    f" at {entry_location(earlier)}; give them disjoint since/until ranges",
                ))


def _apply_overrides(bundled: list[CatalogueEntry], user: list[CatalogueEntry]) -> list[CatalogueEntry]:
    if not user:
        return bundled
    replaced = {id(override.bundled) for override in find_overrides(bundled, user)}
    return [entry for entry in bundled if id(entry) not in replaced] + user


@dataclass(frozen=True)
class Override:
    """A bundled entry a user catalogue replaces: an entry with its id, or for the same API and aspect."""

    bundled: CatalogueEntry
    user: CatalogueEntry

    @property
    def change(self) -> str:
        """'lowered' or 'raised' (severity), else 'replaced'."""
        before, after = self.bundled.severity.rank, self.user.severity.rank
        return "lowered" if after < before else "raised" if after > before else "replaced"

    def describe(self) -> str:
        """One line: which bundled verdict, the user's verdict instead, and where the user wrote it."""
        bundled, user = self.bundled, self.user
        name = bundled.id if user.id == bundled.id else f"{bundled.id} (by {user.id})"
        return (f"{name} {bundled.api}: {verdict(bundled)} -> {verdict(user)} ({self.change})"
                f" at {entry_location(user)}")


def describe_overrides(overrides: Sequence[Override]) -> str:
    """The overrides as `--show-settings` lists them; nothing when there are none."""
    if not overrides:
        return ""
    lines = [f"catalogue overrides: {len(overrides)} bundled "
             + ("entry is" if len(overrides) == 1 else "entries are") + " replaced by a user catalogue"]
    lines += [f"  {override.describe()}" for override in overrides]
    return "\n".join(lines) + "\n"


def verdict(entry: CatalogueEntry) -> str:
    return f"{entry.kind.value}/{entry.severity.value}"


def find_overrides(bundled: Iterable[CatalogueEntry], user: Iterable[CatalogueEntry]) -> list[Override]:
    by_id: dict[str, CatalogueEntry] = {}
    by_use: dict[tuple[str, Aspect], CatalogueEntry] = {}
    for entry in user:
        by_id.setdefault(entry.id, entry)
        by_use.setdefault((entry.api, entry.aspect), entry)
    overrides = []
    for entry in bundled:
        replacing = by_id.get(entry.id) or by_use.get((entry.api, entry.aspect))
        if replacing is not None:
            overrides.append(Override(entry, replacing))
    return overrides


def load_overrides(extra_files: Sequence[str | os.PathLike[str]]) -> list[Override]:
    """The bundled entries the user's catalogue files replace, for `--show-settings` and the
    inventory: an override that lowers a verdict must never be silent. Nothing is read without them."""
    if not extra_files:
        return []
    problems: list[CatalogueProblem] = []  # the run itself reports them
    bundled_files = bundled_catalogue_files()
    bundled = [entry for path in bundled_files for entry in _read_file(path, problems)[0]]
    user = [entry for path in _distinct_files(extra_files, bundled_files) for entry in _read_file(path, problems)[0]]
    return find_overrides(bundled, user)
