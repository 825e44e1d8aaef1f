"""`tf1lint check --fix / --unsafe-fixes / --diff`: fix the files, then report what is left.

Argument parsing stays in cli.py; this module runs the fixing and says, in one summary line,
how many findings were fixed, how many remain and how many more `--unsafe-fixes` would fix.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from tf1lint import runner
from tf1lint.apply_fixes import FixResult, fix_file, unified_diff, write_result
from tf1lint.catalogue import TargetIndex
from tf1lint.config import Settings
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


@dataclass(frozen=True)
class Selection:
    """--select/--ignore as a value that worker processes can receive."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def __call__(self, finding: Finding) -> bool:
        from tf1lint.cli import _selected  # pylint: disable=import-outside-toplevel,cyclic-import

        return _selected(finding, list(self.select), list(self.ignore))


@dataclass
class _FileDone:
    """One file's part of a fix run, small enough to send back from a worker."""

    remaining: list[Finding]
    applied: int = 0
    changed: bool = False
    shown_diff: str = ""
    problem: str | None = None
    failure: ParseFailure | None = None


def _fix_one(path: str, index: TargetIndex, unsafe: bool, diff: bool, selected: Callable[[Finding], bool]) -> _FileDone:
    raw = _read(path, shown_path(path))
    if isinstance(raw, ParseFailure):
        return _FileDone([], failure=raw)
    result: FixResult = fix_file(path, raw, index, unsafe, selected)
    if result.failure:
        # A file left unchanged keeps the findings it has (none known when it does not parse).
        return _FileDone(result.remaining, problem=result.failure, failure=ParseFailure(path, 0, 0, "left unchanged"))
    done = _FileDone(result.remaining, result.applied, result.changed)
    if result.changed:
        if diff:
            done.shown_diff = unified_diff(result)
        else:
            done.problem = write_result(result)
            if done.problem:  # not written: its findings are still there, and the run says so (exit 3)
                return _FileDone(result.found, problem=done.problem, failure=ParseFailure(path, 0, 0, "left unchanged"))
    return done


def _fix_chunk_in_worker(paths: list[str], unsafe: bool, diff: bool, selected: Selection) -> list[_FileDone]:
    index = runner._worker_index  # pylint: disable=protected-access  # the worker's own catalogue
    assert index is not None
    return [_fix_one(path, index, unsafe, diff, selected) for path in paths]


def run_fixes(paths: list[str], index: TargetIndex, *, unsafe: bool, diff: bool,
              selected: Selection, jobs: int = 1, settings: Settings | None = None) -> FixRun:
    """Fix every file (or only print the diff); nothing is written when `diff` is set. Files
    are fixed in worker processes like `check` runs them; results come back in file order."""
    outcome = FixRun()
    workers = runner.effective_jobs(jobs, len(paths))
    if workers > 1 and settings is not None:
        size = max(1, min(16, len(paths) // (workers * 4)))
        chunks = [paths[start:start + size] for start in range(0, len(paths), size)]
        pool = runner._pool(workers, settings, index)  # pylint: disable=protected-access  # the one pool
        try:
            futures = [pool.submit(_fix_chunk_in_worker, chunk, unsafe, diff, selected) for chunk in chunks]
            results = [done for future in futures for done in future.result()]
        finally:
            runner._stop(pool)  # pylint: disable=protected-access
    else:
        results = [_fix_one(path, index, unsafe, diff, selected) for path in paths]
    for done in results:
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
    if safe:
        extra.append(f"{safe} fixable with --fix")
    if more and not unsafe:
        extra.append(f"{more} more with --unsafe-fixes")
    return line + (f" ({', '.join(extra)})" if extra else "") + "."
