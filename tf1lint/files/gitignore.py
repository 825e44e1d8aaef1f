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
class GitignorePattern:
    regex: re.Pattern[str]
    negated: bool
    folders_only: bool
    anchored: bool  # matched against the whole relative path, not only the last name

    def matches(self, relative: str, is_dir: bool) -> bool:
        if self.folders_only and not is_dir:
            return False
        subject = relative if self.anchored else relative.rsplit("/", 1)[-1]
        return re.fullmatch(self.regex, subject) is not None


def parse_pattern(line: str) -> GitignorePattern | None:
    """One gitignore line as a pattern, or None for a blank line or a comment."""
    text = line.rstrip("\n").rstrip("\r")
    text = _strip_trailing_spaces(text)
    if not text or text.startswith("#"):
        return None
    negated = text.startswith("!")
    if negated or text.startswith(("\\!", "\\#")):
        text = text[1:]
    folders_only = text.endswith("/") and not text.endswith("\\/")
    text = text.rstrip("/")
    if not text:
        return None
    anchored = "/" in text
    text = text.lstrip("/")
    try:
        regex = re.compile(_glob_to_regex(text))
    except re.error:  # a class like [z-a]: git matches nothing with it, and so do we
        return None
    return GitignorePattern(regex, negated, folders_only, anchored)


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
        elif (glob.startswith("**", position) and position + 2 == len(glob)
              and (position == 0 or glob[position - 1] == "/")):
            out.append(".*")
            position += 2
        elif glob[position] == "*":
            out.append("[^/]*")
            while position < len(glob) and glob[position] == "*":  # '***' is '*'
                position += 1
        elif glob[position] == "?":
            out.append("[^/]")
            position += 1
        elif glob[position] == "[":
            # a ']' right after '[' or '[!' is a member, not the end
            end = glob.find("]", position + 3 if glob.startswith("[!", position) else position + 2)
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

    def __init__(self, folder: Path, patterns: list[GitignorePattern]) -> None:
        self.folder = folder
        self.patterns = patterns
        self._prefix = os.path.join(os.fspath(folder), "")

    @classmethod
    def from_lines(cls, folder: Path, lines: list[str]) -> PatternList:
        return cls(folder, [pattern for pattern in map(parse_pattern, lines) if pattern is not None])

    def verdict(self, path: Path | str, is_dir: bool) -> bool | None:
        """True: ignored, False: re-included by a `!` pattern, None: no pattern speaks of it.
        `path` is absolute and normalised."""
        text = os.fspath(path)
        if not text.startswith(self._prefix):
            return None
        relative = text[len(self._prefix):].replace(os.sep, "/")
        if not relative:
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
        self._chains: dict[tuple[str, str], list[PatternList]] = {}
        self._roots: dict[str, str | None] = {}
        self._folders: dict[str, bool] = {}

    def ignored(self, path: Path | str, is_dir: bool, top: Path | str | None = None) -> bool:
        """Whether git would ignore `path`. During a walk of `top` (whose folders were already
        judged on the way down) only `path` itself is judged; otherwise every folder above it too."""
        text = os.path.abspath(path)
        parent = os.path.dirname(text)
        root = self._repository_root(parent) or (os.path.abspath(top) if top else None)
        if root is None or root == text or not parent.startswith(root):
            return False
        if top is None:
            folder = parent
            above = []
            while folder != root and folder.startswith(root):
                above.append(folder)
                folder = os.path.dirname(folder)
            for folder in reversed(above):
                if self._folder_ignored(root, folder):
                    return True
        return self._judge(root, parent, text, is_dir)

    def _folder_ignored(self, root: str, folder: str) -> bool:
        if folder not in self._folders:
            self._folders[folder] = self._judge(root, os.path.dirname(folder), folder, True)
        return self._folders[folder]

    def _judge(self, root: str, parent: str, path: str, is_dir: bool) -> bool:
        result = False
        for patterns in self._chain(root, parent):
            verdict = patterns.verdict(path, is_dir)
            if verdict is not None:
                result = verdict
        return result

    def _chain(self, root: str, folder: str) -> list[PatternList]:
        """The pattern lists that speak for entries of `folder`, outermost first."""
        key = (root, folder)
        if key not in self._chains:
            if folder == root or not folder.startswith(root):
                chain = [found for found in (_read(Path(root), Path(root, ".git", "info", "exclude")),
                                             _read(Path(root), Path(root, ".gitignore"))) if found]
            else:
                chain = [*self._chain(root, os.path.dirname(folder))]
                found = _read(Path(folder), Path(folder, ".gitignore"))
                if found:
                    chain.append(found)
            self._chains[key] = chain
        return self._chains[key]

    def _repository_root(self, folder: str) -> str | None:
        if folder in self._roots:
            return self._roots[folder]
        found = None
        if os.path.exists(os.path.join(folder, ".git")):
            found = folder
        elif os.path.dirname(folder) != folder:
            found = self._repository_root(os.path.dirname(folder))
        self._roots[folder] = found
        return found


def _read(folder: Path, file: Path) -> PatternList | None:
    try:
        text = file.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:  # absent, unreadable or a folder: nothing to honour
        return None
    found = PatternList.from_lines(folder, text.splitlines())
    return found if found.patterns else None
