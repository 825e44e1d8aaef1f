"""Regenerate rules/generated/*.yaml from the installed TensorFlow's own upgrade tables.

    python -m tools.catalogue.generate_catalogue            # writes rules/generated/
    python -m tools.catalogue.generate_catalogue --check    # exit 1 if the committed files differ

The tables behind tf_upgrade_v2 (tensorflow/tools/compatibility) say which TF1 name maps
to which TF2 name, which keywords were renamed, which arguments moved. Those mappings are
facts; every verdict is re-decided here by asking the installed TensorFlow (2.21, Keras 3)
whether the old name and the suggested one still resolve, and every note is our own.
Entries already present in the hand-written rules/*.yaml (same API, same aspect) are
skipped: hand-written entries win. Output is sorted and byte-identical run after run.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import sys
from pathlib import Path

import yaml

from tools.catalogue.signatures import moves_a_positional, signature_mismatch
from tools.catalogue.tf_resolution import MISSING, FreshResolver, resolve_here

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
GENERATED = RULES / "generated"
OVERRIDES = RULES / "overrides.yaml"


def read_overrides(path: Path) -> dict:
    """The hand-decided facts (TF2 ways, graph-only APIs, mechanical verdicts), checked for shape:
    each table a mapping of names to texts or a list of names."""
    shapes = {"tf2_way": dict, "tf2_way_by_prefix": dict, "graph_only": list, "graph_only_prefixes": list,
              "signature_only": list, "drop_in_modules": list, "fix_by_hand": dict, "not_mechanical": dict,
              "mechanical": list}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != set(shapes):
        raise SystemExit(f"{path}: expected the tables {', '.join(shapes)}")
    for table, shape in shapes.items():
        items = data[table].values() if isinstance(data[table], dict) else data[table]
        if not isinstance(data[table], shape) or table != "tf2_way_by_prefix" and not all(
                isinstance(item, str) for item in items):
            raise SystemExit(f"{path}: {table} must be a {'mapping of names to texts' if shape is dict else 'list of names'}")
    for prefix, family in data["tf2_way_by_prefix"].items():
        if not isinstance(family, dict) or set(family) != {"way", "package"}:
            raise SystemExit(f"{path}: tf2_way_by_prefix {prefix} needs a way and a package (or null)")
    return data


_OVERRIDES = read_overrides(OVERRIDES)
TF2_WAY: dict[str, str] = _OVERRIDES["tf2_way"]
# prefix -> (replacement; '{leaf}' stands for the member's name, package or None)
TF2_WAY_BY_PREFIX: dict[str, tuple[str, str | None]] = {
    prefix: (family["way"], family["package"]) for prefix, family in _OVERRIDES["tf2_way_by_prefix"].items()}
GRAPH_ONLY: frozenset[str] = frozenset(_OVERRIDES["graph_only"])
GRAPH_ONLY_PREFIXES: tuple[str, ...] = tuple(_OVERRIDES["graph_only_prefixes"])
SIGNATURE_ONLY: frozenset[str] = frozenset(_OVERRIDES["signature_only"])
DROP_IN_MODULES: frozenset[str] = frozenset(_OVERRIDES["drop_in_modules"])
FIX_BY_HAND: dict[str, str] = _OVERRIDES["fix_by_hand"]
NOT_MECHANICAL: dict[str, str] = _OVERRIDES["not_mechanical"]
MECHANICAL: frozenset[str] = frozenset(_OVERRIDES["mechanical"])
NAME_KINDS = {"renamed", "compat-only", "removed", "deprecated", "behaviour-changed", "compat-v1"}
KERAS3_BREAK = "2.16"  # TF 2.16 made Keras 3 the tf.keras and dropped tf.estimator

# TF2 functions that keep their TF1 name but can compute something else without any error.
SILENT_CHANGES = {
    "tf.nn.softmax_cross_entropy_with_logits", "tf.strings.split", "tf.image.extract_glimpse",
    "tf.nn.ctc_beam_search_decoder", "tf.summary.scalar", "tf.summary.histogram", "tf.summary.image",
    "tf.summary.audio", "tf.summary.text", "tf.while_loop", "tf.ones_like", "tf.zeros_like",
}

# Method patterns like "*.save" name a method of any object: not decidable statically.
UNDECIDABLE_PREFIX = "*."


class TensorFlow:
    """Resolution of dotted `tf.` names against the installed TensorFlow, with reasons."""

    MISSING = object()

    def __init__(self) -> None:
        import tensorflow

        self.module = tensorflow
        self.fresh = FreshResolver()
        self.version = ".".join(tensorflow.__version__.split(".")[:2])
        self.failure_reason: dict[str, str] = {}

    def get(self, name: str) -> object:
        """The object itself (signatures, docstrings); verdicts come from `resolves`."""
        value = resolve_here(name)
        return self.MISSING if value is MISSING else value

    def resolves(self, name: str) -> bool:
        if not name.startswith("tf."):
            return False
        ok, reason = self.fresh.check(name)
        if not ok:
            self.failure_reason[name] = reason
        return ok

    def parameters(self, name: str) -> list[str] | None:
        """Positional-or-keyword parameter names of a TF2 callable, None if unknown or **kwargs."""
        if not self.resolves(name):
            return None
        value = self.get(name)
        if value is self.MISSING or not callable(value):
            return None
        try:
            signature = inspect.signature(value)
        except (TypeError, ValueError):
            return None
        names = []
        for parameter in signature.parameters.values():
            if parameter.kind is inspect.Parameter.VAR_KEYWORD:
                return None
            if parameter.name != "self":
                names.append(parameter.name)
        return names

    def marked_deprecated(self, name: str) -> bool:
        """TensorFlow's deprecation decorator writes '(deprecated)' into the first docstring line."""
        doc = getattr(self.get(name), "__doc__", None) or "" if self.resolves(name) else ""
        return "deprecated" in doc.strip().split("\n", 1)[0].lower()

    def broken_by_keras3(self, name: str) -> bool:
        reason = self.failure_reason.get(name, "")
        return "Keras 3" in reason or "keras" in reason.lower() or ".estimator" in name or "tf_keras" in reason


def camel(snake: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_") if part)


def suggested_replacement(old: str, tf: TensorFlow) -> str | None:
    """The TF2 way for common TF1 families, only if it resolves on the installed TensorFlow."""
    short = old.removeprefix("tf.compat.v1.").removeprefix("tf.")
    head, _, leaf = short.rpartition(".")
    if short in TF2_WAY:
        return TF2_WAY[short]
    for prefix, (way, _package) in TF2_WAY_BY_PREFIX.items():
        if short.startswith(prefix):
            return way.format(leaf=leaf)
    candidates: list[str] = []
    if head in ("layers", "keras.layers"):
        fixes = {"max_pooling2d": "MaxPool2D", "max_pooling1d": "MaxPool1D", "max_pooling3d": "MaxPool3D",
                 "average_pooling2d": "AveragePooling2D", "average_pooling1d": "AveragePooling1D",
                 "average_pooling3d": "AveragePooling3D", "conv2d_transpose": "Conv2DTranspose",
                 "conv3d_transpose": "Conv3DTranspose", "conv1d": "Conv1D", "conv2d": "Conv2D", "conv3d": "Conv3D",
                 "separable_conv1d": "SeparableConv1D", "separable_conv2d": "SeparableConv2D",
                 "batch_normalization": "BatchNormalization", "InputSpec": "InputSpec"}
        candidates.append(f"tf.keras.layers.{fixes.get(leaf, camel(leaf) if leaf.islower() else leaf)}")
    elif head in ("nn.rnn_cell", "contrib.rnn"):
        fixes = {"BasicLSTMCell": "LSTMCell", "BasicRNNCell": "SimpleRNNCell", "MultiRNNCell": "StackedRNNCells",
                 "RNNCell": "Layer"}
        candidates.append(f"tf.keras.layers.{fixes.get(leaf, leaf)}")
    elif head == "train" and leaf.endswith("Optimizer"):
        name = leaf.removesuffix("Optimizer").replace("GradientDescent", "SGD").replace("RMSProp", "RMSprop")
        candidates.append(f"tf.keras.optimizers.{name}")
    elif leaf.endswith("_initializer") or head in ("initializers", "keras.initializers"):
        candidates.append(f"tf.keras.initializers.{camel(leaf.removesuffix('_initializer'))}")
    elif head == "losses":
        candidates += [f"tf.keras.losses.{leaf}", f"tf.keras.losses.{camel(leaf)}"]
    elif head == "metrics":
        candidates.append(f"tf.keras.metrics.{camel(leaf)}")
    for candidate in candidates:
        if tf.resolves(candidate):
            return candidate
    guidance = {
        "logging": "Python's logging module (or absl.logging)",
        "flags": "absl.flags", "app.flags": "absl.flags", "app": "absl.app",
        "summary": "tf.summary functions with step=, inside a tf.summary.create_file_writer(...).as_default() block",
        "gfile": "tf.io.gfile",
        "saved_model.loader": "tf.saved_model.load",
        "saved_model.builder": "tf.saved_model.save",
        "data": "iterate the tf.data.Dataset directly (for x in dataset, or iter(dataset))",
    }
    for prefix, text in guidance.items():
        if short == prefix:
            return text
    for prefix, text in guidance.items():
        if head == prefix or head.startswith(prefix + "."):
            return text
    special = {"Print": "tf.print", "assign": "variable.assign(value)", "assign_add": "variable.assign_add(value)",
               "assign_sub": "variable.assign_sub(value)", "py_func": "tf.numpy_function or tf.py_function",
               "get_default_session": "call the computation directly; there is no session",
               "variables_initializer": "drop the call: variables are initialised when created",
               "enable_eager_execution": "drop the call: TF2 is eager by default",
               "nn.dynamic_rnn": "tf.keras.layers.RNN", "nn.static_rnn": "tf.keras.layers.RNN",
               "nn.bidirectional_dynamic_rnn": "tf.keras.layers.Bidirectional",
               "nn.static_bidirectional_rnn": "tf.keras.layers.Bidirectional",
               "AUTO_REUSE": "share variables by reusing the Keras layer or tf.Module object",
               "layers.Layer": "tf.keras.layers.Layer", "get_variable": "tf.Variable",
               "train.Saver": "tf.train.Checkpoint", "train.MonitoredTrainingSession": "tf.keras.Model.fit",
               "train.MonitoredSession": "tf.keras.Model.fit", "train.Supervisor": "tf.keras.Model.fit",
               "train.SessionRunHook": "tf.keras.callbacks.Callback", "metrics.accuracy": "tf.keras.metrics.Accuracy"}
    return special.get(short)


def suggested_package(old: str) -> str | None:
    short = old.removeprefix("tf.compat.v1.").removeprefix("tf.")
    return next((package for prefix, (_way, package) in TF2_WAY_BY_PREFIX.items() if short.startswith(prefix)), None)


def graph_only(api: str) -> bool:
    short = api.removeprefix("tf.")
    return api.startswith("tf.") and (short in GRAPH_ONLY or short.startswith(GRAPH_ONLY_PREFIXES))


def module_prefix(api: str) -> str:
    return api.removeprefix("tf.")


def entry(id_: str, api: str, kind: str, note: str, **fields: object) -> dict:
    record: dict = {"id": id_, "api": api, "kind": kind}
    for key in ("severity", "replacement", "package", "compat", "since", "until", "keywords", "arguments",
                "tf2_arguments", "fix", "when", "as_value", "drop_in", "graph_only", "mechanical"):
        if fields.get(key) not in (None, "", {}, [], False) or (key == "mechanical" and fields.get(key) is False
                                                                  and kind == "renamed"):
            record[key] = fields[key]
    if kind in NAME_KINDS and graph_only(api) and not api.endswith(".*"):
        record["graph_only"] = True
    if api.removesuffix(".*") in DROP_IN_MODULES and kind in NAME_KINDS:
        record["drop_in"] = True
    mechanical = _mechanical_verdict(api)
    if mechanical is not None:
        record["mechanical"] = mechanical
    if api.removeprefix("tf.") in FIX_BY_HAND and kind in NAME_KINDS:
        record["fix"] = {"by_hand": FIX_BY_HAND[api.removeprefix("tf.")]}
    record["note"] = note
    return record


def _mechanical_verdict(api: str) -> bool | None:
    """The per-entry decision from rules/overrides.yaml, or None to keep the kind's default."""
    short = api.removeprefix("tf.")
    if short in NOT_MECHANICAL:
        return False
    if short in MECHANICAL:
        return True
    return None


class Generator:
    def __init__(self, tf: TensorFlow, spec) -> None:
        self.tf = tf
        self.spec = spec
        self.hand_written = self._hand_written_uses()
        self.files: dict[str, list[dict]] = {name: [] for name in ("renames", "keywords", "reorders", "warnings",
                                                                    "modules", "compat_v1")}
        self.taken: set[tuple[str, str]] = set(self.hand_written)
        self.ids: set[str] = set()
        self.alias_keys: list[str] = []
        self.still_valid: list[str] = []
        self.undecidable: list[str] = []
        self.unchanged_keywords: list[str] = []  # deprecated keywords TF2 still accepts: warnings
        self.renamed_in_place: list[str] = []  # reorder tables whose only change is a name in the same place

    @staticmethod
    def _hand_written_records() -> list[dict]:
        records = []
        for path in sorted(RULES.glob("*.yaml")):
            document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            records += [item for item in document.get("entries", []) or []
                        if isinstance(item, dict) and "api" in item and "kind" in item]
        return records

    def _hand_written_uses(self) -> set[tuple[str, str]]:
        return {(item["api"], _aspect(item["kind"])) for item in self._hand_written_records()}

    def add(self, file: str, record: dict) -> None:
        use = (record["api"], _aspect(record["kind"]))
        if use in self.hand_written or record["id"] in self.ids:
            return
        # Two verdicts for one use only when they split the versions (until/since pairs).
        if use in self.taken and "until" not in record and "since" not in record:
            return
        self.taken.add(use)
        self.ids.add(record["id"])
        self.files[file].append(record)

    # -- symbol renames --------------------------------------------------------------------------

    def renames(self) -> None:
        for old, new in sorted(self.spec.symbol_renames.items()):
            if old.startswith(UNDECIDABLE_PREFIX):
                self.undecidable.append(old)
                continue
            if not old.startswith("tf."):
                # Keys like contrib_batching.x stand for the table's own import aliases, not for an API path.
                self.alias_keys.append(old)
                continue
            self.rename(old, new)

    def rename(self, old: str, new: str) -> None:
        tf = self.tf
        key = module_prefix(old)
        old_ok, new_ok = tf.resolves(old), tf.resolves(new)
        is_compat = new.startswith("tf.compat.v1.")
        if old_ok:
            if module_prefix(old) in SIGNATURE_ONLY and is_compat:
                self.signature_differences(old, new)
                return
            if old.startswith("tf.keras.") or not self.tf.marked_deprecated(old) and not is_compat:
                # A valid TF2 name (Keras churn between TF2 releases, a preferred alias): not TF1 debt.
                self.still_valid.append(old)
                return
            if is_compat:
                self.add("renames", entry(
                    f"behaviour:{key}", old, "behaviour-changed", compat=new,
                    replacement=suggested_replacement(old, tf) or f"check the call against the TF2 signature; {new}"
                    " keeps the TF1 behaviour",
                    note=f"TF2 has a different function under this name; the TF1 behaviour lives on as {new}."))
            else:
                self.add("renames", entry(
                    f"deprecated:{key}", old, "deprecated", replacement=new if new_ok else None,
                    note=f"Still available, but {new} is its TF2 name; the old spelling may go away."))
            return
        if new_ok and is_compat:
            self.add("renames", entry(
                f"compat-only:{key}", old, "compat-only", compat=new, replacement=suggested_replacement(old, tf),
                package=suggested_package(old),
                note="Gone from the TF2 namespace; only tf.compat.v1 keeps it, with TF1 semantics."))
        elif new_ok:
            # `--fix` renames safely only onto the very object TF1 had under the old name.
            same = tf.get("tf.compat.v1." + key) is tf.get(new) is not tf.MISSING
            self.add("renames", entry(f"renamed:{key}", old, "renamed", replacement=new,
                                      mechanical=self.same_call(f"tf.compat.v1.{key}", new),
                                      fix=None if same else {"applicability": "unsafe"},
                                      note=f"Moved to {new}; the TF1 spelling no longer exists."))
        elif is_compat and tf.broken_by_keras3(new):
            replacement = suggested_replacement(old, tf)
            package = None if replacement else "tf-keras"
            self.add("renames", entry(
                f"compat-only:{key}", old, "compat-only", compat=new, replacement=replacement, until=KERAS3_BREAK,
                note="Gone from the TF2 namespace; tf.compat.v1 keeps it until TF 2.15."))
            self.add("renames", entry(
                f"removed:{key}", old, "removed", replacement=replacement, package=package, since=KERAS3_BREAK,
                note=_keras3_note(new)))
            self.compat_path_removed(new, replacement, package)
        else:
            replacement = suggested_replacement(old, tf)
            self.add("renames", entry(f"removed:{key}", old, "removed", replacement=replacement,
                                      note=f"Not available on TensorFlow {tf.version}, not even under tf.compat.v1."))

    def signature_differences(self, api: str, tf1: str) -> None:
        """Entries for what really differs between the TF1 function (tf.compat.v1.X) and tf.X: keywords
        TF2 refuses, and positional places that now hold another parameter."""
        old, new = self.tf.parameters(tf1), self.tf.parameters(api)
        if old is None or new is None:
            raise SystemExit(f"{api}: SIGNATURE_ONLY needs readable signatures of {api} and {tf1}")
        renames = {k: v for k, v in self.spec.function_keyword_renames.get(api, {}).items() if v in new}
        changed = {p: renames.get(p) for p in old if p not in new}
        if changed:
            self.add("keywords", entry(
                f"keywords:{module_prefix(api)}", api, "keyword-changed", keywords=dict(sorted(changed.items())),
                replacement=_keyword_fix(changed), note=_keyword_note(changed)))
        old_order = [renames.get(p, p) if renames.get(p) not in old else p for p in old]
        shared = next((i for i, (a, b) in enumerate(zip(old_order, new)) if a != b), min(len(old_order), len(new)))
        if shared < len(old_order) and not moves_a_positional(old, new, renames):
            self.renamed_in_place.append(api)
        elif shared < len(old_order):
            self.add("reorders", entry(
                f"reorder:{module_prefix(api)}", api, "arguments-reordered", arguments=old_order,
                tf2_arguments=new or ["(keywords only)"], severity=_reorder_severity(old_order, new),
                replacement=_reorder_fix(api, old_order, new), note=_reorder_note(old_order, new)))
        if not changed and shared >= len(old_order):
            self.still_valid.append(api)

    def same_call(self, tf1: str, tf2: str) -> bool | None:
        """A rename is mechanical only if every TF1 call means the same on the TF2 name; None: cannot tell."""
        if not (self.tf.resolves(tf1) and self.tf.resolves(tf2)):
            return None
        old, new = self.tf.get(tf1), self.tf.get(tf2)
        if not (callable(old) and callable(new)):
            return None
        return signature_mismatch(old, new) is None

    def compat_path_removed(self, compat: str, replacement: str | None, package: str | None) -> None:
        """Code already run through tf_upgrade_v2 spells it tf.compat.v1.X: that fails too on Keras 3."""
        self.add("renames", entry(f"removed:{module_prefix(compat)}", compat, "removed", replacement=replacement,
                                  package=package, since=KERAS3_BREAK, note=_keras3_note(compat)))

    # -- keywords -------------------------------------------------------------------------------

    def keywords(self) -> None:
        merged: dict[str, dict[str, str | None]] = {}
        for function, renames in self.spec.function_keyword_renames.items():
            merged.setdefault(function, {}).update(renames)
        for function, warnings_by_arg in self.spec.function_arg_warnings.items():
            accepted = self.tf.parameters(function)
            for argument, _position in warnings_by_arg:
                if accepted is not None and argument not in accepted:
                    merged.setdefault(function, {}).setdefault(argument, None)
        for function, renames in sorted(merged.items()):
            if function.startswith(UNDECIDABLE_PREFIX):
                self.undecidable.append(function)
                continue
            if module_prefix(function) in SIGNATURE_ONLY:
                continue  # judged from its signatures by signature_differences
            accepted = self.tf.parameters(function)
            # A "new" name the TF2 function does not take is TF's marker for a dropped argument.
            changed = {old: (new if new is None or accepted is None or new in accepted else None)
                       for old, new in renames.items() if accepted is None or old not in accepted}
            if not changed:
                # TF2 still takes the TF1 keyword (tf.nn.l2_normalize's dim=), as a deprecated alias: it
                # runs today, so a warning with the TF2 spelling, not silence.
                still = {old: new for old, new in renames.items() if new is not None and accepted and new in accepted}
                if still:
                    self.unchanged_keywords.append(function)
                    self.add("keywords", entry(
                        f"keywords:{module_prefix(function)}", function, "keyword-changed", severity="warning",
                        keywords=dict(sorted(still.items())), replacement=_keyword_fix(still),
                        note=_deprecated_keyword_note(still)))
                continue
            self.add("keywords", entry(
                f"keywords:{module_prefix(function)}", function, "keyword-changed", keywords=dict(sorted(changed.items())),
                replacement=_keyword_fix(changed), note=_keyword_note(changed)))

    # -- reorders ----------------------------------------------------------------------------

    def reorders(self) -> None:
        from tensorflow.tools.compatibility import reorders_v2

        tables = dict(reorders_v2.reorders)
        tables.update(getattr(self.spec, "manual_function_reorders", {}) or {})
        for function, tf1_order in sorted(tables.items()):
            if function.startswith(UNDECIDABLE_PREFIX):
                self.undecidable.append(function)
                continue
            if module_prefix(function) in SIGNATURE_ONLY:
                continue  # judged from its signatures by signature_differences
            target = function if self.tf.resolves(function) else self.spec.symbol_renames.get(function, function)
            tf2_order = self.tf.parameters(target) or []
            # None in the table means "this place did not change": it holds the TF2 parameter.
            # A keyword TF2 only renamed (filter -> filters) keeps its place: write it with its TF2 name,
            # so the shared leading positionals count it and conv2d(x, w, strides, padding) is not reported.
            renames = {k: v for k, v in self.spec.function_keyword_renames.get(function, {}).items() if v in tf2_order}
            # ... unless TF1 already had a parameter of that name (argmax's axis and dimension): the order
            # must name each parameter once, or a fix by keyword would pass one twice.
            filled = [name or (tf2_order[i] if i < len(tf2_order) else f"arg{i}") for i, name in enumerate(tf1_order)]
            if not moves_a_positional(filled, tf2_order, renames):
                self.renamed_in_place.append(function)  # avg_pool's value -> input: same place, same meaning
                continue
            tf1_order = [renames[name] if name in renames and renames[name] not in filled else name for name in filled]
            self.add("reorders", entry(
                f"reorder:{module_prefix(function)}", function, "arguments-reordered",
                arguments=tf1_order, tf2_arguments=tf2_order or ["(keywords only)"],
                severity=_reorder_severity(tf1_order, tf2_order),
                replacement=_reorder_fix(function, tf1_order, tf2_order), note=_reorder_note(tf1_order, tf2_order)))

    # -- warnings, transformers and deprecated modules -------------------------------------------

    def behaviour(self) -> None:
        apis = set(self.spec.function_warnings) | set(self.spec.function_transformers)
        for api in sorted(apis):
            if api.startswith(UNDECIDABLE_PREFIX):
                self.undecidable.append(api)
                continue
            if not api.startswith("tf."):
                self.alias_keys.append(api)  # the table's import aliases (slim.x, contrib_layers.x), not API paths
                continue
            if module_prefix(api) in SIGNATURE_ONLY:
                if self.tf.resolves("tf.compat.v1." + module_prefix(api)):
                    self.signature_differences(api, "tf.compat.v1." + module_prefix(api))
                continue
            message = self.spec.function_warnings.get(api, ("", ""))[1]
            if (api, "name") in self.taken:
                continue  # a name verdict already covers it (renamed, compat-only, ...)
            if api not in SILENT_CHANGES and api not in self.spec.function_warnings and (api, "keywords") in self.taken:
                continue  # only an argument transformer, and the keyword entry reports that argument
            if api.startswith("tf.keras.") and self.tf.resolves(api):
                self.still_valid.append(api)  # Keras changes between releases; Keras 3 breaks are in keras3.yaml
                continue
            if not self.tf.resolves(api):
                self.add("warnings", entry(
                    f"removed:{module_prefix(api)}", api, "removed", replacement=suggested_replacement(api, self.tf),
                    note=f"Not available on TensorFlow {self.tf.version}."))
                continue
            # Where results change silently it is a warning; TF's other notes are mostly about arguments
            # (reported by keywords.yaml) and are kept as information for the inventory.
            severity = None if api in SILENT_CHANGES else "info"
            compat = "tf.compat.v1." + module_prefix(api)
            replacement = (f"check the call against the TF2 signature; {compat} keeps the TF1 behaviour"
                           if self.tf.resolves(compat) else "check the call against the TF2 documentation of " + api)
            self.add("warnings", entry(f"behaviour:{module_prefix(api)}", api, "behaviour-changed",
                                       severity=severity, replacement=replacement, note=_behaviour_note(message)))

    def modules(self) -> None:
        for module in sorted(self.spec.module_deprecations):
            api = module + ".*"
            if self.tf.resolves(module):
                self.add("modules", entry(f"deprecated:{module_prefix(module)}", api, "deprecated",
                                          note="This module is deprecated in TF2; move off it."))
            else:
                self.add("modules", entry(
                    f"removed:{module_prefix(module)}", api, "removed", replacement=_module_way_out(module),
                    note=f"The whole module is gone from TensorFlow {self.tf.version}."))

    # -- explicit tf.compat.v1 spellings ---------------------------------------------------------

    def compat_spellings(self) -> None:
        """tf_upgrade_v2 rewrote tf.X as tf.compat.v1.X; where that spelling fails on the installed
        TensorFlow (tf.compat.v1 never had it, or Keras 3 took it away) it is an error, like tf.X."""
        records = [r for r in self._hand_written_records() + [r for f in self.files.values() for r in f]
                   if _aspect(r["kind"]) == "name" and _holds_on(r, self.tf.version)]
        by_api = {r["api"].removesuffix(".*"): r for r in records}
        failing_now = {api for api, r in by_api.items() if _severity(r) == "error"}
        modules = {api for api, r in by_api.items() if r["api"].endswith(".*")}
        tf1_names = {api for api in by_api if api.startswith("tf.compat.v1.") or _is_tf1_spelling(api)}
        tf1_names |= {old for old in self.spec.symbol_renames if _is_tf1_spelling(old)}
        tf1_names |= {new for new in self.spec.symbol_renames.values() if new.startswith("tf.compat.v1.")}
        names = {api.removeprefix("tf.compat.v1.").removeprefix("tf.") for api in tf1_names}
        for module in sorted(api.removeprefix("tf.") for api in modules if _is_tf1_spelling(api)):
            names |= {f"{module}.{member}" for member in self.tf.fresh.members(f"tf.compat.v1.{module}")}
        for name in sorted(names, key=lambda n: (n.count("."), n)):  # modules before their members
            compat = f"tf.compat.v1.{name}"
            if _covered(compat, failing_now, modules) or self.tf.resolves(compat):
                continue
            tf1 = _most_specific(f"tf.{name}", by_api)
            is_module = f"tf.{name}" in modules
            keras3 = self.tf.broken_by_keras3(compat) or (tf1 is not None and tf1.get("since") == KERAS3_BREAK)
            reason = self.tf.failure_reason.get(compat, "").split(":", 1)[0] or "AttributeError"
            self.add("compat_v1", entry(
                f"removed:compat.v1.{name}", compat + (".*" if is_module else ""), "removed",
                replacement=(tf1 or {}).get("replacement"), package=(tf1 or {}).get("package"),
                since=KERAS3_BREAK if keras3 else None,
                note=(f"Under Keras 3 (TF {KERAS3_BREAK}+) {compat} raises {reason}; tf_upgrade_v2 of TF 2.0-2.15 wrote"
                      f" this spelling for tf.{name}." if keras3 else
                      f"TensorFlow {self.tf.version} has no {compat} ({reason}): tf.compat.v1 does not keep tf.{name}.")))
            failing_now.add(compat)
            if is_module:
                modules.add(compat)

    def run(self) -> dict[str, list[dict]]:
        self.renames()
        self.keywords()
        self.reorders()
        self.behaviour()
        self.modules()
        self.compat_spellings()
        return {name: sorted(records, key=lambda r: (r["api"], r["id"])) for name, records in self.files.items()}


def _holds_on(record: dict, version: str) -> bool:
    def number(text: str) -> tuple[int, int]:
        major, minor = text.split(".")
        return int(major), int(minor)

    now = number(version)
    return number(record.get("since", "2.0")) <= now and ("until" not in record or now < number(record["until"]))


def _severity(record: dict) -> str:
    default = "warning" if record["kind"] in ("deprecated", "behaviour-changed", "arguments-reordered") else "error"
    return record.get("severity", "info" if record["kind"] == "compat-v1" else default)


def _is_tf1_spelling(api: str) -> bool:
    """tf.X that names TF1 API: not TF2's own compat.v2, not the private tensorflow.python tree."""
    return api.startswith("tf.") and not api.startswith(("tf.compat.", "tf.python.")) and api != "tf.python"


def _covered(api: str, failing: set[str], modules: set[str]) -> bool:
    """Already an error: an entry for the name itself or for a module it is in."""
    if api in failing:
        return True
    prefix = api
    while "." in prefix:
        prefix = prefix.rsplit(".", 1)[0]
        if prefix in failing and prefix in modules:
            return True
    return False


def _most_specific(api: str, by_api: dict[str, dict]) -> dict | None:
    """The record that speaks for `api`: its own, or the nearest enclosing one."""
    prefix = api
    while prefix not in by_api and "." in prefix:
        prefix = prefix.rsplit(".", 1)[0]
    return by_api.get(prefix)


def _aspect(kind: str) -> str:
    # fragile-name entries (rules/checkpoint_names.yaml) judge how a call names its variables, never its name.
    return {"keyword-changed": "keywords", "arguments-reordered": "positional", "fragile-name": "naming"}.get(kind, "name")


def _keras3_note(compat: str) -> str:
    if ".estimator" in compat:
        return "tf.estimator was removed in TF 2.16; rewrite with Keras Model.fit or a custom training loop."
    return ("Needs Keras 2: from TF 2.16 tf.keras is Keras 3 and this raises an error; use the Keras 3 equivalent,"
            " or install tf-keras and set TF_USE_LEGACY_KERAS=1 as a stop-gap.")


def _keyword_fix(changed: dict[str, str | None]) -> str:
    renamed = [f"{old}= to {new}=" for old, new in sorted(changed.items()) if new is not None]
    removed = [f"{old}=" for old, new in sorted(changed.items()) if new is None]
    parts = (["rename " + ", ".join(renamed)] if renamed else []) + (["drop " + ", ".join(removed)] if removed else [])
    return "; ".join(parts)


def _reorder_fix(function: str, tf1_order: list[str], tf2_order: list[str]) -> str:
    named = [name for name in tf1_order if name in tf2_order and name != "name"][:4]
    if not tf2_order:
        return f"drop the positional arguments: TF2's {function} takes none (pass dtype where the value is created)"
    if not named:
        return f"call {function} with keyword arguments only"
    return f"pass the arguments by keyword: {function}({', '.join(name + '=...' for name in named)})"


def _reorder_severity(tf1_order: list[str], tf2_order: list[str]) -> str | None:
    """Every reported call passes more positional arguments than TF2 takes: a TypeError, so an error."""
    shared = next((i for i, (a, b) in enumerate(zip(tf1_order, tf2_order)) if a != b), min(len(tf1_order), len(tf2_order)))
    return "error" if shared >= len(tf2_order) and shared < len(tf1_order) else None


def _reorder_note(tf1_order: list[str], tf2_order: list[str]) -> str:
    shared = next((i for i, (a, b) in enumerate(zip(tf1_order, tf2_order)) if a != b), min(len(tf1_order), len(tf2_order)))
    if shared >= len(tf1_order):
        return (f"TF1's {shared} positional parameters keep their places in TF2; only calls with more than {shared}"
                " positional arguments are reported.")
    if shared >= len(tf2_order):
        return (f"TF2 takes only {len(tf2_order)} positional parameters; a TF1 call with more positional arguments"
                f" raises TypeError. Reported for calls with more than {shared} positional arguments.")
    return (f"TF1's positional parameter {shared + 1} was {tf1_order[shared]}; in TF2 that place holds {tf2_order[shared]}."
            f" Reported for calls with more than {shared} positional arguments.")


def _deprecated_keyword_note(still: dict[str, str]) -> str:
    pairs = ", ".join(f"{old} -> {new}" for old, new in sorted(still.items()))
    return (f"TF2 still accepts the TF1 keywords as deprecated aliases ({pairs}), so the call runs today; spell them"
            " the TF2 way before they go.")


def _keyword_note(changed: dict[str, str | None]) -> str:
    removed = sorted(old for old, new in changed.items() if new is None)
    renamed = sorted(f"{old} -> {new}" for old, new in changed.items() if new is not None)
    parts = []
    if renamed:
        parts.append("TF2 spells these keywords differently: " + ", ".join(renamed) + ".")
    if removed:
        parts.append("TF2 no longer accepts: " + ", ".join(removed) + "; passing them raises TypeError.")
    return " ".join(parts)


def _behaviour_note(message: str) -> str:
    text = message.lower()
    if "compat.v1" in text:
        return "The TF2 function of this name differs from TF1's (arguments or results); check each call or use tf.compat.v1."
    if "default" in text:
        return "A default changed in TF2; pass the argument explicitly to keep TF1 results."
    if "return" in text:
        return "What this returns changed in TF2; check how callers use the result."
    if "eager" in text or "graph" in text or "collection" in text:
        return "Relies on graph-mode machinery (collections, graph state) that behaves differently under eager TF2."
    if "dropout" in text or "rate" in text:
        return "The argument's meaning changed in TF2 (for dropout: rate of dropping, not keeping)."
    return "Behaves differently in TF2; compare with the TF2 documentation before relying on the same results."


def _module_way_out(module: str) -> str | None:
    return {"tf.flags": "absl.flags", "tf.app.flags": "absl.flags",
            "tf.contrib": "a TF2 core or Keras API, or a maintained package (tf-slim, TensorFlow Probability, ...)",
            "tf.contrib.cudnn_rnn": "tf.keras.layers.LSTM", "tf.contrib.rnn": "tf.keras.layers",
            "tf.contrib.distribute": "tf.distribute", "tf.contrib.summary": "tf.summary",
            "tf.contrib.learn": "tf.keras"}.get(module)


HEADER = """# GENERATED by tools/catalogue/generate_catalogue.py from the tf_upgrade_v2 tables of TensorFlow {version},
# with every verdict re-checked against that installed TensorFlow. Do not edit: change the
# hand-written rules/*.yaml (which win over these) or the generator, then run it again.
"""


def render(records: list[dict], version: str) -> str:
    body = yaml.safe_dump({"catalogue": 1, "tensorflow": version, "entries": records},
                          sort_keys=False, width=120, allow_unicode=True)
    return HEADER.format(version=version) + body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    arguments = parser.parse_args()
    from tensorflow.tools.compatibility import tf_upgrade_v2

    tf = TensorFlow()
    generator = Generator(tf, tf_upgrade_v2.TFAPIChangeSpec())
    outputs = {f"{name}.yaml": render(records, tf.version) for name, records in generator.run().items()}
    outputs["README.md"] = _readme(generator)
    # What the tables hold that got no entry, and why; tests/test_catalogue_tensorflow.py re-checks each reason.
    outputs["exclusions.json"] = json.dumps({
        "method_patterns": sorted(set(generator.undecidable)),
        "table_alias_keys": sorted(set(generator.alias_keys)),
        "valid_tf2_names": sorted(set(generator.still_valid)),
        "reorders_renamed_in_place": sorted(set(generator.renamed_in_place)),
    }, indent=1) + "\n"
    stale = []
    for name, text in outputs.items():
        path = GENERATED / name
        if arguments.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            GENERATED.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    counts = {name: len(records) for name, records in generator.files.items()}
    print(f"TensorFlow {tf.version}: {counts}; undecidable patterns: {sorted(set(generator.undecidable))}")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


def _readme(generator: Generator) -> str:
    undecidable = ", ".join(f"`{name}`" for name in sorted(set(generator.undecidable)))
    unchanged = ", ".join(f"`{name}`" for name in sorted(generator.unchanged_keywords)) or "none"
    return f"""# Generated catalogue files

Written by `python -m tools.catalogue.generate_catalogue` from the `tf_upgrade_v2` tables of the
installed TensorFlow ({generator.tf.version}); `--check` tells whether they are current. Do not edit them.

| file | from which table | kinds |
| --- | --- | --- |
| renames.yaml | symbol renames | renamed, compat-only, removed (with Keras 3 split at {KERAS3_BREAK}), deprecated, behaviour-changed |
| keywords.yaml | keyword renames, argument warnings about removed arguments | keyword-changed |
| reorders.yaml | argument reorders | arguments-reordered |
| warnings.yaml | function warnings and transformers | behaviour-changed, removed |
| modules.yaml | module deprecations | removed or deprecated module entries |
| compat_v1.yaml | every TF1 name above and in rules/*.yaml, spelled `tf.compat.v1.X` | removed, where that spelling fails on the installed TensorFlow |

How a rename `tf.X -> tf.Y` is judged, by asking the installed TensorFlow:
- `tf.X` still resolves and `tf.Y` is under `tf.compat.v1`: TF2 has another function of that name: behaviour-changed.
- `tf.X` still resolves otherwise: deprecated, replacement `tf.Y`.
- `tf.X` is gone and `tf.Y` resolves: renamed (or compat-only when `tf.Y` is a `tf.compat.v1` path).
- both are gone because of Keras 3 or the removal of `tf.estimator`: compat-only until {KERAS3_BREAK}, removed
  from {KERAS3_BREAK}, and the `tf.compat.v1` spelling itself gets a removed entry from {KERAS3_BREAK}.
- both are gone otherwise: removed.

Replacements are only written when they resolve on the installed TensorFlow (Keras layer,
optimizer, initializer, loss and metric names are derived and checked), or are guidance text;
the hand-decided ones (TF2 ways, graph-only APIs, mechanical verdicts) are in rules/overrides.yaml.

Functions whose TF2 version differs only in its signature (`signature_only` there) get keyword and
argument-order entries derived from `inspect.signature` of `tf.X` and `tf.compat.v1.X`, not a
"behaves differently" verdict on every call. A keyword TF2 only renamed keeps its positional place.

Not statically decidable (they name a method of any object), so not emitted: {undecidable}.

Keyword renames that the TF2 function still accepts as deprecated aliases, reported as warnings: {unchanged}.

Argument reorders that only rename a parameter in its place (`tf.nn.avg_pool`'s `value` -> `input`, a later
TF1 alias of an earlier place), so every TF1 positional call means the same, not emitted:
{", ".join(f"`{n}`" for n in sorted(set(generator.renamed_in_place))) or "none"}.

Renamed or warned-about names that are valid, undeprecated TF2 APIs (tf.keras churn between
TF2 releases, preferred aliases), so not TF1 debt and not emitted: {", ".join(f"`{n}`" for n in sorted(set(generator.still_valid)))}.

Table keys that are not API paths but the table's own import aliases (`contrib_batching.x`),
skipped: {len(generator.alias_keys)}. The contrib modules they stand for are covered module by module in
rules/contrib.yaml.
"""


if __name__ == "__main__":
    sys.exit(main())
