"""The results cache: one file's findings, kept under a key that changes with anything that could
change them, so a run over an unchanged tree re-analyses nothing.

The key is the file's content hash and kind, plus a run key: tf1lint's version and the hash of
its own code, the hash of every catalogue file's content, and the settings that change findings
(target, compat-v1). Entries are JSON (never pickle: reading the cache must never be able to run
code), written atomically, so two runs at once each see a whole entry or none. Each entry is
signed with a secret kept in the user's own cache folder, never in the project: an entry someone
committed or crafted (to hide findings) fails the check like a corrupt one, of the wrong shape or
of another key, and is ignored and replaced. Pruning removes only what this cache wrote, by name,
inside its own folder, and never follows a symbolic link.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from tf1lint import TYPE_CHECKING, __version__
from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.files import bundled_catalogue_files, catalogue_digest, catalogue_of, file_digests
from tf1lint.catalogue.fixes import Applicability, Edit, Fix, Span
from tf1lint.catalogue.model import CatalogueEntry, Severity, TargetIndex
from tf1lint.catalogue.user_cache import keep_newest, sign, signing_secret
from tf1lint.files.atomic import write_atomically
from tf1lint.run.config import Settings

if TYPE_CHECKING:  # imported where entries are decoded: the pylint plugin uses this module's secret only
    from typing import Any

    from tf1lint.analysis.engine import ParseFailure
    from tf1lint.run.pipeline import FileOutcome

CACHE_FOLDER = ".tf1lint_cache"
ENTRY_FORMAT = 1
_RESULTS = f"results-v{ENTRY_FORMAT}"
# Run keys kept side by side (another target, another catalogue, an older tf1lint), newest used first.
_KEPT_RUN_KEYS = 6
# Entries per run key before the oldest are pruned: far more than any tree's files.
_MAX_ENTRIES = 200_000
_MARKER = "# Created by tf1lint: its results cache."
# The names this cache gives what it writes: nothing else under its folder is ever deleted.
_RUN_KEY_NAME = re.compile(r"[0-9a-f]{24}")
_SHARD_NAME = re.compile(r"[0-9a-f]{2}")
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.json")


def default_folder(configured: str | None, project_root: str | None) -> Path:
    """`cache-dir` from the settings, else TF1LINT_CACHE_DIR, else .tf1lint_cache in the project."""
    if configured:
        return Path(configured)
    from_environment = os.environ.get("TF1LINT_CACHE_DIR")
    if from_environment:
        return Path(from_environment)
    return Path(project_root or os.getcwd()) / CACHE_FOLDER


_CODE_HASH: str | None = None


def _code_hash() -> str:
    """Our own source: a development build changes findings without changing the version. Read
    once per process: a run opens the cache more than once (the stored report, then the run)."""
    global _CODE_HASH  # pylint: disable=global-statement  # computed once per process
    if _CODE_HASH is None:
        digest = hashlib.sha256(__version__.encode())
        package = Path(__file__).resolve().parent.parent  # the whole tf1lint package, from tf1lint/run/
        for module in sorted(package.rglob("*.py")):  # subpackages too: tf1lint/fix builds the cached fixes
            digest.update(module.relative_to(package).as_posix().encode() + b"\0" + module.read_bytes() + b"\0")
        _CODE_HASH = digest.hexdigest()
    return _CODE_HASH


def catalogue_hash(files: Iterable[str | os.PathLike[str]]) -> str:
    """The files' names and contents, as the catalogue snapshot's key computes it for a run."""
    return catalogue_digest(file_digests(files))


def open_cache(settings: Settings, index: TargetIndex) -> ResultsCache | None:
    """The cache for this run, or None when it is turned off (--no-cache, TF1LINT_NO_CACHE)."""
    if not settings.use_cache or os.environ.get("TF1LINT_NO_CACHE"):
        return None
    if signing_secret() is None:
        return None  # no private place for the secret: entries could not be trusted
    # The catalogue the index was loaded from, else (an index made elsewhere) the files read now.
    catalogue = catalogue_of(index) or catalogue_hash([*bundled_catalogue_files(), *settings.catalogues])
    return ResultsCache(default_folder(settings.cache_dir, settings.project_root), index, catalogue,
                        settings.report_compat_v1)


class ResultsCache:
    """Per-file outcomes under one run key; `get` and `put` never raise for a bad cache."""

    def __init__(self, folder: Path, index: TargetIndex, catalogue: str | Iterable[str | os.PathLike[str]],
                 report_compat_v1: bool) -> None:
        """`catalogue`: the digest of the catalogue files the index was loaded from (catalogue_hash),
        or the files themselves."""
        self.folder = folder
        self._secret = signing_secret() or b""
        settings = f"target={index.target}|compat-v1={report_compat_v1}"
        if not isinstance(catalogue, str):
            catalogue = catalogue_hash(catalogue)
        key = f"{__version__}|{_code_hash()}|{catalogue}|{settings}"
        self.run_key = hashlib.sha256(key.encode()).hexdigest()[:24]
        self._entries = folder / _RESULTS / self.run_key
        self._by_id: dict[str, CatalogueEntry] = index.by_id
        self._entries_seen: dict[str, CatalogueEntry | None] = {}
        self.hits = 0
        self.writes = 0
        self._folder_ready = False
        self._usable = True

    def entry_path(self, content_key: str) -> Path:
        return self._entries / content_key[:2] / f"{content_key}.json"

    @staticmethod
    def content_key(path: str, raw: bytes) -> str:
        kind = "ipynb" if path.endswith(".ipynb") else "py"
        return hashlib.sha256(kind.encode() + b"\0" + raw).hexdigest()

    def get(self, path: str, raw: bytes) -> FileOutcome | None:
        """What was found in this content before, or None (a miss, or a bad entry)."""
        content_key = self.content_key(path, raw)
        try:
            document = json.loads(self.entry_path(content_key).read_bytes())
            outcome = self._decode(document, content_key, path)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None
        if outcome is not None:
            self.hits += 1
        return outcome

    def put(self, path: str, raw: bytes, outcome: Any) -> None:
        if not self._usable or any(depends_on_the_run(failure) for failure in outcome.failures):
            return
        content_key = self.content_key(path, raw)
        document: dict[str, Any] = {
            "format": ENTRY_FORMAT, "tool": __version__, "run_key": self.run_key, "content": content_key,
            "findings": [finding_row(f) for f in outcome.findings],
            "suppressed": [finding_row(f) for f in outcome.suppressed],
            "failures": [[f.line, f.column, f.reason, f.cell] for f in outcome.failures],
            "unused": [[u.line, u.column, u.comment, u.selector, u.cell] for u in outcome.unused_suppressions],
        }
        document["signature"] = sign(document, self._secret)
        target = self.entry_path(content_key)
        try:
            if not self._folder_ready:
                if not self.folder.exists() or not any(self.folder.iterdir()):
                    self._create_folder()
                self._folder_ready = True
            self._make_own_folder(target.parent)
            # A link in the entry's place is replaced, never followed to the file it names.
            write_atomically(target, json.dumps(document, separators=(",", ":")), durable=False, follow_links=False)
            self.writes += 1
        except OSError:
            self._usable = False  # a read-only or full disk only costs speed

    def _make_own_folder(self, shard: Path) -> None:
        """The entry's folders, each a real folder: a symbolic link inside the cache (committed
        by a repository) would send entries, and later pruning, somewhere else."""
        for folder in (self.folder / _RESULTS, self._entries, shard):
            with contextlib.suppress(FileExistsError):
                folder.mkdir()
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                raise NotADirectoryError(f"{folder} is not a folder of the cache")

    def _create_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # Like ruff's cache: never committed, whatever the project's own .gitignore says.
        with contextlib.suppress(OSError):
            if not (self.folder / ".gitignore").exists():
                write_atomically(self.folder / ".gitignore", f"{_MARKER}\n*\n", follow_links=False)

    def _trusted(self, document: Any, content_key: str) -> bool:
        """Of this format, tf1lint version, run key and content, and signed with this user's secret."""
        if not isinstance(document, dict) or not self._secret:
            return False
        expected = {"format": ENTRY_FORMAT, "tool": __version__, "run_key": self.run_key, "content": content_key}
        if any(document.get(name) != value for name, value in expected.items()):
            return False
        signature = document.get("signature")
        return isinstance(signature, str) and hmac.compare_digest(signature, sign(document, self._secret))

    def _decode(self, document: Any, content_key: str, path: str) -> FileOutcome | None:
        if not self._trusted(document, content_key):
            return None
        findings = [self.finding_from_row(item, path) for item in document["findings"]]
        suppressed = [self.finding_from_row(item, path) for item in document["suppressed"]]
        if any(f is None for f in findings) or any(f is None for f in suppressed):
            return None  # an entry the catalogue no longer has: analyse again
        # pylint: disable=import-outside-toplevel
        from tf1lint.analysis.engine import ParseFailure
        from tf1lint.analysis.suppressions import UnusedSuppression
        from tf1lint.run.pipeline import FileOutcome

        failures = [ParseFailure(path, int(line), int(column), str(reason), _cell(cell))
                    for line, column, reason, cell in document["failures"]]
        unused = [UnusedSuppression(path, int(line), int(column), str(comment),
                                    None if selector is None else str(selector), _cell(cell))
                  for line, column, comment, selector, cell in document["unused"]]
        return FileOutcome(findings, failures, suppressed, unused)

    def _entry(self, entry_id: str) -> CatalogueEntry | None:
        """The entry of that id, looked up once per run (a warm run decodes thousands of findings
        of a few hundred entries)."""
        try:
            return self._entries_seen[entry_id]
        except KeyError:
            found = self._entries_seen[entry_id] = self._by_id.get(entry_id)
            return found

    def finding_from_row(self, item: list, path: str) -> Finding | None:
        line, column, end_line, end_column, entry_id, used, keyword, counterpart_id, cell, fix, context = item
        entry = self._entry(entry_id)
        counterpart = self._entry(counterpart_id) if counterpart_id is not None else None
        if entry is None or (counterpart_id is not None and counterpart is None) or not isinstance(context, dict):
            return None
        uses, override, remark = context.get("uses"), context.get("severity"), context.get("remark")
        return Finding(path, int(line), int(column), int(end_line), int(end_column), entry, str(used),
                       None if keyword is None else str(keyword), counterpart, _cell(cell), _fix(fix),
                       uses=None if uses is None else int(uses), guarded=context.get("guarded") is True,
                       severity_override=None if override is None else Severity(override),
                       remark=None if remark is None else str(remark))

    def prune(self) -> None:
        """Drop other run keys beyond the newest few, and the oldest entries past the bound.

        Only in a folder this cache made (its marker file is there), only names it gives, and
        never through a symbolic link: a committed `results-v1` link or a `cache-dir` pointing at
        someone's files must cost nothing."""
        results = self.folder / _RESULTS
        with contextlib.suppress(OSError):
            if not (owned_folder(self.folder) and _real_folder(results) and _real_folder(self._entries)):
                return
            os.utime(self._entries)  # this run key is the newest used
            run_keys = sorted((Path(item.path) for item in os.scandir(results)
                               if _RUN_KEY_NAME.fullmatch(item.name) and item.is_dir(follow_symlinks=False)),
                              key=_mtime, reverse=True)
            for stale in run_keys[_KEPT_RUN_KEYS:]:
                _remove_entries(stale, keep=0)
            if self.writes:
                _remove_entries(self._entries, keep=_MAX_ENTRIES, down_to=_MAX_ENTRIES // 2)


def read_signed(path: str | Path, secret: bytes) -> Any:
    """The JSON document of a signed summary file (the signature's line, then the document),
    never through a link; None when it is absent, unreadable or not signed with `secret`."""
    if not secret:
        return None
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as handle:
            signature, _, payload = handle.read().partition(b"\n")
        if not hmac.compare_digest(signature, hmac.new(secret, payload, hashlib.sha256).hexdigest().encode()):
            return None
        return json.loads(payload)
    except (OSError, ValueError, RecursionError):
        return None


def write_signed(cache_folder: Path, path: Path, document: dict[str, Any], secret: bytes,
                 own_name: re.Pattern[str], kept: int) -> None:
    """Write a signed summary file as `path`, in a sub-folder of a cache folder this cache made,
    atomically and never through a link; then keep the `kept` newest files named as `own_name` says."""
    payload = json.dumps(document, separators=(",", ":")).encode("utf-8", "surrogatepass")
    signature = hmac.new(secret, payload, hashlib.sha256).hexdigest().encode()
    folder = path.parent
    with contextlib.suppress(OSError):
        if not owned_folder(cache_folder):
            return  # the cache writes its marker with its first entry; no entry, no summary
        with contextlib.suppress(FileExistsError):
            folder.mkdir()
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return  # a link in the folder's place: never followed
        write_atomically(path, signature + b"\n" + payload, durable=False, follow_links=False)
        keep_newest(folder, own_name, kept)


def owned_folder(folder: Path) -> bool:
    """A real folder holding the marker this cache writes when it creates its folder."""
    try:
        marker = folder / ".gitignore"
        if not _real_folder(folder) or not stat.S_ISREG(os.lstat(marker).st_mode):
            return False
        with open(marker, encoding="utf-8") as handle:
            return handle.readline().rstrip("\n") == _MARKER
    except (OSError, UnicodeDecodeError):
        return False


def _real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _entry_files(run_key: Path) -> list[tuple[float, str]]:
    """(modification time, path) of the entries under one run key folder, links left out."""
    found = []
    for shard in os.scandir(run_key):
        if not (_SHARD_NAME.fullmatch(shard.name) and shard.is_dir(follow_symlinks=False)):
            continue
        for entry in os.scandir(shard.path):
            if _ENTRY_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                found.append((entry.stat(follow_symlinks=False).st_mtime, entry.path))
    return found


def _remove_entries(run_key: Path, keep: int, down_to: int = 0) -> None:
    """Past `keep` entries, delete the oldest down to `down_to`; a run key folder left empty
    goes too (rmdir: a folder holding anything else stays)."""
    entries = _entry_files(run_key)
    if keep and len(entries) <= keep:
        return
    entries.sort()
    for _, path in entries[: len(entries) - down_to]:
        with contextlib.suppress(OSError):
            os.unlink(path)
    if down_to == 0:
        for shard in os.scandir(run_key):
            if _SHARD_NAME.fullmatch(shard.name) and shard.is_dir(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.rmdir(shard.path)
        with contextlib.suppress(OSError):
            os.rmdir(run_key)


def depends_on_the_run(failure: ParseFailure) -> bool:
    """A failure that says more about this run than about the content (a bug in tf1lint, memory
    short under a limit): kept out of the cache, so the next run tries again."""
    return getattr(failure, "internal", False) or "memory" in failure.reason


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _cell(value: Any) -> int | None:
    return None if value is None else int(value)


def finding_row(finding: Finding) -> list:
    fix = None
    if finding.fix is not None:
        span = finding.fix.isolated_from
        fix = [finding.fix.applicability.value, finding.fix.message,
               [[e.line, e.column, e.end_line, e.end_column, e.text] for e in finding.fix.edits],
               None if span is None else [span.line, span.column, span.end_line, span.end_column]]
    # What the file's context added (a binding's use count, a guard, graph mode), by name, only when set.
    context: dict[str, Any] = {}
    if finding.uses is not None:
        context["uses"] = finding.uses
    if finding.guarded:
        context["guarded"] = True
    if finding.severity_override is not None:
        context["severity"] = finding.severity_override.value
    if finding.remark is not None:
        context["remark"] = finding.remark
    return [finding.line, finding.column, finding.end_line, finding.end_column, finding.entry.id, finding.used,
            finding.keyword, finding.counterpart.id if finding.counterpart else None, finding.cell, fix, context]


_APPLICABILITY = {member.value: member for member in Applicability}  # a dict, not Enum(): thousands a warm run


def _fix(value: Any) -> Fix | None:
    if value is None:
        return None
    applicability, message, edits, span = value
    return Fix(_APPLICABILITY[applicability], str(message),
               tuple([Edit(int(a), int(b), int(c), int(d), str(text)) for a, b, c, d, text in edits]),
               None if span is None else Span(*(int(number) for number in span)))
