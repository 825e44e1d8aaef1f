"""The loaded catalogue at one target, kept in one signed file whose entries are decoded only when
the engine looks them up: checking one file builds the few dozen entries it uses, not thousands.

A snapshot is written after a load without problems and keyed on everything that decides it: the
code that loads and validates catalogues (and this module), the name and content of every
catalogue file, the current folder (entries carry their file's name as shown from it), the target
and the compat-v1 setting. It is signed with the per-user secret of the results cache, so a file
someone else wrote is ignored like a damaged one; each entry is still validated field by field as
it is decoded (tf1lint/catalogue/cache.py). Only names this module gives are pruned, never through
a symbolic link.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

from tf1lint import TYPE_CHECKING
from tf1lint.catalogue.cache import entry_from_row, entry_row
from tf1lint.catalogue.files import bundled_catalogue_files, catalogue_digest, display_origin, file_digests
from tf1lint.catalogue.model import Catalogue, CatalogueEntry, TargetIndex, Version
from tf1lint.catalogue.user_cache import cache_folder, cache_key_of_digest, keep_newest, signing_secret
from tf1lint.run.config import Settings

if TYPE_CHECKING:  # typing is not imported at run time (start-up)
    from typing import Any

FORMAT = "tf1lint-index-snapshot-3"
_SUFFIX = ".index.json"
_OWN_NAME = re.compile(r"[0-9a-f]{40}\.index\.json")
_KEPT = 8  # about a megabyte each: a few projects and targets
_SINGLE_TABLES = ("exact", "modules", "keywords", "positional", "meaning", "naming", "by_id")
# What TargetIndex holds today; an index with anything more is not snapshotted (it would be lost).
_INDEX_FIELDS = frozenset({"target", *_SINGLE_TABLES, "methods", "root_modules", "deepest"})


class SnapshotKey:
    """The key of one catalogue configuration, and the catalogue cache files a load of it reads.
    (A plain class: a dataclass costs a one-file check more to create than this one is used.)"""

    __slots__ = ("cache_files", "catalogue", "key")

    def __init__(self, key: str, cache_files: tuple[Path, ...], catalogue: str) -> None:
        self.key = key
        self.cache_files = cache_files
        self.catalogue = catalogue  # the catalogue files' names and contents (catalogue_files.catalogue_digest)


def snapshot_key(settings: Settings) -> SnapshotKey:
    """The key of one catalogue configuration, as seen from the current folder."""
    # pylint: disable=import-outside-toplevel  # the loader's own names for its files
    from tf1lint.files.display import shown_path

    digest = hashlib.sha256(f"{FORMAT}|cwd={os.getcwd()}|target={settings.target}"
                            f"|compat-v1={settings.report_compat_v1}".encode("utf-8", "surrogateescape"))
    for module in (__file__, str(Path(__file__).with_name("runner.py"))):  # the rest of the loading code is in cache_key's fingerprint
        with contextlib.suppress(OSError):
            digest.update(Path(module).read_bytes())
    cache_files = []
    # Only a regular file is read (file_digests): a device or FIFO (--catalogue /dev/zero) is left
    # to the loader, which refuses it in one line; reading it would never end.
    files = file_digests([*bundled_catalogue_files(), *settings.catalogues])
    for path, content in files:
        # The catalogue cache's key of this file: its name as shown, its content, the validating code.
        file_key = cache_key_of_digest(content, shown_path(display_origin(path)))
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0" + file_key.encode() + b"\0")
        cache_files.append(cache_folder() / (file_key[:40] + ".catalogue.json"))
    return SnapshotKey(digest.hexdigest(), tuple(cache_files), catalogue_digest(files))


def _stats(paths: tuple[Path, ...]) -> list[list[int] | None]:
    """The identity of each catalogue cache file: a snapshot summarises them, and is set aside
    when any was rewritten, replaced or removed since (the catalogue cache then repairs itself)."""
    stats: list[list[int] | None] = []
    for path in paths:
        try:
            status = os.lstat(path)
            stats.append([status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino])
        except OSError:
            stats.append(None)
    return stats


def _secret() -> bytes | None:
    if os.environ.get("TF1LINT_NO_CACHE"):
        return None
    return signing_secret()


def read_snapshot(snapshot: SnapshotKey) -> tuple[Catalogue, TargetIndex] | None:
    """The catalogue and index stored under `key`, or None (missing, foreign, damaged, unsigned)."""
    secret = _secret()
    if secret is None:
        return None
    key = snapshot.key
    try:
        descriptor = os.open(cache_folder() / (key[:40] + _SUFFIX), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read()
        # The signature line, then the payload it signs: the header, the by-id table, the rows.
        # The payload is checked and read in place (a copy of a megabyte costs a one-file check).
        signed = data.index(b"\n") + 1
        expected = hmac.new(secret, memoryview(data)[signed:], hashlib.sha256).hexdigest().encode()
        if not hmac.compare_digest(data[:signed - 1], expected):
            return None
        by_id_line = data.index(b"\n", signed) + 1
        rows_start = data.index(b"\n", by_id_line) + 1
        header = json.loads(data[signed:by_id_line - 1])
        if (header.get("format") != FORMAT or header.get("key") != key
                or header["sources"] != _stats(snapshot.cache_files)):
            return None
        rows = Rows(data, rows_start, [int(start) for start in header["starts"]],
                    [str(origin) for origin in header["origins"]])
        catalogue = _SnapshotCatalogue(rows, _version(header["newest"]), frozenset(header["roots"]))
        index = TargetIndex.__new__(TargetIndex)
        index.target = _version(header["target"])
        tables = header["tables"]
        for name in _SINGLE_TABLES:
            if name != "by_id":
                setattr(index, name, LazyTable(tables[name], rows.entry))
        index.by_id = DeferredTable(data[by_id_line:rows_start - 1], rows.entry)
        index.methods = LazyTable(tables["methods"], rows.entries)  # type: ignore[assignment]
        index.root_modules = catalogue.roots()
        index.deepest = int(header["deepest"])
        return catalogue, index
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
        return None


def write_snapshot(snapshot: SnapshotKey, catalogue: Catalogue, index: TargetIndex) -> None:
    """Store a catalogue loaded without problems and its index; failures only cost speed."""
    secret = _secret()
    if secret is None or set(vars(index)) != _INDEX_FIELDS:
        return
    key = snapshot.key
    position = {id(entry): number for number, entry in enumerate(catalogue.entries)}
    origins = sorted({entry.origin for entry in catalogue.entries})
    origin_number = {origin: number for number, origin in enumerate(origins)}
    tables: dict[str, Any] = {name: {api: position[id(entry)] for api, entry in getattr(index, name).items()}
                              for name in _SINGLE_TABLES}
    tables["methods"] = {name: [position[id(entry)] for entry in entries] for name, entries in index.methods.items()}
    header = {"format": FORMAT, "key": key, "newest": [catalogue.newest_known.major, catalogue.newest_known.minor],
              "target": [index.target.major, index.target.minor], "roots": sorted(index.root_modules),
              "deepest": index.deepest, "origins": origins, "tables": tables,
              "sources": _stats(snapshot.cache_files)}
    rows = [json.dumps([origin_number[entry.origin], entry_row(entry)], separators=(",", ":")).encode(
        "utf-8", "surrogatepass") for entry in catalogue.entries]
    starts = [0]  # where each row begins in the rows' text (and where the text ends), for reading in place
    for row in rows:
        starts.append(starts[-1] + len(row) + 1)
    header["starts"] = starts
    by_id = tables.pop("by_id")
    payload = b"\n".join([json.dumps(header, separators=(",", ":")).encode("utf-8", "surrogatepass"),
                          json.dumps(by_id, separators=(",", ":")).encode("utf-8", "surrogatepass"), *rows])
    signature = hmac.new(secret, payload, hashlib.sha256).hexdigest().encode()
    from tf1lint.files.atomic import write_atomically  # pylint: disable=import-outside-toplevel

    folder = cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / (key[:40] + _SUFFIX), signature + b"\n" + payload, durable=False,
                         follow_links=False)
    except OSError:
        return
    keep_newest(folder, _OWN_NAME, _KEPT)


class Rows:
    """The snapshot's entries, each decoded (and validated) on first use, read in place from the
    snapshot's text: row `n` spans `starts[n]` to `starts[n + 1]` (its newline left out) after `base`."""

    def __init__(self, data: bytes, base: int, starts: list[int], origins: list[str]) -> None:
        if len(starts) < 1 or starts[0] != 0 or base + starts[-1] > len(data) + 1:
            raise ValueError("the rows' places do not fit the snapshot")
        self._data = data
        self._base = base
        self._starts = starts
        self._origins = origins
        self._decoded: list[CatalogueEntry | None] = [None] * (len(starts) - 1)

    def __len__(self) -> int:
        return len(self._decoded)

    def entry(self, number: int) -> CatalogueEntry:
        """Entry `number`, decoded and validated the first time it is asked for."""
        decoded = self._decoded[number]
        if decoded is None:
            start, end = self._base + self._starts[number], self._base + self._starts[number + 1] - 1
            origin, row = json.loads(self._data[start:end])
            decoded = self._decoded[number] = entry_from_row(row, self._origins[origin])
        return decoded

    def entries(self, numbers: list[int]) -> list[CatalogueEntry]:
        """Several entries (a method name's list), in their order."""
        return [self.entry(number) for number in numbers]


class LazyTable(dict):  # type: ignore[type-arg]
    """A TargetIndex table (name -> entry, or -> entries) whose values are decoded when read; its
    keys are all there, so `in` costs nothing."""

    def __init__(self, rows: dict[str, Any], decode: Callable[[Any], Any]) -> None:
        super().__init__(rows)
        self._decode = decode

    def __getitem__(self, key: str) -> Any:
        return self._decode(dict.__getitem__(self, key))

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        found = dict.get(self, key)
        return default if found is None else self._decode(found)

    def values(self) -> list[Any]:  # type: ignore[override]
        return [self._decode(found) for found in dict.values(self)]

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        return [(key, self._decode(found)) for key, found in dict.items(self)]


class DeferredTable(LazyTable):
    """A LazyTable whose keys are read from their JSON text when the table is first used: only
    the results cache looks entries up by id, so a run without it never reads that table."""

    def __init__(self, text: bytes, decode: Callable[[Any], Any]) -> None:
        super().__init__({}, decode)
        self._text: bytes | None = text

    def _read(self) -> None:
        if self._text is not None:
            rows = json.loads(self._text)
            if not isinstance(rows, dict):
                raise ValueError("a snapshot table is not an object")
            dict.update(self, rows)
            self._text = None

    def __getitem__(self, key: str) -> Any:
        self._read()
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._read()
        return super().get(key, default)

    def values(self) -> list[Any]:  # type: ignore[override]
        self._read()
        return super().values()

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        self._read()
        return super().items()

    def keys(self) -> Any:
        self._read()
        return dict.keys(self)

    def __contains__(self, key: object) -> bool:
        self._read()
        return dict.__contains__(self, key)

    def __iter__(self) -> Any:
        self._read()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._read()
        return dict.__len__(self)


class _SnapshotCatalogue(Catalogue):
    """A Catalogue whose entries are decoded when first listed (`tf1lint rules`, --select)."""

    def __init__(self, rows: Rows, newest_known: Version, roots: frozenset[str]) -> None:  # pylint: disable=super-init-not-called
        self._rows = rows
        self._roots = roots
        self._entries: tuple[CatalogueEntry, ...] | None = None
        self.newest_known = newest_known

    @property  # type: ignore[override]
    def entries(self) -> tuple[CatalogueEntry, ...]:
        """Every entry, in the catalogue's own order (the order they were written in)."""
        if self._entries is None:
            self._entries = tuple(self._rows.entry(number) for number in range(len(self._rows)))
        return self._entries

    def roots(self) -> frozenset[str]:
        """The root modules, recorded in the snapshot: no entry is decoded for them."""
        return self._roots


def _version(value: Any) -> Version:
    major, minor = value
    return Version(int(major), int(minor))
