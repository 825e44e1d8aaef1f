"""The engine: walks one file's syntax tree, resolves each name through the file's imports
and matches it against the catalogue. Both the pylint plugin and `tf1lint check` call it.
"""

from __future__ import annotations

import _thread
import ast
import sys
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from tf1lint.analysis.bindings import ScopeStack, imported_binding
from tf1lint.analysis.checkpoint_names import CheckpointNames
from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.model import CatalogueEntry, Kind, Severity, TargetIndex, canonical_name


@dataclass(frozen=True)
class ParseFailure:
    """A file the engine could not read as Python; reported instead of findings."""

    path: str
    line: int
    column: int
    reason: str
    cell: int | None = None  # notebooks: the cell the line is in
    internal: bool = False  # tf1lint itself failed on this file (a bug), not the file's fault

    def __str__(self) -> str:
        cell = f"cell {self.cell}:" if self.cell is not None else ""
        return f"{self.path}:{cell}{self.line}:{self.column}: cannot check: {self.reason}"


def mentions_catalogue(source: bytes, index: TargetIndex) -> bool:
    """A file that never names a catalogued root module (tensorflow, …) cannot use it. Python
    reads identifiers NFKC-normalised (`ｔｅｎｓｏｒｆｌｏｗ` is `tensorflow`), so a file with
    other than ASCII is looked at normalised too."""
    if any(root.encode() in source for root in index.root_modules):
        return True
    if source.isascii():
        return False
    text = unicodedata.normalize("NFKC", source.decode("utf-8", "replace"))
    return any(root in text for root in index.root_modules)


Parser = Callable[[str], ast.Module]
# Work on the findings that needs the tree they were found in (the pipeline builds fixes with it);
# it runs on the same deep stack as the walk when the file needs one.
AfterWalk = Callable[[bytes | str, ast.Module, list[Finding]], list[Finding]]


def check_source(source: bytes | str, path: str, index: TargetIndex, *, parse: Parser | None = None,
                 after_walk: AfterWalk | None = None) -> list[Finding] | ParseFailure:
    """The findings of one file, without fixes (the engine finds; the fix code, which
    `after_walk` may call, writes); `parse` may stand in for `ast.parse` on text (the editor
    server's incremental parser), and must give the very tree `ast.parse` would."""
    raw = source.encode("utf-8", "surrogateescape") if isinstance(source, str) else source
    if not mentions_catalogue(raw, index):
        return []
    try:
        return _parse_and_walk(source, path, index, after_walk, parse)
    except RecursionError:
        # Generated code (a 20,000-term sum) is valid Python nested deeper than the default
        # stack allows: analyse it again on a thread with a large stack instead of losing it.
        return _on_deep_stack(lambda: _parse_and_walk(source, path, index, after_walk, None), path)


def _parse_and_walk(source: bytes | str, path: str, index: TargetIndex, after_walk: AfterWalk | None,
                    parse: Parser | None) -> list[Finding] | ParseFailure:
    try:
        tree = parse(source) if parse is not None and isinstance(source, str) else ast.parse(source, filename=path)
    except SyntaxError as error:
        return ParseFailure(path, error.lineno or 1, max((error.offset or 1) - 1, 0), f"syntax error: {error.msg}")
    except (ValueError, UnicodeDecodeError) as error:  # NUL bytes, text that is not in its declared encoding
        return ParseFailure(path, 1, 0, str(error).splitlines()[0] if str(error) else type(error).__name__)
    except MemoryError:
        # CPython's parser also raises MemoryError when its own stack overflows on deep nesting.
        if len(source) < _SMALL_SOURCE_BYTES:
            return ParseFailure(path, 1, 0, "the code is nested too deeply for Python's parser")
        return ParseFailure(path, 1, 0, "the file is too large to parse in memory")
    findings = check_tree(tree, path, index)
    return after_walk(source, tree, findings) if after_walk is not None else findings


_SMALL_SOURCE_BYTES = 8 * 1024 * 1024
_DEEP_STACK_BYTES = 512 * 1024 * 1024
_DEEP_RECURSION_LIMIT = 1_000_000
_DEEP_STACK_LOCK = _thread.allocate_lock()  # threading is imported only for a deep file (start-up)


def _on_deep_stack(work: Callable[[], list[Finding] | ParseFailure], path: str) -> list[Finding] | ParseFailure:
    outcome: list[list[Finding] | ParseFailure] = []

    def run() -> None:
        try:
            outcome.append(work())
        except (RecursionError, MemoryError):
            outcome.append(ParseFailure(path, 1, 0, "the file is nested too deeply to analyse"))

    import threading  # pylint: disable=import-outside-toplevel

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
    return sorted(walker.finished_findings(), key=Finding.sort_key)


# Calls that put a whole program in graph mode, after which graph-only compat APIs work.
_GRAPH_MODE_SWITCHES = frozenset({
    "tf.compat.v1.disable_eager_execution", "tf.compat.v1.disable_v2_behavior",
    "tf.disable_eager_execution", "tf.disable_v2_behavior",
})
# Calls after which TF1 objects come back (TensorShape indexing gives a Dimension again), so the
# methods only TF1 objects have are fine.
_V1_BEHAVIOUR_SWITCHES = frozenset({
    "tf.compat.v1.disable_v2_behavior", "tf.disable_v2_behavior",
    "tf.compat.v1.disable_v2_tensorshape", "tf.disable_v2_tensorshape",
})
# Exceptions a TF1 fallback is guarded by: the TF2 spelling (or the TF1 one) is missing.
_GUARD_EXCEPTIONS = frozenset({"AttributeError", "ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
_GRAPH_ONLY_REMARK = ("needs graph mode: it raises under TF2's default eager execution unless the program calls"
                      " tf.compat.v1.disable_eager_execution() or builds it in a tf.Graph().as_default() block")
_EAGER_PROGRAM_REMARK = ("raises RuntimeError here: this file is a program (a __main__ block or a tf.test.TestCase)"
                         " that never leaves TF2's eager execution; call tf.compat.v1.disable_eager_execution() or"
                         " build it in a tf.Graph().as_default() block")
_V1_TEST_REMARK = "deprecated: the file runs its tests in graph mode, where it still works; use self.cached_session()"
# Test decorators that run a test in graph mode, where graph-only APIs and test_session work.
_GRAPH_MODE_DECORATORS = frozenset({"run_deprecated_v1", "run_v1_only", "deprecated_graph_mode_only",
                                    "graph_mode_only", "run_all_in_deprecated_graph_mode_only"})
_TEST_CASES = frozenset({"tensorflow.test.TestCase", "tensorflow.compat.v1.test.TestCase",
                         "tensorflow.python.platform.test.TestCase",
                         "tensorflow.python.framework.test_util.TensorFlowTestCase"})
_GUARDED_REMARK = "guarded fallback: the code already takes a TF2 way on TF2"


Handler = Callable[["_Walker", ast.AST, ScopeStack], None]


class _Walker:
    """One pass over a module in execution order; function bodies are deferred to the end of
    their enclosing scope, so they see that scope's final bindings, as they would at call time."""

    def __init__(self, path: str, index: TargetIndex) -> None:
        self.path = path
        self.index = index
        self.findings: list[Finding] = []
        self.deferred: deque[tuple[list[ast.stmt], ScopeStack]] = deque()
        # The call each callee expression belongs to, so entries with `when` can judge its arguments.
        self.call_of: dict[int, ast.Call] = {}
        # Binding sites: (id of the scope, local name) -> (the dotted path bound, index of its finding).
        self.sites: dict[tuple[int, str], tuple[str, int]] = {}
        self.uses: dict[int, int] = {}
        self.last_site: int | None = None  # the finding the latest reference was reported as, or counted on
        self.guarded: set[int] = set()
        self.graph_only: set[int] = set()  # graph-only compat findings outside any graph-mode block
        self.graph_blocks = 0
        self.switches_to_graph_mode = False
        self.switches_to_v1_behaviour = False
        # TensorFlow names read and imports made so far: a guard's other side must do one of them to
        # be another way of doing the work (tf_slim for tf.contrib.slim counts), not "TF is missing".
        self.tensorflow_references = 0
        self.tensorflow_names: list[str] = []  # canonical names read, in order (a broad except's guard needs them)
        # `import tensorflow.compat.v1 as tf`: tf.data.Dataset is then TF1's, iterator methods and all.
        self.uses_compat_v1_module = False
        self.star_modules: list[str] = []  # `from M import *` at module level, latest last
        # What only the whole file tells about eager execution (set by run).
        self.is_program = False  # a `__main__` block or a tf.test.TestCase: the file is what runs
        self.may_build_graphs = False  # an as_default() or a graph-mode test decorator anywhere
        self.defines_test_case = False
        # Lines of functions handed to something else as values (model_fn=, hub.create_module_spec(module_fn)):
        # a framework may call them inside its own graph.
        self.callbacks: list[tuple[int, int]] = []
        self.checkpoint_names = CheckpointNames()  # fragile-name findings and the graphs the module builds

    def finished_findings(self) -> list[Finding]:
        """The findings with what only the whole file tells: use counts, guards, graph mode."""
        finished = []
        sites_reported = self.sites_reported  # a set built once: asking per finding made files quadratic
        for number, finding in enumerate(self.findings):
            if finding.entry.kind is Kind.REMOVED_METHOD and self.keeps_tf1_objects(finding.entry):
                continue
            if not self.checkpoint_names.keeps(number):
                continue
            changes: dict[str, object] = {}
            if number in sites_reported:
                changes["uses"] = self.uses.get(number, 0)
            if number in self.guarded and finding.severity is not Severity.INFO:
                changes.update(guarded=True, severity_override=Severity.INFO, remark=_GUARDED_REMARK)
            elif number in self.graph_only and not self.switches_to_graph_mode:
                if (self.runs_eagerly_for_sure and finding.counterpart and finding.counterpart.eager_raises
                        and not any(first <= finding.line <= last for first, last in self.callbacks)):
                    changes.update(severity_override=Severity.ERROR, remark=_EAGER_PROGRAM_REMARK)
                else:
                    changes.update(severity_override=Severity.WARNING, remark=_GRAPH_ONLY_REMARK)
            elif (finding.entry.receiver == "self" and finding.severity is Severity.ERROR
                  and (self.switches_to_graph_mode or self.may_build_graphs)):
                changes.update(severity_override=Severity.WARNING, remark=_V1_TEST_REMARK)
            finished.append(replace(finding, **changes) if changes else finding)
        return finished

    def keeps_tf1_objects(self, entry: CatalogueEntry) -> bool:
        if self.switches_to_v1_behaviour and entry.receiver is not None:
            return True  # TF1 shapes come back (x.shape[i] is a Dimension); TF2's tf.data.Dataset stays
        return self.uses_compat_v1_module and entry.receiver is None

    @property
    def runs_eagerly_for_sure(self) -> bool:
        """A program file that nothing in it puts into graph mode. (A module it imports could still
        switch at import time; programs that do that are rare enough to accept.)"""
        return self.is_program and not self.switches_to_graph_mode and not self.may_build_graphs

    @property
    def sites_reported(self) -> set[int]:
        return {number for _, number in self.sites.values()}

    def run(self, tree: ast.Module) -> None:
        scopes = ScopeStack.for_module()
        self.body(tree.body, scopes)
        while self.deferred:
            body, function_scopes = self.deferred.popleft()
            self.body(body, function_scopes)
        if self.graph_only or any(finding.entry.receiver == "self" for finding in self.findings):
            self.is_program = self.defines_test_case or any(_is_main_block(statement) for statement in tree.body)
            self.may_build_graphs = _may_build_graphs(tree)
            self.callbacks = _callback_lines(tree)

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
        self.last_site = None
        qualified = scopes.resolve_qualified_name(node) or self.star_imported(node, scopes)
        if qualified is None:
            # Not an import-rooted chain (a call result, a subscript...): look inside. Every
            # shorter chain has the same root and fails too, so go straight to the root
            # (visiting each level would make a long chain quadratic).
            while isinstance(node, ast.Attribute):
                self.removed_method(node)
                node = node.value
            if not isinstance(node, ast.Name):
                self.visit(node, scopes)
            return
        used = canonical_name(qualified)
        self.tensorflow_references += qualified.startswith("tensorflow")
        if qualified.startswith("tensorflow"):
            self.tensorflow_names.append(used)
        entry = self.index.lookup_name(used)  # once per reference: both steps below need it
        if entry is None:
            return
        site = self.site_through(node, used, entry, scopes)
        if site is not None:
            self.uses[site] = self.uses.get(site, 0) + 1
            self.last_site = site
            return
        self.last_site = self.report_name(used, node, entry)

    def star_imported(self, node: ast.expr, scopes: ScopeStack) -> str | None:
        """A chain rooted at a name no binding explains, after `from tensorflow import *`: the
        name's catalogued member of a star-imported module (only catalogued names, so that
        builtins and the module's ordinary members stay quiet)."""
        if not self.star_modules:
            return None
        root = node
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name) or scopes.is_bound(root.id):
            return None
        for module in reversed(self.star_modules):
            candidate = canonical_name(f"{module}.{root.id}")
            if candidate in self.index.exact or candidate in self.index.modules:
                return scopes.resolve_qualified_name(node, root_binding=f"{module}.{root.id}")
        return None

    def site_through(self, node: ast.expr, used: str, entry: CatalogueEntry, scopes: ScopeStack) -> int | None:
        """The binding finding a use is fixed by: `FLAGS.x` after `FLAGS = tf.flags.FLAGS`, say."""
        root = _chain_root(node)
        holder = scopes.binding_scope(root) if root else None
        if holder is None:
            return None
        bound, number = self.sites.get((id(holder), root), ("", -1))
        if number < 0 or holder.bindings.get(root) != bound:
            return None
        site = self.findings[number]
        site_entry = site.entry
        # A drop-in module is fixed at the binding whatever members follow. Otherwise a use is one
        # more of the binding's finding when it is the very name bound (`S = tf.Session; S()`), or a
        # member under module-wide advice (private tensorflow.python). Members with entries of their
        # own (`layers = tf.contrib.layers; layers.flatten`) are each a change, and keep their findings.
        # `flags = tf.flags` under `import tensorflow.compat.v1 as tf`: the compat spelling of a drop-in.
        if site_entry.drop_in or (site.counterpart is not None and site.counterpart.drop_in):
            return number
        if entry is site_entry and (used == site.used
                                    or (entry.is_module and entry.kind is not Kind.COMPAT_V1)):
            return number
        return None

    def remember_site(self, scopes: ScopeStack, name: str, qualified: str | None, number: int | None) -> None:
        """After `name` was bound to `qualified`: the finding that binding was reported as, if any."""
        if number is None or qualified is None:
            return
        holder = scopes.binding_scope(name)
        if holder is not None:
            self.sites[(id(holder), name)] = (qualified, number)

    def removed_method(self, node: ast.Attribute) -> None:
        for entry in self.index.methods.get(node.attr, ()):
            if entry.receiver == "shape-subscript" and not _is_shape_subscript(node.value):
                continue
            if entry.receiver == "self" and not (isinstance(node.value, ast.Name) and node.value.id == "self"):
                continue
            self.add(entry, entry.api, node)
            return

    def report_name(self, used: str, node: ast.AST, entry: CatalogueEntry | None = None) -> int | None:
        """Report a reference to `used` if the catalogue has a verdict on it; the finding's index.
        `entry` is the lookup of `used` when the caller has already made it."""
        entry = entry or self.index.lookup_name(used)
        if entry is None:
            return None
        if entry.when and used == entry.api and not entry.applies_to_call(self.call_of.get(id(node))):
            return None
        span = node
        if not entry.is_module and used != entry.api and isinstance(node, ast.Attribute):
            # Underline the catalogued part only: `tf.layers.Layer` of `tf.layers.Layer.__init__`.
            span = _sub_chain(node, used.count(".") - entry.api.count("."))
            used = entry.api
        counterpart = None
        if entry.kind is Kind.COMPAT_V1 and entry.is_module and used != entry.target_name:
            counterpart = self.index.tf1_counterpart(used, entry)
        number = self.add(entry, used, span, counterpart=counterpart)
        if (entry.kind is Kind.COMPAT_V1 and counterpart is not None and counterpart.graph_only
                and not self.graph_blocks):
            self.graph_only.add(number)
        return number

    def add(self, entry: CatalogueEntry, used: str, node: ast.AST, keyword: str | None = None,
            counterpart: CatalogueEntry | None = None) -> int:
        self.findings.append(Finding(
            self.path, node.lineno, node.col_offset,  # type: ignore[attr-defined]
            node.end_lineno or node.lineno, node.end_col_offset or 0,  # type: ignore[attr-defined]
            entry, used, keyword, counterpart,
        ))
        return len(self.findings) - 1

    def guard(self, fallback: range, alternative: range, alternative_uses_tensorflow: bool = True) -> None:
        """Findings in `fallback` are a guarded TF1 way when `alternative` is another way: it reads
        TensorFlow or imports something, with no errors. (`except ImportError: pass` around
        `import tensorflow` means "TensorFlow is missing", not a TF2 way.)"""
        if alternative_uses_tensorflow and not any(
                self.findings[number].severity is Severity.ERROR for number in alternative):
            self.guarded.update(fallback)

    def does_same_work(self, fallback: range, other_names: list[str]) -> bool:
        """Does the other side read the TF2 way of a fallback finding: its replacement, its compat spelling,
        or a name ending the same (tf.compat.v1.X beside tf.X, tf.math.log beside tf.log)?"""
        wanted: set[str] = set()
        for number in fallback:
            finding = self.findings[number]
            wanted.update(name for name in (finding.entry.replacement, finding.entry.compat) if name)
            wanted.add(finding.used.rsplit(".", 1)[-1])
        return any(name in wanted or name.rsplit(".", 1)[-1] in wanted for name in other_names)

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
    walker.tensorflow_references += any(_is_tensorflow_way(alias.name) for alias in node.names)
    for alias in node.names:
        number = walker.report_name(canonical_name(alias.name), alias)
        walker.uses_compat_v1_module |= canonical_name(alias.name) == "tf.compat.v1"
        name, qualified = imported_binding(alias)
        scopes.bind(name, qualified, by_import=True)
        if alias.asname:  # `import tensorflow.contrib.slim` binds `tensorflow`, not the module reported
            walker.remember_site(scopes, name, qualified, number)


@_handles(ast.ImportFrom)
def _import_from(walker: _Walker, node: ast.ImportFrom, scopes: ScopeStack) -> None:
    relative = node.level > 0 or not node.module
    walker.tensorflow_references += not relative and _is_tensorflow_way(node.module or "")
    for alias in node.names:
        if alias.name == "*":
            if not relative:
                walker.report_name(canonical_name(node.module), alias)  # `from tf.contrib.slim import *`
                walker.star_modules.append(node.module)
            continue
        if relative:
            scopes.bind(alias.asname or alias.name, None)
            continue
        qualified = f"{node.module}.{alias.name}"
        number = walker.report_name(canonical_name(qualified), alias)
        walker.uses_compat_v1_module |= canonical_name(qualified) == "tf.compat.v1"
        scopes.bind(alias.asname or alias.name, qualified, by_import=True)
        walker.remember_site(scopes, alias.asname or alias.name, qualified, number)


@_handles(ast.Call)
def _call(walker: _Walker, node: ast.Call, scopes: ScopeStack) -> None:
    qualified = scopes.resolve_qualified_name(node.func)
    name_entry = walker.index.lookup_name(canonical_name(qualified)) if qualified is not None else None
    # An API that is gone is replaced whole: its keywords and argument order are not separate work.
    if qualified is not None and (name_entry is None or name_entry.kind is not Kind.REMOVED):
        api = canonical_name(qualified)
        keyword_entry = walker.index.keywords.get(api)
        if keyword_entry is not None:
            for keyword in node.keywords:
                if keyword.arg is not None and keyword.arg in keyword_entry.keywords:
                    walker.add(keyword_entry, api, keyword, keyword.arg)
        meaning_entry = walker.index.meaning.get(api)
        changed_meaning = meaning_entry is not None and meaning_entry.applies_to_call(node)
        if changed_meaning:
            walker.add(meaning_entry, api, node)  # type: ignore[arg-type]
        order_entry = walker.index.positional.get(api)
        # A positional whose meaning changed is one finding (the more serious), not two.
        if (order_entry is not None and not changed_meaning and order_entry.applies_to_call(node)
                and _passes_moved_positionals(node, order_entry, keyword_entry)):
            walker.add(order_entry, api, node)
        if api in _GRAPH_MODE_SWITCHES:
            walker.switches_to_graph_mode = True
        if api in _V1_BEHAVIOUR_SWITCHES:
            walker.switches_to_v1_behaviour = True
        module = _imported_by_name(qualified, node)
        if module is not None:  # importlib.import_module("tensorflow.contrib.slim")
            walker.report_name(canonical_name(module), node.args[0])
    if qualified is not None:  # advice of its own, whatever else is said of the call
        naming = walker.checkpoint_names.entry_for(walker.index, canonical_name(qualified), node,
                                                   walker.graph_blocks > 0)
        if naming is not None:
            walker.checkpoint_names.reported(naming, walker.add(naming, naming.api, node.func))
    walker.call_of[id(node.func)] = node
    walker.visit(node.func, scopes)
    walker.visit_all(node.args, scopes)
    for keyword in node.keywords:
        walker.visit(keyword.value, scopes)


def _chain_root(node: ast.expr) -> str:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else ""


def _imported_by_name(func: str, node: ast.Call) -> str | None:
    if func != "importlib.import_module" or not node.args:
        return None
    argument = node.args[0]
    return argument.value if isinstance(argument, ast.Constant) and isinstance(argument.value, str) else None


def _is_main_block(statement: ast.stmt) -> bool:
    """`if __name__ == "__main__":`"""
    test = statement.test if isinstance(statement, ast.If) else None
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
            and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators))


def _may_build_graphs(tree: ast.Module) -> bool:
    """Anything that may run code in graph mode: `.as_default()` (a graph's, perhaps entered through a
    helper), a graph-mode test decorator, or tf.compat.v1.wrap_function."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and (node.attr in _GRAPH_MODE_DECORATORS
                                                or node.attr in ("as_default", "wrap_function")):
            return True
        if isinstance(node, ast.Name) and node.id in _GRAPH_MODE_DECORATORS:
            return True
    return False


def _callback_lines(tree: ast.Module) -> list[tuple[int, int]]:
    """The line ranges of functions whose name is read as a value somewhere (not only called)."""
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    as_values = {node.id for node in ast.walk(tree)
                 if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and id(node) not in called}
    return [(node.lineno, node.end_lineno or node.lineno) for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in as_values]


def _is_shape_subscript(node: ast.expr) -> bool:
    """`x.shape[i]` or `x.get_shape()[i]`: a Dimension in TF1, a plain int (or None) in TF2."""
    if not isinstance(node, ast.Subscript):
        return False
    holder = node.value
    if isinstance(holder, ast.Call) and not holder.args:
        holder = holder.func
        return isinstance(holder, ast.Attribute) and holder.attr == "get_shape"
    return isinstance(holder, ast.Attribute) and holder.attr == "shape"


def _passes_moved_positionals(node: ast.Call, entry: CatalogueEntry, renames: CatalogueEntry | None) -> bool:
    stable = entry.stable_positional_count
    if renames is not None:
        # A parameter only renamed in place (conv2d's filter -> filters) keeps its position's meaning.
        stable = 0
        for old, new in zip(entry.arguments, entry.tf2_arguments):
            if old != new and renames.keywords.get(old) != new:
                break
            stable += 1
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
    walker.last_site = None
    walker.visit(node.value, scopes)
    walker.checkpoint_names.assigned(node)
    site = walker.last_site if isinstance(node.value, (ast.Name, ast.Attribute)) else None
    alias = _alias_value(walker, node.value, scopes)
    for target in node.targets:
        _bind_target(walker, target, alias, scopes)
        if isinstance(target, ast.Name):
            walker.remember_site(scopes, target.id, alias, site)


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
    # `with graph.as_default():` builds in graph mode, where graph-only compat APIs work.
    graph_block = any(_is_as_default(item.context_expr) for item in node.items)
    walker.graph_blocks += graph_block
    session_graph = walker.checkpoint_names.entering(node.items)
    walker.body(node.body, scopes)
    walker.graph_blocks -= graph_block
    walker.checkpoint_names.leaving(session_graph)


def _is_as_default(node: ast.expr) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "as_default" and not node.args)


@_handles(ast.Try, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()))
def _try(walker: _Walker, node: ast.Try, scopes: ScopeStack) -> None:
    scope = scopes.current
    start = len(scope.log)
    first, read, named = len(walker.findings), walker.tensorflow_references, len(walker.tensorflow_names)
    walker.body(node.body, scopes)
    in_body = range(first, len(walker.findings))
    body_uses_tensorflow = walker.tensorflow_references > read
    body_names = walker.tensorflow_names[named:]
    from_body = {name: (scope.bindings.get(name), name in scope.imported) for name in scope.log[start:]}
    for handler in node.handlers:
        if handler.type is not None:
            walker.visit(handler.type, scopes)
        if handler.name:
            scopes.bind(handler.name, None)
        handled_from, read, named = len(walker.findings), walker.tensorflow_references, len(walker.tensorflow_names)
        walker.body(handler.body, scopes)
        if _catches_missing_api(handler):
            # One side takes the TF2 way, the other is the fallback for the TensorFlow it is not.
            in_handler = range(handled_from, len(walker.findings))
            handler_names = walker.tensorflow_names[named:]
            if _catches_anything(handler):
                # A bare `except:` also catches a failed checkpoint restore or a missing file: it guards a TF1
                # way only when the other side does the same work the TF2 way (names a replacement of it).
                walker.guard(in_handler, in_body, walker.does_same_work(in_handler, body_names))
                walker.guard(in_body, in_handler, walker.does_same_work(in_body, handler_names))
            else:
                walker.guard(in_handler, in_body, body_uses_tensorflow)
                walker.guard(in_body, in_handler, walker.tensorflow_references > read)
    # `try: import A as x / except ImportError: import B as x`: on the target TensorFlow the
    # body's import wins unless the catalogue says it fails there.
    for name, (qualified, by_import) in from_body.items():
        if scope.bindings.get(name) != qualified and not walker.fails_on_target(qualified):
            scopes.bind(name, qualified, by_import)
    walker.body(node.orelse, scopes)
    walker.body(node.finalbody, scopes)


def _catches_anything(handler: ast.ExceptHandler) -> bool:
    """A bare except or one of Exception / BaseException: not only a missing API."""
    if handler.type is None:
        return True
    caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(name, ast.Name) and name.id in ("Exception", "BaseException") for name in caught)


def _catches_missing_api(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True  # a bare except catches the AttributeError of a missing API too
    caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(name, ast.Name) and name.id in _GUARD_EXCEPTIONS for name in caught)


@_handles(ast.If)
def _if(walker: _Walker, node: ast.If, scopes: ScopeStack) -> None:
    walker.visit(node.test, scopes)
    first = len(walker.findings)
    walker.body(node.body, scopes)
    middle = len(walker.findings)
    walker.body(node.orelse, scopes)
    if _tests_tensorflow_version(node.test, scopes):
        in_body, in_else = range(first, middle), range(middle, len(walker.findings))
        walker.guard(in_body, in_else)
        walker.guard(in_else, in_body)


_VERSION_ATTRIBUTES = frozenset({"__version__", "VERSION"})
# Packages that are another way of doing TensorFlow's work: importing one is a guard's other side
# (`except ImportError: import tf_slim as slim`); importing PIL is not.
_TENSORFLOW_WAYS = frozenset({"tensorflow", "tf_slim", "absl", "tensorflow_probability", "tf_keras", "keras",
                              "tensorflow_addons", "tensorflow_hub", "tensorflow_datasets"})


def _is_tensorflow_way(module: str) -> bool:
    return module.split(".", 1)[0] in _TENSORFLOW_WAYS


def _tests_tensorflow_version(test: ast.expr, scopes: ScopeStack) -> bool:
    """`tf.__version__ ...`, `tf.version.VERSION ...`, `hasattr(tf, ...)`, `"x" in dir(tf)`, or a project's
    own version test (`TF_version <= (1, 12)`, `get_tf_version_tuple() >= (1, 13)`) somewhere in an if's test."""
    for node in ast.walk(test):
        if isinstance(node, ast.Compare) and (_compares_a_version(node) or _searches_dir_of_tensorflow(node, scopes)):
            return True
        if isinstance(node, ast.Attribute) and node.attr in _VERSION_ATTRIBUTES:
            qualified = scopes.resolve_qualified_name(node)
            if qualified is not None and qualified.startswith("tensorflow"):
                return True
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "hasattr"
                and node.args):
            qualified = scopes.resolve_qualified_name(node.args[0]) if isinstance(
                node.args[0], (ast.Name, ast.Attribute)) else None
            # hasattr(tf, ...) or hasattr(tf.nn, ...): a module, not an object such as FLAGS.
            if qualified is not None and qualified.startswith("tensorflow") and qualified.split(".")[-1].islower():
                return True
    return False


def _compares_a_version(node: ast.Compare) -> bool:
    """A name, attribute or call whose name says "version", ordered or matched against a tuple or a string."""
    sides = [node.left, *node.comparators]
    named = any("version" in _spelled_name(side).lower() for side in sides)
    literal = any(isinstance(side, ast.Tuple) or (isinstance(side, ast.Constant) and isinstance(side.value, str))
                  for side in sides)
    return named and literal


def _spelled_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _searches_dir_of_tensorflow(node: ast.Compare, scopes: ScopeStack) -> bool:
    """`"concat_v2" in dir(tf)`: which names this TensorFlow has."""
    if not any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops):
        return False
    for side in node.comparators:
        if (isinstance(side, ast.Call) and isinstance(side.func, ast.Name) and side.func.id == "dir"
                and len(side.args) == 1 and isinstance(side.args[0], (ast.Name, ast.Attribute))):
            qualified = scopes.resolve_qualified_name(side.args[0])
            if qualified is not None and qualified.startswith("tensorflow"):
                return True
    return False


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
    _bind_global_imports(node.body, scopes)


def _bind_global_imports(body: list[ast.stmt], scopes: ScopeStack) -> None:
    """`global tf` then `import tensorflow as tf` in a function (a lazy import) binds the
    module's `tf`; the body is walked later, so bind it now for the module-level code."""
    declared: set[str] = set()
    imports: list[ast.alias] = []
    pending = list(body)
    while pending:
        statement = pending.pop()
        if isinstance(statement, ast.Global):
            declared.update(statement.names)
        elif isinstance(statement, ast.Import):
            imports.extend(statement.names)
        elif isinstance(statement, ast.ImportFrom) and statement.level == 0 and statement.module:
            imports.extend(ast.alias(f"{statement.module}.{a.name}", a.asname or a.name)
                           for a in statement.names if a.name != "*")
        elif not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for field in ("body", "orelse", "finalbody", "handlers"):
                pending.extend(getattr(statement, field, ()))
    for alias in imports:
        name, qualified = imported_binding(alias)
        if name in declared and name not in scopes.module.bindings:
            scopes.module.bindings[name] = qualified
            scopes.module.imported.add(name)


@_handles(ast.Lambda)
def _lambda(walker: _Walker, node: ast.Lambda, scopes: ScopeStack) -> None:
    _arguments(walker, node.args, scopes)
    walker.visit(node.body, _function_scope(node.args, scopes))


@_handles(ast.ClassDef)
def _class(walker: _Walker, node: ast.ClassDef, scopes: ScopeStack) -> None:
    walker.visit_all(node.decorator_list, scopes)
    walker.visit_all(node.bases, scopes)
    walker.defines_test_case |= any(scopes.resolve_qualified_name(base) in _TEST_CASES for base in node.bases
                                    if isinstance(base, (ast.Name, ast.Attribute)))
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
