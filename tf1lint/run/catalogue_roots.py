"""The root modules (tensorflow, ...) a configured catalogue covers, remembered once it has loaded
without problems, so that the pylint plugin passes over a module that names none of them without
loading the catalogue at all: pylint on code without TensorFlow pays next to nothing for tf1lint.

A record is keyed on everything that decides the answer (tf1lint's code that validates catalogues,
the name and content of every catalogue file, the target and the compat-v1 setting), so an edited
catalogue misses even when its size and time are unchanged. Records are signed with the per-user
secret of the results cache: a record someone else wrote (to make tf1lint skip files) fails the
check like a corrupt one and is ignored. Only names this module gives are ever pruned, never
through a symbolic link.
"""

from __future__ import annotations

import hmac
import json
import os
import re
from collections.abc import Iterable, Sequence

from tf1lint.catalogue.files import bundled_catalogue_files, catalogue_digest, file_digests
from tf1lint.catalogue.user_cache import cache_folder, cache_key, keep_newest, sign, signing_secret

FORMAT = "tf1lint-catalogue-roots"
_SUFFIX = ".roots.json"
_OWN_NAME = re.compile(r"[0-9a-f]{40}\.roots\.json")
_KEPT = 16  # configurations remembered: a few projects' catalogues and targets
_MAX_BYTES = 1024 * 1024  # a record is a few hundred bytes; anything larger is not ours


def roots_key(catalogues: Sequence[str], target: str | None, report_compat_v1: bool) -> str:
    """The key of one configuration: the bundled files and the extra `catalogues`, by content."""
    files = catalogue_digest(file_digests([*bundled_catalogue_files(), *catalogues]))
    return cache_key(f"{FORMAT}|{files}|target={target}|compat-v1={report_compat_v1}".encode(), FORMAT)


def _enabled() -> bool:
    return not os.environ.get("TF1LINT_NO_CACHE")


def read_roots(key: str) -> frozenset[str] | None:
    """The roots recorded under `key`, or None (no record, another key, a bad signature, any damage)."""
    if not _enabled():
        return None
    secret = signing_secret()
    if secret is None:
        return None
    try:
        descriptor = os.open(cache_folder() / (key[:40] + _SUFFIX), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as handle:
            document = json.loads(handle.read(_MAX_BYTES))
        roots = document["roots"]
        # Signed by this user's tf1lint, for this key, and of the right shape; anything else is ignored.
        signed = isinstance(document["signature"], str) and hmac.compare_digest(document["signature"],
                                                                                sign(document, secret))
        if (not signed or document.get("format") != FORMAT or document.get("key") != key
                or not isinstance(roots, list) or not all(isinstance(root, str) for root in roots)):
            return None
        return frozenset(roots)
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def write_roots(key: str, roots: Iterable[str]) -> None:
    """Record the roots of a catalogue that loaded without problems; failures only cost speed."""
    if not _enabled():
        return
    # pylint: disable-next=import-outside-toplevel
    from tf1lint.files.atomic import write_atomically

    secret = signing_secret()
    if secret is None:
        return
    document: dict[str, object] = {"format": FORMAT, "key": key, "roots": sorted(roots)}
    document["signature"] = sign(document, secret)
    folder = cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / (key[:40] + _SUFFIX), json.dumps(document), follow_links=False, durable=False)
    except OSError:
        return
    keep_newest(folder, _OWN_NAME, _KEPT)
