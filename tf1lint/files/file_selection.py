"""Which files a run leaves out: `exclude` / `extend-exclude` patterns (gitignore syntax, from the
project's folder) and the .gitignore files, unless `--no-respect-gitignore`. A file named on the
command line is checked even when excluded, unless `--force-exclude` (what pre-commit passes)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tf1lint import TYPE_CHECKING

if TYPE_CHECKING:
    from tf1lint.files.gitignore import GitignoreFiles, PatternList


@dataclass
class FileSelection:
    """The excludes and .gitignore files of one run, asked about each path."""

    root: Path  # the project's folder: where pyproject.toml is, else the current folder
    exclude: list[str] = field(default_factory=list)
    extend_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    force_exclude: bool = False

    def __post_init__(self) -> None:
        # Made at the first question: a run on files named without --force-exclude never asks one.
        self._patterns: PatternList | None = None
        self._gitignore: GitignoreFiles | None = None
        self._folders: dict[Path, bool] = {}

    def excluded(self, path: str | Path, is_dir: bool, top: str | Path | None = None) -> bool:
        """Whether `path` (or a folder holding it) is excluded; `top` is the folder being walked."""
        if self._patterns is None or self._gitignore is None:
            from tf1lint.files.gitignore import GitignoreFiles, PatternList  # pylint: disable=import-outside-toplevel

            self._patterns = PatternList.from_lines(Path(os.path.abspath(self.root)),
                                                    [*self.exclude, *self.extend_exclude])
            self._gitignore = GitignoreFiles()
        if self._patterns.patterns and self._by_patterns(Path(os.path.abspath(path)), is_dir, whole_chain=top is None):
            return True
        return self.respect_gitignore and self._gitignore.ignored(path, is_dir, top)

    def _by_patterns(self, path: Path, is_dir: bool, whole_chain: bool) -> bool:
        # During a walk the folders above `path` were judged on the way down (and the folder the
        # user named is taken even when excluded, as a named file is).
        for folder in reversed(path.parents) if whole_chain else ():
            if folder not in self._folders:
                self._folders[folder] = bool(self._patterns.verdict(folder, True))
            if self._folders[folder]:
                return True
        return bool(self._patterns.verdict(path, is_dir))
