"""Precision of tf1lint's findings: draw a stratified random sample to judge by hand, then score it.

Two modes:

  sample LABEL TREE [TREE ...]   run `tf1lint check --format json` on each tree (a checked-out
                                 repository), draw a seeded sample stratified by severity and by
                                 catalogue entry, write tools/measure/results/precision/sample-LABEL.jsonl (one
                                 finding a line, with its source lines) and sample-LABEL.meta.json
                                 (trees, seed, tf1lint commit, every stratum's size).
  score LABEL                    read tools/measure/results/precision/verdicts-LABEL.jsonl and print, per severity
                                 and overall, the share of real / false / noise findings, weighted
                                 to the corpus by stratum sizes (plus the raw counts).
  show LABEL [--unjudged]        print the sampled findings for judging: message, suggestion, source
                                 lines and, if tools/measure/results/precision/evidence-LABEL.jsonl exists, the evidence.
  carry FROM [FROM ...] TO       draft tools/measure/results/precision/verdicts-TO.draft.jsonl from the FROM labels'
                                 verdicts for the findings of sample TO that are identical (same key,
                                 severity, message and suggestion); each is marked for review.

Strata: within a severity, an entry (the `rule` field) with at least --entry-min findings is its
own stratum; the smaller entries of that severity are pooled into one "(other)" stratum, so every
finding of the corpus belongs to a stratum that is sampled. Each stratum gets at least one draw,
the rest of a severity's budget goes to strata in proportion to their size, capped per entry
(--cap) so that a few huge entries do not fill the sample. Error and warning get the larger
budgets because the target is on them. A finding's weight is stratum size / draws in stratum.

Verdicts (one JSON object a line: {"key": ..., "verdict": "TP"|"FP"|"NOISE", "reason": ...}),
judged against the real TensorFlow 2.21 with Keras 3:

  TP     the flagged code really fails or silently changes meaning on TF 2.21 + Keras 3, or it is
         real migration work (a deprecated API that needs changing), and the finding says
         correctly what to do;
  FP     the code works unchanged on TF 2.21 with the same meaning, or the finding is wrong
         about it (wrong diagnosis);
  NOISE  a repeat of a finding already made for the same fix site (every `FLAGS.x` after
         `FLAGS = tf.flags.FLAGS`), a guarded fallback that already works on TF2, or a correct
         diagnosis whose suggestion is missing or wrong, so that it is not actionable.

A verdict may also say `"wrong_severity": true` (real, but an error reported as a warning or info,
or the reverse: what surely raises on TF 2.21 is an error) and `"wrong_advice": true` (real, but
the suggestion is misleading); `score` gives their weighted shares among error+warning.

tools/measure/precision_evidence.py (needs TensorFlow) adds, for each sampled finding, how the used name
and the call's arguments fare on the installed TensorFlow, to support the judging.

Usage:
  python -m tools.measure.precision_sample sample before /work/repos/xlnet /work/repos/albert ...
  python -m tools.measure.precision_sample score before
  python -m tools.measure.precision_sample carry before main-9f39f34 after   # then judge the rest
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PRECISION_DIR = Path(__file__).resolve().parent / "results" / "precision"
SEVERITIES = ("error", "warning", "info")
VERDICTS = ("TP", "FP", "NOISE")
OTHER = "(other)"
CONTEXT_BEFORE, CONTEXT_AFTER, MAX_SOURCE_LINES = 2, 1, 6

from tf1lint.files.atomic import write_atomically


@dataclass(frozen=True)
class Stratum:
    """A group of findings sampled together: one severity and one entry (or the pool)."""

    severity: str
    entry: str  # the catalogue rule, or OTHER for the pooled small entries of a severity

    @property
    def name(self) -> str:
        """How the stratum is written in the sample and the tables: severity/entry."""
        return f"{self.severity}/{self.entry}"


def finding_key(repo: str, finding: dict) -> str:
    """Stable identity of a finding: repository, relative path, cell, position, code and rule."""
    cell = f"#cell{finding['cell']}" if finding.get("cell") else ""
    return (f"{repo}/{finding['relpath']}{cell}:{finding['line']}:{finding['column']}:"
            f"{finding['code']}:{finding['rule']}")


def run_check(tree: Path) -> list[dict]:
    """Every finding tf1lint reports for a tree, through the same interpreter (so PYTHONPATH holds)."""
    # No results cache: every run analyses the code with the tf1lint under test.
    completed = subprocess.run([sys.executable, "-m", "tf1lint", "check", "--format", "json", str(tree)],
                               capture_output=True, text=True, check=False, env={**os.environ, "TF1LINT_NO_CACHE": "1"})
    # 1: findings, 3: some files could not be parsed (the rest are there). A crash also exits 1,
    # but prints no JSON: that must not pass for a tree without findings.
    if completed.returncode not in (0, 1, 3) or (completed.returncode and not completed.stdout.strip()):
        raise SystemExit(f"{tree}: tf1lint check failed (exit {completed.returncode}): "
                         f"{(completed.stderr.strip().splitlines() or ['no message'])[-1]}")
    try:
        return json.loads(completed.stdout or "[]")
    except json.JSONDecodeError:
        raise SystemExit(f"{tree}: tf1lint check printed no valid JSON") from None


def source_lines(path: Path, cell: int | None) -> list[str]:
    """The lines the finding's line numbers count in: the file, or the notebook cell."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if cell is None:
        return raw.splitlines()
    cells = json.loads(raw).get("cells", [])
    source = cells[cell - 1].get("source", "") if 0 < cell <= len(cells) else ""
    return ("".join(source) if isinstance(source, list) else source).split("\n")


def attach_source(finding: dict, tree: Path) -> None:
    """Add the flagged lines and a little context, numbered, for the judge."""
    lines = source_lines(tree / finding["relpath"], finding.get("cell"))
    first = finding["line"]
    last = min(finding.get("end_line") or first, first + MAX_SOURCE_LINES - 1)
    finding["source"] = "\n".join(lines[first - 1:last])
    start, stop = max(1, first - CONTEXT_BEFORE), min(len(lines), last + CONTEXT_AFTER)
    finding["context"] = [f"{'>' if first <= n <= last else ' '}{n:5}: {lines[n - 1]}" for n in range(start, stop + 1)]


def strata_of(findings: Iterable[dict], entry_min: int) -> dict[Stratum, list[dict]]:
    """Every finding in its stratum; entries with fewer than entry_min findings share a pool."""
    per_entry = Counter((f["severity"], f["rule"]) for f in findings)
    strata: dict[Stratum, list[dict]] = defaultdict(list)
    for finding in findings:
        severity, rule = finding["severity"], finding["rule"]
        strata[Stratum(severity, rule if per_entry[severity, rule] >= entry_min else OTHER)].append(finding)
    return strata


def allocate(sizes: dict[Stratum, int], budget: int, cap: int) -> dict[Stratum, int]:
    """One draw per stratum, then the rest one by one to the stratum furthest below its
    proportional share (largest size / (draws + 1)), never above its limit: the cap, raised to
    half the square root of the stratum's size for very large entries (so that an entry of 500
    findings, weighing much in the corpus, is not estimated from a handful), and three caps for
    a pooled stratum (it stands for many entries)."""
    def limit_of(stratum: Stratum, size: int) -> int:
        if stratum.entry == OTHER:
            return min(size, cap * 3)
        return min(size, max(cap, math.ceil(math.sqrt(size) / 2)))

    limit = {s: limit_of(s, size) for s, size in sizes.items()}
    draws = {s: min(1, limit[s]) for s in sizes}
    while sum(draws.values()) < budget:
        open_strata = [s for s in sizes if draws[s] < limit[s]]
        if not open_strata:
            break
        best = max(open_strata, key=lambda s: (sizes[s] / (draws[s] + 1), s.name))
        draws[best] += 1
    return draws


def tf1lint_commit() -> str:
    """The checkout and commit of the tf1lint that `run_check` runs (the one PYTHONPATH selects)."""
    located = subprocess.run([sys.executable, "-c", "import tf1lint; print(tf1lint.__file__)"],
                             capture_output=True, text=True, check=False).stdout.strip()
    checkout = Path(located).resolve().parent.parent if located else Path(__file__).resolve().parents[2]
    git = ["git", "-C", str(checkout)]
    completed = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "tf1lint", "rules"],
                           capture_output=True, text=True, check=False).stdout.strip()
    note = " (with uncommitted changes to tf1lint/ or rules/)" if dirty else ""
    return f"{checkout} {completed.stdout.strip()}{note}"


def sample(arguments: argparse.Namespace) -> int:
    """The `sample` mode: check the trees, draw, and write the sample and its meta file."""
    findings: list[dict] = []
    for tree in arguments.trees:
        tree = tree.resolve()
        if not tree.is_dir():
            raise SystemExit(f"{tree}: not a directory")
        for finding in run_check(tree):
            finding["repo"] = tree.name
            finding["relpath"] = str(Path(finding["path"]).resolve().relative_to(tree))
            finding["key"] = finding_key(tree.name, finding)
            findings.append(finding)
        print(f"{tree.name}: {sum(f['repo'] == tree.name for f in findings)} findings", file=sys.stderr)
    trees = {Path(t).resolve().name: Path(t).resolve() for t in arguments.trees}
    strata = strata_of(findings, arguments.entry_min)
    budgets = {"error": arguments.errors, "warning": arguments.warnings, "info": arguments.infos}
    chosen: list[dict] = []
    stratum_table = []
    for severity in SEVERITIES:
        sizes = {s: len(members) for s, members in strata.items() if s.severity == severity}
        allocation = allocate(sizes, budgets[severity], arguments.cap)
        for stratum, draws in sorted(allocation.items(), key=lambda item: item[0].name):
            members = sorted(strata[stratum], key=lambda f: f["key"])
            picked = random.Random(f"{arguments.seed}:{stratum.name}").sample(members, draws)
            for finding in picked:
                finding.update(stratum=stratum.name, stratum_size=len(members), stratum_draws=draws)
                attach_source(finding, trees[finding["repo"]])
                chosen.append(finding)
            stratum_table.append({"stratum": stratum.name, "size": len(members), "draws": draws})
    fields = ("key", "repo", "relpath", "cell", "line", "column", "end_line", "end_column", "code", "severity", "rule",
              "api", "name", "uses", "guarded", "message", "replacement", "source", "context",
              "stratum", "stratum_size", "stratum_draws")
    rows = [{f: finding[f] for f in fields if f in finding} for finding in sorted(chosen, key=lambda f: f["key"])]
    PRECISION_DIR.mkdir(exist_ok=True)
    write_atomically(PRECISION_DIR / f"sample-{arguments.label}.jsonl",
                     "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    meta = {"label": arguments.label, "seed": arguments.seed, "tf1lint_commit": tf1lint_commit(),
            "trees": sorted(trees), "findings": len(findings),
            "findings_by_severity": dict(Counter(f["severity"] for f in findings)),
            "budgets": budgets, "cap": arguments.cap, "entry_min": arguments.entry_min,
            "sampled": len(rows), "strata": stratum_table}
    write_atomically(PRECISION_DIR / f"sample-{arguments.label}.meta.json", json.dumps(meta, indent=1) + "\n")
    print(f"{len(rows)} findings sampled from {len(findings)} in {len(stratum_table)} strata "
          f"-> {PRECISION_DIR / f'sample-{arguments.label}.jsonl'}")
    return 0


def read_jsonl(path: Path) -> list[dict]:
    """One JSON object a line; a bad line stops with the file and line number."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise SystemExit(f"{path}:{number}: not JSON: {error.msg}") from None
    return rows


def read_verdicts(path: Path) -> dict[str, dict]:
    """Verdicts by finding key, each checked to be TP, FP or NOISE."""
    verdicts = {}
    for number, row in enumerate(read_jsonl(path), start=1):
        if row.get("verdict") not in VERDICTS or "key" not in row:
            raise SystemExit(f"{path}: entry {number}: needs a key and a verdict among {', '.join(VERDICTS)}")
        verdicts[row["key"]] = row
    return verdicts


def percentages(rows: list[tuple[dict, str]]) -> tuple[dict[str, float], Counter]:
    """Shares of each verdict weighted by stratum size / draws, and the raw counts."""
    weights: Counter = Counter()
    raw: Counter = Counter()
    for finding, verdict in rows:
        weights[verdict] += finding["stratum_size"] / finding["stratum_draws"]
        raw[verdict] += 1
    total = sum(weights.values())
    return {v: (100.0 * weights[v] / total if total else math.nan) for v in VERDICTS}, raw


def bootstrap_interval(rows: list[tuple[dict, str]], verdict: str, rounds: int = 2000) -> tuple[float, float]:
    """2.5th and 97.5th percentiles of a verdict's weighted share when each stratum's judged
    findings are redrawn with replacement (seeded). A stratum judged from one finding adds no
    spread here, so the interval is, if anything, too narrow."""
    by_stratum: dict[str, list[tuple[dict, str]]] = defaultdict(list)
    for row in rows:
        by_stratum[row[0]["stratum"]].append(row)
    generator = random.Random("tf1lint-precision-bootstrap")
    shares = []
    for _ in range(rounds):
        redrawn = [generator.choice(members) for members in by_stratum.values() for _ in members]
        shares.append(percentages(redrawn)[0][verdict])
    shares.sort()
    return shares[int(0.025 * rounds)], shares[int(0.975 * rounds) - 1]


def score(arguments: argparse.Namespace) -> int:
    """The `score` mode: the weighted table of a judged sample."""
    sample_path = PRECISION_DIR / f"sample-{arguments.label}.jsonl"
    verdicts_path = arguments.verdicts or PRECISION_DIR / f"verdicts-{arguments.label}.jsonl"
    for path in (sample_path, verdicts_path):
        if not path.is_file():
            raise SystemExit(f"{path}: no such file")
    findings = read_jsonl(sample_path)
    verdicts = read_verdicts(verdicts_path)
    judged = [(f, verdicts[f["key"]]["verdict"]) for f in findings if f["key"] in verdicts]
    flagged = {flag: {key for key, row in verdicts.items() if row.get(flag)}
               for flag in ("wrong_severity", "wrong_advice")}
    unknown = set(verdicts) - {f["key"] for f in findings}
    if unknown:
        print(f"warning: {len(unknown)} verdicts match no sampled finding, e.g. {min(unknown)}", file=sys.stderr)
    # A stratum judged only in part is scored on what was judged: its weight is spread over those.
    judged_draws = Counter(f["stratum"] for f, _ in judged)
    judged = [({**f, "stratum_draws": judged_draws[f["stratum"]]}, v) for f, v in judged]
    print(f"sample {arguments.label}: {len(judged)} of {len(findings)} findings judged "
          f"(shares weighted to the corpus by stratum size)")
    print(f"{'severity':16} {'judged':>6} {'real (TP)':>10} {'false (FP)':>10} {'noise':>8}   raw TP/FP/NOISE"
          f"   95% interval of real / false (stratified bootstrap)")
    groups = [(s, [r for r in judged if r[0]["severity"] == s]) for s in SEVERITIES]
    groups.append(("error+warning", [r for r in judged if r[0]["severity"] in ("error", "warning")]))
    groups.append(("all", judged))
    for name, rows in groups:
        if not rows:
            continue
        share, raw = percentages(rows)
        (tp_low, tp_high), (fp_low, fp_high) = bootstrap_interval(rows, "TP"), bootstrap_interval(rows, "FP")
        print(f"{name:16} {len(rows):>6} {share['TP']:>9.1f}% {share['FP']:>9.1f}% {share['NOISE']:>7.1f}%"
              f"   {raw['TP']}/{raw['FP']}/{raw['NOISE']:<10} "
              f"{tp_low:.1f}-{tp_high:.1f}% / {fp_low:.1f}-{fp_high:.1f}%")
    serious = [r for r in judged if r[0]["severity"] in ("error", "warning")]
    for flag, keys in flagged.items():
        share, raw = percentages([(f, "TP" if f["key"] in keys else "FP") for f, _ in serious])
        if serious:
            print(f"{flag.replace('_', ' ')} among error+warning: {share['TP']:.1f}%"
                  f" ({raw['TP']} of {len(serious)} raw)")
    if arguments.by_rule:
        print("\nfalse and noise by entry (raw counts):")
        by_rule: dict[str, Counter] = defaultdict(Counter)
        for finding, verdict in judged:
            by_rule[f"{finding['severity']} {finding['rule']}"][verdict] += 1
        for rule, counts in sorted(by_rule.items(), key=lambda i: -(i[1]["FP"] + i[1]["NOISE"])):
            if counts["FP"] or counts["NOISE"]:
                print(f"  {rule:60} TP {counts['TP']:>3}  FP {counts['FP']:>3}  NOISE {counts['NOISE']:>3}")
    return 0


def show(arguments: argparse.Namespace) -> int:
    """The `show` mode: each sampled finding with its evidence and verdict, for judging."""
    findings = read_jsonl(PRECISION_DIR / f"sample-{arguments.label}.jsonl")
    evidence_path = PRECISION_DIR / f"evidence-{arguments.label}.jsonl"
    evidence = {e["key"]: e for e in read_jsonl(evidence_path)} if evidence_path.is_file() else {}
    verdicts_path = PRECISION_DIR / f"verdicts-{arguments.label}.jsonl"
    verdicts = read_verdicts(verdicts_path) if verdicts_path.is_file() else {}
    for index, finding in enumerate(findings):
        if arguments.unjudged and finding["key"] in verdicts:
            continue
        print(f"#{index} [{finding['severity']}] {finding['key']}")
        print(f"  message: {finding['message']}")
        print(f"  suggestion: {finding.get('replacement')}")
        if finding["key"] in evidence:
            print(f"  evidence: {describe_evidence(evidence[finding['key']])}")
        if finding["key"] in verdicts:
            print(f"  verdict: {verdicts[finding['key']]['verdict']} ({verdicts[finding['key']].get('reason', '')})")
        for line in finding["context"]:
            print(f"    {line}")
    return 0


def describe_evidence(evidence: dict) -> str:
    """One line from an evidence record: what resolves, and whether the call's arguments bind."""
    parts = []
    for field in ("used", "compat_v1"):
        if field in evidence:
            answer = evidence[field]
            outcome = "resolves" if answer["resolves"] else "FAILS: " + answer.get("reason", "")[:80]
            parts.append(f"{answer['name']} {outcome}{' (' + answer['note'] + ')' if answer.get('note') else ''}")
    for answer in evidence.get("replacement", []):
        parts.append(f"suggested {answer['name']} {'resolves' if answer['resolves'] else 'FAILS'}")
    call = evidence.get("call")
    if call:
        bind = call.get("bind") or {}
        parts.append(f"call with {call['positional']} positional, keywords {call['keywords']}: "
                     f"{bind.get('result', 'not checked')} {('by ' + bind['against']) if bind.get('against') else ''}")
    return "; ".join(parts)


def carry(arguments: argparse.Namespace) -> int:
    """Identical findings keep their verdict as a draft (the last source listed wins); everything
    else is left to judge."""
    def identity(finding: dict) -> tuple:
        return (finding["key"], finding["severity"], finding["message"], finding.get("replacement"))

    carried: dict[str, dict] = {}
    for source in arguments.sources:
        old_findings = {f["key"]: f for f in read_jsonl(PRECISION_DIR / f"sample-{source}.jsonl")}
        old_verdicts = read_verdicts(PRECISION_DIR / f"verdicts-{source}.jsonl")
        for key, finding in old_findings.items():
            if key in old_verdicts:
                carried[key] = {"identity": identity(finding), "source": source, **old_verdicts[key]}
    drafts = []
    for finding in read_jsonl(PRECISION_DIR / f"sample-{arguments.target}.jsonl"):
        old = carried.get(finding["key"])
        if old is not None and old["identity"] == identity(finding):
            drafts.append({"key": finding["key"], "verdict": old["verdict"], "reason": old.get("reason", ""),
                           "carried_from": old["source"]})
    target = PRECISION_DIR / f"verdicts-{arguments.target}.draft.jsonl"
    write_atomically(target, "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in drafts))
    print(f"{len(drafts)} verdicts carried from {', '.join(arguments.sources)} -> {target} (review them: "
          f"a repeat may have become the only finding of its site)")
    return 0


def main() -> int:
    """Parse the mode and its arguments, then run it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    draw = modes.add_parser("sample", help="run tf1lint on trees and draw a sample to judge")
    draw.add_argument("label", help="names the files: tools/measure/results/precision/sample-LABEL.jsonl")
    draw.add_argument("trees", nargs="+", type=Path)
    draw.add_argument("--seed", default="tf1lint-precision")
    draw.add_argument("--errors", type=int, default=120, help="draws among error findings")
    draw.add_argument("--warnings", type=int, default=70, help="draws among warning findings")
    draw.add_argument("--infos", type=int, default=30, help="draws among info findings")
    draw.add_argument("--cap", type=int, default=6,
                      help="most draws from one entry's stratum (raised to sqrt(size)/2 for huge entries)")
    draw.add_argument("--entry-min", type=int, default=10, help="entries with fewer findings are pooled")
    rescore = modes.add_parser("score", help="score a judged sample")
    rescore.add_argument("label")
    rescore.add_argument("--verdicts", type=Path, help="default: tools/measure/results/precision/verdicts-LABEL.jsonl")
    rescore.add_argument("--by-rule", action="store_true", help="also list false and noise verdicts by entry")
    listing = modes.add_parser("show", help="print a sample for judging")
    listing.add_argument("label")
    listing.add_argument("--unjudged", action="store_true", help="only findings without a verdict yet")
    carrying = modes.add_parser("carry", help="draft verdicts for identical findings from an earlier sample")
    carrying.add_argument("sources", nargs="+", metavar="SOURCE", help="earlier labels; the last one wins")
    carrying.add_argument("target")
    arguments = parser.parse_args()
    if arguments.mode == "sample" and not re.fullmatch(r"[\w.-]+", arguments.label):
        parser.error(f"label {arguments.label!r}: use letters, digits, '.', '_' or '-'")
    return {"sample": sample, "score": score, "show": show, "carry": carry}[arguments.mode](arguments)


if __name__ == "__main__":
    sys.exit(main())
