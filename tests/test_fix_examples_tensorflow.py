"""Proof by execution: each catalogue fix example runs as written on the real TensorFlow 1.14 and,
fixed by tf1lint (safe fixes only, then with --unsafe-fixes), on TensorFlow 2; the values agree.

Examples run in batches, one child process per side, so the suite stays fast. Fixes without an
example are proven otherwise (a test names how) or listed in tests/data/fix_examples_pending.txt.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT

from tf1lint.catalogue.fixes import Applicability
from tf1lint.catalogue.model import Kind
from tf1lint.fix.targets import inherited_target, name_target
from tf1lint.run.apply_fixes import fix_source
from tf1lint.run.config import Settings
from tf1lint.run.pipeline import Document, analyse
from tf1lint.run.runner import load_index

pytestmark = pytest.mark.tensorflow
RUNNER = ROOT / "tests" / "fix_example_runner.py"
PENDING = ROOT / "tests" / "data" / "fix_examples_pending.txt"
PRELUDE = "import tensorflow as tf\n"


@pytest.fixture(scope="module")
def loaded():
    catalogue, index, problems = load_index(Settings())
    assert problems == []
    return catalogue, index


def _examples(catalogue):
    for entry in catalogue.entries:
        for number, example in enumerate(entry.fix.examples if entry.fix is not None else ()):
            yield f"{entry.id}#{number + 1}", entry, example


def _run_batch(python: str, batch: list[dict]) -> dict[str, dict]:
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "", "PYTHONWARNINGS": "ignore"}
    environment.pop("PYTHONPATH", None)  # the child sees only its own TensorFlow, never this checkout
    completed = subprocess.run([python, str(RUNNER)], input=json.dumps(batch), capture_output=True, text=True,
                               env=environment, timeout=900)
    assert "@@RESULTS@@" in completed.stdout, completed.stderr[-3000:]
    outcomes = json.loads(completed.stdout.split("@@RESULTS@@", 1)[1])
    return {outcome["key"]: outcome for outcome in outcomes}


def _same(before, after, tolerance: float) -> bool:
    if isinstance(before, dict) and "array" in before:
        return (isinstance(after, dict) and before["shape"] == after.get("shape")
                and before["dtype"] == after.get("dtype")
                and np.allclose(before["array"], after["array"], rtol=tolerance, atol=tolerance))
    if isinstance(before, dict):
        return isinstance(after, dict) and before.keys() == after.keys() and all(
            _same(before[key], after[key], tolerance) for key in before)
    if isinstance(before, list):
        return isinstance(after, list) and len(before) == len(after) and all(
            _same(one, other, tolerance) for one, other in zip(before, after))
    if isinstance(before, float) and isinstance(after, (int, float)):
        return bool(np.isclose(before, after, rtol=tolerance, atol=tolerance))
    return before == after


def test_every_fix_example_computes_on_tensorflow_2_what_it_computed_on_tensorflow_1_14(loaded, tf114_python) -> None:
    catalogue, index = loaded
    befores, afters, expectations = [], [], []
    for key, entry, example in _examples(catalogue):
        before = PRELUDE + example.before
        findings = [f for f in analyse(Document("example.py", before), index, fixes=True).findings if f.entry.id == entry.id]
        assert findings and all(f.fix is not None for f in findings), f"{key}: the example does not exercise its fix"
        befores.append({"key": key, "code": before, "argv": list(example.argv)})
        for tier, unsafe in (("safe", False), ("unsafe", True)):
            result = fix_source(before.encode(), "example.py", index, unsafe=unsafe)
            assert result.failure is None, key
            after = result.fixed.decode()
            if tier == "unsafe":
                left = [f for f in analyse(Document("example.py", after), index, fixes=True).findings if f.entry.id == entry.id]
                assert after != before and not left, f"{key}: --unsafe-fixes leaves\n{after}"
            elif after == before:
                continue  # nothing safe to apply: the safe tier leaves the program as it was
            afters.append({"key": f"{key}:{tier}", "code": after, "argv": list(example.argv)})
            expectations.append((key, f"{key}:{tier}", example.tolerance))
    assert len(befores) >= 10
    old = _run_batch(tf114_python, befores)
    new = _run_batch(sys.executable, afters)
    failures = []
    for key, after_key, tolerance in expectations:
        if "error" in old[key]:
            failures.append(f"{key} fails on TF 1.14:\n{old[key]['error']}")
        elif "error" in new[after_key]:
            failures.append(f"{after_key} fails on TF 2:\n{new[after_key]['error']}")
        elif not _same(old[key]["value"], new[after_key]["value"], tolerance):
            failures.append(f"{after_key}: TF 1.14 {old[key]['value']} != TF 2 {new[after_key]['value']}")
    print(f"\nfix examples: {len(befores)} ran under TF 1.14, {len(afters)} fixed forms under TF 2 "
          f"({len(failures)} disagreed)")
    assert failures == []


def _proof_class(entry, index) -> str | None:
    """How a fix without an example is proven, or None when it is not."""
    if entry.kind is Kind.KEYWORD_CHANGED and not (entry.fix and entry.fix.keyword):
        return "keyword"  # tf_upgrade_v2's own keyword table, checked in test_fixes_tensorflow
    if entry.kind is Kind.ARGUMENTS_REORDERED:
        return "reorder"  # TF1 order checked against tf_upgrade_v2's reorders in test_fixes_tensorflow
    target = name_target(entry, entry.target_name, index)
    if target is None:
        inherited = inherited_target(entry.target_name, index)
        swap = index.lookup_name(entry.target_name.rsplit(".", 1)[0])
        if inherited is not None and swap is not None and swap.fix is not None and swap.fix.examples:
            return "module member"  # the module swap's own example ran
        return None
    if target.applicability is Applicability.SAFE:
        return "identity"  # test_safe_renames_name_the_very_same_object
    if target.qualified.startswith("tensorflow.") and not entry.target_name.startswith("tf.compat."):
        return "tf 1.14"  # test_unsafe_renames_name_the_object_tf_1_14_had
    return None


def _fixed_entries(catalogue, index):
    for entry in catalogue.entries:
        if not entry.applies_to(catalogue.newest_known) or entry.kind is Kind.COMPAT_V1:
            continue
        if entry.fix is not None and entry.fix.by_hand:
            continue
        has_fix = (entry.kind in (Kind.KEYWORD_CHANGED, Kind.ARGUMENTS_REORDERED)
                   or entry.fix is not None and (entry.fix.call or entry.fix.stand_in)
                   or name_target(entry, entry.target_name, index) or inherited_target(entry.target_name, index))
        if has_fix:
            yield entry


def _pending() -> set[str]:
    lines = PENDING.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def test_every_fixed_entry_has_an_executed_example_or_a_named_proof(loaded) -> None:
    catalogue, index = loaded
    fixed = {entry.id: entry for entry in _fixed_entries(catalogue, index)}
    unproven = {key for key, entry in fixed.items()
                if not (entry.fix and entry.fix.examples) and _proof_class(entry, index) is None}
    pending = _pending()
    # A new fix comes with its example or a proof; an entry proven since (or no longer fixed) leaves the list.
    assert sorted(unproven - pending) == []
    assert sorted(key for key in pending if key not in fixed or fixed[key].fix and fixed[key].fix.examples) == []
    proven = len(fixed) - len(pending)
    print(f"\nfixed entries: {len(fixed)}, {proven} proven (example or named proof), {len(pending)} pending")


# Run by TF 1.14: for each (old, new) pair, is TF1's object under the old name the very object TF 1.14
# exports under the new one (tf.compat.v1.X for a compat move, tf.compat.v2.X, TF2's API as 1.14 had
# it, for a TF2 name)? 'absent' when TF 1.14 has no such old name (a pre-1.0 spelling).
_SAME_OBJECT = """
import inspect, json, sys
import tensorflow as tf

def get(root, path):
    for part in path.split("."):
        root = getattr(root, part)
    return root

def same(new, old):
    if new is old:
        return True
    # A module is re-exported as another module object with the very same members; a classmethod
    # is a new bound object at each access, over the very same function.
    if inspect.ismodule(new) and inspect.ismodule(old):
        return all(getattr(new, n, None) is getattr(old, n) for n in dir(old) if not n.startswith("_"))
    return getattr(new, "__func__", 1) is getattr(old, "__func__", 2)

out = {}
for old_name, new_name in json.load(sys.stdin):
    try:
        old = get(tf, old_name)
    except AttributeError:
        out[old_name] = "absent"
        continue
    root, path = (tf.compat.v1, new_name[len("compat.v1."):]) if new_name.startswith("compat.v1.") \
        else (tf.compat.v2, new_name[len("compat.v2."):] if new_name.startswith("compat.v2.") else new_name)
    try:
        out[old_name] = "same" if same(get(root, path), old) else "different"
    except AttributeError:
        out[old_name] = "new name missing"
print("@@" + json.dumps(out))
"""


def test_unsafe_renames_name_the_object_tf_1_14_had(loaded, tf114_python) -> None:
    """tf.X -> tf.Y keeps TF1 semantics when TF 1.14 itself exported the very same object under both
    names: under tf.compat.v1 (TF1's API, which TensorFlow 2 keeps) or under tf.compat.v2 (TF2's)."""
    catalogue, index = loaded
    pairs = sorted({(entry.target_name[len("tf."):],
                     name_target(entry, entry.target_name, index).qualified[len("tensorflow."):])
                    for entry in _fixed_entries(catalogue, index)
                    if _proof_class(entry, index) == "tf 1.14" and not (entry.fix and entry.fix.examples)})
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    environment.pop("PYTHONPATH", None)
    completed = subprocess.run([tf114_python, "-c", _SAME_OBJECT], input=json.dumps(pairs), capture_output=True,
                               text=True, env=environment, timeout=600)
    assert "@@" in completed.stdout, completed.stderr[-2000:]
    verdicts = json.loads(completed.stdout.split("@@", 1)[1])
    counts = {verdict: sum(v == verdict for v in verdicts.values()) for verdict in set(verdicts.values())}
    print(f"\nrenames checked on TF 1.14: {counts.get('same', 0)} the very same object, "
          f"{counts.get('absent', 0)} absent from TF 1.14 (pre-1.0 names, moved to their TF 1.x successor)")
    assert len(pairs) > 500
    ids = {entry.target_name[len("tf."):]: entry.id for entry in _fixed_entries(catalogue, index)
           if _proof_class(entry, index) == "tf 1.14"}
    different = {ids[old] for old, _ in pairs if verdicts[old] not in ("same", "absent")}
    pending = _pending() & {ids[old] for old, _ in pairs}
    # Those TF 1.14 did not prove wait in the pending list (until an example proves them), and only those.
    assert sorted(different - pending) == [] and sorted(pending - different) == []


# -- the safe tier: every safe fix proven ------------------------------------------------------

def _safe_fixes(catalogue, index):
    """(entry, what its safe fix writes) for every entry whose fix `check --fix` applies."""
    for entry in _fixed_entries(catalogue, index):
        if entry.kind in (Kind.KEYWORD_CHANGED, Kind.ARGUMENTS_REORDERED) and _moved_to_compat(entry.api, index):
            continue  # a step of the unsafe compat.v1 move (fix.call_arguments.isolated_from_move): never safe
        if entry.kind is Kind.KEYWORD_CHANGED:
            if any(entry.keywords.values()) and not (entry.fix and entry.fix.applicability is Applicability.UNSAFE):
                yield entry, "keywords"
        elif entry.kind is Kind.ARGUMENTS_REORDERED:
            refused = index.keywords.get(entry.api)
            moved = entry.arguments[entry.stable_positional_count:]
            unsafe = entry.fix is not None and entry.fix.applicability is Applicability.UNSAFE
            if not unsafe and not (refused and any(refused.keywords.get(name, "") is None for name in moved)):
                yield entry, "order"
        elif entry.fix is not None and entry.fix.call:
            if entry.fix.applicability is Applicability.SAFE:
                yield entry, "call"
        else:
            target = name_target(entry, entry.target_name, index)
            if target is not None and target.applicability is Applicability.SAFE:
                yield entry, target.qualified


def _moved_to_compat(api: str, index) -> bool:
    """The called name is itself a finding the builder leaves the call to (fix.call_arguments.isolated_from_move,
    name_is_a_finding)."""
    named = index.lookup_name(api)
    target = name_target(named, api, index) if named is not None else None
    if named is not None and named.kind is not Kind.COMPAT_V1 and named.severity.value == "error":
        return True
    return target is not None and target.qualified.startswith("tensorflow.compat.v1.")


def _same_parameters(entry) -> bool:
    """The TF1 function (tf.compat.v1.X here) has the entry's TF1 order, and TF2's takes each moved
    parameter under the same name: passing them by name means what the TF1 positions meant."""
    import inspect

    from tools.catalogue.tf_resolution import MISSING, resolve_here

    old, new = resolve_here("tf.compat.v1" + entry.api[len("tf"):]), resolve_here(entry.api)
    if old is MISSING or new is MISSING:
        return False
    try:
        tf1, tf2 = list(inspect.signature(old).parameters), set(inspect.signature(new).parameters)
    except (TypeError, ValueError):
        return False
    moved = entry.arguments[entry.stable_positional_count:]
    return tf1[:len(entry.arguments)] == list(entry.arguments) and set(moved) <= tf2


def test_every_safe_fix_is_the_very_same_object_or_an_executed_example(loaded) -> None:
    """The safe tier means the same program: a rename onto the very object TF1's name had (identity on
    the installed TensorFlow), a keyword or argument-order fix from TensorFlow's own tf_upgrade_v2
    tables (the same function, its parameter named as TF2 names it) or between signatures that name
    the parameters alike, or a fix whose example ran."""
    from tensorflow.tools.compatibility import reorders_v2, tf_upgrade_v2

    from tools.catalogue.tf_resolution import MISSING, resolve_here

    spec = tf_upgrade_v2.TFAPIChangeSpec()
    catalogue, index = loaded
    counts: dict[str, int] = {}
    unproven = []
    for entry, writes in _safe_fixes(catalogue, index):
        if entry.fix is not None and entry.fix.examples:
            proof = "example"
        elif writes == "keywords":
            table = spec.function_keyword_renames.get(entry.api, {})
            renamed = {old: new for old, new in entry.keywords.items() if new}
            proof = "tf_upgrade_v2" if all(table.get(old) == new for old, new in renamed.items()) else None
        elif writes == "order":
            proof = ("tf_upgrade_v2" if entry.api in reorders_v2.reorders
                     else "same parameters" if _same_parameters(entry) else None)
        elif writes == "call":
            proof = None
        else:
            old = resolve_here("tf.compat.v1" + entry.target_name[len("tf"):])
            same = old is not MISSING and old is resolve_here("tf" + writes[len("tensorflow"):])
            proof = "identity" if same else None
        if proof is None:
            unproven.append(f"{entry.id} ({writes})")
        else:
            counts[proof] = counts.get(proof, 0) + 1
    print(f"\nsafe fixes: {counts}")
    assert unproven == [], "\n".join(unproven)


# tf_slim functions that no fix may write: a module swap to tf_slim leaves them out of its members.
_TF_SLIM_FAILING = {
    "batch_norm": "y = tf_slim.batch_norm(tf.ones([2, 4, 4, 3]), is_training=True)",
    "optimize_loss": "v = tf.compat.v1.get_variable('v', [2])\n"
                     "y = tf_slim.optimize_loss(tf.reduce_sum(v), tf.compat.v1.train.get_or_create_global_step(), 0.1, 'SGD')",
    "recompute_grad": "y = tf_slim.recompute_grad(lambda x: x * 2.0)(tf.ones([2]))",
}


def test_the_tf_slim_functions_left_out_of_the_module_swaps_fail_on_tensorflow_2(loaded) -> None:
    """The exclusion is kept honest both ways: each left-out function really raises on TF 2 (when a
    tf-slim release fixes one, this fails and the member goes back), and no swap lists it."""
    catalogue, _ = loaded
    batch = [{"key": name, "code": "import tensorflow as tf\nimport tf_slim\n" + code + "\nresult = y\n"}
             for name, code in _TF_SLIM_FAILING.items()]
    outcomes = _run_batch(sys.executable, batch)
    assert sorted(name for name, outcome in outcomes.items() if "error" not in outcome) == []
    swaps = [entry for entry in catalogue.entries if entry.fix is not None and entry.fix.module == "tf_slim"]
    assert swaps and all(entry.fix.members and not set(entry.fix.members) & set(_TF_SLIM_FAILING) for entry in swaps)
