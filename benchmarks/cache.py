"""Speed of tf1lint's results cache on a corpus: a first run (empty cache) against a second run
with nothing changed, and against a run after one file changed.

Usage: python benchmarks/cache.py CORPUS [--repeat N]

The corpus is copied to a temporary folder (one of its files is edited between runs) and the
cache is kept in another temporary folder (TF1LINT_CACHE_DIR). Prints medians of N runs and the
ratios the issue sets targets for: unchanged <= 0.10 of the first run, one file changed <= 0.15.
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

BIN = Path(sys.executable).parent


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="tf1lint-cache-bench-"))
    try:
        corpus = scratch / "corpus"
        shutil.copytree(arguments.corpus, corpus, symlinks=True)
        files = sorted(p for p in corpus.rglob("*.py") if p.is_file())
        lines = sum(p.read_bytes().count(b"\n") for p in files)
        edited = max(files, key=lambda p: p.stat().st_size if b"tensorflow" in p.read_bytes() else 0)
        print(f"corpus: {arguments.corpus} - {len(files)} Python files, {lines} lines; edited: "
              f"{edited.relative_to(corpus)}")
        cache = scratch / "cache"
        env = dict(os.environ, TF1LINT_CACHE_DIR=str(cache))
        command = [str(BIN / "tf1lint"), "check", "--format", "json", str(corpus)]
        first, unchanged, one_changed = [], [], []
        for run in range(arguments.repeat):
            shutil.rmtree(cache, ignore_errors=True)
            first.append(timed(command, env))
            unchanged.append(timed(command, env))
            with open(edited, "a", encoding="utf-8") as handle:
                handle.write(f"\n# edit {run}\n")
            one_changed.append(timed(command, env))
        cold, warm, one = (statistics.median(times) for times in (first, unchanged, one_changed))
        print(f"first run (empty cache): {cold:.2f} s; nothing changed: {warm:.2f} s; one file changed: "
              f"{one:.2f} s (medians of {arguments.repeat})")
        print(f"unchanged / first: {warm / cold:.3f} (target <= 0.10) {'OK' if warm / cold <= 0.10 else 'MISSED'}")
        print(f"one changed / first: {one / cold:.3f} (target <= 0.15) {'OK' if one / cold <= 0.15 else 'MISSED'}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
