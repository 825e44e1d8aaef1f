"""Compare two runs of tools/measure/measure_recall.py (their --json files): recall before and after, per tree.

Prints one markdown row per tree with the error-level recall, any-level recall and false errors of
both runs, and marks the rows that miss issue 8's bar: a TF1 tree under --min-recall at error level,
or any false error on a TF2-native tree. Exit status 1 when a row misses the bar, so it can gate.

Usage: python -m tools.measure.recall_compare BEFORE.json AFTER.json [--tf2 addons docs recommenders] [--min-recall 99.5]
Several JSON files of one run can be merged first (they are lists): jq -s add a.json b.json > run.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def load(path: Path) -> dict[str, dict]:
    """Rows of one run by tree name (the folder's last part)."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise SystemExit(f"{path}: cannot read a measure_recall JSON file: {error}") from None
    if not isinstance(rows, list) or not all(isinstance(row, dict) and "tree" in row for row in rows):
        raise SystemExit(f"{path}: not a measure_recall JSON file (a list of objects with a 'tree')")
    return {Path(row["tree"]).name: row for row in rows}


def cell(row: dict | None) -> str:
    """One run's figures for a tree, as measure_recall stored them (already rounded)."""
    if row is None:
        return "not measured"
    return f"{row['recall_percent']}% / {row['recall_any_level_percent']}% / {row['false_errors']}"


def main() -> int:
    """Print the comparison table; exit 1 when a tree misses the bar after the change."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--tf2", nargs="*", default=["addons", "docs", "recommenders"],
                        help="TF2-native trees: only their false errors count")
    parser.add_argument("--min-recall", type=float, default=99.5, help="error-level recall every TF1 tree needs")
    arguments = parser.parse_args()
    before, after = load(arguments.before), load(arguments.after)
    print("| tree | before: recall / any level / false errors | after | meets the bar |")
    print("| --- | --- | --- | --- |")
    missing_bar = 0
    for tree in [*before, *(name for name in after if name not in before)]:
        now = after.get(tree)
        if now is None:
            verdict = "not measured after"
        elif tree in arguments.tf2:
            verdict = "yes" if now["false_errors"] == 0 else "NO: false errors on TF2 code"
        else:
            verdict = "yes" if now["recall_percent"] >= arguments.min_recall else f"NO: under {arguments.min_recall}%"
        missing_bar += not verdict.startswith("yes")
        print(f"| {tree} | {cell(before.get(tree))} | {cell(now)} | {verdict} |")
    return 1 if missing_bar else 0


if __name__ == "__main__":
    sys.exit(main())
