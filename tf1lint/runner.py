"""Runs the engine over files: the part of `tf1lint check` and `inventory` that is not argument
parsing or output. Results come back in the order of the paths given, whatever the number of
worker processes, so output is byte-identical across runs and across --jobs."""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tf1lint.cache import ResultsCache, open_cache
from tf1lint.catalogue import Catalogue, TargetIndex, Version
from tf1lint.config import Settings
from tf1lint.engine import ParseFailure, check_source
from tf1lint.findings import Finding
from tf1lint.loader import load_catalogue
from tf1lint.notebooks import NotebookError, read_notebook
from tf1lint.suppressions import UnusedSuppression, apply_suppressions

# Below this many files a process pool costs more than it saves.
_PARALLEL_THRESHOLD = 32
_CHUNK = 16


@dataclass
class FileOutcome:
    findings: list[Finding] = field(default_factory=list)
    failures: list[ParseFailure] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)  # accepted by an inline comment
    unused_suppressions: list[UnusedSuppression] = field(default_factory=list)


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    failures: list[ParseFailure] = field(default_factory=list)
    files: int = 0
    suppressed: list[Finding] = field(default_factory=list)
    unused_suppressions: list[UnusedSuppression] = field(default_factory=list)


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


def check_file(path: str, index: TargetIndex, cache: ResultsCache | None = None) -> FileOutcome:
    raw = _read(path)
    if isinstance(raw, ParseFailure):
        return FileOutcome(failures=[raw])
    if cache is None:
        return _check_content(raw, path, index)
    cached = cache.get(path, raw)
    if cached is not None:
        return FileOutcome(findings=cached.findings, failures=cached.failures, suppressed=cached.suppressed,
                           unused_suppressions=cached.unused_suppressions)
    outcome = _check_content(raw, path, index)
    cache.put(path, raw, outcome)
    return outcome


def _check_content(raw: bytes, path: str, index: TargetIndex) -> FileOutcome:
    if path.endswith(".ipynb"):
        return check_notebook(raw, path, index)
    outcome = check_source(raw, path, index)
    if isinstance(outcome, ParseFailure):
        return FileOutcome(failures=[outcome])
    kept, suppressed, unused = apply_suppressions(raw, outcome, path)
    return FileOutcome(findings=kept, suppressed=suppressed, unused_suppressions=unused)


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
    def in_cell(finding: Finding) -> Finding:
        cell, line = notebook.place(finding.line)
        end_cell, end_line = notebook.place(finding.end_line)
        shift = notebook.indent(cell)
        return dataclasses.replace(
            finding, cell=cell, line=line, end_line=end_line if end_cell == cell else line,
            column=finding.column + shift, end_column=finding.end_column + shift)

    kept, suppressed, unused = apply_suppressions(notebook.text, outcome, path)
    unused_in_cells = []
    for item in unused:
        cell, line = notebook.place(item.line)
        unused_in_cells.append(dataclasses.replace(item, line=line, cell=cell))
    return FileOutcome(findings=[in_cell(f) for f in kept], failures=failures,
                       suppressed=[in_cell(f) for f in suppressed], unused_suppressions=unused_in_cells)


_worker_index: TargetIndex | None = None  # pylint: disable=invalid-name  # one per worker process
_worker_cache: ResultsCache | None = None  # pylint: disable=invalid-name


def _start_worker(settings: Settings) -> None:
    global _worker_index, _worker_cache  # pylint: disable=global-statement  # loaded once per worker process
    _, _worker_index, _ = load_index(settings)
    _worker_cache = open_cache(settings, _worker_index) if _worker_index is not None else None


def _check_in_worker(path: str) -> FileOutcome:
    assert _worker_index is not None
    return check_file(path, _worker_index, _worker_cache)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run(paths: Iterable[str], index: TargetIndex, jobs: int = 1, settings: Settings | None = None,
        on_file: Callable[[int, int], None] | None = None) -> RunResult:
    """Check every path; `on_file(done, total)` is called after each file (for a progress bar)."""
    files = list(paths)
    result = RunResult(files=len(files))
    cache = open_cache(settings, index) if settings is not None else None
    if jobs > 1 and len(files) >= _PARALLEL_THRESHOLD and settings is not None:
        # Imported here: multiprocessing costs a serial run (a cached one above all) ~10% of its time.
        from concurrent.futures import ProcessPoolExecutor  # pylint: disable=import-outside-toplevel

        with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(settings,)) as pool:
            outcomes: Iterable[FileOutcome] = pool.map(_check_in_worker, files, chunksize=_CHUNK)
            _collect(outcomes, result, len(files), on_file)
    else:
        _collect((check_file(path, index, cache) for path in files), result, len(files), on_file)
    if cache is not None:
        cache.prune()
    return result


def _collect(outcomes: Iterable[FileOutcome], result: RunResult, total: int,
             on_file: Callable[[int, int], None] | None) -> None:
    for done, outcome in enumerate(outcomes, start=1):
        result.findings.extend(outcome.findings)
        result.failures.extend(outcome.failures)
        result.suppressed.extend(outcome.suppressed)
        result.unused_suppressions.extend(outcome.unused_suppressions)
        if on_file is not None:
            on_file(done, total)
