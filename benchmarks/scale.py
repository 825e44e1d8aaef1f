"""Scale: inventory a large tree, 1x, 2x and 4x the same corpus (4x >= 500k lines by default),
and print wall time and peak resident memory of each run; time should grow linearly.

Usage: python benchmarks/scale.py CORPUS [--base-lines 125000] [--jobs 1] [--work DIR]
The tree is built under --work (a temporary folder by default) from copies of CORPUS's *.py files.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MEASURE = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"  # KiB on Linux
)


def build_base(corpus: Path, target_lines: int, base: Path) -> int:
    files = sorted(p for p in corpus.rglob("*.py") if p.is_file())
    lines, copy = 0, 0
    while lines < target_lines:
        for source in files:
            destination = base / f"copy{copy}" / source.relative_to(corpus)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            lines += source.read_bytes().count(b"\n")
            if lines >= target_lines:
                break
        copy += 1
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--base-lines", type=int, default=125_000)
    parser.add_argument("--jobs", default="1")
    parser.add_argument("--work", type=Path)
    arguments = parser.parse_args()
    work = arguments.work or Path(tempfile.mkdtemp(prefix="tf1lint-scale-"))
    base = work / "x1"
    shutil.rmtree(work, ignore_errors=True)
    base_lines = build_base(arguments.corpus.resolve(), arguments.base_lines, base)
    tf1lint = Path(sys.executable).parent / "tf1lint"
    subprocess.run([str(tf1lint), "rules"], stdout=subprocess.DEVNULL, check=False)  # warm the catalogue cache
    results = []
    for factor in (1, 2, 4):
        tree = work / f"x{factor}"
        for copy in range(1, factor):
            shutil.copytree(base, tree / f"part{copy}")
        if factor > 1:
            shutil.copytree(base, tree / "part0")
        command = [str(tf1lint), "inventory", "--format", "json", "-o", str(work / f"inventory{factor}.json"),
                   "--jobs", arguments.jobs, str(tree)]
        start = time.perf_counter()
        peak_kib = int(subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True,
                                      text=True, check=True).stdout)
        seconds = time.perf_counter() - start
        results.append((factor, base_lines * factor, seconds, peak_kib / 1024))
        print(f"{factor}x: {base_lines * factor:>9} lines  {seconds:7.2f} s  peak RSS {peak_kib / 1024:7.1f} MiB  "
              f"({base_lines * factor / seconds:,.0f} lines/s)")
    first = results[0]
    for factor, _, seconds, _ in results[1:]:
        print(f"time {factor}x / 1x = {seconds / first[2]:.2f} (linear: {factor})")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
