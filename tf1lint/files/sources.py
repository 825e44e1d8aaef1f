"""Which files to check: walking the paths a user gave, in a stable order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

PYTHON_SUFFIXES = (".py", ".ipynb")
_SKIPPED_FOLDERS = {".git", ".hg", ".svn", "__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache",
                    ".ruff_cache", "node_modules", "site-packages", ".eggs", ".ipynb_checkpoints"}


def _is_virtual_environment(folder: Path) -> bool:
    # os.path rather than Path: a folder we may not search raises PermissionError from Path.is_file
    return os.path.isfile(folder / "pyvenv.cfg") or os.path.isdir(folder / "conda-meta")


def _folder_of(error: OSError, walked: Path) -> str:
    return os.path.normpath(os.fsdecode(error.filename) if error.filename is not None else walked)


def _walk(path: Path, unlistable: list[str]) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk (top down, links to folders listed but not entered) that notes each folder it
    cannot list in `unlistable` instead of passing over it. A stack, not recursion: a tree a
    thousand folders deep is walked like any other."""
    pending = [os.fspath(path)]
    while pending:
        root = pending.pop()
        try:
            with os.scandir(root) as listing:
                entries = list(listing)
        except OSError as error:
            unlistable.append(_folder_of(error, path))
            continue
        folders, files = [], []
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            (folders if is_folder else files).append(entry.name)
        yield root, folders, files  # the caller may prune `folders` in place, as with os.walk
        for name in reversed(folders):
            below = os.path.join(root, name)
            if not os.path.islink(below):
                pending.append(below)


def discover(paths: list[str], suffixes: tuple[str, ...] = PYTHON_SUFFIXES,
             excluded: Callable[[str, bool, str | None], bool] | None = None,
             force_exclude: bool = False) -> Iterator[str]:
    """Files named directly are taken (unless `force_exclude` and `excluded` says so); folders are
    walked for Python files and notebooks, leaving out what `excluded(path, is_dir, top)` says.

    The order is sorted, so that output never depends on the file system's listing order.
    """
    for given in paths:
        path = Path(given)
        if not os.path.isdir(path):
            if not (force_exclude and excluded is not None and excluded(given, False, None)):
                yield given
            continue
        if force_exclude and excluded is not None and excluded(given, True, None):
            continue
        found = []
        # A folder that cannot be listed is yielded like a file: reading it reports why, so it is
        # named in the output instead of being skipped without a word.
        for root, folders, files in _walk(path, found):
            root_path = Path(root)
            folders[:] = sorted(
                name for name in folders
                if name not in _SKIPPED_FOLDERS and not name.endswith(".egg-info")
                and not _is_virtual_environment(root_path / name)
                and not (excluded is not None and excluded(os.path.join(root, name), True, given))
            )
            # normpath: `tf1lint check .` names files model.py, not ./model.py (annotations need that)
            found.extend(os.path.normpath(os.path.join(root, name)) for name in files if name.endswith(suffixes)
                         and not (excluded is not None and excluded(os.path.join(root, name), False, given)))
        yield from sorted(found)
