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

from tf1lint.apply_fixes import fix_source
from tf1lint.catalogue import Kind
from tf1lint.config import Settings
from tf1lint.engine import check_source
from tf1lint.fix_builder import inherited_target, name_target
from tf1lint.fixes import Applicability
from tf1lint.runner import load_index

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
        return (isinstance(after, dict) and before["shape"] == after.get("shape") and before["dtype"] == after.get("dtype")
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
        findings = [f for f in check_source(before, "example.py", index) if f.entry.id == entry.id]
        assert findings and all(f.fix is not None for f in findings), f"{key}: the example does not exercise its fix"
        befores.append({"key": key, "code": before, "argv": list(example.argv)})
        for tier, unsafe in (("safe", False), ("unsafe", True)):
            result = fix_source(before.encode(), "example.py", index, unsafe=unsafe)
            assert result.failure is None, key
            after = result.fixed.decode()
            if tier == "unsafe":
                left = [f for f in check_source(after, "example.py", index) if f.entry.id == entry.id]
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
    pairs = sorted({(entry.target_name[len("tf."):], name_target(entry, entry.target_name, index).qualified[len("tensorflow."):])
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
    ids = {entry.target_name[len("tf."):]: entry.id for entry in _fixed_entries(catalogue, index)}
    different = {ids[old] for old, _ in pairs if verdicts[old] not in ("same", "absent")}
    pending = _pending() & {ids[old] for old, _ in pairs}
    # Those TF 1.14 did not prove wait in the pending list (until an example proves them), and only those.
    assert sorted(different - pending) == [] and sorted(pending - different) == []
