"""Inline suppressions: the comments that accept a finding where it is, one language for every
front end (`tf1lint check`, `inventory`, the pylint plugin, the editor server).

Forms understood (comments are found with `tokenize`, so text inside strings never counts):

- `# tf1lint: ignore` accepts every finding on its line; `# tf1lint: ignore[E5302, tf1-removed-api,
  removed:contrib, tf.contrib, all]` only those the selectors name, in the one selector language of
  tf1lint/analysis/selectors.py (also --select/--ignore's): codes and symbols with their severity siblings,
  kinds, entry ids and id prefixes, API prefixes, `all`.
- `# noqa: E5302` (flake8/ruff): the same selectors; a bare `# noqa` accepts everything on its
  line, as flake8 and ruff read it.
- `# pylint: disable=tf1-removed-api` (codes and symbols as pylint reads them, exactly; `tf1lint` for
  all of ours), scoped as
  pylint scopes a line-scope message: a trailing comment covers its own line; a comment on its own
  line covers the rest of the enclosing block (a `def` line covers the whole function) until
  `# pylint: enable=...`; `disable-next=` covers the next line.
- `# tf1lint: skip-file` anywhere: the file is not reported. pylint's `# pylint: skip-file` and
  `disable=all` are left to pylint: they are written for pylint's own reasons and would hide TF1 work.

The line-scoped forms apply to a finding on the comment's line, and to every finding of a
multi-line statement when the comment is on the statement's first line.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tf1lint.analysis.findings import Finding
from tf1lint.analysis.selectors import matches

_TF1LINT = re.compile(r"#\s*tf1lint\s*:\s*(?P<action>ignore|skip-file)\b(?:\s*\[(?P<selectors>[^\]]*)\])?",
                      re.IGNORECASE)
# As ruff reads it: `noqa` ends there or goes on with `:` and codes; `# noqa-free text` is no directive.
_NOQA = re.compile(r"#\s*noqa(?=$|[\s:#])(?::\s*(?P<selectors>[\w:.\-]+(?:[\s,]+[\w:.\-]+)*))?", re.IGNORECASE)
_PYLINT = re.compile(r"#\s*pylint\s*:\s*(?P<pragmas>.*)$")
_PYLINT_PRAGMA = re.compile(r"(?P<action>disable-next|disable|enable|skip-file)\s*(?:=\s*(?P<names>[\w\-,\s]*))?")
# What a selector must look like to be tf1lint's own, when a comment may also serve other tools.
_OUR_CODE = re.compile(r"^[EWI]53\d\d$", re.IGNORECASE)
_OUR_CODE_IN_TEXT = re.compile(r"\b[ewi]53\d\d\b")  # in lowered text
_CHECKER_NAME = "tf1lint"


@dataclass(frozen=True)
class Suppression:
    """One comment (or one pylint pragma in it) that may accept findings."""

    form: str  # "tf1lint", "noqa" or "pylint"
    line: int  # where the comment is
    column: int
    text: str  # the comment as written
    selectors: tuple[str, ...]  # empty: everything
    first_line: int  # the lines it covers
    last_line: int


@dataclass(frozen=True)
class UnusedSuppression:
    """A suppression, or one selector of it, that accepted no finding."""

    path: str
    line: int
    column: int
    comment: str
    selector: str | None  # None: the whole comment
    cell: int | None = None  # notebooks: the cell; line is within it

    def __str__(self) -> str:
        what = f"{self.selector!r} in " if self.selector else ""
        cell = f"cell {self.cell}:" if self.cell is not None else ""
        return f"{self.path}:{cell}{self.line}:{self.column}: unused suppression: {what}{self.comment}"

    def as_dict(self) -> dict[str, object]:
        record: dict[str, object] = {"path": self.path, "line": self.line, "column": self.column,
                                     "comment": self.comment, "selector": self.selector}
        if self.cell is not None:
            record["cell"] = self.cell
        return record


@dataclass
class SuppressionResult:
    """One file's findings split by its suppression comments."""

    kept: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    unused: list[UnusedSuppression] = field(default_factory=list)

    def __iter__(self) -> Iterator[list]:  # kept, suppressed, unused = apply_suppressions(...)
        return iter((self.kept, self.suppressed, self.unused))


ALL_FORMS = frozenset({"tf1lint", "noqa", "pylint"})


def apply_suppressions(source: str | bytes, findings: Iterable[Finding], path: str = "<unknown>",
                       forms: frozenset[str] = ALL_FORMS) -> SuppressionResult:
    """Split `findings` of one file into kept and suppressed, and list the suppressions of tf1lint's
    own rules that accepted nothing. `forms` lets the pylint plugin leave pylint's own comments to
    pylint. Findings must carry lines of `source` (for a notebook, of its joined Python text)."""
    findings = list(findings)
    text = source.decode("utf-8", "surrogateescape") if isinstance(source, bytes) else source
    if not _may_suppress(text.lower()):
        return SuppressionResult(kept=findings)
    comments = list(_comments(text))
    if not comments:
        return SuppressionResult(kept=findings)
    tree = _LazyTree(text)  # parsed only when a suppression needs statements or scopes
    suppressions, skip_file = _suppressions(comments, tree, forms)
    if skip_file is not None:
        return SuppressionResult(suppressed=findings)
    if not suppressions:
        return SuppressionResult(kept=findings)
    statements = StatementLines(tree.get() if findings else None)
    result = SuppressionResult()
    used: set[tuple[Suppression, str | None]] = set()
    for finding in findings:
        first_line = statements.first_line(finding.line)
        matched = False
        for suppression in suppressions:
            if not _covers(suppression, finding.line, first_line):
                continue
            selector = _matching_selector(suppression, finding)
            if selector is False:
                continue
            used.add((suppression, selector))
            matched = True
        (result.suppressed if matched else result.kept).append(finding)
    result.unused = _unused(suppressions, used, path)
    return result


def _covers(suppression: Suppression, line: int, statement_first_line: int) -> bool:
    if suppression.form == "pylint":  # pylint judges a message by the line it is reported on
        return suppression.first_line <= line <= suppression.last_line
    return suppression.line in (line, statement_first_line)


def _matching_selector(suppression: Suppression, finding: Finding) -> str | None | bool:
    """The selector that accepts `finding` (None for a comment without selectors), or False."""
    if not suppression.selectors:
        return None
    judge = _names_exactly if suppression.form == "pylint" else matches
    for selector in suppression.selectors:
        if judge(selector, finding):
            return selector
    return False


def _names_exactly(selector: str, finding: Finding) -> bool:
    """pylint's own reading of its pragmas (it applies them itself under the plugin): a message's
    code or symbol, or `tf1lint` for the whole checker."""
    lowered = selector.lower()
    return lowered == _CHECKER_NAME or lowered in (finding.code.lower(), finding.symbol)


def _may_suppress(lowered: str) -> bool:
    """Whether the text can hold a comment that matters here, without tokenizing it: pylint
    pragmas (everywhere in Google-style code) count only when they name one of our rules."""
    if "tf1lint" in lowered or "noqa" in lowered:
        return True
    return "pylint" in lowered and ("tf1-" in lowered or _OUR_CODE_IN_TEXT.search(lowered) is not None)


def _is_ours(selector: str) -> bool:
    return bool(_OUR_CODE.match(selector)) or selector.lower().startswith("tf1-") or selector.lower() == _CHECKER_NAME


def _unused(suppressions: list[Suppression], used: set[tuple[Suppression, str | None]],
            path: str) -> list[UnusedSuppression]:
    unused = []
    for suppression in suppressions:
        if not suppression.selectors:
            # A bare noqa may serve flake8 or ruff; a bare tf1lint: ignore is only ours.
            if suppression.form == "tf1lint" and (suppression, None) not in used:
                unused.append(UnusedSuppression(path, suppression.line, suppression.column, suppression.text, None))
            continue
        for selector in suppression.selectors:
            ours = suppression.form == "tf1lint" or _is_ours(selector)
            if ours and (suppression, selector) not in used:
                unused.append(UnusedSuppression(path, suppression.line, suppression.column, suppression.text, selector))
    # One pylint comment may hold several pragmas: report each selector once.
    return sorted(set(unused), key=lambda item: (item.line, item.column, item.selector or ""))


def _comments(text: str) -> Iterator[tokenize.TokenInfo]:
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                yield token
    except (tokenize.TokenError, SyntaxError, ValueError):
        pass  # a file that does not tokenize has no findings either; what was read still counts


class _LazyTree:
    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._tree: ast.Module | None = None

    def get(self) -> ast.Module | None:
        if self._text is not None:
            try:
                self._tree = ast.parse(self._text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                self._tree = None
            self._text = None
        return self._tree


def _suppressions(comments: list[tokenize.TokenInfo], tree: _LazyTree,
                  forms: frozenset[str]) -> tuple[list[Suppression], int | None]:
    found: list[Suppression] = []
    pylint_scopes = PylintScopes(tree) if "pylint" in forms else None
    for token in comments:
        line, column = token.start
        comment = token.string
        if "tf1lint" in forms:
            for match in _TF1LINT.finditer(comment):
                if match.group("action").lower() == "skip-file":
                    return [], line
                found.append(Suppression("tf1lint", line, column, comment, _split(match.group("selectors")),
                                         line, line))
        if "noqa" in forms:
            match = _NOQA.search(comment)
            if match:
                found.append(Suppression("noqa", line, column, comment, _split(match.group("selectors")), line, line))
        if pylint_scopes is not None:
            match = _PYLINT.search(comment)
            if match:
                for pragma in _PYLINT_PRAGMA.finditer(match.group("pragmas")):
                    action = pragma.group("action")
                    if action == "skip-file":
                        # Written for pylint's own reasons (an astroid crash, generated code): honouring
                        # it would hide a file's TF1 work from the inventory. pylint, running our plugin,
                        # skips the file itself; `# tf1lint: skip-file` is ours.
                        continue
                    # Only our own names: `disable=all` and others' codes are pylint's business.
                    names = tuple(name for name in _split(pragma.group("names")) if _is_ours(name))
                    if names:
                        start = line + 1 if action == "disable-next" else line
                        pylint_scopes.add(action, start, names)
    if pylint_scopes is not None:
        for start, end, names, text_line in pylint_scopes.disabled_ranges():
            column, comment = next((t.start[1], t.string) for t in comments if t.start[0] == text_line)
            found.append(Suppression("pylint", text_line, column, comment, names, start, end))
    return found, None


def _split(selectors: str | None) -> tuple[str, ...]:
    if not selectors:
        return ()
    return tuple(item for item in re.split(r"[\s,]+", selectors.strip()) if item)


class StatementLines:
    """For any line, the first line of the innermost statement holding it (a compound statement
    holds only its header; decorators belong to their definition)."""

    def __init__(self, tree: ast.Module | None) -> None:
        self._first: dict[int, int] = {}
        self._statement: dict[int, ast.stmt] = {}
        if tree is not None:
            self._visit(tree.body)

    def _visit(self, statements: list[ast.stmt]) -> None:
        for statement in statements:
            start = min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", ()))])
            end = statement.end_lineno or statement.lineno
            for line in range(start, end + 1):
                self._first[line] = start
                self._statement[line] = statement
            for name in ("body", "orelse", "finalbody"):
                self._visit(getattr(statement, name, None) or [])
            for handler in getattr(statement, "handlers", ()):
                self._visit(handler.body)
            for case in getattr(statement, "cases", ()):
                self._visit(case.body)

    def first_line(self, line: int) -> int:
        return self._first.get(line, line)

    def statement(self, line: int) -> ast.stmt | None:
        return self._statement.get(line)


class PylintScopes:
    """pylint's reading of disable/enable pragmas for a line-scope message: a pragma at line P
    holds from P to the end of the first node, children before parents, that spans P (pylint
    only looks inside nodes that span several lines). Later pragmas override earlier ones."""

    def __init__(self, tree: _LazyTree) -> None:
        self._lazy_tree = tree
        self._events: list[tuple[int, str, tuple[str, ...]]] = []

    def add(self, action: str, line: int, names: tuple[str, ...]) -> None:
        self._events.append((line, action, names))

    def disabled_ranges(self) -> list[tuple[int, int, tuple[str, ...], int]]:
        """(first line, last line, names, line of the comment) for each disable still in force."""
        state: dict[str, dict[int, tuple[bool, int]]] = {}
        for line, action, names in sorted(self._events, key=lambda event: event[0]):
            comment_line = line - 1 if action == "disable-next" else line
            end = self._end_of_scope(line)
            for name in names:
                lines = state.setdefault(name, {})
                for covered in range(line, end + 1):
                    lines[covered] = (action != "enable", comment_line)
        ranges = []
        for name, lines in state.items():
            # Consecutive disabled lines that owe it to the same comment make one range.
            runs: list[list[int]] = []  # [first, last, comment line]
            for covered in sorted(lines):
                disabled, comment_line = lines[covered]
                if not disabled:
                    continue
                if runs and runs[-1][1] == covered - 1 and runs[-1][2] == comment_line:
                    runs[-1][1] = covered
                else:
                    runs.append([covered, covered, comment_line])
            ranges += [(first, last, (name,), comment_line) for first, last, comment_line in runs]
        return sorted(ranges)

    def _end_of_scope(self, line: int) -> int:
        tree = self._lazy_tree.get()
        if tree is None:
            return line
        try:
            end = _scope_end(tree, line)
        except RecursionError:  # generated code nested deeper than the stack: the line alone
            return line
        return max(line, end if end is not None else _last_line(tree))


def _last_line(tree: ast.Module) -> int:
    return max((statement.end_lineno or statement.lineno for statement in tree.body), default=1)


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _scope_end(node: ast.AST, line: int) -> int | None:
    """Post-order, as pylint walks astroid's tree: the last line of the first node holding `line`,
    entering only nodes that span several lines (None: the module holds it)."""
    start, end = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
    if start is not None and end is not None and start != end:
        if isinstance(node, _FUNCTIONS):
            for decorator in getattr(node, "decorator_list", ()):
                found = _scope_end(decorator, line)
                if found is not None:
                    return found
            if line == start:  # astroid's Arguments node sits on the def line and takes it
                return line
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.arguments) or child in getattr(node, "decorator_list", ()):
                continue  # no lines of their own in ast; handled above
            found = _scope_end(child, line)
            if found is not None:
                return found
    elif isinstance(node, ast.Module):
        for child in node.body:
            found = _scope_end(child, line)
            if found is not None:
                return found
    if start is None:
        return None
    return end if start <= line <= (end or start) else None
