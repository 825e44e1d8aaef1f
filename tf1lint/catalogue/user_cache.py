"""The user's cache folder (outside every project): where it is, the secret kept there that signs
what tf1lint caches, the key under which a catalogue file's validated form is kept, and the one way
its files are pruned. Light on purpose: the pylint plugin and an answered re-run ask it without
loading the catalogue's code."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import stat
from pathlib import Path

from tf1lint import TYPE_CHECKING, __version__
from tf1lint.catalogue.files import content_digest

if TYPE_CHECKING:  # typing is not imported at run time (start-up)
    from typing import Any

CATALOGUE_CACHE_FORMAT = "tf1lint-catalogue-cache"
_SECRET_FILE = "results-cache.key"


def cache_folder() -> Path:
    """$TF1LINT_CACHE_DIR, else the user's cache folder (XDG)."""
    configured = os.environ.get("TF1LINT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tf1lint"


# The catalogue code whose bytes key the cache, by file name beside this one (a name that no longer
# exists would silently drop out of the key: tests/test_pipeline.py checks every one is there).
FINGERPRINTED_MODULES = ("model.py", "loader.py", "call_conditions.py", "fix_forms.py", "schema.py", "kinds.py",
                         "files.py", "cache.py", "user_cache.py")


def _code_fingerprint() -> str:
    """Cached entries are valid only for the code that validated them."""
    # By file name, not by import: this module is imported where the catalogue code is not (the pylint plugin).
    digest = hashlib.sha256(f"{__version__}|{CATALOGUE_CACHE_FORMAT}|".encode())
    for name in FINGERPRINTED_MODULES:
        module_file = Path(__file__).with_name(name)
        with contextlib.suppress(OSError):
            digest.update(module_file.read_bytes())
    return digest.hexdigest()


_FINGERPRINT: str | None = None


def cache_key(content: bytes, shown: str) -> str:
    """The shown name is part of the key: entries carry it (their `origin`) into messages."""
    return cache_key_of_digest(content_digest(content), shown)


def cache_key_of_digest(content: str, shown: str) -> str:
    """`cache_key` of the content whose digest (catalogue_files.content_digest) is `content`."""
    global _FINGERPRINT  # pylint: disable=global-statement  # computed once per process
    if _FINGERPRINT is None:
        _FINGERPRINT = _code_fingerprint()
    digest = hashlib.sha256(_FINGERPRINT.encode())
    digest.update(shown.encode("utf-8", "surrogateescape") + b"\0" + content.encode())
    return digest.hexdigest()


def keep_newest(folder: Path | str, own_name: re.Pattern[str], kept: int) -> None:
    """Delete all but the `kept` newest files of `folder` named as `own_name` says: only names the
    caller gives, only files, never through a link (TF1LINT_CACHE_DIR may name a folder that holds
    other things too)."""
    try:
        ours = [(entry.stat(follow_symlinks=False).st_mtime, entry.path) for entry in os.scandir(folder)
                if own_name.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)]
    except OSError:
        return
    ours.sort(reverse=True)
    for _, path in ours[kept:]:
        with contextlib.suppress(OSError):
            os.unlink(path)


def signing_secret() -> bytes | None:
    """This user's secret for signing entries, created on first use; None when it cannot be kept.

    It lives in the user's cache folder, outside every project, readable by the user alone: a
    repository can commit a cache folder, never the secret."""
    path = cache_folder() / _SECRET_FILE
    for _ in range(2):
        with contextlib.suppress(OSError):
            status = os.lstat(path)
            if (stat.S_ISREG(status.st_mode) and status.st_uid == os.geteuid()
                    and not status.st_mode & (stat.S_IRWXG | stat.S_IRWXO)):
                with open(path, "rb") as handle:
                    secret = handle.read(64)
                return secret if len(secret) >= 32 else None
            return None  # someone else's, shared or a link: not a secret
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(os.urandom(32))
        except FileExistsError:
            continue  # another run made it first: read theirs
        except OSError:
            return None
    return None


def sign(document: dict[str, Any], secret: bytes) -> str:
    """The signature of an entry (every field but the signature itself)."""
    payload = json.dumps({key: value for key, value in document.items() if key != "signature"},
                         sort_keys=True, separators=(",", ":"))
    return hmac.new(secret, payload.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
