"""The engine: walks one file's syntax tree, resolves each name through the file's imports
and matches it against the catalogue. Both the pylint plugin and `tf1lint check` call it.
"""

from __future__ import annotations

import ast
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tf1lint.bindings import ScopeStack, imported_binding
from tf1lint.catalogue import CatalogueEntry, Kind, Severity, TargetIndex, canonical_name
from tf1lint.findings import Finding
from tf1lint.fix_builder import attach_fixes


@dataclass(frozen=True)
class ParseFailure:
    """A file the engine could not read as Python; reported instead of findings."""

    path: str
    line: int
    column: int
    reason: str
    cell: int | None = None  # notebooks: the cell the line is in

    def __str__(self) -> str:
        cell = f"cell {self.cell}:" if self.cell is not None else ""
        return f"{self.path}:{cell}{self.line}:{self.column}: cannot check: {self.reason}"


def mentions_catalogue(source: bytes, index: TargetIndex) -> bool:
    """A file that never names a catalogued root module (tensorflow, …) cannot use it."""
    return any(root.encode() in source for root in index.root_modules)


def check_source(source: bytes | str, path: str, index: TargetIndex) -> list[Finding] | ParseFailure:
    raw = source.encode("utf-8", "surrogateescape") if isinstance(source, str) else source
    if not mentions_catalogue(raw, index):
        return []
    try:
        return _parse_and_walk(source, path, index)
    except RecursionError:
        # Generated code (a 20,000-term sum) is valid Python nested deeper than the default
        # stack allows: analyse it again on a thread with a large stack instead of losing it.
        return _on_deep_stack(lambda: _parse_and_walk(source, path, index), path)


def _parse_and_walk(source: bytes | str, path: str, index: TargetIndex) -> list[Finding] | ParseFailure:
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as error:
        return ParseFailure(path, error.lineno or 1, max((error.offset or 1) - 1, 0), f"syntax error: {error.msg}")
    except (ValueError, UnicodeDecodeError) as error:  # NUL bytes, text that is not in its declared encoding
        return ParseFailure(path, 1, 0, str(error).splitlines()[0] if str(error) else type(error).__name__)
    except MemoryError:
        return ParseFailure(path, 1, 0, "the file is too large to parse in memory")
    return attach_fixes(source, tree, check_tree(tree, path, index), index)


_DEEP_STACK_BYTES = 512 * 1024 * 1024
_DEEP_RECURSION_LIMIT = 1_000_000
_DEEP_STACK_LOCK = threading.Lock()


def _on_deep_stack(work: Callable[[], list[Finding] | ParseFailure], path: str) -> list[Finding] | ParseFailure:
    outcome: list[list[Finding] | ParseFailure] = []

    def run() -> None:
        try:
            outcome.append(work())
        except (RecursionError, MemoryError):
            outcome.append(ParseFailure(path, 1, 0, "the file is nested too deeply to analyse"))

    with _DEEP_STACK_LOCK:
        previous_limit, previous_stack = sys.getrecursionlimit(), threading.stack_size()
        try:
            threading.stack_size(_DEEP_STACK_BYTES)
            sys.setrecursionlimit(_DEEP_RECURSION_LIMIT)
            worker = threading.Thread(target=run, name="tf1lint-deep-file")
            worker.start()
            worker.join()
        finally:
            sys.setrecursionlimit(previous_limit)
            threading.stack_size(previous_stack)
    return outcome[0] if outcome else ParseFailure(path, 1, 0, "the file is nested too deeply to analyse")


def check_tree(tree: ast.Module, path: str, index: TargetIndex) -> list[Finding]:
    walker = _Walker(path, index)
    walker.run(tree)
    return sorted(walker.findings, key=Finding.sort_key)


Handler = Callable[["_Walker", ast.AST, ScopeStack], None]


class _Walker:
    """One pass over a module in execution order; function bodies are deferred to the end of
    their enclosing scope, so they see that scope's final bindings, as they would at call time."""

    def __init__(self, path: str, index: TargetIndex) -> None:
        self.path = path
        self.index = index
        self.findings: list[Finding] = []
        self.deferred: deque[tuple[list[ast.stmt], ScopeStack]] = deque()

    def run(self, tree: ast.Module) -> None:
        scopes = ScopeStack.for_module()
        self.body(tree.body, scopes)
        while self.deferred:
            body, function_scopes = self.deferred.popleft()
            self.body(body, function_scopes)

    # -- traversal -------------------------------------------------------------------------

    def body(self, statements: list[ast.stmt], scopes: ScopeStack) -> None:
        for statement in statements:
            self.visit(statement, scopes)

    def visit(self, node: ast.AST, scopes: ScopeStack) -> None:
        handler = _HANDLERS.get(type(node))
        if handler is not None:
            handler(self, node, scopes)
        else:
            self.children(node, scopes)

    def children(self, node: ast.AST, scopes: ScopeStack) -> None:
        for child in ast.iter_child_nodes(node):
            self.visit(child, scopes)

    def visit_all(self, nodes: list, scopes: ScopeStack) -> None:
        for node in nodes:
            if node is not None:
                self.visit(node, scopes)

    # -- references --------------------------------------------------------------------------

    def reference(self, node: ast.expr, scopes: ScopeStack) -> None:
        """A Name or an attribute chain: report it if it resolves to a catalogued API."""
        qualified = scopes.resolve_qualified_name(node)
        if qualified is None:
            # Not an import-rooted chain (a call result, a subscript...): look inside.
            if isinstance(node, ast.Attribute):
                self.visit(node.value, scopes)
            return
        self.report_name(canonical_name(qualified), node)

    def report_name(self, used: str, node: ast.AST) -> None:
        entry = self.index.lookup_name(used)
        if entry is None:
            return
        span = node
        if not entry.is_module and used != entry.api and isinstance(node, ast.Attribute):
            # Underline the catalogued part only: `tf.layers.Layer` of `tf.layers.Layer.__init__`.
            span = _sub_chain(node, used.count(".") - entry.api.count("."))
            used = entry.api
        counterpart = None
        if entry.kind is Kind.COMPAT_V1 and entry.is_module and used != entry.target_name:
            counterpart = self.index.tf1_counterpart(used, entry)
        self.add(entry, used, span, counterpart=counterpart)

    def add(self, entry: CatalogueEntry, used: str, node: ast.AST, keyword: str | None = None,
            counterpart: CatalogueEntry | None = None) -> None:
        self.findings.append(Finding(
            self.path, node.lineno, node.col_offset,  # type: ignore[attr-defined]
            node.end_lineno or node.lineno, node.end_col_offset or 0,  # type: ignore[attr-defined]
            entry, used, keyword, counterpart,
        ))

    def fails_on_target(self, qualified: str | None) -> bool:
        if qualified is None:
            return False
        entry = self.index.lookup_name(canonical_name(qualified))
        return entry is not None and entry.severity is Severity.ERROR


def _sub_chain(node: ast.Attribute, drop: int) -> ast.expr:
    current: ast.expr = node
    for _ in range(drop):
        if not isinstance(current, ast.Attribute):
            break
        current = current.value
    return current


# -- statement and expression handlers (one small function per node type) --------------------

_HANDLERS: dict[type, Handler] = {}


def _handles(*node_types: type) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for node_type in node_types:
            _HANDLERS[node_type] = handler
        return handler
    return register


@_handles(ast.Name)
def _name(walker: _Walker, node: ast.Name, scopes: ScopeStack) -> None:
    if isinstance(node.ctx, ast.Load):
        walker.reference(node, scopes)
    elif isinstance(node.ctx, ast.Store):
        scopes.bind(node.id, None)
    else:  # del name
        scopes.bind(node.id, None)


@_handles(ast.Attribute)
def _attribute(walker: _Walker, node: ast.Attribute, scopes: ScopeStack) -> None:
    walker.reference(node, scopes)


@_handles(ast.Import)
def _import(walker: _Walker, node: ast.Import, scopes: ScopeStack) -> None:
    for alias in node.names:
        walker.report_name(canonical_name(alias.name), alias)
        name, qualified = imported_binding(alias)
        scopes.bind(name, qualified, by_import=True)


@_handles(ast.ImportFrom)
def _import_from(walker: _Walker, node: ast.ImportFrom, scopes: ScopeStack) -> None:
    relative = node.level > 0 or not node.module
    for alias in node.names:
        if alias.name == "*":
            continue
        if relative:
            scopes.bind(alias.asname or alias.name, None)
            continue
        qualified = f"{node.module}.{alias.name}"
        walker.report_name(canonical_name(qualified), alias)
        scopes.bind(alias.asname or alias.name, qualified, by_import=True)


@_handles(ast.Call)
def _call(walker: _Walker, node: ast.Call, scopes: ScopeStack) -> None:
    qualified = scopes.resolve_qualified_name(node.func)
    if qualified is not None:
        api = canonical_name(qualified)
        keyword_entry = walker.index.keywords.get(api)
        if keyword_entry is not None:
            for keyword in node.keywords:
                if keyword.arg is not None and keyword.arg in keyword_entry.keywords:
                    walker.add(keyword_entry, api, keyword, keyword.arg)
        order_entry = walker.index.positional.get(api)
        if order_entry is not None and _passes_moved_positionals(node, order_entry):
            walker.add(order_entry, api, node)
    walker.visit(node.func, scopes)
    walker.visit_all(node.args, scopes)
    for keyword in node.keywords:
        walker.visit(keyword.value, scopes)


def _chain_root(node: ast.expr) -> str:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else ""


def _passes_moved_positionals(node: ast.Call, entry: CatalogueEntry) -> bool:
    stable = entry.stable_positional_count
    if any(isinstance(arg, ast.Starred) for arg in node.args):
        return stable < len(entry.arguments)  # *args may fill the moved places
    return len(node.args) > stable


def _alias_value(_walker: _Walker, value: ast.expr | None, scopes: ScopeStack) -> str | None:
    """What a plain assignment makes its target stand for: an alias of a module path, or nothing."""
    if value is None:
        return None
    if isinstance(value, (ast.Name, ast.Attribute)):
        if scopes.current.kind == "function" and not scopes.is_imported(_chain_root(value)):
            # Inside a function `expdir = FLAGS.expdir` reads a value; only `layers = tf.layers`,
            # straight from an import, is an alias there. Module and class level keep every chain.
            return None
        return scopes.resolve_qualified_name(value)
    if isinstance(value, ast.Call) and not value.keywords and len(value.args) == 1:
        # tf = importlib.import_module("tensorflow")
        func = scopes.resolve_qualified_name(value.func)
        argument = value.args[0]
        if func == "importlib.import_module" and isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            return argument.value
    return None


@_handles(ast.Assign)
def _assign(walker: _Walker, node: ast.Assign, scopes: ScopeStack) -> None:
    walker.visit(node.value, scopes)
    alias = _alias_value(walker, node.value, scopes)
    for target in node.targets:
        _bind_target(walker, target, alias, scopes)


@_handles(ast.AnnAssign)
def _ann_assign(walker: _Walker, node: ast.AnnAssign, scopes: ScopeStack) -> None:
    walker.visit(node.annotation, scopes)
    if node.value is not None:
        walker.visit(node.value, scopes)
        _bind_target(walker, node.target, _alias_value(walker, node.value, scopes), scopes)
    elif not isinstance(node.target, ast.Name):
        walker.visit(node.target, scopes)


@_handles(ast.AugAssign)
def _aug_assign(walker: _Walker, node: ast.AugAssign, scopes: ScopeStack) -> None:
    walker.visit(node.value, scopes)
    if isinstance(node.target, ast.Name):
        scopes.bind(node.target.id, None)
    else:
        walker.visit(node.target, scopes)


@_handles(ast.NamedExpr)
def _named_expr(walker: _Walker, node: ast.NamedExpr, scopes: ScopeStack) -> None:
    walker.visit(node.value, scopes)
    target_scopes = scopes
    # An assignment expression in a comprehension binds in the enclosing function or module.
    while target_scopes.current.kind == "comprehension" and len(target_scopes.scopes) > 1:
        target_scopes = ScopeStack(target_scopes.scopes[:-1])
    target_scopes.bind(node.target.id, _alias_value(walker, node.value, scopes))


def _bind_target(walker: _Walker, target: ast.expr, alias: str | None, scopes: ScopeStack) -> None:
    if isinstance(target, ast.Name):
        scopes.bind(target.id, alias)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            _bind_target(walker, element, None, scopes)
    elif isinstance(target, ast.Starred):
        _bind_target(walker, target.value, None, scopes)
    else:  # attribute or subscript targets: the object expression is a reference
        walker.visit(target, scopes)


@_handles(ast.For, ast.AsyncFor)
def _for(walker: _Walker, node: ast.For, scopes: ScopeStack) -> None:
    walker.visit(node.iter, scopes)
    _bind_target(walker, node.target, None, scopes)
    walker.body(node.body, scopes)
    walker.body(node.orelse, scopes)


@_handles(ast.With, ast.AsyncWith)
def _with(walker: _Walker, node: ast.With, scopes: ScopeStack) -> None:
    for item in node.items:
        walker.visit(item.context_expr, scopes)
        if item.optional_vars is not None:
            _bind_target(walker, item.optional_vars, None, scopes)
    walker.body(node.body, scopes)


@_handles(ast.Try, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()))
def _try(walker: _Walker, node: ast.Try, scopes: ScopeStack) -> None:
    scope = scopes.current
    start = len(scope.log)
    walker.body(node.body, scopes)
    from_body = {name: (scope.bindings.get(name), name in scope.imported) for name in scope.log[start:]}
    for handler in node.handlers:
        if handler.type is not None:
            walker.visit(handler.type, scopes)
        if handler.name:
            scopes.bind(handler.name, None)
        walker.body(handler.body, scopes)
    # `try: import A as x / except ImportError: import B as x`: on the target TensorFlow the
    # body's import wins unless the catalogue says it fails there.
    for name, (qualified, by_import) in from_body.items():
        if scope.bindings.get(name) != qualified and not walker.fails_on_target(qualified):
            scopes.bind(name, qualified, by_import)
    walker.body(node.orelse, scopes)
    walker.body(node.finalbody, scopes)


@_handles(ast.ExceptHandler)
def _except_handler(walker: _Walker, node: ast.ExceptHandler, scopes: ScopeStack) -> None:
    if node.type is not None:
        walker.visit(node.type, scopes)
    if node.name:
        scopes.bind(node.name, None)
    walker.body(node.body, scopes)


@_handles(ast.Global)
def _global(_walker: _Walker, node: ast.Global, scopes: ScopeStack) -> None:
    scopes.current.declared_global.update(node.names)


@_handles(ast.Nonlocal)
def _nonlocal(_walker: _Walker, node: ast.Nonlocal, scopes: ScopeStack) -> None:
    scopes.current.declared_nonlocal.update(node.names)


def _arguments(walker: _Walker, args: ast.arguments, scopes: ScopeStack) -> None:
    """Defaults and annotations are evaluated where the function is defined."""
    walker.visit_all(args.defaults, scopes)
    walker.visit_all(args.kw_defaults, scopes)
    for arg in _all_parameters(args):
        if arg.annotation is not None:
            walker.visit(arg.annotation, scopes)


def _all_parameters(args: ast.arguments) -> Iterator[ast.arg]:
    yield from args.posonlyargs
    yield from args.args
    if args.vararg:
        yield args.vararg
    yield from args.kwonlyargs
    if args.kwarg:
        yield args.kwarg


def _function_scope(args: ast.arguments, scopes: ScopeStack) -> ScopeStack:
    inner = scopes.child("function")
    for arg in _all_parameters(args):
        inner.bind(arg.arg, None)
    return inner


@_handles(ast.FunctionDef, ast.AsyncFunctionDef)
def _function(walker: _Walker, node: ast.FunctionDef, scopes: ScopeStack) -> None:
    walker.visit_all(node.decorator_list, scopes)
    _arguments(walker, node.args, scopes)
    if node.returns is not None:
        walker.visit(node.returns, scopes)
    scopes.bind(node.name, None)
    walker.deferred.append((node.body, _function_scope(node.args, scopes)))


@_handles(ast.Lambda)
def _lambda(walker: _Walker, node: ast.Lambda, scopes: ScopeStack) -> None:
    _arguments(walker, node.args, scopes)
    walker.visit(node.body, _function_scope(node.args, scopes))


@_handles(ast.ClassDef)
def _class(walker: _Walker, node: ast.ClassDef, scopes: ScopeStack) -> None:
    walker.visit_all(node.decorator_list, scopes)
    walker.visit_all(node.bases, scopes)
    for keyword in node.keywords:
        walker.visit(keyword.value, scopes)
    walker.body(node.body, scopes.child("class"))
    scopes.bind(node.name, None)


@_handles(ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
def _comprehension(walker: _Walker, node: ast.ListComp, scopes: ScopeStack) -> None:
    inner = scopes
    for number, generator in enumerate(node.generators):
        # The first iterable is evaluated outside the comprehension's own scope.
        walker.visit(generator.iter, scopes if number == 0 else inner)
        if number == 0:
            inner = scopes.child("comprehension")
        _bind_target(walker, generator.target, None, inner)
        walker.visit_all(generator.ifs, inner)
    if isinstance(node, ast.DictComp):
        walker.visit(node.key, inner)
        walker.visit(node.value, inner)
    else:
        walker.visit(node.elt, inner)


@_handles(ast.Constant, ast.JoinedStr)
def _constant(walker: _Walker, node: ast.AST, scopes: ScopeStack) -> None:
    """Strings are never findings; f-string expressions are code and are walked."""
    if isinstance(node, ast.JoinedStr):
        walker.children(node, scopes)


@_handles(*(getattr(ast, name) for name in ("MatchAs", "MatchStar") if hasattr(ast, name)))
def _match_capture(walker: _Walker, node: ast.AST, scopes: ScopeStack) -> None:
    walker.children(node, scopes)
    if getattr(node, "name", None):
        scopes.bind(node.name, None)  # type: ignore[attr-defined]


if hasattr(ast, "MatchMapping"):
    @_handles(ast.MatchMapping)
    def _match_mapping(walker: _Walker, node: ast.AST, scopes: ScopeStack) -> None:
        walker.children(node, scopes)
        if getattr(node, "rest", None):
            scopes.bind(node.rest, None)  # type: ignore[attr-defined]
