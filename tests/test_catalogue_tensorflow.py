"""The catalogue checked against the real TensorFlow 2 it targets (tensorflow-cpu, pinned in pyproject).

- verification: what the catalogue calls gone is really gone there, and every dotted `tf.`
  replacement or compat spelling it suggests really resolves there;
- coverage: every entry of TensorFlow's own upgrade tables has a catalogue entry, or an
  exclusion whose reason is re-checked here;
- the generated files are what the generator writes today.

The linter itself never imports TensorFlow; only these tests do.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import pytest
from conftest import ROOT, run_tf1lint, tensorflow_or_skip

from tf1lint.catalogue.loader import load_catalogue
from tf1lint.catalogue.messages import is_dotted_api
from tf1lint.catalogue.model import Aspect, Catalogue, CatalogueEntry, Kind, Severity

tf = tensorflow_or_skip()
pytestmark = pytest.mark.tensorflow



from tools.catalogue.signatures import signature_mismatch
from tools.catalogue.tf_resolution import MISSING as _MISSING
from tools.catalogue.tf_resolution import FreshResolver
from tools.catalogue.tf_resolution import resolve_here as resolve

_fresh = FreshResolver()


def resolves(name: str) -> bool:
    """As a fresh program sees it: TensorFlow's lazy loaders change answers once touched."""
    return _fresh.resolves(name)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    result = load_catalogue()
    assert result.problems == ()
    return result.catalogue


def installed_version() -> str:
    return ".".join(tf.__version__.split(".")[:2])


def applies_now(entry: CatalogueEntry, catalogue: Catalogue) -> bool:
    return entry.applies_to(catalogue.newest_known) and entry.api.startswith("tf.")


def test_catalogue_targets_the_installed_tensorflow(catalogue: Catalogue) -> None:
    assert str(catalogue.newest_known) == installed_version()


@pytest.mark.slow  # resolves every catalogued name in a fresh process of its own
def test_what_the_catalogue_calls_gone_does_not_resolve(catalogue: Catalogue) -> None:
    gone_kinds = (Kind.REMOVED, Kind.RENAMED, Kind.COMPAT_ONLY)
    checked, still_there = 0, []
    for entry in catalogue.entries:
        if entry.kind in gone_kinds and entry.severity is Severity.ERROR and applies_now(entry, catalogue):
            checked += 1
            # Keras 3 leaves tf.compat.v1.layers as a stub: it resolves, but lists no member and has none.
            if resolves(entry.target_name) and not (entry.is_module and _fresh.members(entry.target_name) == []):
                still_there.append(f"{entry.id} ({entry.target_name})")
    assert checked > 1000
    assert still_there == []


@pytest.mark.slow  # resolves every catalogued name in a fresh process of its own
def test_every_suggested_tf_name_resolves(catalogue: Catalogue) -> None:
    checked, stale = 0, []
    for entry in catalogue.entries:
        if not applies_now(entry, catalogue):
            continue
        for field in ("replacement", "compat"):
            value = getattr(entry, field)
            if is_dotted_api(value) and value.startswith("tf.") and not entry.package:
                checked += 1
                if not resolves(value):
                    stale.append(f"{entry.id}: {field} {value}")
    assert checked > 800
    assert stale == []


def test_keyword_entries_name_keywords_the_tf2_function_rejects(catalogue: Catalogue) -> None:
    wrong = []
    for entry in catalogue.entries:
        if entry.kind is not Kind.KEYWORD_CHANGED or not applies_now(entry, catalogue):
            continue
        function = resolve(entry.api) if resolves(entry.api) else _MISSING
        if function is _MISSING or not callable(function):
            continue
        try:
            parameters = inspect.signature(function).parameters
        except (TypeError, ValueError):
            continue
        if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
            continue
        # A warning names a deprecated keyword TF2 still takes (l2_normalize's dim=); an error one it refuses.
        still = entry.severity is not Severity.ERROR
        wrong += [f"{entry.id}: {old}= is {'not' if still else 'still'} accepted" for old in entry.keywords
                  if (old in parameters) is not still]
        wrong += [f"{entry.id}: {new}= does not exist" for new in entry.keywords.values() if new and new not in parameters]
    assert wrong == []


# -- coverage of TensorFlow's own tables ------------------------------------------------------

@pytest.fixture(scope="module")
def spec():
    from tensorflow.tools.compatibility import tf_upgrade_v2

    return tf_upgrade_v2.TFAPIChangeSpec()


@pytest.fixture(scope="module")
def exclusions() -> dict[str, list[str]]:
    return json.loads((ROOT / "rules" / "generated" / "exclusions.json").read_text(encoding="utf-8"))


def covered(catalogue: Catalogue, api: str, aspect: Aspect | None = None) -> bool:
    for entry in catalogue.entries:
        if aspect is not None and entry.aspect is not aspect:
            continue
        if entry.api == api or (entry.is_module and (api == entry.target_name or api.startswith(entry.target_name + "."))):
            return True
    return False


def uncovered(catalogue: Catalogue, names, exclusions: dict[str, list[str]], aspect: Aspect | None = None) -> list[str]:
    excluded = {name for reason in exclusions.values() for name in reason}
    return sorted(name for name in names if name not in excluded and not covered(catalogue, name, aspect))


def test_every_symbol_rename_has_an_entry(catalogue, spec, exclusions) -> None:
    assert len(spec.symbol_renames) > 1000
    assert uncovered(catalogue, spec.symbol_renames, exclusions) == []


def test_every_keyword_change_has_an_entry(catalogue, spec, exclusions) -> None:
    names = set(spec.function_keyword_renames) | set(spec.function_arg_warnings)
    assert len(names) > 100
    missing = [name for name in uncovered(catalogue, names, exclusions, Aspect.KEYWORDS)
               if not covered(catalogue, name, Aspect.NAME)]  # arg warnings on a removed name: the name is reported
    assert missing == []


def test_every_reorder_has_an_entry(catalogue, spec, exclusions) -> None:
    from tensorflow.tools.compatibility import reorders_v2

    names = set(reorders_v2.reorders) | set(getattr(spec, "manual_function_reorders", {}) or {})
    assert len(names) > 100
    assert uncovered(catalogue, names, exclusions, Aspect.POSITIONAL) == []


def test_every_warning_transformer_and_module_deprecation_has_an_entry(catalogue, spec, exclusions) -> None:
    names = set(spec.function_warnings) | set(spec.function_transformers) | set(spec.module_deprecations)
    assert len(names) > 250
    assert uncovered(catalogue, names, exclusions) == []


def test_every_exclusion_is_justified(exclusions, spec) -> None:
    assert all(name.startswith("*.") for name in exclusions["method_patterns"])
    assert all(not name.startswith("tf.") for name in exclusions["table_alias_keys"])
    # Names the tables rename but that are valid TF2 APIs on the installed version.
    assert [name for name in exclusions["valid_tf2_names"] if not resolves(name)] == []
    # Reorders that only rename a parameter in its place: derived again from the real signatures.
    assert len(exclusions["reorders_renamed_in_place"]) > 20
    assert [name for name in exclusions["reorders_renamed_in_place"]
            if (places := positional_places(name, spec)) is not None and places[0] != places[1]] == []


def positional_places(api: str, spec) -> tuple[list[str], list[str]] | None:
    """What each place a TF1 positional call can fill means, read from inspect.signature of tf.compat.v1.X (TF1)
    and tf.X (TF2) on the installed TensorFlow: (TF1's places in TF2 names, TF2's places), None if unreadable.
    A TF1 parameter only renamed in TF2 (tf_upgrade_v2's keyword table) means its TF2 name; a later TF1 parameter
    that is an alias of an earlier place (avg_pool's value and input) is no place of its own."""
    tf1_name = "tf.compat.v1." + api.removeprefix("tf.")
    tf2_name = api if resolves(api) else spec.symbol_renames.get(api, "")
    if not (resolves(tf1_name) and resolves(tf2_name)):
        return None
    try:
        tf1 = [p.name for p in inspect.signature(resolve(tf1_name)).parameters.values()
               if p.kind is p.POSITIONAL_OR_KEYWORD and p.name != "self"]
        tf2 = [p.name for p in inspect.signature(resolve(tf2_name)).parameters.values()
               if p.kind is p.POSITIONAL_OR_KEYWORD and p.name != "self"]
    except (TypeError, ValueError):
        return None
    renames = spec.function_keyword_renames.get(api, {})
    meant: list[str] = []
    for name in tf1:
        name = renames[name] if renames.get(name) in tf2 else name
        if name in meant:
            break
        meant.append(name)
    return meant, tf2[: len(meant)]


def test_generated_reorders_are_real_moves(catalogue: Catalogue, spec) -> None:
    """Every generated reorder entry puts some TF1 positional argument in a place that means another
    parameter in TF2, as the two signatures say; pure renames in place (issue 19) are gone."""
    checked, renamed_only = 0, []
    for entry in catalogue.entries:
        if entry.kind is not Kind.ARGUMENTS_REORDERED or "generated" not in entry.origin:
            continue
        places = positional_places(entry.api, spec)
        if places is None:
            continue
        checked += 1
        if places[0] == places[1]:
            renamed_only.append(entry.id)
    assert checked > 60
    assert renamed_only == []


@pytest.mark.slow
def test_generated_files_are_current() -> None:
    completed = subprocess.run([sys.executable, "-m", "tools.catalogue.generate_catalogue", "--check"], cwd=ROOT,
                               capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr[-2000:]


def test_target_version_changes_the_verdict_on_estimator(catalogue: Catalogue) -> None:
    from tf1lint.catalogue.model import Version

    old = catalogue.at_target(Version(2, 15)).lookup_name("tf.estimator.Estimator")
    new = catalogue.at_target(Version(2, 16)).lookup_name("tf.estimator.Estimator")
    assert (old.severity, new.severity) == (Severity.WARNING, Severity.ERROR)
    assert not resolves("tf.estimator")


def test_target_version_changes_the_verdict_on_compat_v1_layers(catalogue: Catalogue) -> None:
    from tf1lint.catalogue.model import Version

    old = catalogue.at_target(Version(2, 15)).lookup_name("tf.compat.v1.layers.dense")
    new = catalogue.at_target(Version(2, 16)).lookup_name("tf.compat.v1.layers.dense")
    assert (old.kind, new.kind, new.severity) == (Kind.COMPAT_V1, Kind.REMOVED, Severity.ERROR)
    assert _fresh.check("tf.compat.v1.layers.dense") == (False, "AttributeError: `dense` is not available with Keras 3.")


# -- explicit tf.compat.v1 spellings that fail on the installed TensorFlow -------------------

def tf1_names_known(catalogue: Catalogue, spec) -> set[str]:
    """X for every TF1 name tf.X the catalogue or TF's upgrade table knows, and for the public
    members of catalogued modules that still exist under tf.compat.v1 (listed in a fresh interpreter)."""
    names: set[str] = set()
    modules: set[str] = set()
    spellings = [(entry.target_name, entry.is_module) for entry in catalogue.entries]
    # The table's keys are TF1 names; of its values only the tf.compat.v1 ones are (the rest are TF2 names).
    spellings += [(old, False) for old in spec.symbol_renames]
    spellings += [(new, False) for new in spec.symbol_renames.values() if new.startswith("tf.compat.v1.")]
    for api, is_module in spellings:
        if api.startswith("tf.compat.v1."):
            name = api[len("tf.compat.v1."):]
        elif api.startswith(("tf.compat.", "tf.python.")) or api == "tf.python" or not api.startswith("tf."):
            continue  # compat.v2 is TF2; private modules have no compat.v1 spelling
        else:
            name = api[len("tf."):]
        names.add(name)
        if is_module:
            modules.add(name)
    for module in sorted(modules):
        names.update(f"{module}.{member}" for member in _fresh.members(f"tf.compat.v1.{module}"))
    return names


@pytest.mark.slow  # resolves every catalogued name in a fresh process of its own
def test_every_failing_compat_v1_spelling_is_reported_as_an_error(catalogue, spec, tmp_path) -> None:
    failing = sorted(name for name in tf1_names_known(catalogue, spec) if not resolves(f"tf.compat.v1.{name}"))
    assert len(failing) > 500  # all of tf.contrib, tf.estimator, Keras 2 only names, pre-1.0 names
    assert "layers.dense" in failing and "contrib.slim" in failing
    uses = tmp_path / "uses_compat_v1.py"
    uses.write_text("import tensorflow as tf\n" + "".join(f"tf.compat.v1.{name}\n" for name in failing), encoding="utf-8")
    completed = run_tf1lint("check", "--format", "json", "--fail-on", "never", str(uses))
    assert completed.returncode == 0, completed.stderr
    severity_by_line: dict[int, set[str]] = {}
    for finding in json.loads(completed.stdout):
        severity_by_line.setdefault(finding["line"], set()).add(finding["severity"])
    under_rated = [f"tf.compat.v1.{name}: {sorted(severity_by_line.get(line, set())) or 'not reported'}"
                   for line, name in enumerate(failing, start=2) if "error" not in severity_by_line.get(line, set())]
    assert under_rated == []


# -- every finding carries an actionable replacement --------------------------------------------

# Replacements that name no TF2 API and say nothing concrete to write: not advice.
_PLACEHOLDERS = {
    "the public tf.* api", "tf2", "the tf2 api", "see the tf2 documentation", "see the documentation",
    "no tf2 equivalent", "no equivalent", "none", "n/a", "todo", "tbd", "unknown", "rewrite", "rewrite it",
    "migrate", "a tf2 api", "use tf2", "tf.compat.v1",
}


def actionable(replacement: str | None) -> bool:
    """Non-empty, not a bare placeholder, and 'no TF2 equivalent' only when followed by what to do instead."""
    if not replacement or not replacement.strip():
        return False
    text = replacement.strip().rstrip(".").lower()
    if text in _PLACEHOLDERS:
        return False
    if text.startswith(("no tf2 equivalent", "no equivalent")):
        _, _, instead = text.partition(";") if ";" in text else text.partition(":")
        return len(instead.split()) >= 3
    return True


def test_actionable_is_strict_enough() -> None:
    assert not actionable("the public tf.* API") and not actionable("No TF2 equivalent.") and not actionable(" ")
    assert actionable("no TF2 equivalent: plain tf.Tensor values with the axis order documented")
    assert actionable("tf.random.set_seed") and actionable("drop the call: TF2 is eager by default")


def test_every_entry_carries_an_actionable_replacement(catalogue: Catalogue) -> None:
    missing = []
    for entry in catalogue.entries:
        if entry.kind is Kind.COMPAT_V1 and entry.is_module:
            continue  # its findings show the replacement of the plain tf.X entry (tested here too)
        if not actionable(entry.replacement):
            missing.append(f"{entry.id}: {entry.replacement!r}")
    assert missing == []


def test_no_tf_addons_advice_from_keras_3_on(catalogue: Catalogue) -> None:
    from tf1lint.catalogue.model import Version

    keras3 = Version(2, 16)
    offending = [entry.id for entry in catalogue.entries
                 if (entry.until is None or entry.until > keras3)
                 and ("tfa." in (entry.replacement or "") or entry.package == "tensorflow-addons")]
    assert offending == []


def test_flags_move_to_absl_flags_and_casts_name_the_dtype(catalogue: Catalogue) -> None:
    index = catalogue.at_target(catalogue.newest_known)
    assert index.lookup_name("tf.app.flags").replacement == "absl.flags"
    assert index.lookup_name("tf.flags.FLAGS").replacement.startswith("use absl.flags, parsed by absl.app.run")
    assert index.lookup_name("tf.to_float").replacement == "tf.cast(x, tf.float32)"
    assert index.lookup_name("tf.to_int32").replacement == "tf.cast(x, tf.int32)"
    assert index.lookup_name("tf.set_random_seed").replacement == "tf.random.set_seed"
    assert index.lookup_name("tf.GraphDef").replacement == "tf.compat.v1.GraphDef"
    assert index.lookup_name("tf.distributions.Normal").package == "tensorflow-probability"
    assert index.lookup_name("tf.contrib.layers.l2_regularizer").replacement == "tf.keras.regularizers.L2(scale / 2)"


# -- "mechanical" means a pure rename: the TF2 function takes what the TF1 one took ----------------

def test_mechanical_replacements_accept_the_tf1_signature(catalogue: Catalogue) -> None:
    checked, wrong = 0, []
    for entry in catalogue.entries:
        replacement = entry.replacement
        if (not entry.mechanical or not applies_now(entry, catalogue) or entry.is_module
                or not is_dotted_api(replacement) or not replacement.startswith("tf.")):
            continue
        tf1_name = entry.api if entry.api.startswith("tf.compat.v1.") else "tf.compat.v1." + entry.api[len("tf."):]
        if not resolves(tf1_name) or not resolves(replacement):
            continue
        tf1_function, tf2_function = resolve(tf1_name), resolve(replacement)
        if not callable(tf1_function) or not callable(tf2_function):
            continue
        checked += 1
        reason = signature_mismatch(tf1_function, tf2_function)
        if reason:
            wrong.append(f"{entry.id} -> {replacement}: {reason}")
    assert checked > 100
    assert wrong == []


def test_mechanical_decisions_named_in_the_issue(catalogue: Catalogue) -> None:
    index = catalogue.at_target(catalogue.newest_known)
    for api in ("tf.contrib.data.AUTOTUNE", "tf.py_func", "tf.set_random_seed", "tf.gfile.FastGFile",
                "tf.contrib.slim.conv2d", "tf.app.flags"):
        assert index.lookup_name(api).mechanical, api
    for api in ("tf.to_float", "tf.scalar_summary", "tf.image.resize_images"):
        assert not index.lookup_name(api).mechanical, api
