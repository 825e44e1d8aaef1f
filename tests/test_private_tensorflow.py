"""Private-API verdicts (rules/generated/private.yaml) checked against the installed TensorFlow 2.

- a seeded sample of the generated removed entries really fails to import or resolve, and
  `tf1lint check` reports each at error level;
- a seeded sample of private names that do resolve is never reported at error level;
- the generated file is what tools/catalogue/generate_private.py writes today (a slow test; needs the TF 1.15
  wheel, which .ci/run downloads: skipped, with the reason, where it is absent outside CI).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, needed_on_ci, run_tf1lint, tensorflow_or_skip

tf = tensorflow_or_skip()
pytestmark = pytest.mark.tensorflow

from tools.catalogue import generate_private
from tools.catalogue.tf_resolution import FreshResolver

GENERATED = ROOT / "rules" / "generated" / "private.yaml"
SAMPLE_SIZE = 200
SEED = 8

_fresh = FreshResolver()


def generated_removals() -> list[dict]:
    document = yaml.safe_load(GENERATED.read_text(encoding="utf-8"))
    return [entry for entry in document["entries"] if entry["kind"] == "removed"]


def importable(api: str) -> tuple[str, str | None]:
    """`tf.python.a.b.*` -> ("tensorflow.python.a.b", None); `tf.python.a.b.N` -> ("tensorflow.python.a.b", "N")."""
    dotted = "tensorflow." + api.removeprefix("tf.")
    if dotted.endswith(".*"):
        return dotted[:-2], None
    module, _, name = dotted.rpartition(".")
    return module, name


def import_lines(pairs: list[tuple[str, str | None]]) -> str:
    lines = []
    for module, name in pairs:
        lines.append(f"import {module}\n" if name is None else f"from {module} import {name}\n")
    return "".join(lines)


def findings_by_line(folder: Path, text: str) -> dict[int, list[dict]]:
    source = folder / "uses_private.py"
    source.write_text(text, encoding="utf-8")
    completed = run_tf1lint("check", "--format", "json", str(source))
    assert completed.returncode in (0, 1), completed.stderr
    by_line: dict[int, list[dict]] = {}
    for finding in json.loads(completed.stdout):
        by_line.setdefault(finding["line"], []).append(finding)
    return by_line


@pytest.fixture(scope="module")
def sampled_removals() -> list[dict]:
    entries = generated_removals()
    assert len(entries) > 500  # the generator's output, not a stub
    return random.Random(SEED).sample(entries, SAMPLE_SIZE)


def test_sampled_removed_entries_do_not_resolve_on_installed_tensorflow(sampled_removals: list[dict]) -> None:
    still_there = []
    for entry in sampled_removals:
        module, name = importable(entry["api"])
        dotted = "tf." + (module if name is None else f"{module}.{name}").removeprefix("tensorflow.")
        if _fresh.resolves(dotted):
            still_there.append(entry["id"])
    assert still_there == []


def test_sampled_removed_entries_are_errors_in_tf1lint_check(sampled_removals: list[dict], tmp_path: Path) -> None:
    pairs = [importable(entry["api"]) for entry in sampled_removals]
    by_line = findings_by_line(tmp_path, import_lines(pairs))
    not_errors = [f"{module}{'' if name is None else '.' + name}" for number, (module, name) in enumerate(pairs, 1)
                  if not any(finding["severity"] == "error" for finding in by_line.get(number, []))]
    assert not_errors == []


HAND_WRITTEN = ROOT / "rules" / "private.yaml"
RESOLVES = """\
import json, sys
sys.path.insert(0, sys.argv[1])
from tools.catalogue.tf_resolution import FreshResolver
resolver = FreshResolver()
print(json.dumps({name: resolver.resolves(name) for name in json.loads(sys.stdin.read())}))
"""


# Names of TF1 releases before 1.14 (the one TF1 here), which 1.14 had already dropped.
OLDER_TF1 = {"removed:python.layers.base._Layer"}


def hand_written_removals() -> dict[str, str]:
    """id -> the dotted name (a module entry's module) of each removed entry in rules/private.yaml."""
    document = yaml.safe_load(HAND_WRITTEN.read_text(encoding="utf-8"))
    return {entry["id"]: entry["api"].removesuffix(".*") for entry in document["entries"] if entry["kind"] == "removed"}


def test_hand_written_removals_were_tf1_names_and_are_gone_on_tf2(tf114_python: str) -> None:
    """What rules/private.yaml calls gone resolved on TF 1.14 (real TF1 code used it) and does not on TF 2.21."""
    removals = hand_written_removals()
    assert len(removals) >= 8
    completed = subprocess.run([tf114_python, "-c", RESOLVES, str(ROOT)], input=json.dumps(sorted(removals.values())),
                               capture_output=True, text=True, timeout=600, check=False)
    assert completed.returncode == 0, completed.stderr[-2000:]
    on_tf1 = json.loads(completed.stdout.strip().splitlines()[-1])
    assert [entry for entry, name in removals.items() if not on_tf1[name] and entry not in OLDER_TF1] == []
    assert [entry for entry, name in removals.items() if _fresh.resolves(name)] == []


def resolving_private_names() -> list[tuple[str, str]]:
    """(module, name) pairs that TF 2.21's own export tables import from tensorflow.python: real, live names."""
    api_root = Path(tf.__file__).resolve().parent / "_api" / "v2"
    pairs = set()
    for init in sorted(api_root.rglob("__init__.py")):
        for line in init.read_text(encoding="utf-8").splitlines():
            words = line.split()
            if len(words) >= 4 and words[0] == "from" and words[1].startswith("tensorflow.python.") \
                    and words[2] == "import" and not words[3].startswith("_"):
                pairs.add((words[1], words[3]))
    return sorted(pairs)


def test_private_names_that_resolve_are_not_errors(tmp_path: Path) -> None:
    candidates = resolving_private_names()
    assert len(candidates) > 1000
    sample = [pair for pair in random.Random(SEED).sample(candidates, SAMPLE_SIZE)
              if _fresh.resolves(f"tf.{pair[0].removeprefix('tensorflow.')}.{pair[1]}")]
    assert len(sample) > SAMPLE_SIZE * 0.9  # the sample is of live names, as intended
    by_line = findings_by_line(tmp_path, import_lines(sample))
    false_errors = [f"{module}.{name}: {finding['rule']}" for number, (module, name) in enumerate(sample, 1)
                    for finding in by_line.get(number, []) if finding["severity"] == "error"]
    assert false_errors == []
    # Still reported, as information on the private import: the rule is not simply silent.
    informed = [number for number in range(1, len(sample) + 1)
                if any(finding["rule"] == "deprecated:python" and finding["severity"] == "info"
                       for finding in by_line.get(number, []))]
    assert len(informed) > len(sample) * 0.9


@pytest.mark.slow  # reads the whole TF 1.15 wheel and resolves every private name: minutes
def test_generated_private_file_is_current() -> None:
    wheel = generate_private.find_wheel(None)
    if wheel is None or not wheel.is_file():
        needed_on_ci(f"the TF 1.15 wheel is not here, so private.yaml cannot be regenerated: {generate_private.WHEEL_HELP}")
    completed = subprocess.run([sys.executable, "-m", "tools.catalogue.generate_private", "--check", "--wheel",
                                str(wheel)], cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
