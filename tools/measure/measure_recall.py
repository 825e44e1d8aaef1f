"""Measure tf1lint's recall on real code against the installed TensorFlow 2.

For each tree: collect every reference to a TensorFlow API (through the file's imports),
ask the installed TensorFlow whether it resolves (and whether each keyword of a call is
still accepted), then compare with what `tf1lint check` reports.

  recall       = failing lines that tf1lint flags at error level / all failing lines
                 (also shown: flagged at any level, e.g. private API use is a warning)
                 A failing line also counts as flagged when each failing name on it goes through a
                 binding (`slim = tf.contrib.slim`, `FLAGS = tf.flags.FLAGS`, an import) that tf1lint
                 reports once with its `uses` count: the fix is made there, once (issue 8).
                 A guarded fallback (a TF1 way next to a TF2 way, reported at information level
                 with `guarded: true`) counts as flagged: it is reported, and it is not reached on TF2.
                 A failing keyword also counts as flagged when its whole call is reported at error level for
                 that API, on the line where the call starts (an entry that judges the call from its keywords).
  false errors = error-level findings on lines whose references all resolve unchanged (such a report of a call
                 whose failing keyword is on a later line is none)
  A call that passes a positional argument whose meaning changed (MEANING_CHANGED_POSITIONALS:
  tf.nn.dropout's second positional is keep_prob in TF1 and rate in TF2) fails too: it runs, but
  computes something else.
  A use that is no TensorFlow API in any release (NOT_TENSORFLOW: a slip such as tf.AdamOptimizer, a custom op)
  is left out of both and listed on its own: it fails on TF1 too, so it is no TF1 use to migrate.

The collector here is deliberately separate from tf1lint's engine and more liberal
(flow-insensitive: any TensorFlow import anywhere in a file binds its name for the whole
file), so a blind spot of the engine is not silently shared by the measurement.

Usage: python -m tools.measure.measure_recall TREE [TREE ...] [--show N] [--json FILE]
Needs TensorFlow installed (this tool imports it; tf1lint itself never does).
"""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
from tools.catalogue.tf_resolution import MISSING, FreshResolver, resolve_here

# name -> how many positionals keep their TF1 meaning; a call passing more changes meaning silently.
MEANING_CHANGED_POSITIONALS = {"tensorflow.nn.dropout": 1}
# Pre-1.0 argument orders: an integer literal first (tf.concat(1, values)) fails on TF 2.21 (ValueError; checked by
# tests/test_accuracy_tensorflow.py), though the name resolves.
PRE_1_0_ORDERS = {"tensorflow.concat", "tensorflow.split"}
# Uses that are no TensorFlow API at all, so no migration tool can know them: a slip or a custom op that fails
# on TF1 too. Keyed like `missed` (a name, or a name and a keyword). Each is absent on TF 1.14 and on TF 2.21
# (tests/test_measure_recall.py checks both) and was no pre-1.0 name either (those, like tf.mul, stay measured).
# Their lines leave the measure and are listed under `not_tensorflow`.
NOT_TENSORFLOW = {
    "tensorflow.image.roi_pooling": "a custom op of a patched build (tf-faster-rcnn: 'only use it if you have "
                                    "roi_pooling op written in tf.image')",
    "tensorflow.AdamOptimizer": "a slip for tf.train.AdamOptimizer (magenta nsynth)",
    "tensorflow.AdagradOptimizer": "a slip for tf.train.AdagradOptimizer (magenta nsynth)",
    "tensorflow.GradientDescentOptimizer": "a slip for tf.train.GradientDescentOptimizer (magenta nsynth)",
    "tensorflow.MomentumOptimizer": "a slip for tf.train.MomentumOptimizer (magenta nsynth)",
    "tensorflow.RMSPropOptimizer": "a slip for tf.train.RMSPropOptimizer (magenta nsynth)",
    "tensorflow.MonitoredTrainingSession": "a slip for tf.train.MonitoredTrainingSession (magenta gansynth)",
    "tensorflow.summary.historgram": "a misspelt tf.summary.histogram (tensor2tensor)",
    "tensorflow.bytes": "no such dtype in any release: tf.string (tensor2tensor)",
    "tensorflow.sqrt(keepdims=)": "tf.sqrt never took keepdims: a misplaced parenthesis of reduce_sum (tensor2tensor)",
}


@dataclass
class Reference:
    path: str
    line: int
    name: str  # importable dotted path: tensorflow.contrib.layers.flatten
    keywords: tuple[str, ...] = ()
    via: tuple[int, ...] = ()  # lines of the bindings the name went through (FLAGS = flags.FLAGS, flags = tf.flags)
    meaning_changed: bool = False  # passes a positional whose meaning changed (tf.nn.dropout(x, keep_prob))
    call_line: int = 0  # a keyword's: the line where its call starts (where a finding on the whole call is)

    @property
    def label(self) -> str:
        """How `missed` and NOT_TENSORFLOW spell it: the name, with its keyword or changed positional."""
        if self.keywords:
            return f"{self.name}({', '.join(self.keywords)}=)"
        return self.name + (" (positional meaning changed)" if self.meaning_changed else "")


@dataclass
class TreeResult:
    tree: str
    files: int = 0
    unparsable: int = 0
    references: int = 0
    failing_references: int = 0
    failing_lines: set = field(default_factory=set)
    working_lines: set = field(default_factory=set)
    flagged_error_lines: set = field(default_factory=set)
    flagged_any_lines: set = field(default_factory=set)
    via_binding_error_lines: set = field(default_factory=set)  # failing lines covered by a reported binding
    via_binding_any_lines: set = field(default_factory=set)
    via_call_lines: set = field(default_factory=set)  # failing keyword lines whose whole call is reported as an error
    missed: Counter = field(default_factory=Counter)
    missed_lines: list = field(default_factory=list)
    false_errors: list = field(default_factory=list)
    not_tensorflow: list = field(default_factory=list)  # "path:line label" of uses that are no TensorFlow API


class _Collector(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.aliases: dict[str, str] = {}
        self.binding_lines: dict[str, tuple[int, ...]] = {}  # alias -> its binding line, then those it was built from
        self.references: list[Reference] = []

    def collect(self, tree: ast.Module) -> list[Reference]:
        other_imports: set[str] = set()
        for node in ast.walk(tree):  # first every import, anywhere in the file
            if isinstance(node, ast.Import):
                for alias in node.names:
                    bound = alias.asname or alias.name.split(".")[0]
                    if alias.name.split(".")[0] == "tensorflow":
                        self.references.append(Reference(self.path, getattr(alias, "lineno", node.lineno), alias.name))
                        # The first TensorFlow import of a name wins (try: compat.v1 / except: plain).
                        self.aliases.setdefault(bound, alias.name if alias.asname else "tensorflow")
                        self.binding_lines.setdefault(bound, (getattr(alias, "lineno", node.lineno),))
                    else:
                        other_imports.add(bound)
            elif isinstance(node, ast.ImportFrom):
                ours = node.level == 0 and node.module and node.module.split(".")[0] == "tensorflow"
                for alias in node.names:
                    if alias.name == "*":
                        continue
                    if not ours:
                        other_imports.add(alias.asname or alias.name)
                        continue
                    full = f"{node.module}.{alias.name}"
                    self.references.append(Reference(self.path, getattr(alias, "lineno", node.lineno), full))
                    self.aliases.setdefault(alias.asname or alias.name, full)
                    self.binding_lines.setdefault(alias.asname or alias.name, (getattr(alias, "lineno", node.lineno),))
        # A name bound both to TensorFlow and to another package (a tf_slim fallback) is
        # ambiguous without running the file: leave its uses out of the measurement.
        for name in other_imports:
            self.aliases.pop(name, None)
        # Simple aliases by assignment (tfl = tf.layers, FLAGS = tf.app.flags.FLAGS), to a fixed point.
        # Only module-level statements (and those nested in module-level if/try): function locals are not aliases.
        assignments = [node for node in _module_level(tree) if isinstance(node, ast.Assign) and len(node.targets) == 1
                       and isinstance(node.targets[0], ast.Name) and isinstance(node.value, (ast.Name, ast.Attribute))]
        for _ in range(3):
            for node in assignments:
                target = node.targets[0].id
                value = self._dotted(node.value)
                if value is None or target in other_imports:
                    continue
                chain = (node.lineno, *self.binding_lines.get(self._root(node.value), ()))
                if target not in self.aliases:
                    self.aliases[target] = value
                    self.binding_lines[target] = chain
                elif self.aliases[target] == value:  # bound again to the same API: either binding may be the reported one
                    self.binding_lines[target] = tuple(dict.fromkeys((*self.binding_lines[target], *chain)))
        if self.aliases:
            self.visit(tree)
        # `tf.model = tf.keras.Sequential()` puts a name on the module at run time: its uses resolve.
        own = {self._dotted(node) for node in ast.walk(tree)
               if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)} - {None}
        if own:
            self.references = [r for r in self.references
                               if not any(r.name == name or r.name.startswith(name + ".") for name in own)]
        return self.references

    def _dotted(self, node: ast.expr) -> str | None:
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name) and node.id in self.aliases:
            return ".".join([self.aliases[node.id], *reversed(parts)])
        return None

    @staticmethod
    def _root(node: ast.expr) -> str | None:
        while isinstance(node, ast.Attribute):
            node = node.value
        return node.id if isinstance(node, ast.Name) else None

    def _via(self, node: ast.expr) -> tuple[int, ...]:
        return self.binding_lines.get(self._root(node) or "", ())

    def visit_Attribute(self, node: ast.Attribute) -> None:
        name = self._dotted(node)
        if name is None:
            self.generic_visit(node)
        else:
            self.references.append(Reference(self.path, node.lineno, name, via=self._via(node)))

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load) and node.id in self.aliases:
            self.references.append(Reference(self.path, node.lineno, self.aliases[node.id], via=self._via(node)))

    def visit_Call(self, node: ast.Call) -> None:
        name = self._dotted(node.func)
        keywords = [k for k in node.keywords if k.arg]
        first = node.args[0] if node.args else None
        if isinstance(first, ast.UnaryOp) and isinstance(first.op, ast.USub):
            first = first.operand
        pre_1_0 = (name in PRE_1_0_ORDERS and isinstance(first, ast.Constant) and type(first.value) is int)
        if pre_1_0 or (name in MEANING_CHANGED_POSITIONALS and len(node.args) > MEANING_CHANGED_POSITIONALS[name]):
            self.references.append(Reference(self.path, node.lineno, name, via=self._via(node.func),
                                             meaning_changed=True))
        if name is not None and keywords:
            # Each keyword is judged on its own line, where a multi-line call puts it.
            for keyword in keywords:
                self.references.append(Reference(self.path, keyword.lineno, name, (keyword.arg,), self._via(node.func),
                                                 call_line=node.lineno))
            self.visit(node.func)
            for argument in [*node.args, *(k.value for k in node.keywords)]:
                self.visit(argument)
            return
        self.generic_visit(node)


def _dotted_tensorflow(name: str) -> str:
    """A finding's `tf.x.y` as the collector spells it: `tensorflow.x.y`."""
    return "tensorflow" + name[2:] if name.startswith("tf.") else name


def _module_level(tree: ast.Module) -> list[ast.stmt]:
    statements, pending = [], list(tree.body)
    while pending:
        statement = pending.pop(0)
        statements.append(statement)
        if isinstance(statement, (ast.If, ast.Try, ast.With)):
            for block in ("body", "orelse", "finalbody", "handlers"):
                for child in getattr(statement, block, []):
                    pending.extend(child.body if isinstance(child, ast.ExceptHandler) else [child])
    return statements


class TensorFlowOracle:
    """Asks the installed TensorFlow 2 whether a dotted name resolves and what it accepts."""

    def __init__(self) -> None:
        import tensorflow

        self.version = tensorflow.__version__
        self.fresh = FreshResolver()

    MISSING = _MISSING = object()

    def resolve(self, name: str) -> object:
        """The object itself, for signatures; only asked once a fresh child said it resolves."""
        value = resolve_here(name)
        return self._MISSING if value is MISSING else value

    def is_program_flag(self, name: str) -> bool:
        """FLAGS.model_dir on a flags object that still exists (tf.compat.v1.flags.FLAGS): the flag
        comes from the program's own DEFINE_* calls, which this interpreter never ran."""
        if ".FLAGS." not in name:
            return False
        owner = name[:name.index(".FLAGS.") + len(".FLAGS")]  # FLAGS.task_name.lower: the value's own attribute
        return (self.fresh.resolves(owner)
                and "FlagValues" in type(self.resolve(owner)).__name__)  # absl FlagValues or TF's wrapper of it

    def works(self, reference: Reference) -> bool:
        if reference.meaning_changed:
            return False
        if not self.fresh.resolves(reference.name):
            return self.is_program_flag(reference.name)
        value = self.resolve(reference.name)
        if value is self._MISSING:
            return False
        if not reference.keywords or not callable(value):
            return True
        try:
            parameters = inspect.signature(value).parameters.values()
        except (TypeError, ValueError):
            return True
        if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
            return True
        accepted = {p.name for p in parameters}
        if inspect.isclass(value):
            accepted -= {"self"}
        return all(keyword in accepted for keyword in reference.keywords)


def run_tf1lint(tree: Path) -> list[dict]:
    tf1lint = Path(sys.executable).parent / "tf1lint"
    command = [str(tf1lint)] if tf1lint.exists() else [sys.executable, "-m", "tf1lint"]
    # No results cache: every run analyses the code with the tf1lint under test.
    completed = subprocess.run([*command, "check", "--format", "json", str(tree)], capture_output=True, text=True,
                               check=False, env={**os.environ, "TF1LINT_NO_CACHE": "1"})
    # A crash exits 1 like a run with findings, but prints no JSON: never count it as "nothing flagged".
    if completed.returncode not in (0, 1, 3) or (completed.returncode and not completed.stdout.strip()):
        raise SystemExit(f"{tree}: tf1lint check failed (exit {completed.returncode}): "
                         f"{(completed.stderr.strip().splitlines() or ['no message'])[-1]}")
    return json.loads(completed.stdout or "[]")


def measure(tree: Path, oracle: TensorFlowOracle) -> TreeResult:
    result = TreeResult(str(tree))
    failing_names: dict[tuple[str, int], list[str]] = defaultdict(list)
    failing_via: dict[tuple[str, int], list[tuple[int, ...]]] = defaultdict(list)
    failing_calls: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)  # (call line or 0, name)
    for path in sorted(tree.rglob("*.py")):
        result.files += 1
        try:
            parsed = ast.parse(path.read_bytes(), filename=str(path))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            result.unparsable += 1
            continue
        for reference in _Collector(str(path)).collect(parsed):
            if reference.label in NOT_TENSORFLOW:
                result.not_tensorflow.append(f"{reference.path}:{reference.line} {reference.label}")
                continue
            if (reference.keywords or reference.meaning_changed) and not oracle.fresh.resolves(reference.name):
                continue  # the call fails at its name, which is its own reference
            result.references += 1
            key = (reference.path, reference.line)
            if oracle.works(reference):
                result.working_lines.add(key)
            else:
                result.failing_references += 1
                result.failing_lines.add(key)
                failing_names[key].append(reference.label)
                failing_via[key].append(reference.via)
                failing_calls[key].append((reference.call_line if reference.keywords else 0, reference.name))
    findings = run_tf1lint(tree)
    by_line: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for finding in findings:
        key = (str(Path(finding["path"])), finding["line"])
        by_line[key].append(finding)
        result.flagged_any_lines.add(key)
        if finding["severity"] == "error" or finding.get("guarded"):
            result.flagged_error_lines.add(key)
    # A binding reported once with its uses covers the failing names that go through it.
    bindings_any = {(str(Path(f["path"])), f["line"]) for f in findings if f.get("uses")}
    bindings_error = {(str(Path(f["path"])), f["line"]) for f in findings if f.get("uses") and f["severity"] == "error"}
    for key in result.failing_lines:
        for reported, flagged, covered in ((bindings_error, result.flagged_error_lines, result.via_binding_error_lines),
                                           (bindings_any, result.flagged_any_lines, result.via_binding_any_lines)):
            if key not in flagged and all(any((key[0], line) in reported for line in via) for via in failing_via[key]):
                covered.add(key)
    # A failing keyword of a call that is reported as a whole, at error level on the line where the call starts, for
    # that very API (an entry judging the call, such as from_saved_model given TF1's input_shapes=): it is reported.
    # A keyword finding judges only its own keyword, never the call's others.
    call_errors = {(str(Path(f["path"])), f["line"], _dotted_tensorflow(f.get("name") or f.get("api") or ""))
                   for f in findings if f["severity"] == "error" and "changed-keyword" not in f["symbol"]}
    reported_calls = set()
    for key in result.failing_lines - result.flagged_error_lines - result.via_binding_error_lines:
        calls = failing_calls[key]
        if all(line and line != key[1] and (key[0], line, name) in call_errors for line, name in calls):
            result.via_call_lines.add(key)
            reported_calls |= {(key[0], line) for line, _ in calls}
    result.flagged_error_lines |= result.via_binding_error_lines | result.via_call_lines
    result.flagged_any_lines |= result.via_binding_any_lines | result.via_call_lines
    for key in sorted(result.failing_lines - result.flagged_error_lines):
        for name in failing_names[key]:
            result.missed[name] += 1
            result.missed_lines.append(f"{key[0]}:{key[1]} {name}")
    for key in sorted(result.flagged_error_lines - result.failing_lines - reported_calls):
        if key in result.working_lines:
            result.false_errors.append((key, [f["rule"] for f in by_line[key] if f["severity"] == "error"]))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=10, help="how many missed names and false errors to list")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    arguments = parser.parse_args()
    oracle = TensorFlowOracle()
    print(f"TensorFlow {oracle.version}")
    print(f"{'tree':28} {'files':>6} {'refs':>7} {'failing lines':>13} {'flagged':>8} {'recall':>8}"
          f" {'any level':>9} {'false errors':>12} {'via binding':>11}")
    summary = []
    for tree in arguments.trees:
        result = measure(tree.resolve(), oracle)
        failing = len(result.failing_lines)
        flagged = len(result.failing_lines & result.flagged_error_lines)
        recall = 100.0 * flagged / failing if failing else 100.0
        any_level = 100.0 * len(result.failing_lines & result.flagged_any_lines) / failing if failing else 100.0
        print(f"{tree.name:28} {result.files:>6} {result.references:>7} {failing:>13} {flagged:>8} {recall:>7.2f}% "
              f"{any_level:>8.2f}% {len(result.false_errors):>12} {len(result.via_binding_error_lines):>11}")
        for name, count in result.missed.most_common(arguments.show):
            print(f"    missed {count:>4}x {name}")
        for (path, line), rules in result.false_errors[: arguments.show]:
            print(f"    false error {path}:{line} {rules}")
        for use in result.not_tensorflow[: arguments.show]:
            print(f"    not measured (no TensorFlow API) {use}")
        summary.append({"tree": str(tree), "files": result.files, "unparsable": result.unparsable,
                        "references": result.references, "failing_lines": failing, "flagged_failing_lines": flagged,
                        "recall_percent": round(recall, 3), "recall_any_level_percent": round(any_level, 3), "false_errors": len(result.false_errors),
                        "flagged_via_binding": len(result.via_binding_error_lines),
                        "flagged_via_call": len(result.via_call_lines),
                        "missed": dict(result.missed.most_common(50)), "missed_lines": result.missed_lines,
                        "not_tensorflow_lines": result.not_tensorflow})
    if arguments.json:
        arguments.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
