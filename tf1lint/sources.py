"""Which files to check: walking the paths a user gave, in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

PYTHON_SUFFIXES = (".py", ".ipynb")
_SKIPPED_FOLDERS = {".git", ".hg", ".svn", "__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache",
                    ".ruff_cache", "node_modules", "site-packages", ".eggs", ".ipynb_checkpoints"}


def _is_virtual_environment(folder: Path) -> bool:
    return (folder / "pyvenv.cfg").is_file() or (folder / "conda-meta").is_dir()


def discover(paths: list[str], suffixes: tuple[str, ...] = PYTHON_SUFFIXES) -> Iterator[str]:
    """Files named directly are always taken; folders are walked for Python files and notebooks.

    The order is sorted, so that output never depends on the file system's listing order.
    """
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            yield given
            continue
        found = []
        for root, folders, files in os.walk(path):
            root_path = Path(root)
            folders[:] = sorted(
                name for name in folders
                if name not in _SKIPPED_FOLDERS and not name.endswith(".egg-info")
                and not _is_virtual_environment(root_path / name)
            )
            # normpath: `tf1lint check .` names files model.py, not ./model.py (annotations need that)
            found.extend(os.path.normpath(os.path.join(root, name)) for name in files if name.endswith(suffixes))
        yield from sorted(found)
