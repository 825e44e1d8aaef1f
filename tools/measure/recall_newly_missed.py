"""Why did a change make tf1lint miss lines it used to flag? Classify each newly missed line.

Reads two measure_recall.py JSON files (before and after) and, for every failing line missed after but
not before, asks the tf1lint under test (the one on PYTHONPATH) what it reports on that line:

  pylint skip-file    the file carries `# pylint: skip-file`, which `tf1lint check` honours
  guarded (info)      a finding is there, marked `guarded` (a try/except or version-test fallback)
  reported as X       a finding is there below error level
  not reported        nothing on that line

A guarded miss is right only when the other branch is a TF2-clean alternative: read the example.

Usage: python -m tools.measure.recall_newly_missed BEFORE.json AFTER.json   (run from outside a tf1lint checkout)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

SKIP_FILE = re.compile(r"#\s*pylint:\s*skip-file")


def missed_lines(path: Path) -> dict[str, set[str]]:
    """Missed `path:line` keys per tree name."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise SystemExit(f"{path}: cannot read a measure_recall JSON file: {error}") from None
    return {Path(row["tree"]).name: {line.split(" ", 1)[0] for line in row.get("missed_lines", [])} for row in rows}


class FindingsOnDisk:
    """tf1lint's findings per file, asked once per file (no results cache)."""

    def __init__(self) -> None:
        self._by_file: dict[str, list[dict]] = {}

    def at(self, path: str, line: int) -> list[dict]:
        """The findings tf1lint reports on one line of a file."""
        if path not in self._by_file:
            completed = subprocess.run([sys.executable, "-m", "tf1lint", "check", "--format", "json", path],
                                       capture_output=True, text=True, check=False,
                                       env={**os.environ, "TF1LINT_NO_CACHE": "1"})
            self._by_file[path] = json.loads(completed.stdout or "[]")
        return [finding for finding in self._by_file[path] if finding["line"] == line]


def classify(key: str, findings: FindingsOnDisk) -> str:
    """One newly missed line's cause."""
    path, line = key.rsplit(":", 1)
    if SKIP_FILE.search(Path(path).read_text(encoding="utf-8", errors="replace")):
        return "pylint skip-file"
    here = findings.at(path, int(line))
    if any(finding.get("guarded") for finding in here):
        return "guarded (info)"
    if here:
        return "reported as " + ", ".join(sorted({f"{f['severity']} {f['rule']}" for f in here}))
    return "not reported"


def main() -> int:
    """Print, per tree, how many lines are newly missed and why, with one example each."""
    if len(sys.argv) != 3:
        raise SystemExit(__doc__.strip().splitlines()[-1])
    before, after = missed_lines(Path(sys.argv[1])), missed_lines(Path(sys.argv[2]))
    findings = FindingsOnDisk()
    for tree, missed in after.items():
        new = sorted(missed - before.get(tree, set()))
        if not new:
            continue
        causes: Counter = Counter()
        examples: dict[str, str] = defaultdict(str)
        for key in new:
            cause = classify(key, findings)
            causes[cause] += 1
            examples[cause] = examples[cause] or key
        print(f"{tree}: {len(new)} newly missed lines")
        for cause, count in causes.most_common():
            print(f"  {count:5}  {cause}   e.g. {examples[cause]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
