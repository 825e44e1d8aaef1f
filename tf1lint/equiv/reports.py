"""Text, JSON and JUnit XML reports of a comparison; each only formats the Comparison it is given."""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from dataclasses import asdict
from pathlib import Path
from xml.etree import ElementTree

from tf1lint.equiv.compare import DIFFERENT, NONDETERMINISTIC, WITHIN, Comparison, FetchResult


def shown_number(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "-"
    if value == 0:
        return "0"
    return f"{value:.{digits}g}"


def series_of(comparison: Comparison) -> OrderedDict[str, list[FetchResult]]:
    """Fetches grouped by where they come from (call site, path, tensor name), in first-seen order."""
    grouped: OrderedDict[str, list[FetchResult]] = OrderedDict()
    for fetch in comparison.fetches:
        grouped.setdefault(fetch.series, []).append(fetch)
    return grouped


def series_verdict(fetches: list[FetchResult]) -> str:
    verdicts = {fetch.verdict for fetch in fetches}
    if DIFFERENT in verdicts:
        return DIFFERENT
    if verdicts == {NONDETERMINISTIC}:
        return NONDETERMINISTIC
    if NONDETERMINISTIC in verdicts:
        return f"{WITHIN} ({sum(f.verdict == NONDETERMINISTIC for f in fetches)} nondeterministic)"
    return WITHIN


def describe(fetch: FetchResult) -> str:
    return f"run {fetch.run} ({fetch.site}, call {fetch.call}) fetch " + " ".join(
        part for part in (fetch.path, fetch.name) if part)


def headline(comparison: Comparison) -> str:
    tolerance = comparison.tolerance
    if comparison.equivalent and comparison.count(WITHIN) == 0:
        return (f"NOTHING COMPARED: all {comparison.count(NONDETERMINISTIC)} numeric fetches depend on random ops "
                "(feed them deterministically, e.g. keep_prob 1.0, to compare them); no difference found")
    if comparison.equivalent:
        return (f"EQUIVALENT: {comparison.count(WITHIN)} fetches within rtol={tolerance.rtol:g} "
                f"atol={tolerance.atol:g}, {comparison.count(NONDETERMINISTIC)} nondeterministic "
                "(random ops, unordered reads)")
    first = comparison.first_difference
    if first is not None:
        return (f"DIFFERENT: first at {describe(first)}: recorded {shown_number(first.recorded_value, 6)}, "
                f"replayed {shown_number(first.replayed_value, 6)} (mean; max abs {shown_number(first.max_abs)}, "
                f"max rel {shown_number(first.max_rel)}, {first.why})")
    return f"DIFFERENT: {comparison.problems[0]}"


def shown_program(document: dict) -> str:
    """The program's path, relative to the current folder when it is inside it."""
    program = Path(str(document.get("program")))
    try:
        return str(program.relative_to(Path.cwd()))
    except ValueError:
        return str(program)


def _side(document: dict) -> str:
    runs = len(document.get("runs", []))
    return (f"{shown_program(document)} (TensorFlow {document.get('tensorflow')}, Python {document.get('python')}, "
            f"{runs} Session.run calls, ended: {document.get('ending', {}).get('kind')})")


def render_text(comparison: Comparison) -> str:
    lines = [f"recorded: {_side(comparison.recorded)}", f"replayed: {_side(comparison.replayed)}"]
    for snapshot in comparison.replayed.get("snapshots", []):
        line = f"state before run {snapshot['before_run']}: {len(snapshot.get('injected', []))} variables injected"
        if snapshot.get("only_in_recording"):
            line += f"; not in the program: {', '.join(snapshot['only_in_recording'][:5])}"
        if snapshot.get("only_in_program"):
            line += f"; not in the recording (kept the program's own): {', '.join(snapshot['only_in_program'][:5])}"
        lines.append(line)
    lines.append("")
    grouped = series_of(comparison)
    width = max([len(key) for key in grouped] + [5])
    lines.append(f"{'fetch':<{width}}  {'runs':>5}  {'max abs':>9}  {'max rel':>9}  {'max ulp':>8}  verdict")
    for key, fetches in grouped.items():
        # Figures of the compared fetches; a series that is random throughout shows its (meaningless) spread.
        compared = [fetch for fetch in fetches if fetch.verdict != NONDETERMINISTIC] or fetches
        max_abs = max((fetch.max_abs for fetch in compared), default=None)
        max_rel = max((fetch.max_rel for fetch in compared), default=None)
        max_ulp = max((fetch.max_ulp or 0 for fetch in compared), default=None)
        lines.append(f"{key:<{width}}  {len(fetches):>5}  {shown_number(max_abs):>9}  {shown_number(max_rel):>9}  "
                     f"{max_ulp if max_ulp is not None else '-':>8}  {series_verdict(fetches)}")
    if comparison.ignored:
        counts = ", ".join(f"{count} {kind}" for kind, count in sorted(comparison.ignored.items()))
        lines.append(f"not compared: {counts} (operations, summaries and strings carry no numbers to compare)")
    for problem in comparison.problems:
        lines.append(f"problem: {problem}")
    for side, document in (("recording", comparison.recorded), ("replay", comparison.replayed)):
        for note in document.get("notes", []):
            lines.append(f"note ({side}): {note}")
    lines.append("")
    lines.append(headline(comparison))
    return "\n".join(lines) + "\n"


def render_json(comparison: Comparison) -> str:
    first = comparison.first_difference
    document = {
        "equivalent": comparison.equivalent,
        "headline": headline(comparison),
        "tolerance": asdict(comparison.tolerance),
        "recorded": {key: comparison.recorded.get(key) for key in
                     ("program", "program_sha256", "tensorflow", "python", "ending", "notes")},
        "replayed": {key: comparison.replayed.get(key) for key in
                     ("program", "program_sha256", "tensorflow", "python", "ending", "notes", "snapshots")},
        "runs": {"recorded": len(comparison.recorded.get("runs", [])),
                 "replayed": len(comparison.replayed.get("runs", []))},
        "counts": {verdict: comparison.count(verdict) for verdict in (WITHIN, DIFFERENT, NONDETERMINISTIC)},
        "not_compared": comparison.ignored,
        "problems": comparison.problems,
        "first_difference": asdict(first) if first else None,
        "series": [
            {"fetch": key, "verdict": series_verdict(fetches), "runs": len(fetches),
             "max_abs": max((f.max_abs for f in fetches if f.max_abs is not None), default=None),
             "max_rel": max((f.max_rel for f in fetches if f.max_rel is not None), default=None),
             "max_ulp": max((f.max_ulp for f in fetches if f.max_ulp is not None), default=None)}
            for key, fetches in series_of(comparison).items()],
        "fetches": [asdict(fetch) for fetch in comparison.fetches],
    }
    return json.dumps(_finite(document), indent=2) + "\n"


def _finite(value):
    """JSON has no NaN or infinity: those become strings a reader can still see."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def render_junit(comparison: Comparison) -> str:
    """One test case per fetch series; a failure names the first run out of tolerance."""
    suite = ElementTree.Element("testsuite", name="tf1lint equiv")
    grouped = series_of(comparison)
    failures = skipped = 0
    for key, fetches in grouped.items():
        case = ElementTree.SubElement(suite, "testcase", classname="tf1lint.equiv", name=key)
        verdict = series_verdict(fetches)
        if verdict == DIFFERENT:
            failures += 1
            first = next(fetch for fetch in fetches if fetch.verdict == DIFFERENT)
            failure = ElementTree.SubElement(case, "failure", message=f"first out of tolerance at {describe(first)}")
            failure.text = (f"recorded mean {shown_number(first.recorded_value, 8)}, replayed mean "
                            f"{shown_number(first.replayed_value, 8)}; max abs {shown_number(first.max_abs)}, max rel "
                            f"{shown_number(first.max_rel)}, max ulp {first.max_ulp}; {first.why}")
        elif verdict == NONDETERMINISTIC:
            skipped += 1
            ElementTree.SubElement(case, "skipped", message=f"nondeterministic: {fetches[0].why}")
    if comparison.problems:
        failures += 1
        case = ElementTree.SubElement(suite, "testcase", classname="tf1lint.equiv", name="run structure")
        failure = ElementTree.SubElement(case, "failure", message=comparison.problems[0])
        failure.text = "\n".join(comparison.problems)
    suite.set("tests", str(len(grouped) + (1 if comparison.problems else 0)))
    suite.set("failures", str(failures))
    suite.set("skipped", str(skipped))
    suite.set("errors", "0")
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
