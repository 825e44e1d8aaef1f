"""The stored report: what `check` wrote last time for the same files, options and surroundings,
written again when not one of those files has changed, without decoding a single finding.

A report is a pure function of the checked files' bytes, the catalogue and tool (the results
cache's run key), the command line, the working folder, the settings, the baseline's bytes and
the few surroundings a reporter could notice (whether a stream is a terminal, colour and width
variables). All of those but the files' bytes make its key; the files are confirmed one by one as
the run index confirms them: the stat first, then the hash of the very bytes, so a file edited
with its size and time put back is never answered from here. Anything else, and anything that
depended on the run itself (a worker that died, a file that could not be read), stores nothing.

Like the index, a report is trusted only with a valid signature made with the per-user secret,
lives only in the cache's own marked folder, is written atomically without following links, and
only names this module gives are ever pruned.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys

from tf1lint import TYPE_CHECKING, __version__
from tf1lint.catalogue.user_cache import signing_secret
from tf1lint.files.display import shown_path
from tf1lint.run.cache import ResultsCache, read_signed, write_signed

if TYPE_CHECKING:  # typing is not imported at run time (start-up)
    from pathlib import Path
    from typing import Any

    from tf1lint.run.config import Settings

FORMAT = 1
_FOLDER = f"reports-v{FORMAT}"
_NAME = re.compile(r"[0-9a-f]{40}\.json")
_KEPT = 16
# What a reporter or the terminal could read from the environment: part of the key, whatever their use today.
_SURROUNDINGS = ("COLUMNS", "LINES", "TERM", "NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE",
                 "PYTHONIOENCODING", "LANG", "LC_ALL", "LC_CTYPE")


class Transcript:
    """What the command writes to its two streams, in order, written through at once and kept."""

    def __init__(self) -> None:
        self.chunks: list[list[Any]] = []  # [1 or 2 (the stream), text]

    def out(self, text: str) -> None:
        sys.stdout.write(text)
        self.chunks.append([1, text])

    def err(self, text: str) -> None:
        sys.stderr.write(text)
        self.chunks.append([2, text])


def report_key(cache: ResultsCache, files: list[str], command_line: dict[str, Any], settings: Settings,
               baseline: str | None) -> str:
    """Everything a report depends on but the checked files' bytes."""
    parts: dict[str, Any] = {
        "tool": __version__, "run_key": cache.run_key, "cwd": os.getcwd(), "files": [shown_path(f) for f in files],
        "command_line": sorted((name, repr(value)) for name, value in command_line.items()),
        "settings": repr(settings),
        "environment": [(name, os.environ.get(name)) for name in _SURROUNDINGS]
        + sorted((name, value) for name, value in os.environ.items() if name.startswith("TF1LINT_")),
        "terminals": [_is_terminal(sys.stdout), _is_terminal(sys.stderr)],
    }
    if baseline:
        try:
            with open(baseline, "rb") as handle:
                parts["baseline"] = hashlib.sha256(handle.read()).hexdigest()
        except OSError as error:
            parts["baseline"] = f"unreadable: {error.errno}"  # the run reports it; the key only needs to differ
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8", "surrogateescape")).hexdigest()[:40]


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def replayed(cache: ResultsCache, key: str, files: list[str]) -> int | None:
    """Write the stored report of `key` and give its exit status, when every file is unchanged;
    else None, having written nothing."""
    document = read_signed(_path(cache, key), signing_secret() or b"")
    if not isinstance(document, dict):
        return None
    try:
        if document.get("format") != FORMAT or document.get("tool") != __version__ or document.get("key") != key:
            return None
        recorded, chunks, status = document["files"], document["chunks"], document["status"]
        if len(recorded) != len(files) or not all(_unchanged(path, record) for path, record in zip(files, recorded)):
            return None
        streams = {1: sys.stdout, 2: sys.stderr}
        writes = [(streams[stream], str(text)) for stream, text in chunks]
        status = int(status)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    for stream, text in writes:
        stream.write(text)
    return status


def _unchanged(path: str, record: list[Any]) -> bool:
    """The file's stat is the recorded one, and then its bytes hash to the recorded content key."""
    status = os.stat(path)
    if not stat.S_ISREG(status.st_mode) or record[:3] != [status.st_size, status.st_mtime_ns, status.st_ino]:
        return False
    with open(path, "rb") as handle:
        raw = handle.read()
    return ResultsCache.content_key(shown_path(path), raw) == record[3]


def store(cache: ResultsCache, key: str, files: list[str], content_keys: list[str | None],
          transcript: Transcript, status: int) -> None:
    """Keep what this run wrote, when every file's outcome came from its bytes alone."""
    secret = signing_secret()
    if not secret or len(content_keys) != len(files) or any(content is None for content in content_keys):
        return
    recorded = []
    for path, content in zip(files, content_keys):
        try:
            status_now = os.stat(path)
        except OSError:
            return
        # A file changed since it was analysed keeps the old content key: it fails the confirmation next time.
        recorded.append([status_now.st_size, status_now.st_mtime_ns, status_now.st_ino, content])
    document = {"format": FORMAT, "tool": __version__, "key": key, "files": recorded,
                "chunks": transcript.chunks, "status": status}
    write_signed(cache.folder, _path(cache, key), document, secret, _NAME, _KEPT)


def _path(cache: ResultsCache, key: str) -> Path:
    return cache.folder / _FOLDER / f"{key}.json"
