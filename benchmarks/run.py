"""Speed of tf1lint against tf_upgrade_v2 and bare pylint, run side by side on the same files.

Usage: python benchmarks/run.py CORPUS [--repeat N] [--pylint-repeat N] [--skip-pylint]

Prints the four figures the core issue sets targets for, as medians of repeated runs
(these machines are noisy), and the ratios:
  1. tf1lint check wall time / tf_upgrade_v2 wall time       (target <= 0.10)
  2. pylint with the plugin / the same pylint run without it  (target <= 1.10)
  3. tf1lint check on one file                                 (target <= 0.25 s)
  4. catalogue load, warm cache                                (target <= 50 ms)
tf_upgrade_v2 and pylint come from the environment running this script (TensorFlow
installed, as where users run them).
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


def python_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.py") if p.is_file())


def count_lines(files: list[Path]) -> int:
    return sum(path.read_bytes().count(b"\n") for path in files)


def timed(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, **kwargs)
    return time.perf_counter() - start


def median_of(repeat: int, command: list[str], **kwargs) -> tuple[float, list[float]]:
    times = [timed(command, **kwargs) for _ in range(repeat)]
    return statistics.median(times), times


def tf_upgrade_v2(corpus: Path, repeat: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        out = Path(tempfile.mkdtemp(prefix="tfupg-"))
        shutil.rmtree(out)
        times.append(timed([str(BIN / "tf_upgrade_v2"), "--intree", str(corpus), "--outtree", str(out),
                            "--reportfile", str(out) + ".txt", "--no_import_rename"]))
        shutil.rmtree(out, ignore_errors=True)
    return statistics.median(times), times


def pylint_pair(corpus: Path, repeat: int) -> tuple[float, float, list[float], list[float]]:
    """Alternate bare and plugin runs so that drift in machine load hits both alike."""
    base = [str(BIN / "pylint"), "--rcfile=/dev/null", "--jobs=1", "--recursive=y", str(corpus)]
    bare, plugin = [], []
    for _ in range(repeat):
        bare.append(timed(base))
        plugin.append(timed([*base, "--load-plugins=tf1lint"]))
    return statistics.median(bare), statistics.median(plugin), bare, plugin


def catalogue_load_ms(repeat: int) -> tuple[float, float]:
    code = (
        "import time, statistics\n"
        "from tf1lint.catalogue.loader import load_catalogue\n"
        "times = []\n"
        f"for _ in range({repeat}):\n"
        "    start = time.perf_counter(); result = load_catalogue()\n"
        "    result.catalogue.at_target(result.catalogue.newest_known)\n"
        "    times.append(time.perf_counter() - start)\n"
        "print(statistics.median(times) * 1000, len(result.catalogue.entries))\n"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(output[0]), float(output[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the fast measurements")
    parser.add_argument("--upgrade-repeat", type=int, default=3, help="runs of tf_upgrade_v2")
    parser.add_argument("--pylint-repeat", type=int, default=3, help="runs of each pylint variant")
    parser.add_argument("--skip-pylint", action="store_true")
    arguments = parser.parse_args()
    corpus = arguments.corpus.resolve()
    files = python_files(corpus)
    lines = count_lines(files)
    print(f"corpus: {corpus} - {len(files)} Python files, {lines} lines")
    tf1lint = [str(BIN / "tf1lint"), "check", "--format", "json", str(corpus)]
    subprocess.run(tf1lint, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # warm the catalogue cache

    check_s, check_runs = median_of(arguments.repeat, tf1lint)
    upgrade_s, upgrade_runs = tf_upgrade_v2(corpus, arguments.upgrade_repeat)
    ratio = check_s / upgrade_s
    print(f"1. tf1lint check {check_s:.2f} s vs tf_upgrade_v2 {upgrade_s:.2f} s (medians of "
          f"{len(check_runs)} and {len(upgrade_runs)}): ratio {ratio:.3f} (target <= 0.10) "
          f"{'OK' if ratio <= 0.10 else 'MISSED'}")

    if not arguments.skip_pylint:
        bare_s, plugin_s, _, _ = pylint_pair(corpus, arguments.pylint_repeat)
        overhead = plugin_s / bare_s
        print(f"2. pylint with plugin {plugin_s:.1f} s vs without {bare_s:.1f} s (medians of {arguments.pylint_repeat}): "
              f"ratio {overhead:.3f} (target <= 1.10) {'OK' if overhead <= 1.10 else 'MISSED'}")

    biggest = max(files, key=lambda p: p.stat().st_size if b"tensorflow" in p.read_bytes() else 0)
    one_s, _ = median_of(max(arguments.repeat, 7), [str(BIN / "tf1lint"), "check", str(biggest)])
    biggest_lines = count_lines([biggest])
    print(f"3. tf1lint check on one file ({biggest.relative_to(corpus)}, "
          f"{biggest_lines} lines): {one_s:.3f} s (target <= 0.25) {'OK' if one_s <= 0.25 else 'MISSED'}")

    load_ms, entries = catalogue_load_ms(max(arguments.repeat, 11))
    print(f"4. catalogue load ({entries:.0f} entries, warm cache): {load_ms:.1f} ms (target <= 50) "
          f"{'OK' if load_ms <= 50 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.exit(main())
