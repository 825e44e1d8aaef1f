"""The baseline ratchet: record today's findings, then report only findings that are not in it.

A finding's fingerprint is its file (relative to the baseline's folder), its catalogue entry, the
name the code used and the shape of its statement (the statement's syntax tree without positions,
so moving, re-indenting or reformatting code keeps it), with an occurrence count for repeats.
Never line numbers. Matching is done in two passes: first on the whole fingerprint, then what is
left over on file, entry and name alone, so a statement edited for another reason (another
finding in it fixed) still matches its old entry instead of counting as new.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tf1lint.analysis.findings import Finding
from tf1lint.analysis.notebooks import NotebookError, read_notebook
from tf1lint.analysis.suppressions import StatementLines
from tf1lint.files.atomic import write_atomically

FORMAT = "tf1lint-baseline"
FORMAT_VERSION = 1
# Bodies of compound statements are left out of their header's shape: an edit inside a function
# must not change the fingerprint of a finding in its `def` line.
_BODY_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")

Key = tuple[str, str, str, str]  # path, entry id, name used, statement shape


class BaselineError(Exception):
    """The baseline file cannot be used; the message is one line naming it."""


@dataclass
class Comparison:
    new: list[Finding] = field(default_factory=list)  # not in the baseline: what the ratchet reports
    known: list[Finding] = field(default_factory=list)  # still in the baseline
    gone: int = 0  # baseline findings no longer found (fixed, or the code removed)


def fingerprints(findings: Iterable[Finding], base: Path,
                 read: Callable[[str], bytes | None] | None = None) -> list[tuple[Finding, Key]]:
    """Each finding with its key, in a stable order; `read` gives a file's bytes (None: unreadable)."""
    reader = read or _read_bytes
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_path[finding.path].append(finding)
    keyed = []
    for path in sorted(by_path):
        shapes = _StatementShapes(path, reader(path))
        relative = _relative(path, base)
        for finding in sorted(by_path[path], key=Finding.sort_key):
            keyed.append((finding, (relative, finding.entry.id, finding.used, shapes.of(finding))))
    return keyed


def write_baseline(target: str | os.PathLike[str], findings: Iterable[Finding]) -> int:
    """Write the baseline of `findings` to `target` (atomically); returns the number recorded."""
    counts = Counter(key for _, key in fingerprints(findings, baseline_folder(target)))
    entries = [{"path": path, "rule": rule, "used": used, "statement": shape, "count": count}
               for (path, rule, used, shape), count in sorted(counts.items())]
    document = {"format": FORMAT, "format_version": FORMAT_VERSION, "findings": entries}
    write_atomically(target, json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return sum(counts.values())


def load_baseline(source: str | os.PathLike[str]) -> Counter[Key]:
    try:
        document = json.loads(Path(source).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{source}: no such baseline file (create it with --write-baseline {source})") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise BaselineError(f"{source}: cannot read the baseline: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BaselineError(f"{source}: not a tf1lint baseline (write one with --write-baseline)")
    if document.get("format_version") != FORMAT_VERSION:
        raise BaselineError(f"{source}: baseline format_version {document.get('format_version')!r} is not "
                            f"{FORMAT_VERSION}; write it again with --write-baseline")
    counts: Counter[Key] = Counter()
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"{source}: 'findings' must be a list")
    for number, entry in enumerate(entries):
        names = ("path", "rule", "used", "statement")
        fields = [entry.get(name) if isinstance(entry, dict) else None for name in names]
        count = entry.get("count") if isinstance(entry, dict) else None
        if not all(isinstance(value, str) for value in fields) or not isinstance(count, int) or count < 1 \
                or isinstance(count, bool):
            raise BaselineError(f"{source}: finding {number} must have path, rule, used, statement (text) and "
                                "count (a whole number above 0)")
        counts[tuple(fields)] += count  # type: ignore[index]
    return counts


def compare(baseline: Counter[Key], findings: Iterable[Finding], base: Path,
            read: Callable[[str], bytes | None] | None = None) -> Comparison:
    """Split findings into new and known against `baseline`, and count the baseline entries gone."""
    remaining = Counter(baseline)
    loose = Counter()
    for (path, rule, used, _), count in baseline.items():
        loose[(path, rule, used)] += count
    comparison = Comparison()
    unmatched: list[tuple[Finding, Key]] = []
    for finding, key in fingerprints(findings, base, read):
        if remaining[key] > 0:
            remaining[key] -= 1
            loose[key[:3]] -= 1
            comparison.known.append(finding)
        else:
            unmatched.append((finding, key))
    for finding, key in unmatched:  # second pass: same file, entry and name, statement edited
        if loose[key[:3]] > 0:
            loose[key[:3]] -= 1
            comparison.known.append(finding)
        else:
            comparison.new.append(finding)
    comparison.gone = sum(count for count in loose.values() if count > 0)
    comparison.new.sort(key=Finding.sort_key)
    comparison.known.sort(key=Finding.sort_key)
    return comparison


def baseline_folder(target: str | os.PathLike[str]) -> Path:
    """The folder file paths in a baseline are relative to: the baseline's own, links resolved."""
    return Path(os.path.realpath(os.path.dirname(os.path.abspath(target))))


def _relative(path: str, base: Path) -> str:
    # Both sides with links resolved: a tree reached through a symbolic link (a linked checkout,
    # /tmp on macOS) gives the same relative paths as the tree named directly.
    real, real_base = os.path.realpath(path), os.path.realpath(base)
    try:
        return Path(os.path.relpath(real, real_base)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(real).as_posix()


def _read_bytes(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


class _StatementShapes:
    """The shape of the statement holding a finding, as a short hash."""

    def __init__(self, path: str, raw: bytes | None) -> None:
        self._cells: dict[tuple[int, int], int] = {}  # notebooks: (cell, line) -> line in the joined text
        text = self._text(path, raw)
        self._lines = text.splitlines()
        try:
            tree: ast.Module | None = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            tree = None
        self._statements = StatementLines(tree)

    def _text(self, path: str, raw: bytes | None) -> str:
        if raw is None:
            return ""
        if path.endswith(".ipynb"):
            try:
                notebook = read_notebook(raw)
            except NotebookError:
                return ""
            self._cells = {place: line for line, place in enumerate(notebook.places, start=1)}
            return notebook.text
        return raw.decode("utf-8", "replace")

    def of(self, finding: Finding) -> str:
        line = self._cells.get((finding.cell, finding.line), finding.line) if finding.cell else finding.line
        statement = self._statements.statement(line)
        if statement is not None:
            shape = _shape(statement)
        elif 0 < line <= len(self._lines):
            shape = " ".join(self._lines[line - 1].split())
        else:
            shape = ""
        return hashlib.sha256(shape.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _shape(statement: ast.stmt) -> str:
    """The statement's syntax tree without positions, bodies of compound statements left out."""
    fields = {name: value for name, value in ast.iter_fields(statement) if name not in _BODY_FIELDS}
    return type(statement).__name__ + "(" + ", ".join(
        f"{name}={_dump(value)}" for name, value in sorted(fields.items())) + ")"


def _dump(value: object) -> str:
    if isinstance(value, ast.AST):
        return ast.dump(value, include_attributes=False)
    if isinstance(value, list):
        return "[" + ", ".join(_dump(item) for item in value) + "]"
    return repr(value)
