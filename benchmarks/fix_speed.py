"""`tf1lint check --fix --unsafe-fixes` against plain `tf1lint check` on the same files (issue 9: at most 2x).

Usage: python benchmarks/fix_speed.py REPO [REPO ...] [--runs 5] [--min-lines 100000]

The .py files of the repositories are copied into one corpus (at least --min-lines lines, or the
script says so and stops). Each run copies the corpus afresh (so --fix always has work to do) and
runs one command on the copy with the results cache off; the two commands alternate, fix then
check, and the ratio is taken pair by pair so a machine whose speed drifts still gives a fair
figure. CPU time is the children's user + system time as the kernel counts it; wall time is the
command's own. Prints the median, min and max of each and the median of the paired ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_SKIPPED = shutil.ignore_patterns(".git", "__pycache__", "*.pyc")


def build_corpus(repositories: list[Path], into: Path) -> tuple[int, int]:
    """Copy only the .py files (the notebooks and data stay behind); (files, lines)."""
    files = lines = 0
    for repository in repositories:
        for path in sorted(repository.rglob("*.py")):
            if any(part in (".git", "__pycache__") for part in path.parts) or not path.is_file():
                continue
            target = into / repository.name / path.relative_to(repository)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            files += 1
            lines += path.read_bytes().count(b"\n")
    return files, lines


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(cpu seconds of the process and its children, wall seconds)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1, 3):  # 3: some files do not parse (Python 2 files in real trees)
        raise SystemExit(f"{' '.join(command)} exited with {process.returncode}")
    return usage.ru_utime + usage.ru_stime, wall


def run(corpus: Path, work: Path, fix: bool) -> tuple[float, float]:
    copy = work / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(corpus, copy)
    command = [sys.executable, "-m", "tf1lint", "check", "--no-cache", "--fail-on", "never",
               "-o", str(work / "report.txt"), str(copy)]
    if fix:
        command[4:4] = ["--fix", "--unsafe-fixes"]
    return timed(command, work)


def describe(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repositories", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--min-lines", type=int, default=100_000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        corpus = work / "corpus"
        files, lines = build_corpus(arguments.repositories, corpus)
        print(f"corpus: {files} .py files, {lines} lines from {len(arguments.repositories)} repositories")
        if lines < arguments.min_lines:
            print(f"fewer than {arguments.min_lines} lines: give more repositories")
            return 2
        run(corpus, work, fix=True)  # warm-up: file system caches, the catalogue cache
        fix_cpu, fix_wall, check_cpu, check_wall, cpu_ratios, wall_ratios = [], [], [], [], [], []
        for _ in range(arguments.runs):
            cpu_a, wall_a = run(corpus, work, fix=True)
            cpu_b, wall_b = run(corpus, work, fix=False)
            fix_cpu.append(cpu_a)
            fix_wall.append(wall_a)
            check_cpu.append(cpu_b)
            check_wall.append(wall_b)
            cpu_ratios.append(cpu_a / cpu_b)
            wall_ratios.append(wall_a / wall_b)
        print(f"check --fix --unsafe-fixes: cpu {describe(fix_cpu)}, wall {describe(fix_wall)}")
        print(f"check:                      cpu {describe(check_cpu)}, wall {describe(check_wall)}")
        print(f"fix / check, paired over {arguments.runs} runs: cpu {statistics.median(cpu_ratios):.2f}x, "
              f"wall {statistics.median(wall_ratios):.2f}x (target <= 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
