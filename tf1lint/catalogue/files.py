"""The catalogue files a run reads (the bundled ones, then the user's), how messages name them, and
the digest of each one's content, read once per run: the catalogue snapshot's key and the results
cache's run key are both built on the same digests, so a one-file check reads and hashes the
catalogue once, not once per key. Kept apart from the loader, which a run served by a snapshot
never imports.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import os
import stat
import weakref
from collections.abc import Iterable
from pathlib import Path

from tf1lint import TYPE_CHECKING

if TYPE_CHECKING:
    from tf1lint.catalogue.model import TargetIndex

# What stands for the content of a catalogue path that is not a readable regular file (a device or
# a FIFO such as --catalogue /dev/zero would never end): the loader refuses it in one line.
NOT_A_FILE = b"<not a file>"
UNREADABLE = b"<unreadable>"


def bundled_rules() -> Path | None:
    """Where the catalogue shipped with tf1lint is: inside the package once installed, ./rules in a checkout."""
    package = Path(__file__).resolve().parent.parent  # tf1lint/, from tf1lint/catalogue/
    return next((folder for folder in (package / "rules", package.parent / "rules") if folder.is_dir()), None)


# Under rules/ but not catalogue entries: the catalogue generator's hand-decided input.
GENERATOR_INPUT = "overrides.yaml"


def bundled_catalogue_files() -> list[Path]:
    folder = bundled_rules()
    if folder is None:
        return []
    return sorted(path for path in folder.rglob("*.yaml") if path.relative_to(folder).as_posix() != GENERATOR_INPUT)


@functools.cache
def stand_in_source(name: str) -> str | None:
    """The text of the bundled stand-in class `name` (rules/stand_ins/<name>.py), or None when there
    is no such file or it is not exactly one top-level class of that name."""
    folder = bundled_rules()
    path = folder / "stand_ins" / f"{name}.py" if folder is not None else None
    if path is None or not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
        body = ast.parse(text).body
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return None
    if len(body) == 1 and isinstance(body[0], ast.ClassDef) and body[0].name == name:
        return text if text.endswith("\n") else text + "\n"
    return None


def display_origin(path: Path) -> str:
    """A catalogue file's name in messages and in its entries' `origin`: relative to the current folder."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def content_digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def file_digests(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[Path, str]]:
    """Each path with the digest of its content (or of what stands for a path that cannot be read)."""
    digests = []
    for path in map(Path, paths):
        try:
            content = path.read_bytes() if stat.S_ISREG(os.stat(path).st_mode) else NOT_A_FILE
        except OSError:
            content = UNREADABLE
        digests.append((path, content_digest(content)))
    return digests


def catalogue_digest(digests: Iterable[tuple[Path, str]]) -> str:
    """One digest for a list of catalogue files: their names and contents, in order."""
    digest = hashlib.sha256()
    for path, content in digests:
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0" + content.encode() + b"\0")
    return digest.hexdigest()


# The catalogue each index was loaded from (runner.load_index says): the results cache's run key is
# built on it, so the catalogue is neither read nor hashed a second time, and findings are filed
# under the catalogue they were found with even if a file changes during the run.
_LOADED_FROM: weakref.WeakKeyDictionary[TargetIndex, str] = weakref.WeakKeyDictionary()


def loaded_from(index: TargetIndex, catalogue: str) -> TargetIndex:
    """Remember that `index` was loaded from the catalogue files whose `catalogue_digest` is
    `catalogue`; returns `index`."""
    _LOADED_FROM[index] = catalogue
    return index


def catalogue_of(index: TargetIndex) -> str | None:
    """The catalogue digest `index` was loaded from, when runner.load_index loaded it."""
    return _LOADED_FROM.get(index)
