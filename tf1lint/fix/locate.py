"""One file's text and the syntax nodes findings are on: offsets, node text, the node at a
finding's span, the statements on a line, and the call or import statement a node belongs to."""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterator

from tf1lint.analysis.findings import Finding
from tf1lint.analysis.positions import first_line
from tf1lint.catalogue.fixes import Edit, Span
from tf1lint.catalogue.model import module_name


class FileNodes:
    """The file's bytes and tree, and its nodes found by span, indexed only where asked."""

    def __init__(self, raw: bytes, tree: ast.Module) -> None:
        self._starts_of: dict[int, list[int]] = {}
        self.raw = raw
        self.tree = tree
        self.line_starts = [0]
        for match in re.finditer(b"\n", raw):
            self.line_starts.append(match.end())
        # Filled statement by statement, only around the lines findings are on: a whole-tree walk
        # would cost more than the engine's own pass.
        self.by_span: dict[tuple[int, int, int, int], list[ast.AST]] = {}
        self.call_of: dict[int, ast.Call] = {}
        self.statement_of: dict[int, ast.stmt] = {}
        self.assignment_of: dict[int, ast.Assign] = {}  # `flags = tf.app.flags`: value -> statement
        self._indexed: set[int] = set()

    def offset(self, line: int, column: int) -> int:
        """The byte offset of a 1-based line and a 0-based byte column."""
        return self.line_starts[line - 1] + column

    def text(self, node: ast.AST) -> str:
        """The node's own text in the file."""
        start = self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        return self.raw[start:end].decode("utf-8")

    def index_line(self, line: int) -> None:
        """Index the nodes of the innermost statements on `line` (a compound statement's header only)."""
        for statement in _statements_on(self.tree.body, line, self._starts_of):
            if id(statement) in self._indexed:
                continue
            self._indexed.add(id(statement))
            for node in _header_walk(statement):
                self.remember(node, statement)

    def remember(self, node: ast.AST, statement: ast.stmt) -> None:
        """Index one node of `statement`: by its span, and the call or import statement it belongs to."""
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            self.assignment_of[id(node.value)] = node
        if isinstance(node, (ast.Name, ast.Attribute, ast.alias, ast.keyword, ast.Call)):
            key = (node.lineno, node.col_offset, node.end_lineno or node.lineno, node.end_col_offset or 0)
            self.by_span.setdefault(key, []).append(node)
        if isinstance(node, ast.Call):
            self.call_of[id(node.func)] = node
            for keyword in node.keywords:
                self.call_of[id(keyword)] = node
        elif isinstance(node, ast.alias):
            self.statement_of[id(node)] = statement

    def node_at(self, finding: Finding, *types: type) -> ast.AST | None:
        """The node of one of `types` exactly at the finding's span, or None."""
        self.index_line(finding.line)
        nodes = self.by_span.get((finding.line, finding.column, finding.end_line, finding.end_column), [])
        return next((node for node in nodes if isinstance(node, types)), None)

    def alone_on_its_lines(self, statement: ast.stmt) -> bool:
        """Nothing but indentation before the statement on its first line, and at most a comment after it."""
        before = self.raw[self.line_starts[statement.lineno - 1]:self.offset(statement.lineno, statement.col_offset)]
        end = self.offset(statement.end_lineno or statement.lineno, statement.end_col_offset or 0)
        after = self.raw[end:].split(b"\n", 1)[0].strip()
        return before.strip() == b"" and before == b" " * len(before) and (after == b"" or after.startswith(b"#"))


def replace(node: ast.AST, text: str) -> Edit:
    """An edit replacing the node's text with `text`."""
    return Edit(node.lineno, node.col_offset, node.end_lineno, node.end_col_offset, text)  # type: ignore[attr-defined]


def span_of(node: ast.AST) -> Span:
    """Where the node's text is."""
    return Span(node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]


def root_qualified(node: ast.Attribute, used: str) -> tuple[str, str] | None:
    """(what the chain's root name stands for, the root's text): derived from the engine's own
    resolution of the whole chain, so no second binding analysis is needed."""
    attributes = []
    current: ast.expr = node
    while isinstance(current, ast.Attribute):
        attributes.append(current.attr)
        current = current.value
    if not isinstance(current, ast.Name):
        return None
    attributes.reverse()
    parts = module_name(used).split(".")
    if len(parts) <= len(attributes) or parts[len(parts) - len(attributes):] != attributes:
        return None
    return ".".join(parts[:len(parts) - len(attributes)]), current.id


_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def _candidates(statements: list, line: int, starts_of: dict[int, list[int]]) -> list:
    """The statements of one body that may hold `line`: found by bisection on their start lines
    (a body's statements are in order and do not overlap), so each finding costs a logarithm, not
    a scan of the file."""
    if not statements:
        return statements
    starts = starts_of.get(id(statements))
    if starts is None:
        # Match cases have no line of their own: such a body (a few clauses) is scanned whole.
        scanned = not all(hasattr(statement, "lineno") for statement in statements)
        starts = starts_of[id(statements)] = [] if scanned else [first_line(statement) for statement in statements]
    if not starts:
        return statements
    position = bisect.bisect_right(starts, line) - 1
    found = []
    # Statements sharing a line (`a = 1; b = 2`) all hold it: walk back while they still reach it.
    while position >= 0 and (statements[position].end_lineno or statements[position].lineno) >= line:
        found.append(statements[position])
        position -= 1
    return found[::-1]


def _statements_on(statements: list, line: int, starts_of: dict[int, list[int]]) -> list[ast.stmt]:
    """The innermost statements (or handler/case clauses) whose lines include `line`; `starts_of`
    keeps each body's start lines between calls (the tree outlives them)."""
    found = []
    for statement in _candidates(statements, line, starts_of):
        if not hasattr(statement, "lineno"):  # a match case: its body holds the statements
            found.extend(_statements_on(getattr(statement, "body", []), line, starts_of))
            continue
        start = first_line(statement)
        if not start <= line <= (statement.end_lineno or statement.lineno):
            continue
        inner, body_start = [], None
        for field in _BODIES:
            children = getattr(statement, field, None)
            if isinstance(children, list) and children:
                inner.extend(_statements_on(children, line, starts_of))
                first = getattr(children[0], "lineno", None)
                if first is not None and (body_start is None or first < body_start):
                    body_start = first
        # The header counts too when the line is in it (`if x: y` keeps both on one line).
        if not inner or body_start is None or line <= body_start:
            found.append(statement)
        found.extend(inner)
    return found


def _header_walk(statement: ast.AST) -> Iterator[ast.AST]:
    """Every node of a statement except the statements nested in its bodies."""
    yield statement
    pending = [value for name, value in ast.iter_fields(statement) if name not in _BODIES]
    while pending:
        value = pending.pop()
        if isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, ast.AST):
            yield from ast.walk(value)
