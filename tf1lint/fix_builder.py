"""Turns findings into fixes: the edits that make each finding go away, when they are mechanical.

A post-pass over one file: it gets the file's text, its syntax tree and the engine's findings,
and returns the findings with `.fix` set. The fix is worked out from the finding's exact span
(the file's own spelling of the module), its catalogue entry (derived from the entry's data, or
its explicit `fix:` form) and the tree (the call a name is the function of, the import statement
an alias belongs to). It never decides what is wrong: that is the engine's job.
"""

from __future__ import annotations

import ast
import bisect
import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tf1lint.catalogue import CatalogueEntry, Kind, Severity, TargetIndex, canonical_name, module_name
from tf1lint.findings import Finding
from tf1lint.fix_forms import FixForm, template_fields
from tf1lint.fixes import Applicability, Edit, Fix
from tf1lint.graph_mode import COMPAT_MODE_CALL, entry_point_reason, graph_mode_insertion
from tf1lint.incremental_parse import first_line
from tf1lint.loader import stand_in_source
from tf1lint.notebooks import NotebookSource

_TF_DOTTED = re.compile(r"^tf(\.[A-Za-z_][A-Za-z0-9_]*)+$")
_OTHER_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")
_COMPAT_MODE_MARKERS = (b"disable_v2_behavior", b"disable_eager_execution")
_SHARING_MARKERS = (b"reuse=", b"reuse_variables(", b"AUTO_REUSE")
_CHECKPOINT_MARKERS = (b"Saver(", b"init_from_checkpoint", b"assign_from_checkpoint", b"import_meta_graph",
                       b"load_variable(", b"list_variables(")
_KERAS_LAYER = re.compile(r"\bkeras\.layers\.[A-Z]\w*\(")
# Expressions that never need parentheses wherever a template puts them.
_ATOMS = (ast.Name, ast.Attribute, ast.Constant, ast.Call, ast.Subscript, ast.List, ast.Dict, ast.Set,
          ast.ListComp, ast.DictComp, ast.SetComp, ast.JoinedStr)


@dataclass(frozen=True)
class Target:
    """Where a name finding should point instead, and how safe that is."""

    qualified: str  # importable spelling ('tensorflow.io.gfile.GFile', 'tf_slim.conv2d')
    applicability: Applicability
    module_swap: str | None = None  # the new module when the fix swaps a whole module (imports it so)
    package: str | None = None  # a PyPI package the new name needs
    graph_mode: bool = False
    members: tuple[str, ...] = ()  # for a module swap: the only members the new module is known to have


def name_target(entry: CatalogueEntry, used: str, index: TargetIndex | None = None) -> Target | None:
    """The new name for a use of `used` (canonical) judged by `entry`, or None when not mechanical.

    Also used by the TensorFlow-backed tests to list every name a fix can write.
    """
    form = entry.fix or FixForm()
    if form.by_hand or form.call or form.stand_in or entry.kind is Kind.COMPAT_V1:
        return None
    suffix = used[len(entry.target_name):] if entry.is_module and used.startswith(entry.target_name) else ""
    if form.module:
        if form.members and suffix and suffix.split(".")[1] not in form.members:
            return None
        return Target(module_name(form.module) + suffix, form.applicability or Applicability.UNSAFE,
                      module_swap=form.module, package=entry.package, graph_mode=form.graph_mode,
                      members=form.members)
    if form.rename:
        return Target(module_name(form.rename) + suffix, form.applicability or Applicability.UNSAFE,
                      package=entry.package, graph_mode=form.graph_mode)
    if entry.kind is Kind.RENAMED and entry.replacement and _TF_DOTTED.match(entry.replacement):
        if entry.mechanical and form.applicability in (None, Applicability.SAFE):
            return Target(module_name(entry.replacement) + suffix, Applicability.SAFE, graph_mode=form.graph_mode)
        return _keeping_tf1_semantics(entry, suffix, form, index)
    if entry.kind in (Kind.COMPAT_ONLY, Kind.BEHAVIOUR_CHANGED) and entry.compat and _TF_DOTTED.match(entry.compat):
        compat = entry.compat + suffix
        if index is not None:
            # Never onto a name that fails on the target (Keras 3 removed tf.compat.v1.layers).
            judged = index.lookup_name(compat)
            if judged is not None and judged.severity is Severity.ERROR:
                return None
        return Target(module_name(compat), form.applicability or Applicability.UNSAFE, graph_mode=form.graph_mode)
    return None


def _keeping_tf1_semantics(entry: CatalogueEntry, suffix: str, form: FixForm,
                           index: TargetIndex | None) -> Target | None:
    """A rename that is not to the very same object: the TF1 function under tf.compat.v1, which
    keeps its semantics, when the target has it; else the TF2 name only if every TF1 call means
    the same there (mechanical), still unsafe; else no fix (a person must rewrite the call)."""
    compat = "tf.compat.v1." + entry.target_name[len("tf."):] + suffix
    judged = index.lookup_name(compat) if index is not None else None
    compat_runs = judged is None or judged.severity is not Severity.ERROR
    if entry.target_name.startswith("tf.") and index is not None and compat_runs:
        return Target(module_name(compat), Applicability.UNSAFE, graph_mode=form.graph_mode)
    if entry.mechanical and entry.replacement:
        return Target(module_name(entry.replacement) + suffix, Applicability.UNSAFE, graph_mode=form.graph_mode)
    return None


def inherited_target(used: str, index: TargetIndex) -> Target | None:
    """A name below a module whose entry swaps the whole module (tf.contrib.slim.conv2d -> tf_slim.conv2d)."""
    # Only a prefix no deeper than the deepest catalogue key can be an entry's own name: a long
    # chain (tf.contrib.a.a...) is not cut down part by part, which would be quadratic.
    parts = used.split(".", index.deepest)
    for count in range(min(len(parts) - 1, index.deepest), 0, -1):
        prefix = ".".join(parts[:count])
        entry = index.lookup_name(prefix)
        if entry is not None and entry.fix is not None and entry.fix.module and entry.target_name == prefix:
            member = used[len(prefix) + 1:]
            if entry.fix.members and member.split(".")[0] not in entry.fix.members:
                return None
            return Target(module_name(entry.fix.module) + "." + member, entry.fix.applicability or Applicability.UNSAFE,
                          module_swap=entry.fix.module, package=entry.package)
    return None


def attach_fixes(source: bytes | str, tree: ast.Module, findings: list[Finding], index: TargetIndex) -> list[Finding]:
    """The findings with `.fix` set where a mechanical fix exists; the order is kept."""
    if not findings:
        return findings
    raw = source.encode("utf-8", "surrogateescape") if isinstance(source, str) else source
    context = _FileContext(raw, tree, index, notebook=findings[0].path.endswith(".ipynb"))
    fixed = []
    for finding in findings:
        fix = None
        try:
            fix = context.fix_for(finding)
        except (ValueError, IndexError, UnicodeDecodeError):
            fix = None  # a span the builder cannot map back to text gets no fix, never a crash
        if fix is not None:
            finding = dataclasses.replace(finding, fix=fix)
        elif id(finding) in context.refusals:
            reason = context.refusals[id(finding)]
            finding = dataclasses.replace(finding, remark="; ".join(filter(None, (finding.remark, reason))))
        fixed.append(finding)
    return fixed


class _FileContext:
    """What the builder needs to know about one file, computed once."""

    def __init__(self, raw: bytes, tree: ast.Module, index: TargetIndex, notebook: bool = False) -> None:
        self._attributes: dict[str, set[str]] | None = None
        self._starts_of: dict[int, list[int]] = {}
        self.raw = raw
        self.tree = tree
        self.index = index
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
        self.insert_at = _import_insertion_point(tree)
        self.entry_point = entry_point_reason(tree, raw, notebook)
        self.compat_mode = any(marker in raw for marker in _COMPAT_MODE_MARKERS)
        self.refusals: dict[int, str] = {}  # id(finding) -> why it is work by hand, said in its message

    # -- positions ---------------------------------------------------------------------------

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column

    def text(self, node: ast.AST) -> str:
        start = self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        return self.raw[start:end].decode("utf-8")

    @functools.cached_property
    def bindings(self) -> dict[str, set[str]]:
        return _module_bindings(self.tree)

    @functools.cached_property
    def tf_name(self) -> str | None:
        """The file's module-level name for `tensorflow` itself, if it has one."""
        return next((name for name, values in self.bindings.items() if values == {"tensorflow"}), None)

    def index_line(self, line: int) -> None:
        """Index the nodes of the innermost statements on `line` (a compound statement's header only)."""
        for statement in _statements_on(self.tree.body, line, self._starts_of):
            if id(statement) in self._indexed:
                continue
            self._indexed.add(id(statement))
            for node in _header_walk(statement):
                self.remember(node, statement)

    def remember(self, node: ast.AST, statement: ast.stmt) -> None:
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
        self.index_line(finding.line)
        nodes = self.by_span.get((finding.line, finding.column, finding.end_line, finding.end_column), [])
        return next((node for node in nodes if isinstance(node, types)), None)

    @staticmethod
    def replace(node: ast.AST, text: str) -> Edit:
        return Edit(node.lineno, node.col_offset, node.end_lineno, node.end_col_offset, text)  # type: ignore[attr-defined]

    # -- one finding -------------------------------------------------------------------------

    def fix_for(self, finding: Finding) -> Fix | None:
        entry = finding.entry
        if entry.fix is not None and entry.fix.by_hand:
            return None
        if entry.kind is Kind.KEYWORD_CHANGED:
            return self.keyword_fix(finding)
        if entry.kind is Kind.ARGUMENTS_REORDERED:
            return self.reorder_fix(finding)
        order = self.index.positional.get(entry.api) if entry.kind is Kind.MEANING_CHANGED else None
        if order is not None:
            # A positional whose meaning changed (dropout's keep_prob) is fixed as the reorder entry
            # fixes it: by keyword, in the TF1 order, after which the keyword's own fix applies.
            return self.reorder_fix(dataclasses.replace(finding, entry=order))
        if entry.fix is not None and entry.fix.call:
            return self.call_fix(finding, entry.fix)
        if entry.fix is not None and entry.fix.stand_in:
            return self.stand_in_fix(finding, entry.fix.stand_in)
        swap = self.index.modules.get(finding.used)  # `tf.app.flags` itself, under its module's swap
        if swap is not None and swap.fix is not None and swap.fix.module and swap is not entry:
            entry = swap
        target = name_target(entry, finding.used, self.index) or inherited_target(finding.used, self.index)
        if target is None:
            return None
        return self.name_fix(finding, target)

    def keyword_fix(self, finding: Finding) -> Fix | None:
        keyword = self.node_at(finding, ast.keyword)
        call = self.call_of.get(id(keyword)) if keyword is not None else None
        if not isinstance(keyword, ast.keyword) or call is None or keyword.arg != finding.keyword:
            return None
        passed = {other.arg for other in call.keywords}
        new_name = finding.entry.keywords.get(keyword.arg)
        form = finding.entry.fix
        if new_name is not None:
            if new_name in passed:
                return None  # both spellings given: a person must choose
            edit = Edit(keyword.lineno, keyword.col_offset, keyword.lineno,
                        keyword.col_offset + len(keyword.arg.encode()), new_name)
            claim = self.claim_function(finding, call)
            # On a function TF2 replaced (moved to tf.compat.v1), TF2's keyword belongs to another
            # function: the rename turns a TypeError into a silent change, so it is never safe.
            unsafe = claim or self.name_is_a_finding(finding)
            return Fix(_chosen(form, Applicability.UNSAFE if unsafe else Applicability.SAFE),
                       f"rename keyword {keyword.arg}= to {new_name}=", (edit, *claim))
        if form is not None and form.rename:
            return self.keep_keyword(keyword, call, finding, form.rename)
        if form is None or not form.keyword:
            return self.drop_keyword(keyword, call, finding)
        written = form.keyword.split("=", 1)[0].strip()
        if written in passed:
            return None
        text = self.fill(form.keyword, {"value": keyword.value}, finding, call.func)
        if text is None:
            return None
        return Fix(_chosen(form, Applicability.UNSAFE), f"rewrite {keyword.arg}= as {text}",
                   (self.replace(keyword, text), *self.claim_function(finding, call)))

    def keep_keyword(self, keyword: ast.keyword, call: ast.Call, finding: Finding, rename: str) -> Fix | None:
        """Call the TF1 function that still takes the keyword (`tf.compat.v1.constant_initializer(0,
        dtype=tf.int32)`): dropping it would change what the call makes (float32 instead of int32)."""
        if not isinstance(call.func, ast.Attribute):
            return None  # a bare name is fixed where it is bound, by its own entry if it has one
        target = Target(module_name(rename), Applicability.UNSAFE)
        edits = self.reference_edits(call.func, finding, target)
        if edits is None:
            return None
        return Fix(Applicability.UNSAFE, f"use {canonical_name(target.qualified)}, which still takes {keyword.arg}= "
                                         "(keeps TF1 semantics)", tuple(edits))

    def drop_keyword(self, keyword: ast.keyword, call: ast.Call, finding: Finding) -> Fix | None:
        """TF2 no longer takes it: leave it out (unsafe: the call runs, without what it asked for)."""
        arguments = sorted([*call.args, *call.keywords], key=lambda node: (node.lineno, node.col_offset))
        place = next(number for number, node in enumerate(arguments) if node is keyword)
        if place + 1 < len(arguments):
            after = arguments[place + 1]
            edit = Edit(keyword.lineno, keyword.col_offset, after.lineno, after.col_offset, "")
        elif place > 0:
            before = arguments[place - 1]
            edit = Edit(before.end_lineno, before.end_col_offset, keyword.end_lineno,  # type: ignore[arg-type]
                        keyword.end_col_offset, "")  # type: ignore[arg-type]
        else:
            edit = self.replace(keyword, "")
        return Fix(Applicability.UNSAFE, f"drop {keyword.arg}= (TF2 no longer takes it)",
                   (edit, *self.claim_function(finding, call)))

    def reorder_fix(self, finding: Finding) -> Fix | None:
        call = self.node_at(finding, ast.Call)
        if not isinstance(call, ast.Call):
            return None
        entry = finding.entry
        stable = entry.stable_positional_count
        passed = {keyword.arg for keyword in call.keywords}
        if None in passed or len(call.args) > len(entry.arguments):
            return None
        moved = entry.arguments[stable:len(call.args)]
        if len(set(moved)) != len(moved):
            return None  # one keyword for two places: no call could pass both
        edits = []
        for position in range(stable, len(call.args)):
            argument, name = call.args[position], entry.arguments[position]
            if isinstance(argument, ast.Starred) or name in passed or name.startswith("_"):
                return None
            edits.append(Edit(argument.lineno, argument.col_offset, argument.lineno, argument.col_offset, f"{name}="))
        if not edits:
            return None
        names = ", ".join(entry.arguments[stable:len(call.args)])
        # A keyword TF2 refuses (dropout's keep_prob) raises TypeError until its own unsafe fix
        # rewrites it: passing it is then only a step of that unsafe fix, never safe on its own.
        refused = self.index.keywords.get(entry.api)
        claim = self.claim_function(finding, call)
        # The same holds for a function TF2 replaced (see keyword_fix).
        default = Applicability.UNSAFE if claim or self.name_is_a_finding(finding) or refused is not None and any(
            refused.keywords.get(name, "") is None for name in moved) else Applicability.SAFE
        return Fix(_chosen(entry.fix, default), f"pass {names} by keyword (TF1 order)", (*edits, *claim))

    def claim_function(self, finding: Finding, call: ast.Call) -> tuple[Edit, ...]:
        """An edit that leaves the function's name as it is, when another fix may move that name
        to tf.compat.v1: the two then overlap and never land in one pass. The compat.v1 function
        keeps the TF1 keywords and argument order, so after the move this fix is no longer wanted;
        without the move (safe fixes only) it applies as usual."""
        entry = self.index.lookup_name(finding.used)
        target = name_target(entry, finding.used, self.index) if entry is not None else None
        if target is None or not target.qualified.startswith("tensorflow.compat.v1."):
            return ()
        return (self.replace(call.func, self.text(call.func)),)

    def name_is_a_finding(self, finding: Finding) -> bool:
        """The called name itself fails on the target or moves elsewhere: the call's meaning is that
        name's fix to decide, so fixing its arguments alone is never safe."""
        entry = self.index.lookup_name(finding.used)
        return entry is not None and entry.kind is not Kind.COMPAT_V1 and entry.severity is Severity.ERROR

    @functools.cached_property
    def variables_by_name(self) -> str | None:
        """Why the file's variable names matter, if they do: it shares variables by scope
        (`variable_scope(..., reuse=...)`, `reuse_variables()`, `AUTO_REUSE`, a `reuse=` argument)
        or saves and restores them by name (a Saver, a checkpoint read by name)."""
        if any(marker in self.raw for marker in _SHARING_MARKERS):
            return "this file shares variables by scope (reuse)"
        if any(marker in self.raw for marker in _CHECKPOINT_MARKERS):
            return "this file saves or restores variables by name (checkpoints)"
        return None

    def call_fix(self, finding: Finding, form: FixForm) -> Fix | None:
        func = self.node_at(finding, ast.Name, ast.Attribute)
        call = self.call_of.get(id(func)) if func is not None else None
        if call is None or call.func is not func:
            return None
        if _KERAS_LAYER.search(form.call or "") and self.variables_by_name:
            # A Keras layer made at each call owns new weights with new names: under reuse the TF1
            # call shared one set by scope name, and checkpoints name them so.
            self.refusals[id(finding)] = (
                f"by hand: {self.variables_by_name}; a Keras layer made at each call would create new, "
                "differently named weights: create each layer once, call it where its weights are shared, "
                "and map checkpoint names")
            return None
        bound: dict[str, ast.expr] = {}
        order: list[str] = []
        if len(call.args) > len(form.signature):
            return None
        for position, argument in enumerate(call.args):
            if isinstance(argument, ast.Starred):
                return None
            bound[form.signature[position]] = argument
            order.append(form.signature[position])
        for keyword in call.keywords:
            if keyword.arg is None or keyword.arg not in form.signature or keyword.arg in bound:
                return None
            bound[keyword.arg] = keyword.value
            order.append(keyword.arg)
        used = set(template_fields(form.call or ""))
        if any(name not in bound for name in used - {"tf", "rest"}):
            return None
        rest = "".join(f", {name}={self.text(bound[name])}" for name in order if name not in used)
        if "({rest}" in (form.call or ""):
            rest = rest[2:]  # the first argument: no separating comma
        text = self.fill(form.call or "", {**bound, "rest": rest}, finding, func)
        if text is None:
            return None
        return Fix(_chosen(form, Applicability.UNSAFE), f"rewrite the call as {_canonical_text(text, self.tf_name)}",
                   (self.replace(call, text),))

    def stand_in_fix(self, finding: Finding, name: str) -> Fix | None:
        """For an API TF2 has nothing like: the bundled stand-in class, written into the file where
        the name was imported (or after the imports), and the references pointed at it."""
        source = stand_in_source(name)
        node = self.node_at(finding, ast.alias, ast.Attribute, ast.Name)
        if source is None or node is None:
            return None
        message = f"write a stand-in {name} class into this file (TF2 has none; review it)"
        if isinstance(node, ast.alias):
            statement = self.statement_of.get(id(node))
            # Only a top-level `from … import Name` of its own, replaced by the class in place.
            if not isinstance(statement, ast.ImportFrom) or statement.level or len(statement.names) != 1 \
                    or statement.col_offset or not self.alone_on_its_lines(statement) \
                    or not any(statement is top for top in self.tree.body):
                return None
            local = node.asname or node.name
            text = "\n\n" + (source if local == name else source.replace(f"class {name}", f"class {local}", 1)).rstrip("\n")
            last = statement.end_lineno or statement.lineno
            if last + 1 == self.insert_at or last >= len(self.line_starts) - 1:
                return Fix(Applicability.UNSAFE, message, (self.replace(statement, text),))
            # An import among others: its lines go, and the class follows the file's imports.
            return Fix(Applicability.UNSAFE, message, (Edit(statement.lineno, 0, last + 1, 0, ""), self.insertion(text)))
        if not isinstance(node, ast.Attribute):
            return None  # a bare name is fixed where it is bound
        root = _root_qualified(node, finding.used)
        if root is None or root[0] != "tensorflow":
            return None  # through a module alias that is itself a finding: fixed there
        if self.defines_stand_in(name, finding.entry.api):
            return Fix(Applicability.UNSAFE, f"use the stand-in {name} class already in this file",
                       (self.replace(node, name),))
        if name in self.bindings:
            return None  # the file already uses the name for something else
        return Fix(Applicability.UNSAFE, message,
                   (self.replace(node, name), self.insertion("\n\n" + source.rstrip("\n"))))

    def defines_stand_in(self, name: str, api: str) -> bool:
        """The file has, at top level, the stand-in class for `api` (an earlier fix pass wrote it)."""
        return any(isinstance(statement, ast.ClassDef) and statement.name == name
                   and f"Stand-in for {api}" in (ast.get_docstring(statement) or "") for statement in self.tree.body)

    def fill(self, template: str, values: dict[str, ast.expr | str], finding: Finding, func: ast.AST) -> str | None:
        """The template with arguments' text (parenthesised where an operator could bind them)."""
        tf_name = self.tensorflow_spelling(finding, func)
        pieces = []
        for literal, field, _, _ in _parse(template):
            pieces.append(literal)
            if field is None:
                continue
            if field == "tf":
                if tf_name is None:
                    return None
                pieces.append(tf_name)
                continue
            value = values[field]
            if isinstance(value, str):
                pieces.append(value)
                continue
            text = self.text(value)
            if not isinstance(value, _ATOMS) and not _delimited(template, field):
                text = f"({text})"
            pieces.append(text)
        return "".join(pieces)

    def tensorflow_spelling(self, finding: Finding, func: ast.AST) -> str | None:
        """The file's own name for the tensorflow module: the root of this very reference if it is that."""
        if isinstance(func, ast.Attribute):
            root = _root_qualified(func, finding.used)
            if root is not None and root[0] == "tensorflow":
                return root[1]
        return self.tf_name

    def name_fix(self, finding: Finding, target: Target) -> Fix | None:
        node = self.node_at(finding, ast.alias, ast.Attribute, ast.Name)
        if isinstance(node, ast.alias):
            edits = self.binding_edits(node, finding, target)
        elif isinstance(node, ast.Attribute):
            edits = self.reference_edits(node, finding, target)
        else:
            return None  # a bare name is fixed where it is bound (its import or assignment)
        if edits is None:
            return None
        written = canonical_name(target.qualified)
        message = f"use {written}"
        if target.applicability is not Applicability.SAFE and written.startswith("tf.compat.v1."):
            message += " (keeps TF1 semantics)"
        if target.package:
            message += f" (adds the {target.package} dependency)"
        compat_mode = self.compat_mode_edit(target, finding)
        if compat_mode is not None:
            edits.append(compat_mode)
            message += (f"; switch the program to TF1 graph mode (tf.{COMPAT_MODE_CALL}): "
                        f"this file is {self.entry_point}")
        return Fix(target.applicability, message, tuple(edits))

    def compat_mode_edit(self, target: Target, finding: Finding) -> Edit | None:
        """Graph mode, once, in a file that starts a program and gets graph code from this fix."""
        to_compat = target.qualified.startswith("tensorflow.compat.v1.")
        graph_code = target.graph_mode or finding.entry.graph_only and to_compat
        if not (graph_code and self.entry_point and not self.compat_mode):
            return None
        place = graph_mode_insertion(self.tree, self.raw)
        if place is None:
            return None
        if place.line > len(self.line_starts):  # after the last line, which has no newline
            end = len(self.raw) - self.line_starts[-1]
            return Edit(len(self.line_starts), end, len(self.line_starts), end, "\n" + place.text)
        return Edit(place.line, 0, place.line, 0, place.text)

    def insertion(self, statement: str) -> Edit:
        line = self.insert_at
        if line <= len(self.line_starts) and (line == len(self.line_starts) and self.raw.endswith(b"\n")
                                              or line < len(self.line_starts)):
            return Edit(line, 0, line, 0, statement + "\n")
        last = len(self.line_starts)
        return Edit(last, len(self.raw) - self.line_starts[-1], last, len(self.raw) - self.line_starts[-1],
                    "\n" + statement + "\n")

    def reference_edits(self, node: ast.Attribute, finding: Finding, target: Target) -> list[Edit] | None:
        root = _root_qualified(node, finding.used)
        if root is None:
            return None
        qualified, root_text = root
        if qualified != "tensorflow":
            judged = self.index.lookup_name(canonical_name(qualified))
            if judged is not None and judged.kind is not Kind.COMPAT_V1:
                return None  # the root is itself a finding: fixed once, where it is bound
        new = target.qualified
        if new.startswith(qualified + "."):
            return [self.replace(node, root_text + new[len(qualified):])]
        if new.startswith("tensorflow."):
            if self.tf_name is None:
                return None
            return [self.replace(node, self.tf_name + new[len("tensorflow"):])]
        imported = self.import_for(new, target)
        if imported is None:
            return None
        local, statement = imported
        assignment = self.assignment_of.get(id(node))
        if assignment is not None and assignment.targets[0].id == local and local == new.rsplit(".", 1)[-1]:
            # `flags = tf.app.flags` becomes the import itself, at its binding site.
            parent = new.rpartition(".")[0]
            return [self.replace(assignment, f"from {parent} import {local}" if parent else f"import {local}")]
        edits = [self.replace(node, local)]
        if statement is not None:
            edits.append(self.insertion(statement))
        return edits

    def import_for(self, qualified: str, target: Target) -> tuple[str, str | None] | None:
        """(the reference text, the import statement to add or None) for a name outside TensorFlow."""
        module = target.module_swap and module_name(target.module_swap)
        if not module or not (qualified == module or qualified.startswith(module + ".")):
            module = qualified.split(".")[0]
        parent, _, last = module.rpartition(".")
        local = last
        statement = f"from {parent} import {last}" if parent else f"import {module}"
        bound = self.bindings.get(local, set())
        aliases = {f"={old}" for old in self.swapped_from(module)}
        if bound and bound <= {module} | aliases:
            statement = None  # already imported, or `flags = tf.app.flags` that becomes the import
        elif bound:
            return None  # the name is taken by something else in this file
        return local + qualified[len(module):], statement

    def members_known(self, local: str, target: Target) -> bool:
        """Every `local.x` the file uses exists in the new module (when the catalogue lists its members)."""
        if not target.members or target.qualified != module_name(target.module_swap or ""):
            return True
        return self.attributes_of(local) <= set(target.members)

    def attributes_of(self, local: str) -> set[str]:
        """The `x` of every `local.x` in the file; one walk of the tree for all names (a walk per
        binding made large files quadratic)."""
        if self._attributes is None:
            self._attributes = {}
            for node in ast.walk(self.tree):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                    self._attributes.setdefault(node.value.id, set()).add(node.attr)
        return self._attributes.get(local, set())

    def swapped_from(self, module: str) -> set[str]:
        """Dotted texts (as the file may spell them) of modules whose fix swaps them for `module`."""
        found = set()
        for values in self.bindings.values():
            for value in values:
                if not value.startswith("="):
                    continue
                root, _, rest = value[1:].partition(".")
                roots = self.bindings.get(root, set())
                if len(roots) != 1:
                    continue
                qualified = next(iter(roots)) + ("." + rest if rest else "")
                entry = self.index.modules.get(canonical_name(qualified)) or self.index.lookup_name(canonical_name(qualified))
                if entry is not None and entry.fix is not None and entry.fix.module \
                        and module_name(entry.fix.module) == module:
                    found.add(value[1:])
        return found

    def binding_edits(self, alias: ast.alias, finding: Finding, target: Target) -> list[Edit] | None:
        statement = self.statement_of.get(id(alias))
        new = target.qualified
        if target.module_swap and not self.members_known(alias.asname or alias.name.split(".")[0], target):
            return None
        if isinstance(statement, ast.Import):
            # `import a.b as x` can only name modules: rewrite it only for module swaps.
            if alias.asname is None or target.module_swap is None or not finding.entry.is_module and \
                    not (finding.entry.fix and finding.entry.fix.module):
                return None
            text = new if new == alias.asname else f"{new} as {alias.asname}"
            return [self.replace(alias, text)]
        if not isinstance(statement, ast.ImportFrom) or statement.level:
            return None
        local = alias.asname or alias.name
        parent, _, last = new.rpartition(".")
        if not parent:
            rewritten = new if new == local else f"{new} as {local}"
            rewritten = f"import {rewritten}"
        else:
            rewritten = f"from {parent} import {last}" + ("" if last == local else f" as {local}")
        if len(statement.names) == 1:
            return [self.replace(statement, rewritten)]
        if not self.alone_on_its_lines(statement):
            return None
        others = ", ".join(self.text(other) for other in statement.names if other is not alias)
        indent = " " * statement.col_offset
        return [self.replace(statement, f"from {statement.module} import {others}\n{indent}{rewritten}")]

    def alone_on_its_lines(self, statement: ast.stmt) -> bool:
        before = self.raw[self.line_starts[statement.lineno - 1]:self.offset(statement.lineno, statement.col_offset)]
        end = self.offset(statement.end_lineno or statement.lineno, statement.end_col_offset or 0)
        after = self.raw[end:].split(b"\n", 1)[0].strip()
        return before.strip() == b"" and before == b" " * len(before) and (after == b"" or after.startswith(b"#"))


def fix_in_cell(fix: Fix | None, notebook: NotebookSource, cell: int) -> Fix | None:
    """A notebook finding's fix in its cell's own lines and columns; None when it reaches other cells
    (`--fix` applies notebook fixes on the joined cells, so nothing is lost for fixing)."""
    if fix is None:
        return None
    edits = []
    for edit in fix.edits:
        (start_cell, line), (end_cell, end_line) = notebook.place(edit.line), notebook.place(edit.end_line)
        if start_cell != cell or end_cell != cell:
            return None
        shift = notebook.indent(cell)
        edits.append(Edit(line, edit.column + shift, end_line, edit.end_column + shift, edit.text))
    return Fix(fix.applicability, fix.message, tuple(edits))


def _chosen(form: FixForm | None, default: Applicability) -> Applicability:
    return form.applicability if form is not None and form.applicability is not None else default


def _parse(template: str) -> Iterable[tuple[str, str | None, str | None, str | None]]:
    import string  # pylint: disable=import-outside-toplevel  # only templates need it

    return string.Formatter().parse(template)


def _delimited(template: str, field: str) -> bool:
    """True when `{field}` stands alone between ( , and , ) in the template: no operator can bind it."""
    marker = "{" + field + "}"
    start = template.find(marker)
    before = template[:start].rstrip()
    after = template[start + len(marker):].lstrip()
    return (not before or before[-1] in "(,[") and (not after or after[0] in "),]")


def _root_qualified(node: ast.Attribute, used: str) -> tuple[str, str] | None:
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


def _canonical_text(text: str, tf_name: str | None) -> str:
    return text if tf_name in (None, "tf") else re.sub(rf"\b{re.escape(tf_name)}\.", "tf.", text)


def _module_bindings(tree: ast.Module) -> dict[str, set[str]]:
    """Names the module binds at top level -> what they stand for ('?' for anything not an import)."""
    bindings: dict[str, set[str]] = {}
    aliases: set[int] = set()
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
                and isinstance(statement.targets[0], ast.Name) and isinstance(statement.value, ast.Attribute):
            dotted = _dotted(statement.value)
            if dotted is not None:
                bindings.setdefault(statement.targets[0].id, set()).add("=" + dotted)
                aliases.add(id(statement.targets[0]))
    for statement in ast.walk(tree):
        if id(statement) in aliases:
            continue
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                name = alias.asname or alias.name.split(".")[0]
                bindings.setdefault(name, set()).add(alias.name if alias.asname else name)
        elif isinstance(statement, ast.ImportFrom):
            for alias in statement.names:
                module = "." * statement.level + (statement.module or "")
                bindings.setdefault(alias.asname or alias.name, set()).add(f"{module}.{alias.name}")
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bindings.setdefault(statement.name, set()).add("?")
        elif isinstance(statement, ast.Name) and not isinstance(statement.ctx, ast.Load):
            bindings.setdefault(statement.id, set()).add("?")
        elif isinstance(statement, ast.arg):
            bindings.setdefault(statement.arg, set()).add("?")
    return bindings


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


def _dotted(node: ast.expr) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _import_insertion_point(tree: ast.Module) -> int:
    """The line a new import goes on: after the docstring, __future__ imports and the leading imports."""
    line = 1
    for position, statement in enumerate(tree.body):
        docstring = position == 0 and isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) \
            and isinstance(statement.value.value, str)
        if docstring or isinstance(statement, (ast.Import, ast.ImportFrom)):
            line = (statement.end_lineno or statement.lineno) + 1
            continue
        break
    return line

