"""Judge a sample of tf1lint's edits (tools/measure/edit_sample.py) by running code on both sides.

Each sampled edit's statement, as the repository has it, runs under the real TensorFlow 1.14; the
statement as `tf1lint check --fix` (safe edit) or `--fix --unsafe-fixes` (unsafe edit) writes it runs
under TensorFlow 2 in graph mode, as a fixed program does. The names the statement reads come from a
judging case (cases.py): synthetic tensors and values of plausible shapes, the same data on both sides.
Both sides report the statement's values, every variable (name, shape, dtype, trainable, value after
the statement's ops ran) and the summary and update-op collections; the comparison is the one the fix
example suite makes (tests/test_fix_examples_tensorflow.py): shapes, dtypes, strings and names
exactly, numbers within the case's tolerance (float32 by default).

Verdicts: `same`; `changes meaning` (a safe edit whose value differs or that raises); `breaks TF1
semantics` (an unsafe edit that raises or differs from TF 1.14); `cannot be run here` (the case says
why; never a pass). A judging case that fails on TF 1.14 is a broken case, reported as such.

Usage:
  python benchmarks/edit_judging/judge.py [tools/measure/results/edit_sample/sample-17.json] [--only E001,E002] [--json OUT]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(Path(__file__).resolve().parent)]

from cases import CASES, Case
from test_fix_examples_tensorflow import _run_batch, _same  # the fix example suite's own batches and comparison

TF114 = os.environ.get("TF114_PYTHON", str(ROOT / ".venv-tf114" / "bin" / "python"))
SAMPLE = ROOT / "tools" / "measure" / "results" / "edit_sample" / "sample-17.json"
REPOSITORIES = Path(os.environ.get("TF1LINT_REPOS", "/work/repos"))  # where the sampled trees are checked out

# Run on both sides before every case: deterministic data helpers and the summary of what ran.
PRELUDE = (Path(__file__).resolve().parent / "prelude.py").read_text(encoding="utf-8")


def statement_code(text: str, case: Case) -> tuple[str, str]:
    """The statement made runnable on its own, and the expression whose value is compared."""
    code = text.lstrip()  # continuation lines may keep their indentation: brackets and backslashes allow it
    first = code.splitlines()[0]
    header = code.rstrip().endswith(":")
    node = ast.parse(code + ("\n    pass" if header else "")).body[0]
    value = case.result
    if isinstance(node, ast.Return):
        code, value = "__value = " + code[len("return"):].lstrip(), value or "__value"
    elif isinstance(node, ast.Expr):
        code, value = "__value = " + code, value or "__value"
    elif isinstance(node, (ast.Assign, ast.AugAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value = value or "(" + ", ".join(ast.unparse(target) for target in targets) + ",)"
    elif isinstance(node, (ast.If, ast.While)) and case.body is None:
        condition = code.split(first.split()[0], 1)[1].rstrip().rstrip(":")
        code, value = f"__value = ({condition})", value or "__value"
    elif isinstance(node, ast.For) and case.body is None:
        header = code.rstrip()
        code = header + "\n    __items.append(" + ast.unparse(node.target) + ")"
        code, value = "__items = []\n" + code, value or "__items"
    elif header:
        code = code.rstrip() + "\n" + textwrap.indent(case.body or "pass", "    ")
    return code, value or "None"


def program(text: str, case: Case) -> str:
    code, value = statement_code(text, case)
    if case.template:
        template = textwrap.dedent(case.template)
        indent = next(line[:len(line) - len(line.lstrip())] for line in template.splitlines() if "{statement}" in line)
        code = template.replace("{statement}", textwrap.indent(code, indent).lstrip())
    imports = "import tf_slim\n" if "tf_slim." in text else ""  # the import --unsafe-fixes adds with it
    return "\n".join([PRELUDE, imports + textwrap.dedent(case.setup), code, textwrap.dedent(case.then),
                      f"result = finish({value}, feed={case.feed or 'None'})", ""])


def sides(edit: dict, case: Case) -> tuple[str, str, str | None]:
    """The code judged on TF 1.14 and on TF 2 (and --unsafe-fixes' text for a safe edit), after the
    case's checks that every piece of text it names really is the repository's."""
    before, after, everything = edit["before"], edit["after"], edit.get("after_unsafe_fixes")
    if case.tf1_counterpart:
        number, line = case.tf1_counterpart
        source = (REPOSITORIES / edit["repo"] / edit["path"]).read_text(encoding="utf-8", errors="replace").splitlines()
        assert source[number - 1].strip() == line.strip(), f"{edit['id']}: line {number} is not {line!r}"
        before = line
    if case.part:
        old, new = case.part
        assert old in before and new in after, f"{edit['id']}: the part is not in the edit's text"
        before, after, everything = old, new, None
    return before, after, everything if everything != after else None


def max_difference(before, after) -> float:
    """The largest absolute difference between the numbers of two compared values (0 when none)."""
    if isinstance(before, dict) and "array" in before and isinstance(after, dict) and "array" in after:
        pairs = list(zip(before["array"], after["array"]))
        return max((abs(float(a) - float(b)) for a, b in pairs if not isinstance(a, bool)), default=0.0)
    if isinstance(before, dict) and isinstance(after, dict):
        return max((max_difference(before[key], after[key]) for key in before if key in after), default=0.0)
    if isinstance(before, list) and isinstance(after, list):
        return max((max_difference(a, b) for a, b in zip(before, after)), default=0.0)
    if isinstance(before, float) and isinstance(after, (int, float)):
        return abs(before - after)
    return 0.0


def first_difference(before, after, tolerance: float, where: str = "") -> str:
    """Where two values first disagree, for the table's note."""
    if isinstance(before, dict) and isinstance(after, dict) and "array" not in before:
        for key in sorted(set(before) | set(after)):
            if key not in before or key not in after:
                return f"{where}.{key} only on one side"
            if not _same(before[key], after[key], tolerance):
                return first_difference(before[key], after[key], tolerance, f"{where}.{key}")
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for number, (one, other) in enumerate(zip(before, after)):
            if not _same(one, other, tolerance):
                return first_difference(one, other, tolerance, f"{where}[{number}]")
    return f"{where}: {json.dumps(before)[:160]} != {json.dumps(after)[:160]}"


def judge(sample: dict, only: set[str]) -> list[dict]:
    cases = {number: case for case in CASES for number in case.ids}
    edits = [edit for edit in sample["edits"] if not only or edit["id"] in only]
    befores, afters = [], []
    for edit in edits:
        case = cases.get(edit["id"])
        if case is None or case.cannot_run or edit.get("no_fix_now"):
            continue
        before, after, everything = sides(edit, case)
        befores.append({"key": edit["id"], "code": program(before, case), "argv": list(case.argv)})
        afters.append({"key": edit["id"], "code": program(after, case), "argv": list(case.argv)})
        if everything is not None:
            afters.append({"key": edit["id"] + ":all", "code": program(everything, case), "argv": list(case.argv)})
    scratch = tempfile.mkdtemp(prefix="edit-judging-")
    os.environ["TMPDIR"] = scratch  # the example runner's working folders go here, removed below
    try:
        old = _run_batch(TF114, befores) if befores else {}
        new = _run_batch(sys.executable, afters) if afters else {}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    rows = []
    for edit in edits:
        case = cases.get(edit["id"])
        row = {key: edit[key] for key in ("id", "repo", "path", "line", "entry", "tier", "fix")}
        failed = "changes meaning" if edit["tier"] == "safe" else "breaks TF1 semantics"
        if edit.get("tier_now", edit["tier"]) != edit["tier"]:
            row["tier"] = edit["tier_now"]  # judged as the fix is made now
            failed = "changes meaning" if row["tier"] == "safe" else "breaks TF1 semantics"
        if edit.get("no_fix_now"):
            row.update(verdict="no longer made", note="tf1lint now leaves this finding by hand")
        elif case is None:
            row.update(verdict="unjudged", note="no judging case")
        elif case.cannot_run:
            row.update(verdict="cannot be run here", note=case.cannot_run)
        elif case.raises and _raised(old[edit["id"]]) == case.raises:
            raised = _raised(new[edit["id"]])
            row.update(verdict="same" if raised == case.raises else failed,
                       note=f"{case.raises} on TF 1.14; TF 2: {raised or 'no error'}. {case.note}")
        elif "error" in old[edit["id"]]:
            row.update(verdict="broken case", note="fails on TF 1.14: " + old[edit["id"]]["error"].strip().splitlines()[-1])
        else:
            row.update(compared(old[edit["id"]]["value"], new, edit, case, failed))
        rows.append(row)
    return rows


def _raised(outcome: dict) -> str:
    """The exception class an outcome ended with ('' when it ran)."""
    if "error" not in outcome:
        return ""
    return outcome["error"].strip().splitlines()[-1].split(":")[0].rsplit(".", 1)[-1]


def compared(before, new: dict, edit: dict, case: Case, failed: str) -> dict:
    outcome = new[edit["id"]]
    note = ""
    if "error" in outcome and edit["id"] + ":all" in new:
        # --fix leaves another finding of the statement unfixed (its fix is unsafe), and that finding,
        # not this edit, is what fails: judge the edit in the text --unsafe-fixes writes.
        note = "judged as --unsafe-fixes writes the statement (--fix leaves: " + \
            outcome["error"].strip().splitlines()[-1][:120] + ")"
        outcome = new[edit["id"] + ":all"]
    if "error" in outcome:
        return {"verdict": failed, "note": "raises on TF 2: " + outcome["error"].strip().splitlines()[-1][:200]}
    after = outcome["value"]
    if not _same(before, after, case.tolerance):
        return {"verdict": failed, "difference": max_difference(before, after),
                "note": first_difference(before, after, case.tolerance)}
    return {"verdict": "same", "difference": max_difference(before, after), "note": note or case.note}


def table(rows: list[dict]) -> str:
    lines = ["| edit | repo:line | entry | fix | tier | verdict | max difference | note |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        difference = f"{row['difference']:.2g}" if "difference" in row else "-"
        note = row.get("note", "").replace("|", "\\|").replace("\n", " ")
        fix = row["fix"].split(";")[0].replace("|", "\\|")
        lines.append(f"| {row['id']} | {row['repo']}/{row['path']}:{row['line']} | {row['entry']} | {fix} | {row['tier']} "
                     f"| {row['verdict']} | {difference} | {note} |")
    return "\n".join(lines)


def totals(rows: list[dict]) -> str:
    lines = []
    for tier, failed in (("safe", "changes meaning"), ("unsafe", "breaks TF1 semantics")):
        mine = [row for row in rows if row["tier"] == tier]
        counts = {verdict: sum(row["verdict"] == verdict for row in mine)
                  for verdict in ("same", failed, "cannot be run here", "no longer made", "broken case", "unjudged")}
        lines.append(f"{tier} edits: {len(mine)}, " + ", ".join(f"{verdict} {count}" for verdict, count in counts.items()
                                                             if count or verdict in ("same", failed)))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sample", nargs="?", default=str(SAMPLE))
    parser.add_argument("--only", default="", help="comma-separated edit ids")
    parser.add_argument("--json", help="write the verdicts here")
    parser.add_argument("--show", help="print the two programs of this edit id and stop")
    arguments = parser.parse_args(argv)
    sample = json.loads(Path(arguments.sample).read_text(encoding="utf-8"))
    if arguments.show:
        edit = next(edit for edit in sample["edits"] if edit["id"] == arguments.show)
        case = next(case for case in CASES if arguments.show in case.ids)
        before, after, _ = sides(edit, case)
        print(program(before, case), "\n# ---- after\n", program(after, case).replace(PRELUDE, ""))
        return 0
    rows = judge(sample, {number for number in arguments.only.split(",") if number})
    print(table(rows))
    print()
    print(totals(rows))
    if arguments.json:
        Path(arguments.json).write_text(json.dumps({"seed": sample["seed"], "verdicts": rows}, indent=1) + "\n",
                                        encoding="utf-8")
    failed = [row for row in rows if row["verdict"] in ("changes meaning", "breaks TF1 semantics", "broken case", "unjudged")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
