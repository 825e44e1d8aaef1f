"""The run index: one file per set of paths checked, so that an unchanged re-run reads one file
instead of one cache entry per checked file.

It records, for each file of the last run, its size, modification time and inode (the pre-check:
a file whose stat differs goes the ordinary way, through the per-file cache entries) and the hash
of the exact bytes that were analysed (the confirmation: a file is served from the index only when
its content hashes to the recorded key, so a file edited with its size and time put back is still
analysed again; the stat is never trusted alone). Outcomes are stored once per content hash.

The per-file entries stay the cache's store of record; the index only summarises them. Each outcome
in it is tied to the stat of the entry it summarises, so an entry that was rewritten, replaced or
removed since (by another run, by pruning, by hand) is read, or its file analysed, again.

Like the cache entries, an index is trusted only with a valid signature made with the per-user
secret (an index someone committed or crafted is ignored), lives only in a cache folder the cache
created and marked, is written atomically without following links, and only names it gives are
ever pruned.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator

from tf1lint import TYPE_CHECKING, __version__
from tf1lint.analysis.engine import ParseFailure
from tf1lint.analysis.suppressions import UnusedSuppression
from tf1lint.catalogue.user_cache import signing_secret
from tf1lint.files.display import shown_path
from tf1lint.run.cache import ResultsCache, depends_on_the_run, finding_row, read_signed, write_signed

if TYPE_CHECKING:  # typing is not imported at run time (start-up)
    from typing import Any

FORMAT = 1
_FOLDER = f"index-v{FORMAT}"
_NAME = re.compile(r"[0-9a-f]{40}\.json")
_KEPT = 32  # path sets remembered per project (the whole tree, a folder, a pre-commit file list...)


def served_from_index(files: list[str], cache: ResultsCache,
                      analyse: Callable[[list[str]], Iterator[Any]]) -> Iterator[Any]:
    """The outcome of each of `files`, in order: from the index when a file is unchanged, else
    from `analyse` (called once, with the files the index could not serve, in order). The
    index is then rewritten when anything it says has changed."""
    index = RunIndex(cache, files)
    served = {position: outcome for position, path in enumerate(files)
              if (outcome := index.serve(path)) is not None}
    rest = analyse([path for position, path in enumerate(files) if position not in served])
    for position, path in enumerate(files):
        outcome = served.get(position)
        if outcome is None:
            outcome = next(rest, None)
            if outcome is None:
                raise RuntimeError("the analysis gave fewer outcomes than files")  # a bug, never the input
            index.record(path, outcome)
        yield outcome
    for _ in rest:  # nothing is left; this lets the analysis end in order (its worker pool shut down)
        pass
    index.save()


class RunIndex:
    """The index of one set of paths under one run key: what it says, and what this run adds."""

    def __init__(self, cache: ResultsCache, files: list[str]) -> None:
        self._cache = cache
        self._secret = signing_secret() or b""
        names = "\0".join(shown_path(path) for path in files)
        key = hashlib.sha256(f"{cache.run_key}\0{names}".encode("utf-8", "surrogateescape")).hexdigest()
        self._path = cache.folder / _FOLDER / f"{key[:40]}.json"
        self._files: dict[str, list[Any]] = {}  # shown path -> [size, mtime_ns, inode, content key]
        self._outcomes: dict[str, list[Any]] = {}  # content key -> [its entry's stat, the outcome's rows]
        self._changed = False
        self._load()

    def _load(self) -> None:
        document = read_signed(self._path, self._secret)
        if not isinstance(document, dict):
            return
        try:
            if (document.get("format") != FORMAT or document.get("tool") != __version__
                    or document.get("run_key") != self._cache.run_key):
                return
            files, outcomes = document["files"], document["outcomes"]
            if isinstance(files, dict) and isinstance(outcomes, dict):
                self._files, self._outcomes = files, outcomes
        except (KeyError, TypeError, AttributeError):
            self._files, self._outcomes = {}, {}

    def serve(self, path: str) -> Any:
        """The recorded outcome of `path` when its stat and then its content are unchanged, else None."""
        shown = shown_path(path)
        recorded = self._files.get(shown)
        if recorded is None:
            return None
        try:
            status = os.stat(path)
            if not stat.S_ISREG(status.st_mode) or recorded[:3] != [status.st_size, status.st_mtime_ns, status.st_ino]:
                return None
            with open(path, "rb") as handle:
                raw = handle.read()
            if ResultsCache.content_key(shown, raw) != recorded[3]:
                return None  # same size, time and inode, other bytes: never trust the stat alone
            entry_stat, rows = self._outcomes[recorded[3]]
            if entry_stat != self._entry_stat(recorded[3]):
                return None  # the entry changed or went: it is the store of record
            outcome = _decode(self._cache, rows, shown)
            if outcome is not None:
                outcome.content_key = recorded[3]
            return outcome
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
            return None

    def record(self, path: str, outcome: Any) -> None:
        """Remember an outcome analysed (or read from its cache entry) in this run."""
        shown = shown_path(path)
        content_key = getattr(outcome, "content_key", None)
        self._changed = True
        if content_key is None or any(depends_on_the_run(failure) for failure in outcome.failures):
            self._files.pop(shown, None)  # depends on this run, not on the content: analysed again next time
            return
        entry_stat = self._entry_stat(content_key)
        try:
            status = os.stat(path)
        except OSError:
            status = None
        if status is None or entry_stat is None:  # unreadable now, or not stored in the cache
            self._files.pop(shown, None)
            return
        # The stat may be newer than the bytes analysed; the content key still names those bytes,
        # so a file changed in between fails the confirmation next time.
        self._files[shown] = [status.st_size, status.st_mtime_ns, status.st_ino, content_key]
        self._outcomes[content_key] = [entry_stat, _encode(outcome)]

    def _entry_stat(self, content_key: str) -> list[int] | None:
        """The stat of the cache entry of `content_key`; None when there is no such regular file."""
        try:
            status = os.lstat(self._cache.entry_path(content_key))
        except OSError:
            return None
        if not stat.S_ISREG(status.st_mode):
            return None
        return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]

    def save(self) -> None:
        """Write the index when anything in it changed (signed; only inside the cache's own folder)."""
        if not self._changed or not self._secret:
            return
        used = {record[3] for record in self._files.values()}
        document = {"format": FORMAT, "tool": __version__, "run_key": self._cache.run_key, "files": self._files,
                    "outcomes": {key: rows for key, rows in self._outcomes.items() if key in used}}
        write_signed(self._cache.folder, self._path, document, self._secret, _NAME, _KEPT)


def _encode(outcome: Any) -> list[Any]:
    return [[finding_row(f) for f in outcome.findings], [finding_row(f) for f in outcome.suppressed],
            [[f.line, f.column, f.reason, f.cell] for f in outcome.failures],
            [[u.line, u.column, u.comment, u.selector, u.cell] for u in outcome.unused_suppressions]]


def _decode(cache: ResultsCache, rows: list[Any], path: str) -> Any:
    from tf1lint.run.pipeline import FileOutcome  # pylint: disable=import-outside-toplevel  # only when served

    findings_rows, suppressed_rows, failure_rows, unused_rows = rows
    findings = [cache.finding_from_row(item, path) for item in findings_rows]
    suppressed = [cache.finding_from_row(item, path) for item in suppressed_rows]
    if any(f is None for f in findings) or any(f is None for f in suppressed):
        return None  # an entry the catalogue no longer has: analyse again
    failures = [ParseFailure(path, int(line), int(column), str(reason), None if cell is None else int(cell))
                for line, column, reason, cell in failure_rows]
    unused = [UnusedSuppression(path, int(line), int(column), str(comment),
                                None if selector is None else str(selector), None if cell is None else int(cell))
              for line, column, comment, selector, cell in unused_rows]
    return FileOutcome(findings=findings, failures=failures, suppressed=suppressed, unused_suppressions=unused)
