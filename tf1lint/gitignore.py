"""A small reader of gitignore patterns: the common syntax (comments, `!` negation, a trailing `/`
for folders only, patterns anchored by a `/`, `*`, `?`, `[...]` and `**`), and nested .gitignore
files, each applying to its own folder and below, the deeper file and the later line winning.

The same pattern language serves `exclude` and `extend-exclude`, matched from the project's folder.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern[str]
    negated: bool
    folders_only: bool
    anchored: bool  # matched against the whole relative path, not only the last name

    def matches(self, relative: str, is_dir: bool) -> bool:
        if self.folders_only and not is_dir:
            return False
        subject = relative if self.anchored else relative.rsplit("/", 1)[-1]
        return self.regex.fullmatch(subject) is not None


def parse_pattern(line: str) -> Pattern | None:
    """One gitignore line as a pattern, or None for a blank line or a comment."""
    text = line.rstrip("\n").rstrip("\r")
    text = _strip_trailing_spaces(text)
    if not text or text.startswith("#"):
        return None
    negated = text.startswith("!")
    if negated:
        text = text[1:]
    elif text.startswith(("\\!", "\\#")):
        text = text[1:]
    folders_only = text.endswith("/") and not text.endswith("\\/")
    text = text.rstrip("/")
    if not text:
        return None
    anchored = "/" in text
    text = text.lstrip("/")
    return Pattern(re.compile(_glob_to_regex(text)), negated, folders_only, anchored)


def _strip_trailing_spaces(text: str) -> str:
    stripped = text.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(text):
        return stripped[:-1] + " "  # an escaped space is kept
    return stripped


def _glob_to_regex(glob: str) -> str:
    out = []
    position = 0
    while position < len(glob):
        if glob.startswith("**/", position) and (position == 0 or glob[position - 1] == "/"):
            out.append("(?:.*/)?")
            position += 3
        elif glob.startswith("**", position) and position + 2 == len(glob) and (position == 0 or glob[position - 1] == "/"):
            out.append(".*")
            position += 2
        elif glob[position] == "*":
            out.append("[^/]*")
            position += 1
        elif glob[position] == "?":
            out.append("[^/]")
            position += 1
        elif glob[position] == "[":
            end = glob.find("]", position + 2 if glob.startswith("[!", position) else position + 1)
            if end == -1:
                out.append(re.escape("["))
                position += 1
                continue
            body = glob[position + 1:end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            position = end + 1
        elif glob[position] == "\\" and position + 1 < len(glob):
            out.append(re.escape(glob[position + 1]))
            position += 2
        else:
            out.append(re.escape(glob[position]))
            position += 1
    return "".join(out)


class PatternList:
    """Patterns read from one place, matched against paths relative to `folder`."""

    def __init__(self, folder: Path, patterns: list[Pattern]) -> None:
        self.folder = folder
        self.patterns = patterns

    @classmethod
    def from_lines(cls, folder: Path, lines: list[str]) -> PatternList:
        return cls(folder, [pattern for pattern in map(parse_pattern, lines) if pattern is not None])

    def verdict(self, path: Path, is_dir: bool) -> bool | None:
        """True: ignored, False: re-included by a `!` pattern, None: no pattern speaks of it."""
        try:
            relative = path.relative_to(self.folder).as_posix()
        except ValueError:
            return None
        if relative in ("", "."):
            return None
        result = None
        for pattern in self.patterns:
            if pattern.matches(relative, is_dir):
                result = not pattern.negated
        return result


class GitignoreFiles:
    """Every .gitignore (and .git/info/exclude) between a repository's top and a path.

    Outside a git repository, the .gitignore files from `top` (the folder the user named) down."""

    def __init__(self) -> None:
        self._lists: dict[Path, PatternList | None] = {}
        self._roots: dict[Path, Path | None] = {}
        self._folders: dict[Path, bool] = {}

    def ignored(self, path: Path, is_dir: bool, top: Path | None = None) -> bool:
        """Whether git would ignore `path`. During a walk of `top` (whose folders were already
        judged on the way down) only `path` itself is judged; otherwise every folder above it too."""
        path = Path(os.path.abspath(path))
        root = self._repository_root(path.parent) or (Path(os.path.abspath(top)) if top else None)
        if root is None or root == path:
            return False
        try:
            parts = path.relative_to(root).parts
        except ValueError:
            return False
        if top is None:
            folder = root
            for name in parts[:-1]:
                folder = folder / name
                if self._folder_ignored(root, folder):
                    return True
        return self._judge(root, path, is_dir)

    def _folder_ignored(self, root: Path, folder: Path) -> bool:
        if folder not in self._folders:
            self._folders[folder] = self._judge(root, folder, True)
        return self._folders[folder]

    def _judge(self, root: Path, path: Path, is_dir: bool) -> bool:
        result = False
        folders = [root, *(root / Path(*path.relative_to(root).parts[:depth])
                           for depth in range(1, len(path.relative_to(root).parts)))]
        lists = [self._list(folder) for folder in folders]
        if (root / ".git").is_dir():
            lists.insert(0, self._exclude_file(root))
        for patterns in lists:
            if patterns is None:
                continue
            verdict = patterns.verdict(path, is_dir)
            if verdict is not None:
                result = verdict
        return result

    def _list(self, folder: Path) -> PatternList | None:
        if folder not in self._lists:
            self._lists[folder] = _read(folder, folder / ".gitignore")
        return self._lists[folder]

    def _exclude_file(self, root: Path) -> PatternList | None:
        key = root / ".git" / "info"
        if key not in self._lists:
            self._lists[key] = _read(root, key / "exclude")
        return self._lists[key]

    def _repository_root(self, folder: Path) -> Path | None:
        if folder in self._roots:
            return self._roots[folder]
        found = None
        if (folder / ".git").exists():
            found = folder
        elif folder.parent != folder:
            found = self._repository_root(folder.parent)
        self._roots[folder] = found
        return found


def _read(folder: Path, file: Path) -> PatternList | None:
    try:
        text = file.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:  # absent, unreadable or a folder: nothing to honour
        return None
    return PatternList.from_lines(folder, text.splitlines())
