"""`tf1lint check --fix / --unsafe-fixes / --diff`: fix the files, then report what is left.

Argument parsing stays in cli.py; this module runs the fixing and says, in one summary line,
how many findings were fixed, how many remain and how many more `--unsafe-fixes` would fix.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from tf1lint.apply_fixes import FixResult, fix_file, unified_diff, write_result
from tf1lint.catalogue import TargetIndex
from tf1lint.display import shown_path
from tf1lint.engine import ParseFailure
from tf1lint.findings import Finding
from tf1lint.fixes import Applicability
from tf1lint.runner import _read  # pylint: disable=protected-access  # the one file reader

EXIT_CHANGED = 1


@dataclass
class FixRun:
    """What `--fix` did over all files."""

    findings: list[Finding] = field(default_factory=list)  # what remains after fixing
    failures: list[ParseFailure] = field(default_factory=list)
    fixed: int = 0
    changed_files: int = 0
    problems: list[str] = field(default_factory=list)  # files left alone, for stderr


def run_fixes(paths: list[str], index: TargetIndex, *, unsafe: bool, diff: bool,
              selected: Callable[[Finding], bool]) -> FixRun:
    """Fix every file (or only print the diff); nothing is written when `diff` is set."""
    outcome = FixRun()
    for path in paths:
        raw = _read(path, shown_path(path))
        if isinstance(raw, ParseFailure):
            outcome.failures.append(raw)
            continue
        result: FixResult = fix_file(path, raw, index, unsafe, selected)
        if result.failure:
            outcome.problems.append(result.failure)
            outcome.failures.append(ParseFailure(path, 0, 0, "left unchanged"))
            continue
        outcome.findings.extend(result.remaining)
        if not result.changed:
            continue
        if diff:
            sys.stdout.write(unified_diff(result))
        else:
            problem = write_result(result)
            if problem:
                outcome.problems.append(problem)
                continue
        outcome.fixed += result.applied
        outcome.changed_files += 1
    return outcome


def summary(findings: list[Finding], *, fixed: int, unsafe: bool, diff: bool) -> str:
    """'Fixed 12 findings, 5 remaining (3 more with --unsafe-fixes).' (or the check-only hint)."""
    more = sum(1 for f in findings if f.fix is not None and f.fix.applicability is Applicability.UNSAFE)
    safe = sum(1 for f in findings if f.fix is not None and f.fix.applicability is Applicability.SAFE)
    verb = "Would fix" if diff else "Fixed"
    line = f"{verb} {fixed} finding{'s' if fixed != 1 else ''}, {len(findings)} remaining"
    extra = []
    if safe:
        extra.append(f"{safe} fixable with --fix")
    if more and not unsafe:
        extra.append(f"{more} more with --unsafe-fixes")
    return line + (f" ({', '.join(extra)})" if extra else "") + "."
