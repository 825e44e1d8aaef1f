"""Start-up and warm-run speed of tf1lint, each measured in pairs against a yardstick.

Usage: python benchmarks/startup.py [--bert PATH] [--corpus PATH] [--repeat N] [--one-file]

  version   `tf1lint --version` against `python -c pass`            target <= 0.04 s
  one file  `tf1lint check --no-cache` of bert's modeling.py (986 lines) against `python -c pass`
                                                                    target <= 0.10 s wall
  new file  `tf1lint check` (the results cache on) of a copy of it whose content is new each time
            (a file just edited: the cache misses, stores it and its run index)   target <= 0.10 s
  new project  the same, the project's cache folder removed before each run      target <= 0.10 s
  re-run    `tf1lint check` of it unchanged (served from the cache)              target <= 0.10 s
  warm      an unchanged re-run of tensor2tensor against a cold run whose cache folder is removed
            before it                                               target <= 0.10 of cold
  pylint    `pylint --load-plugins tf1lint` against plain pylint on a file without TensorFlow
                                                                    target <= 1.05 x

The two commands of a pair run one after the other, alternating, and each pair gives one ratio;
the script prints the median of each command's wall time and the median of the ratios, which
holds when the machine's speed drifts (a shared machine). The corpus is copied to a temporary
folder, and the user's cache folder (catalogue cache, signing secret) is a temporary one, filled
by one run before anything is timed.
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
from collections.abc import Callable
from pathlib import Path

BIN = Path(sys.executable).parent
PLAIN = "import os\n\n\ndef here() -> str:\n    return os.getcwd()\n"


def _tf1lint() -> list[str]:
    script = BIN / "tf1lint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tf1lint"]


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Wall seconds of one run of `command`, its output thrown away."""
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def paired(name: str, first: Callable[[], float], second: Callable[[], float],
           repeat: int) -> tuple[float, float, float]:
    """Median wall time of each, and the median of the pair-by-pair ratios first/second."""
    first()  # warm-up: the file system cache, the catalogue cache
    second()
    a_times, b_times = [], []
    for _ in range(repeat):
        a_times.append(first())
        b_times.append(second())
    ratios = [a / b for a, b in zip(a_times, b_times)]
    a, b, ratio = statistics.median(a_times), statistics.median(b_times), statistics.median(ratios)
    print(f"{name:10} {a:7.3f} s against {b:7.3f} s   ratio {ratio:6.3f}"
          f"  (min {min(ratios):.3f}, max {max(ratios):.3f})")
    return a, b, ratio


def _one_file_with_cache(tf1lint: list[str], python: list[str], source: Path, project: Path,
                         env: dict[str, str], repeat: int) -> dict[str, tuple[float, float, float]]:
    """`tf1lint check FILE` as typed, the results cache on: a file just edited, the same in a
    project without a cache folder yet, and an unchanged re-run; each against `python -c pass`."""
    project.mkdir()
    copy = project / source.name
    text = source.read_bytes()
    edits = iter(range(1_000_000))
    check = [*tf1lint, "check", copy.name]

    def new_file() -> float:
        copy.write_bytes(text + f"# edit {next(edits)}\n".encode())  # new content: a cache miss
        return timed(check, project, env)

    def new_project() -> float:
        shutil.rmtree(project / ".tf1lint_cache", ignore_errors=True)
        return new_file()

    results = {"new file": paired("new file", new_file, lambda: timed(python, project, env), repeat),
               "new project": paired("new project", new_project, lambda: timed(python, project, env), repeat)}
    results["re-run"] = paired("re-run", lambda: timed(check, project, env), lambda: timed(python, project, env),
                               repeat)
    return results


def main() -> int:  # pylint: disable=too-many-locals  # one measurement after another, read top to bottom
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bert", type=Path, default=Path("/work/repos/bert/modeling.py"))
    parser.add_argument("--corpus", type=Path, default=Path("/work/repos/tensor2tensor"))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--one-file", action="store_true", help="only the one-file measurements")
    arguments = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="tf1lint-startup-bench-"))
    try:
        env = dict(os.environ, XDG_CACHE_HOME=str(scratch / "user-cache"))
        env.pop("TF1LINT_CACHE_DIR", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled modules are kept
        corpus = scratch / "corpus"
        shutil.copytree(arguments.corpus, corpus, symlinks=True)
        (scratch / "plain.py").write_text(PLAIN, encoding="utf-8")
        tf1lint = _tf1lint()
        python = [sys.executable, "-c", "pass"]
        subprocess.run([*tf1lint, "rules"], env=env, cwd=scratch, stdout=subprocess.DEVNULL, check=True)
        print(f"median of {arguments.repeat} pairs (wall seconds); machine: {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f}")
        results = {}
        results["version"] = paired("version", lambda: timed([*tf1lint, "--version"], scratch, env),
                                    lambda: timed(python, scratch, env), arguments.repeat)
        one_file = [*tf1lint, "check", "--no-cache", str(arguments.bert)]
        results["one file"] = paired("one file", lambda: timed(one_file, scratch, env),
                                     lambda: timed(python, scratch, env), arguments.repeat)
        results.update(_one_file_with_cache(tf1lint, python, arguments.bert, scratch / "project", env,
                                            arguments.repeat))
        if arguments.one_file:
            return 0
        check = [*tf1lint, "check", "."]

        def cold() -> float:
            shutil.rmtree(corpus / ".tf1lint_cache", ignore_errors=True)
            return timed(check, corpus, env)

        # The cold run first in each pair: the warm run after it finds the cache it left.
        _, _, cold_over_warm = paired("cold/warm", cold, lambda: timed(check, corpus, env), arguments.repeat)
        warm_share = 1 / cold_over_warm  # the median of warm/cold, pair by pair
        print(f"{'warm':10} {warm_share:.3f} of cold")
        pylint = [sys.executable, "-m", "pylint", "--rcfile=/dev/null", "--persistent=n", "--score=n"]
        with_plugin = [*pylint, "--load-plugins=tf1lint", "plain.py"]
        results["pylint"] = paired("pylint", lambda: timed(with_plugin, scratch, env),
                                   lambda: timed([*pylint, "plain.py"], scratch, env), arguments.repeat)
        print()
        verdicts = [("--version <= 0.04 s", results["version"][0] <= 0.04),
                    ("one 1,000-line file <= 0.10 s", results["one file"][0] <= 0.10),
                    ("  new file <= 0.10 s", results["new file"][0] <= 0.10),
                    ("  new project <= 0.10 s", results["new project"][0] <= 0.10),
                    ("  re-run <= 0.10 s", results["re-run"][0] <= 0.10),
                    ("warm <= 0.10 of cold", warm_share <= 0.10),
                    ("pylint plugin <= 1.05x", results["pylint"][2] <= 1.05)]
        for what, met in verdicts:
            print(f"{what:32} {'met' if met else 'MISSED'}")
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
