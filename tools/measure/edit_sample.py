"""A seeded sample of the edits `tf1lint check --fix` makes on real TF1 trees, for judging by running code.

For each tree it runs the command line three times: `check --format json` (every finding with its fix:
entry, applicability, edits), `check --diff` (what plain `--fix` writes) and `check --diff
--unsafe-fixes` (what `--fix --unsafe-fixes` writes). Each finding with a safe or unsafe fix is one
edit: its statement as written (`before`), and that statement with the fixes of its tier applied
(`after`: safe fixes for a safe edit, safe and unsafe ones for an unsafe edit, as the two commands
apply them). Every changed line of `after` is checked against the `+` lines of the matching diff, so
the sample holds what the command really writes.

Edits are drawn per applicability, round-robin over entries in a seeded order (at most --cap per
entry and fix form), so the sample spans as many entries and forms as the budget allows.

Usage:
  python -m tools.measure.edit_sample --seed 17 --cap 2 --safe 50 --unsafe 60 -o tools/measure/results/edit_sample/sample-17.json TREE ...
  python -m tools.measure.edit_sample supplement tools/measure/results/edit_sample/sample-17.json  # one edit per fix form it lacks
  python -m tools.measure.edit_sample refresh tools/measure/results/edit_sample/sample-17.json   # after a fix: same edits, as written now
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import os
import random
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

from tf1lint.analysis.notebooks import cell_lines

TIERS = ("safe", "unsafe")


def tf1lint(*arguments: str) -> str:
    """stdout of `python -m tf1lint ARGUMENTS` run from this checkout (exit status 1 means findings or a change,
    3 a file that cannot be checked, such as Python 2 code: reported, and left out of the sample)."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    completed = subprocess.run([sys.executable, "-m", "tf1lint", *arguments], capture_output=True, text=True, check=False,
                               env=environment, cwd=ROOT)
    if completed.returncode not in (0, 1, 3) or completed.returncode == 3 and not completed.stdout:
        raise SystemExit(f"tf1lint {' '.join(arguments)} failed:\n{completed.stderr[-2000:]}")
    return completed.stdout


def fixed_texts(diff: str, read: Callable[[str], str]) -> dict[str, str]:
    """Each file of a unified diff as the command would write it: the diff applied to the original."""
    fixed: dict[str, str] = {}
    lines = diff.splitlines(keepends=True)
    position = 0
    while position < len(lines):
        if not lines[position].startswith("--- "):
            position += 1
            continue
        path = "/" + lines[position][4:].rstrip("\n").split("a/", 1)[-1].lstrip("/")
        old = read(path).splitlines(keepends=True)
        new: list[str] = []
        done = 0  # lines of `old` already copied
        position += 2
        while position < len(lines) and lines[position].startswith("@@"):
            counts = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,(\d+))?", lines[position]).groups()
            start, removed, added = (int(count) if count is not None else 1 for count in counts)
            start = start - 1 if removed else start  # an empty old range names the line before it
            new += old[done:start]
            done = start
            position += 1
            while position < len(lines) and (removed or added or lines[position].startswith("\\")):
                mark, text = lines[position][:1], lines[position][1:]
                if mark in (" ", "+"):
                    new.append(text)
                    added -= 1
                if mark in (" ", "-"):
                    done += 1
                    removed -= 1
                position += 1
        fixed[path] = "".join(new + old[done:])
    return fixed


def mapped_line(old: list[str], new: list[str], line: int) -> int:
    """Where old line `line` (1-based) sits in the fixed text: a fix rewrites inside lines, while
    inserted lines (graph mode, imports) move what follows."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for _tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if old_start <= line - 1 < old_end:
            return new_start + 1 + min(line - 1 - old_start, max(new_end - new_start - 1, 0))
    return line


def lines_of(text: str, cell: int | None) -> list[str]:
    """The file's lines, or one notebook cell's."""
    return cell_lines(text.encode()).get(cell, []) if cell is not None else text.splitlines()


def statement_span(lines: list[str], line: int) -> tuple[int, int]:
    """1-based first and last line of the innermost statement holding `line` (only the header of a
    compound statement); the line alone when the text does not parse."""
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return line, line
    best = (line, line)
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        body = getattr(node, "body", None)
        end = node.end_lineno or node.lineno
        if isinstance(body, list) and body:
            end = max(node.lineno, body[0].lineno - 1)  # the header; the body holds its own statements
        while end > node.lineno and lines[end - 1].strip().startswith("#") or end > node.lineno and not lines[end - 1].strip():
            end -= 1  # comments and blank lines between a header and its body
        if node.lineno <= line <= end and (best == (line, line) or end - node.lineno < best[1] - best[0]):
            best = (node.lineno, end)
    return best


def fix_form(finding: dict) -> str:
    """The fix's message with its names and arguments blanked: 'use X (keeps TF1 semantics)'."""
    message = finding["fix"]["message"].split(";")[0]
    message = re.sub(r"rewrite the call as .*", "rewrite the call", message)
    return re.sub(r"\btf[\w.]*|\babsl[\w.]*", "X", message)


def edits_of(tree: str) -> list[dict]:
    findings = json.loads(tf1lint("check", "--format", "json", "--no-cache", tree) or "[]")

    def read(path: str) -> str:
        return Path(path).read_bytes().decode("utf-8", errors="replace")

    fixed = {tier: fixed_texts(tf1lint("check", "--diff", "--no-cache", *(["--unsafe-fixes"] if tier == "unsafe" else []),
                                       tree), read) for tier in TIERS}
    edits = []
    for finding in findings:
        fix = finding.get("fix")
        if not fix or fix["applicability"] not in TIERS:
            continue
        path, cell, tier = finding["path"], finding.get("cell"), fix["applicability"]
        old_lines = lines_of(read(path), cell)
        span = statement_span(old_lines, finding["line"])
        written = {}
        for name in TIERS:
            new_lines = lines_of(fixed[name].get(path, read(path)), cell)
            start = mapped_line(old_lines, new_lines, span[0])
            new_span = statement_span(new_lines, start)  # a fix may join or split the statement's lines
            written[name] = "\n".join(new_lines[new_span[0] - 1:new_span[1]])
        before = "\n".join(old_lines[span[0] - 1:span[1]])
        edits.append({
            "repo": Path(tree).name, "path": str(Path(path).relative_to(tree)), "cell": cell,
            "line": finding["line"], "span": list(span), "entry": finding["rule"], "api": finding["api"],
            "tier": tier, "form": fix_form(finding), "fix": fix["message"],
            "before": before, "after": written[tier], "written": before != written[tier],
            # what --fix --unsafe-fixes writes there: a safe edit is judged in it when another finding
            # of the statement, not fixed by --fix, keeps --fix's text from running
            **({"after_unsafe_fixes": written["unsafe"]} if tier == "safe" else {}),
        })
    return edits


def draw(edits: list[dict], seed: int, budgets: dict[str, int], cap: int) -> list[dict]:
    """Round-robin over (entry, form) strata in a seeded order, up to `cap` draws each."""
    generator = random.Random(seed)
    chosen = []
    for tier in TIERS:
        strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for edit in edits:
            if edit["tier"] == tier:
                strata[(edit["entry"], edit["form"])].append(edit)
        order = sorted(strata)
        generator.shuffle(order)
        for key in order:
            generator.shuffle(strata[key])
        taken = 0
        for round_number in range(cap):
            for key in order:
                if taken < budgets[tier] and round_number < len(strata[key]):
                    chosen.append(strata[key][round_number])
                    taken += 1
    for number, edit in enumerate(chosen, start=1):
        edit["id"] = f"E{number:03d}"
    return chosen


def refresh(sample_path: str, repositories: str) -> int:
    """Re-run the command on the sample's trees and bring each sampled edit up to date (same file,
    line and entry): the sample drawn before a fix is judged again as the fixed tf1lint writes it."""
    document = json.loads(Path(sample_path).read_text(encoding="utf-8"))
    current = {}
    for tree in document["trees"]:
        for edit in edits_of(os.path.join(repositories, tree)):
            current[(edit["repo"], edit["path"], edit["cell"], edit["line"], edit["entry"])] = edit
    for edit in document["edits"]:
        now = current.get((edit["repo"], edit["path"], edit["cell"], edit["line"], edit["entry"]))
        edit.pop("no_fix_now", None)
        edit.pop("tier_now", None)
        if now is None:
            edit["no_fix_now"] = True  # tf1lint no longer makes this edit (its texts stay as drawn)
        else:
            edit.update({key: value for key, value in now.items() if key not in ("tier",)})
            edit["tier_now"] = now["tier"]
    document["refreshed_with"] = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                                capture_output=True, text=True, check=False).stdout.strip()
    Path(sample_path).write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    gone = sum(bool(edit.get("no_fix_now")) for edit in document["edits"])
    moved = sum(edit.get("tier_now", edit["tier"]) != edit["tier"] for edit in document["edits"])
    print(f"refreshed {len(document['edits'])} edits: {gone} no longer made, {moved} changed tier")
    return 0


def supplement(sample_path: str, repositories: str) -> int:
    """Add one edit (seeded) for each (tier, fix form) the sample lacks, so that every form the command
    writes on these trees is judged at least once; the new edits are numbered after the others."""
    document = json.loads(Path(sample_path).read_text(encoding="utf-8"))
    present = {(edit["tier"], edit["form"]) for edit in document["edits"]}
    drawn = {(edit["repo"], edit["path"], edit["cell"], edit["line"], edit["entry"]) for edit in document["edits"]}
    every = [edit for tree in document["trees"] for edit in edits_of(os.path.join(repositories, tree))]
    missing: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for edit in every:
        key = (edit["repo"], edit["path"], edit["cell"], edit["line"], edit["entry"])
        if (edit["tier"], edit["form"]) not in present and key not in drawn:
            missing[(edit["tier"], edit["form"])].append(edit)
    generator = random.Random(document["seed"] + 1)
    number = len(document["edits"])
    for form in sorted(missing):
        number += 1
        chosen = dict(generator.choice(missing[form]), id=f"E{number:03d}", supplement=True)
        document["edits"].append(chosen)
    document["supplement"] = {"seed": document["seed"] + 1, "forms": [list(form) for form in sorted(missing)]}
    Path(sample_path).write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"added {len(missing)} edits, one for each fix form the sample lacked: {sorted(missing)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["supplement"]:
        parser = argparse.ArgumentParser(description=supplement.__doc__)
        parser.add_argument("sample")
        parser.add_argument("--repos", default="/work/repos", help="where the sample's trees are checked out")
        arguments = parser.parse_args(argv[1:])
        return supplement(arguments.sample, arguments.repos)
    if argv[:1] == ["refresh"]:
        parser = argparse.ArgumentParser(description=refresh.__doc__)
        parser.add_argument("sample")
        parser.add_argument("--repos", default="/work/repos", help="where the sample's trees are checked out")
        arguments = parser.parse_args(argv[1:])
        return refresh(arguments.sample, arguments.repos)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="+")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--safe", type=int, default=50, help="safe edits to draw")
    parser.add_argument("--unsafe", type=int, default=70, help="unsafe edits to draw")
    parser.add_argument("--cap", type=int, default=3, help="most draws per entry and fix form")
    parser.add_argument("-o", "--output", required=True)
    arguments = parser.parse_args(argv)
    every = [edit for tree in arguments.trees for edit in edits_of(os.path.abspath(tree))]
    sample = draw(every, arguments.seed, {"safe": arguments.safe, "unsafe": arguments.unsafe}, arguments.cap)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()
    population = {tier: sum(edit["tier"] == tier for edit in every) for tier in TIERS}
    document = {
        "seed": arguments.seed, "cap": arguments.cap, "tf1lint_commit": commit,
        "trees": [Path(tree).name for tree in arguments.trees], "population": population,
        "entries": {tier: len({edit["entry"] for edit in every if edit["tier"] == tier}) for tier in TIERS},
        "not_written": sum(not edit["written"] for edit in every), "edits": sample,
    }
    Path(arguments.output).parent.mkdir(parents=True, exist_ok=True)
    Path(arguments.output).write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    drawn = {tier: sum(edit["tier"] == tier for edit in sample) for tier in TIERS}
    print(f"{len(every)} edits in {len(arguments.trees)} trees ({population}); drew {drawn} with seed "
          f"{arguments.seed}; {document['not_written']} edits not written by the command")
    return 0


if __name__ == "__main__":
    sys.exit(main())
