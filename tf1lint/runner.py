"""Runs the engine over files: the part of `tf1lint check` and `inventory` that is not argument
parsing or output. Results come back in the order of the paths given, whatever the number of
worker processes, so output is byte-identical across runs and across --jobs."""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from tf1lint.catalogue import Catalogue, TargetIndex, Version
from tf1lint.config import Settings
from tf1lint.engine import ParseFailure, check_source
from tf1lint.findings import Finding
from tf1lint.fix_builder import fix_in_cell
from tf1lint.loader import load_catalogue
from tf1lint.notebooks import NotebookError, read_notebook

# Below this many files a process pool costs more than it saves.
_PARALLEL_THRESHOLD = 32
_CHUNK = 16


@dataclass
class FileOutcome:
    findings: list[Finding] = field(default_factory=list)
    failures: list[ParseFailure] = field(default_factory=list)


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    failures: list[ParseFailure] = field(default_factory=list)
    files: int = 0


def load_index(settings: Settings) -> tuple[Catalogue | None, TargetIndex | None, list[str]]:
    """The catalogue and its index at the requested target, or the problems that stop the run."""
    result = load_catalogue(settings.catalogues)
    if result.problems:
        return result.catalogue, None, [str(problem) for problem in result.problems]
    catalogue = result.catalogue
    target = catalogue.newest_known
    if settings.target is not None:
        parsed = Version.parse(settings.target)
        if parsed is None or parsed.major != 2 or parsed > catalogue.newest_known:
            return catalogue, None, [
                (f"unknown target TensorFlow version {settings.target!r}"
                f" (expected 2.0 to {catalogue.newest_known}, written like 2.15)")
            ]
        target = parsed
    return catalogue, catalogue.at_target(target, settings.report_compat_v1), []


def _read(path: str) -> bytes | ParseFailure:
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            return ParseFailure(path, 0, 0, "is a directory")
        if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
            return ParseFailure(path, 0, 0, "not a regular file")
        with open(path, "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        return ParseFailure(path, 0, 0, "is a directory")
    except FileNotFoundError:
        return ParseFailure(path, 0, 0, "no such file (or a broken link)")
    except OSError as error:
        return ParseFailure(path, 0, 0, f"cannot read: {error.strerror or error}")


def check_file(path: str, index: TargetIndex) -> FileOutcome:
    raw = _read(path)
    if isinstance(raw, ParseFailure):
        return FileOutcome(failures=[raw])
    if path.endswith(".ipynb"):
        return check_notebook(raw, path, index)
    outcome = check_source(raw, path, index)
    if isinstance(outcome, ParseFailure):
        return FileOutcome(failures=[outcome])
    return FileOutcome(findings=outcome)


def check_notebook(raw: bytes, path: str, index: TargetIndex) -> FileOutcome:
    """Findings with their cell and line in it; a cell that does not parse is reported and left
    out, and the rest of the notebook is still checked."""
    skipped: set[int] = set()
    failures: list[ParseFailure] = []
    while True:
        try:
            notebook = read_notebook(raw, frozenset(skipped))
        except NotebookError as error:
            return FileOutcome(failures=[ParseFailure(path, 0, 0, str(error))])
        outcome = check_source(notebook.text, path, index)
        if not isinstance(outcome, ParseFailure):
            break
        cell, line = notebook.place(outcome.line)
        if cell == 0 or cell in skipped:
            return FileOutcome(failures=[*failures, outcome])
        skipped.add(cell)
        column = outcome.column + notebook.indent(cell)
        failures.append(dataclasses.replace(outcome, line=line, cell=cell, column=column))
    findings = []
    for finding in outcome:
        cell, line = notebook.place(finding.line)
        end_cell, end_line = notebook.place(finding.end_line)
        shift = notebook.indent(cell)
        findings.append(dataclasses.replace(
            finding, cell=cell, line=line, end_line=end_line if end_cell == cell else line,
            column=finding.column + shift, end_column=finding.end_column + shift,
            fix=fix_in_cell(finding.fix, notebook, cell)))
    return FileOutcome(findings=findings, failures=failures)


_worker_index: TargetIndex | None = None  # pylint: disable=invalid-name  # one per worker process


def _start_worker(settings: Settings) -> None:
    global _worker_index  # pylint: disable=global-statement  # loaded once per worker process
    _, _worker_index, _ = load_index(settings)


def _check_in_worker(path: str) -> FileOutcome:
    assert _worker_index is not None
    return check_file(path, _worker_index)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run(paths: Iterable[str], index: TargetIndex, jobs: int = 1, settings: Settings | None = None,
        on_file: Callable[[int, int], None] | None = None) -> RunResult:
    """Check every path; `on_file(done, total)` is called after each file (for a progress bar)."""
    files = list(paths)
    result = RunResult(files=len(files))
    if jobs > 1 and len(files) >= _PARALLEL_THRESHOLD and settings is not None:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(settings,)) as pool:
            outcomes: Iterable[FileOutcome] = pool.map(_check_in_worker, files, chunksize=_CHUNK)
            _collect(outcomes, result, len(files), on_file)
    else:
        _collect((check_file(path, index) for path in files), result, len(files), on_file)
    return result


def _collect(outcomes: Iterable[FileOutcome], result: RunResult, total: int,
             on_file: Callable[[int, int], None] | None) -> None:
    for done, outcome in enumerate(outcomes, start=1):
        result.findings.extend(outcome.findings)
        result.failures.extend(outcome.failures)
        if on_file is not None:
            on_file(done, total)
