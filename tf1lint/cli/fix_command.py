"""`tf1lint check --fix / --unsafe-fixes / --diff`: fix the files, then report what is left.

Argument parsing stays in cli.py; this module runs the fixing and says, in one summary line,
how many findings were fixed, how many remain and how many more `--unsafe-fixes` would fix.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from tf1lint.analysis.engine import ParseFailure
from tf1lint.analysis.findings import Finding
from tf1lint.analysis.selectors import Selection
from tf1lint.catalogue.fixes import Applicability
from tf1lint.catalogue.model import TargetIndex
from tf1lint.files.display import shown_path
from tf1lint.run.apply_fixes import FixResult, fix_file, unified_diff, write_result
from tf1lint.run.cache import ResultsCache
from tf1lint.run.config import Settings
from tf1lint.run.runner import read_file, run_job

EXIT_CHANGED = 1
LEFT_UNCHANGED = "left unchanged"  # the failure of a file a fix would have broken (its problem says why)


@dataclass
class FixRun:
    """What `--fix` did over all files."""

    findings: list[Finding] = field(default_factory=list)  # what remains after fixing
    failures: list[ParseFailure] = field(default_factory=list)
    fixed: int = 0
    changed_files: int = 0
    problems: list[str] = field(default_factory=list)  # files left alone, for stderr


@dataclass
class FileFixed:
    """One file's part of a fix run, small enough to send back from a worker."""

    remaining: list[Finding]
    applied: int = 0
    changed: bool = False
    shown_diff: str = ""
    problem: str | None = None
    failure: ParseFailure | None = None


@dataclass(frozen=True)
class FixJob:
    """`--fix` / `--diff` for the run loop: fix one file (or only diff it)."""

    unsafe: bool
    diff: bool
    selected: Selection
    uses_cache: bool = False  # a fix run re-checks what it changes; cached findings carry no edits made

    def __call__(self, path: str, index: TargetIndex, cache: ResultsCache | None) -> FileFixed:
        raw = read_file(path, shown_path(path))
        if isinstance(raw, ParseFailure):
            return FileFixed([], failure=raw)
        result: FixResult = fix_file(path, raw, index, self.unsafe, self.selected)
        if result.failure:
            # A file left unchanged keeps the findings it has (none known when it does not parse).
            return FileFixed(result.remaining, problem=result.failure, failure=ParseFailure(path, 0, 0, LEFT_UNCHANGED))
        done = FileFixed(result.remaining, result.applied, result.changed)
        if result.changed:
            if self.diff:
                done.shown_diff = unified_diff(result)
            else:
                done.problem = write_result(result)
                if done.problem:  # not written: its findings are still there, and the run says so (exit 3)
                    return FileFixed(result.found, problem=done.problem,
                                     failure=ParseFailure(path, 0, 0, LEFT_UNCHANGED))
        return done

    def failed(self, failure: ParseFailure) -> FileFixed:
        return FileFixed([], failure=failure)


def run_fixes(paths: list[str], index: TargetIndex, *, unsafe: bool, diff: bool,
              selected: Selection, jobs: int = 1, settings: Settings | None = None) -> FixRun:
    """Fix every file (or only print the diff); nothing is written when `diff` is set. Files go
    through the same run loop as `check`; results come back in file order."""
    outcome = FixRun()
    for done in run_job(FixJob(unsafe, diff, selected), paths, index, jobs, settings):
        if done.failure is not None:
            outcome.failures.append(done.failure)
        if done.problem:
            outcome.problems.append(done.problem)
            if done.failure is None:
                continue
        outcome.findings.extend(done.remaining)
        if done.changed and not done.problem:
            sys.stdout.write(done.shown_diff)
            outcome.fixed += done.applied
            outcome.changed_files += 1
    return outcome


def summary(findings: list[Finding], *, fixed: int, unsafe: bool, diff: bool) -> str:
    """'Fixed 12 findings, 5 remaining (3 more with --unsafe-fixes).' (or the check-only hint)."""
    more = sum(1 for f in findings if f.fix is not None and f.fix.applicability is Applicability.UNSAFE)
    safe = sum(1 for f in findings if f.fix is not None and f.fix.applicability is Applicability.SAFE)
    verb = "Would fix" if diff else "Fixed"
    line = f"{verb} {fixed} finding{'s' if fixed != 1 else ''}, {len(findings)} remaining"
    extra = []
    if safe and diff:
        extra.append(f"{safe} fixable with --fix")
    elif safe:  # --fix was given: these are in files it could not write (named above)
        extra.append(f"{safe} fixable in files left unchanged")
    if more and not unsafe:
        extra.append(f"{more} more with --unsafe-fixes")
    return line + (f" ({', '.join(extra)})" if extra else "") + "."
