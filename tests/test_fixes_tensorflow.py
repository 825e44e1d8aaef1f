"""Fixes checked against the real TensorFlow 2 they target.

- every dotted name any fix in the catalogue can write resolves on the installed TensorFlow;
- a rename called safe really names the very same object;
- every transformation of TensorFlow's own `tf_upgrade_v2` has a tf1lint fix, or the catalogue
  says why not (and, for renames, tf_upgrade_v2's own result fails there);
- the TF1 examples, fixed with `--fix --unsafe-fixes`, run to completion.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_tf1lint, tensorflow_or_skip

from tf1lint.catalogue.fix_forms import template_fields
from tf1lint.catalogue.fixes import Applicability
from tf1lint.catalogue.model import Catalogue, Kind
from tf1lint.fix.graph_mode import COMPAT_MODE_CALL
from tf1lint.fix.targets import inherited_target, name_target
from tf1lint.run.config import Settings
from tf1lint.run.runner import load_index

tf = tensorflow_or_skip()
pytestmark = pytest.mark.tensorflow

from tools.catalogue.tf_resolution import MISSING, FreshResolver, resolve_here

_fresh = FreshResolver()


@pytest.fixture(scope="module")
def loaded():
    catalogue, index, problems = load_index(Settings())
    assert problems == []
    return catalogue, index


def _tf_spelling(qualified: str) -> str:
    return "tf" + qualified[len("tensorflow"):] if qualified.startswith("tensorflow.") else qualified


def written_names(catalogue: Catalogue, index) -> dict[str, set[str]]:
    """Every dotted name a fix can write -> the entries whose fixes write it."""
    names: dict[str, set[str]] = {"tf." + COMPAT_MODE_CALL.split("(")[0]: {"compat mode"}}
    for entry in catalogue.entries:
        if not entry.applies_to(catalogue.newest_known) or (entry.fix is not None and entry.fix.by_hand):
            continue
        targets = [name_target(entry, entry.target_name, index), inherited_target(entry.target_name, index)]
        for target in targets:
            if target is not None:
                names.setdefault(_tf_spelling(target.qualified), set()).add(entry.id)
        form = entry.fix
        for template in (form.call, form.keyword) if form is not None else ():
            for dotted in re.findall(r"\{tf\}((?:\.[A-Za-z_]\w*)+)", template or ""):
                names.setdefault("tf" + dotted, set()).add(entry.id)
    return names


def _resolves_outside_tensorflow(name: str) -> bool:
    parts = name.split(".")
    try:
        current = importlib.import_module(parts[0])
        for part in parts[1:]:
            current = getattr(current, part)
    except (ImportError, AttributeError):
        return False
    return True


@pytest.mark.slow  # resolves every name a fix writes in the real TensorFlow
def test_every_name_a_fix_writes_resolves(loaded) -> None:
    catalogue, index = loaded
    names = written_names(catalogue, index)
    assert len(names) > 850
    failing = sorted(f"{name} (from {', '.join(sorted(ids))})" for name, ids in names.items()
                     if not (_fresh.resolves(name) if name.startswith("tf.") else _resolves_outside_tensorflow(name)))
    assert failing == []


def test_safe_renames_name_the_very_same_object(loaded) -> None:
    catalogue, index = loaded
    checked, different = 0, []
    for entry in catalogue.entries:
        if entry.kind is not Kind.RENAMED or entry.is_module or (entry.fix and entry.fix.call):
            continue
        target = name_target(entry, entry.api, index)
        if target is None or target.applicability is not Applicability.SAFE:
            continue
        old = resolve_here("tf.compat.v1" + entry.api[2:])
        if old is MISSING:
            continue  # not kept under compat.v1 either: nothing to compare with
        checked += 1
        if old is not resolve_here(_tf_spelling(target.qualified)):
            different.append(f"{entry.id}: {entry.api} -> {_tf_spelling(target.qualified)}")
    assert different == []
    assert checked > 200


def test_call_templates_pass_only_arguments_the_tf2_callable_takes(loaded) -> None:
    """`{rest}` passes the call's other TF1 arguments by name: the TF2 callable must accept each."""
    import inspect

    catalogue, _ = loaded
    checked, refused = 0, []
    for entry in catalogue.entries:
        if entry.fix is None or not entry.fix.call:
            continue
        callee = "tf" + re.match(r"\{tf\}((?:\.\w+)+)\(", entry.fix.call).group(1)
        target = resolve_here(callee)
        assert target is not MISSING, callee
        parameters = inspect.signature(target).parameters
        open_keywords = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
        for name in set(entry.fix.signature) - set(template_fields(entry.fix.call)):
            checked += 1
            # Keras layers take name/trainable/dtype through **kwargs (the base Layer's arguments).
            if name not in parameters and not (open_keywords and name in ("name", "trainable", "dtype")):
                refused.append(f"{entry.id}: {callee} does not take {name}=")
    assert checked > 20
    assert refused == []


# -- coverage of tf_upgrade_v2's transformations -----------------------------------------------

@pytest.fixture(scope="module")
def spec():
    from tensorflow.tools.compatibility import tf_upgrade_v2

    return tf_upgrade_v2.TFAPIChangeSpec()


@pytest.fixture(scope="module")
def excluded() -> set[str]:
    reasons = json.loads((ROOT / "rules" / "generated" / "exclusions.json").read_text(encoding="utf-8"))
    return {name for names in reasons.values() for name in names}


def _name_fix(index, api: str) -> str:
    """'fix', 'by hand' (the catalogue says why) or what is missing."""
    entry = index.lookup_name(api)
    if entry is None:
        return "no entry"
    if entry.fix is not None and entry.fix.by_hand:
        return "by hand"
    if entry.fix is not None and entry.fix.call:
        return "fix"
    if name_target(entry, api, index) or inherited_target(api, index):
        return "fix"
    return f"no fix ({entry.id})"


def test_every_rename_tf_upgrade_v2_makes_has_a_fix_or_a_reason(loaded, spec, excluded) -> None:
    _, index = loaded
    fixed, missing = 0, []
    for old, new in sorted(spec.symbol_renames.items()):
        if old in excluded:
            continue
        verdict = _name_fix(index, old)
        if verdict == "fix":
            fixed += 1
        elif verdict == "no entry" and _fresh.resolves(old) and (old in index.keywords or old in index.positional):
            # Still a TF2 name: tf1lint fixes the calls that need it (keywords, argument order)
            # in TF2 itself instead of moving every use to tf.compat.v1.
            fixed += 1
        elif verdict != "by hand" and _fresh.resolves(new):
            # Only where tf_upgrade_v2's own result fails on the target may the catalogue
            # leave the name to a person (its entry says the name is gone, and what to use).
            missing.append(f"{old} -> {new}: {verdict}")
    assert fixed > 850
    assert missing == []


def test_every_keyword_rename_tf_upgrade_v2_makes_has_a_fix(loaded, spec, excluded) -> None:
    _, index = loaded
    checked, missing = 0, []
    for function, renames in sorted(spec.function_keyword_renames.items()):
        if function in excluded or not function.startswith("tf."):
            continue
        entry = index.keywords.get(function)
        for old, new in renames.items():
            checked += 1
            if entry is None or old not in entry.keywords:
                if _name_fix(index, function) in ("fix", "by hand") or index.lookup_name(function) is not None:
                    continue  # the whole name is reported (and fixed) instead
                missing.append(f"{function}: {old}= ({'no entry' if entry is None else 'not listed'})")
            elif entry.keywords[old] is None and new is not None and new in _accepted_keywords(function) \
                    and not (entry.fix and (entry.fix.keyword or entry.fix.by_hand)):
                # tf_upgrade_v2 renames it; dropping it (tf1lint's fix for a removed keyword) would be wrong.
                missing.append(f"{function}: {old}= -> {new}= is dropped instead of renamed")
    assert checked > 100
    assert missing == []


def _accepted_keywords(function: str) -> set[str]:
    import inspect

    target = resolve_here(function)
    try:
        return set(inspect.signature(target).parameters) if target is not MISSING else set()
    except (TypeError, ValueError):
        return set()


def test_every_reorder_tf_upgrade_v2_makes_is_fixed_in_its_tf1_order(loaded, spec, excluded) -> None:
    from tensorflow.tools.compatibility import reorders_v2

    _, index = loaded
    different = []
    for function, order in sorted(reorders_v2.reorders.items()):
        if function in excluded:
            continue
        entry = index.positional.get(function)
        if entry is None:
            if index.lookup_name(function) is None:
                different.append(f"{function}: no entry")
            continue  # the name itself is reported (removed or moved): its fix or reason covers it
        if entry.arguments[0] == "_sentinel":
            continue  # TF1 refused positionals here (its _sentinel); the catalogue keeps the real TF1 order
        renamed = spec.function_keyword_renames.get(function, {})  # a TF1 name may be kept in its TF2 spelling
        if any(name is not None and (position >= len(entry.arguments)
                                     or entry.arguments[position] not in (name, renamed.get(name)))
               for position, name in enumerate(order)):
            different.append(f"{function}: {entry.arguments} vs {order}")
    assert different == []


def test_every_function_transformer_has_a_fix_or_is_a_warning(loaded, spec, excluded) -> None:
    """tf_upgrade_v2's transformers either rewrite a call or only add a warning comment."""
    _, index = loaded
    unexplained = []
    for function in sorted(spec.function_transformers):
        if function in excluded or not function.startswith("tf."):
            continue
        keyword, positional, name = index.keywords.get(function), index.positional.get(function), index.lookup_name(function)
        has_fix = (_name_fix(index, function) in ("fix", "by hand") or positional is not None
                   or (keyword is not None and (any(keyword.keywords.values()) or keyword.fix is not None)))
        warning_only = name is not None and name.kind in (Kind.BEHAVIOUR_CHANGED, Kind.DEPRECATED) and not name.compat
        if not has_fix and not warning_only:
            unexplained.append(function)
    assert unexplained == []


# -- fixed programs run ------------------------------------------------------------------------

TF1_ONLY = re.compile(r"\btf\.(placeholder|Session|layers\.|contrib\.|train\.\w+Optimizer|logging\.)")


def test_fixed_tf1_examples_run_on_tensorflow_2(tmp_path: Path) -> None:
    work = tmp_path / "tf1"
    shutil.copytree(EXAMPLES / "tf1", work)
    completed = run_tf1lint("check", "--fix", "--unsafe-fixes", "--fail-on", "warning", str(work))
    assert completed.returncode == 0, completed.stdout + completed.stderr  # only info (compat.v1) is left
    programs = sorted(work.glob("*.py"))
    assert len(programs) == 4
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
    for program in programs:
        code = program.read_text(encoding="utf-8").split(chr(34) * 3, 2)[-1]  # past the module docstring
        assert not TF1_ONLY.search(code), program.name
        run = subprocess.run([sys.executable, str(program)], cwd=tmp_path, capture_output=True, text=True,
                             env=environment, timeout=600)
        assert run.returncode == 0, f"{program.name}:\n{run.stderr[-3000:]}"
    again = run_tf1lint("check", "--diff", "--unsafe-fixes", str(work))
    assert (again.returncode, again.stdout) == (0, "")  # idempotent


def test_fixing_the_tf2_examples_changes_nothing(tmp_path: Path) -> None:
    work = tmp_path / "tf2"
    shutil.copytree(EXAMPLES / "tf2", work)
    before = {path.name: path.read_bytes() for path in work.glob("*.py")}
    completed = run_tf1lint("check", "--fix", "--unsafe-fixes", str(work))
    assert completed.returncode == 0
    assert {path.name: path.read_bytes() for path in work.glob("*.py")} == before
