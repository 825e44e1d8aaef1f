"""`tf1lint check --fix --unsafe-fixes` against TensorFlow's own `tf_upgrade_v2 --intree` on real TF1 code.

For each repository: two fresh copies; `tf_upgrade_v2 --intree COPY --inplace` converts one,
`tf1lint check --fix --unsafe-fixes COPY` the other. Then, in each copy, the lines whose
TensorFlow references still fail on the installed TensorFlow 2 are counted with the collector
and resolver of tools/measure/measure_recall.py (deliberately independent of tf1lint's engine), next
to the files each tool failed on and its wall time. For tf1lint, every line it leaves failing
should carry a finding without a fix (by-hand work the inventory lists): those that do not are
counted as `unflagged`.

Usage: python benchmarks/fix_vs_upgrade.py REPO [REPO ...] [--work DIR] [--json FILE]
The repositories are only read; copies go to --work (a temporary folder by default).
Needs TensorFlow (it ships tf_upgrade_v2); tf1lint itself never imports it.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout, run as a script from benchmarks/
from tf1lint.catalogue.model import canonical_name  # pylint: disable=wrong-import-position
from tools.measure.measure_recall import TensorFlowOracle, _Collector  # pylint: disable=wrong-import-position

_SKIPPED = shutil.ignore_patterns(".git", "__pycache__", "*.pyc")


@dataclass
class ToolRun:
    seconds: float = 0.0
    exit_status: int = 0
    failed_files: list[str] = field(default_factory=list)  # files the tool could not convert or broke
    failing_lines: int = 0  # lines whose TensorFlow references still fail on TF 2
    unparsable_after: int = 0  # .py files that no longer parse after the tool ran
    unflagged: int = 0  # (tf1lint) failing lines without a finding left to fix by hand
    second_run_changes: int = 0  # (tf1lint) diff lines a second `--fix --unsafe-fixes` would still make


@dataclass
class RepositoryResult:
    name: str
    python_files: int
    lines: int
    failing_before: int
    unparsable_before: int  # .py files that did not parse as Python 3 to begin with (Python 2 code)
    upgrade: ToolRun
    tf1lint: ToolRun


def failing_lines(tree: Path, oracle: TensorFlowOracle) -> tuple[dict[tuple[str, int], list[str]], int]:
    """(path relative to tree, line) of every line with a failing TensorFlow reference -> the failing
    names (canonical `tf.` spelling); and how many files do not parse."""
    failing: dict[tuple[str, int], list[str]] = {}
    unparsable = 0
    for path in sorted(tree.rglob("*.py")):
        try:
            parsed = ast.parse(path.read_bytes(), filename=str(path))
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            unparsable += 1
            continue
        for reference in _Collector(str(path)).collect(parsed):
            if reference.keywords and not oracle.fresh.resolves(reference.name):
                continue  # the call fails at its name, counted once there
            if not oracle.works(reference):
                key = (str(Path(reference.path).relative_to(tree)), reference.line)
                failing.setdefault(key, []).append(canonical_name(reference.name))
    return failing, unparsable


def run_upgrade(copy: Path) -> ToolRun:
    tool = Path(sys.executable).parent / "tf_upgrade_v2"
    report = copy.parent / f"{copy.name}.upgrade-report.txt"
    start = time.perf_counter()
    completed = subprocess.run([str(tool), "--intree", str(copy), "--inplace", "--reportfile", str(report)],
                               capture_output=True, text=True, check=False, timeout=3600)
    run = ToolRun(seconds=time.perf_counter() - start, exit_status=completed.returncode)
    text = report.read_text(encoding="utf-8", errors="replace") if report.exists() else ""
    # The report names each file it could not parse ("Failed to parse"); a crash ends the run.
    for line in text.splitlines():
        if "Failed to parse" in line or line.startswith("ERROR: Failed"):
            run.failed_files.append(line.strip()[:200])
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["(no message)"])[-1]
        run.failed_files.append(f"crashed: {last[:200]}")
    return run


def run_tf1lint(copy: Path) -> tuple[ToolRun, list[dict]]:
    start = time.perf_counter()
    completed = subprocess.run([sys.executable, "-m", "tf1lint", "check", "--fix", "--unsafe-fixes", "--format", "json",
                                "--fail-on", "never", str(copy)], capture_output=True, text=True, check=False,
                               timeout=3600)
    run = ToolRun(seconds=time.perf_counter() - start, exit_status=completed.returncode)
    run.failed_files = [line for line in completed.stderr.splitlines()
                        if "left unchanged" in line or "fixing broke" in line]
    again = subprocess.run([sys.executable, "-m", "tf1lint", "check", "--diff", "--unsafe-fixes", str(copy)],
                           capture_output=True, text=True, check=False, timeout=3600)
    run.second_run_changes = sum(1 for line in again.stdout.splitlines()
                                 if line[:1] in "+-" and not line.startswith(("+++", "---")))
    remaining = json.loads(completed.stdout or "[]")
    return run, [finding for finding in remaining if "fix" not in finding]


def without_finding(failing: dict[tuple[str, int], list[str]], by_hand: list[dict], copy: Path) -> int:
    """Failing lines that no by-hand finding covers: none on the line itself, and none at a binding
    (an import or alias, reported once with its `uses`) whose name the line's failing names go through."""
    lines = {(str(Path(finding["path"]).relative_to(copy)), finding["line"]) for finding in by_hand}
    bindings: dict[str, set[str]] = {}
    for finding in by_hand:
        if finding.get("uses"):
            bindings.setdefault(str(Path(finding["path"]).relative_to(copy)), set()).add(finding["name"])
    count = 0
    for (path, line), names in failing.items():
        if (path, line) in lines:
            continue
        through = bindings.get(path, set())
        if all(any(name == bound or name.startswith(bound + ".") for bound in through) for name in names):
            continue
        count += 1
    return count


def measure(repository: Path, work: Path, oracle: TensorFlowOracle) -> RepositoryResult:
    name = repository.name
    upgraded, fixed = work / "upgrade" / name, work / "tf1lint" / name
    for copy in (upgraded, fixed):
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(repository, copy, ignore=_SKIPPED, symlinks=True)
    files = sorted(repository.rglob("*.py"))
    lines = sum(path.read_bytes().count(b"\n") for path in files)
    before, unparsable_before = failing_lines(fixed, oracle)
    upgrade = run_upgrade(upgraded)
    upgrade_failing, upgrade.unparsable_after = failing_lines(upgraded, oracle)
    upgrade.failing_lines = len(upgrade_failing)
    ours, by_hand = run_tf1lint(fixed)
    ours_failing, ours.unparsable_after = failing_lines(fixed, oracle)
    ours.failing_lines = len(ours_failing)
    ours.unflagged = without_finding(ours_failing, by_hand, fixed)
    return RepositoryResult(name, len(files), lines, len(before), unparsable_before, upgrade, ours)


def table(results: list[RepositoryResult]) -> str:
    rows = ["| repository | .py files (not Python 3) | lines | failing lines before | tf_upgrade_v2: failing after | tf1lint --fix --unsafe-fixes: failing after | of which without a by-hand finding | files failed (tf_upgrade_v2 / tf1lint) | wall s (tf_upgrade_v2 / tf1lint) | second --fix changes |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |"]
    for result in results:
        up, ours = result.upgrade, result.tf1lint
        # A file failed: the tool said so (or crashed), or it parsed before and does not now. Files
        # that were never Python 3 are counted in their own column, not against either tool.
        crashes = sum(1 for line in up.failed_files if line.startswith("crashed"))
        parse_failures = len(up.failed_files) - crashes  # its "Failed to parse", Python 2 files included
        failed_up = crashes + max(0, parse_failures - result.unparsable_before) + \
            max(0, up.unparsable_after - result.unparsable_before)
        failed_ours = len(ours.failed_files) + max(0, ours.unparsable_after - result.unparsable_before)
        crashed = " (crashed)" if up.exit_status else ""
        rows.append(f"| {result.name} | {result.python_files} ({result.unparsable_before}) | {result.lines} | {result.failing_before} | "
                    f"{up.failing_lines} | {ours.failing_lines} | {ours.unflagged} | {failed_up}{crashed} / {failed_ours} | "
                    f"{up.seconds:.1f} / {ours.seconds:.1f} | {ours.second_run_changes} |")
    return "\n".join(rows) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repositories", nargs="+", type=Path)
    parser.add_argument("--work", type=Path, help="where the copies go (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the full results here")
    arguments = parser.parse_args()
    oracle = TensorFlowOracle()
    with tempfile.TemporaryDirectory(prefix="tf1lint-fix-bench-") as temporary:
        work = arguments.work or Path(temporary)
        results = []
        for repository in arguments.repositories:
            results.append(measure(repository.resolve(), work, oracle))
            print(f"{repository.name}: done", file=sys.stderr)
    sys.stdout.write(table(results))
    if arguments.json:
        arguments.json.write_text(json.dumps([asdict(result) for result in results], indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
