"""Runs the engine over files: the part of `tf1lint check` and `inventory` that is not argument
parsing or output. Results come back in the order of the paths given, whatever the number of
worker processes, so output is byte-identical across runs and across --jobs."""

from __future__ import annotations

# Worker processes, notebooks and fixes are imported where they are used: a run of a few files,
# or one served from the cache, never pays for them.
# pylint: disable=import-outside-toplevel
import ast
import dataclasses
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from tf1lint import TYPE_CHECKING
from tf1lint.catalogue import Catalogue, TargetIndex, Version
from tf1lint.config import Settings
from tf1lint.display import shown_path, shown_text
from tf1lint.engine import ParseFailure, check_source, mentions_catalogue
from tf1lint.findings import Finding
from tf1lint.suppressions import UnusedSuppression, apply_suppressions

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from tf1lint.cache import ResultsCache

# Below this many files a process pool costs more than it saves.
_PARALLEL_THRESHOLD = 32
_CHUNK = 16


@dataclass
class FileOutcome:
    findings: list[Finding] = field(default_factory=list)
    failures: list[ParseFailure] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)  # accepted by an inline comment
    unused_suppressions: list[UnusedSuppression] = field(default_factory=list)
    content_key: str | None = None  # the cache's key of the very bytes analysed (for the run index)


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    failures: list[ParseFailure] = field(default_factory=list)
    files: int = 0
    suppressed: list[Finding] = field(default_factory=list)
    unused_suppressions: list[UnusedSuppression] = field(default_factory=list)


def load_index(settings: Settings) -> tuple[Catalogue | None, TargetIndex | None, list[str]]:
    """The catalogue and its index at the requested target, or the problems that stop the run."""
    from tf1lint.catalogue_snapshot import read_snapshot, snapshot_key, write_snapshot
    from tf1lint.loader import load_catalogue

    # The same catalogue and settings as a previous run: its entries are decoded only when used.
    key = snapshot_key(settings)
    snapshot = read_snapshot(key)
    if snapshot is not None:
        return snapshot[0], snapshot[1], []
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
    index = catalogue.at_target(target, settings.report_compat_v1)
    write_snapshot(key, catalogue, index)
    return catalogue, index, []


def _read(path: str, shown: str) -> bytes | ParseFailure:
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            return ParseFailure(shown, 0, 0, _folder_problem(path))
        if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
            return ParseFailure(path, 0, 0, "not a regular file")
        with open(path, "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        return ParseFailure(shown, 0, 0, "is a directory")
    except FileNotFoundError:
        return ParseFailure(shown, 0, 0, "no such file (or a broken link)")
    except OSError as error:
        return ParseFailure(shown, 0, 0, f"cannot read: {shown_text(error.strerror or str(error))}")


def _folder_problem(path: str) -> str:
    """A folder reaches here when it was named as a file, or when the walk could not list it."""
    try:
        os.listdir(path)
    except OSError as error:
        return f"cannot list this folder: {shown_text(error.strerror or str(error))}"
    return "is a directory"


def check_file(path: str, index: TargetIndex, cache: ResultsCache | None = None) -> FileOutcome:
    """Findings and failures of one file; whatever goes wrong is reported for this file alone,
    so that no single input can cost a run the findings of the others."""
    shown = shown_path(path)
    try:
        return _check_file(path, shown, index, cache)
    except MemoryError:
        return FileOutcome(failures=[ParseFailure(shown, 0, 0, "not enough memory to check this file")])
    except RecursionError:
        return FileOutcome(failures=[ParseFailure(shown, 0, 0, "nested too deeply to analyse")])
    except Exception as error:  # noqa: BLE001  # pylint: disable=broad-exception-caught  # a bug, not the file
        return FileOutcome(failures=[internal_failure(shown, error)])


def internal_failure(shown: str, error: BaseException | str) -> ParseFailure:
    what = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    line = shown_text(str(what).splitlines()[0] if str(what) else str(what))[:300]
    return ParseFailure(shown, 0, 0, f"internal error in tf1lint ({line}); please report it", internal=True)


def _check_file(path: str, shown: str, index: TargetIndex, cache: ResultsCache | None) -> FileOutcome:
    raw = _read(path, shown)
    if isinstance(raw, ParseFailure):
        return FileOutcome(failures=[raw])
    if cache is None:
        return _check_content(raw, path, shown, index)
    # Findings carry the shown (escaped) path, whether they come from the cache or not.
    cached = cache.get(shown, raw)
    if cached is not None:
        return FileOutcome(findings=cached.findings, failures=cached.failures, suppressed=cached.suppressed,
                           unused_suppressions=cached.unused_suppressions, content_key=cache.content_key(shown, raw))
    outcome = _check_content(raw, path, shown, index)
    cache.put(shown, raw, outcome)
    outcome.content_key = cache.content_key(shown, raw)
    return outcome


def _check_content(raw: bytes, path: str, shown: str, index: TargetIndex) -> FileOutcome:
    if path.endswith(".ipynb"):
        return check_notebook(raw, shown, index)
    outcome = check_source(raw, shown, index)
    if isinstance(outcome, ParseFailure):
        return FileOutcome(failures=[outcome])
    kept, suppressed, unused = apply_suppressions(raw, outcome, shown)
    return FileOutcome(findings=kept, suppressed=suppressed, unused_suppressions=unused)


def check_notebook(raw: bytes, path: str, index: TargetIndex, *, fixes: bool = True) -> FileOutcome:
    """Findings with their cell and line in it (and their fixes unless `fixes` is off); a cell that
    does not parse is reported and left out, and the rest of the notebook is still checked."""
    from tf1lint.fix_builder import fix_in_cell
    from tf1lint.notebooks import NotebookError, read_notebook

    try:
        notebook = read_notebook(raw)
    except NotebookError as error:
        return FileOutcome(failures=[ParseFailure(path, 0, 0, str(error))])
    if not mentions_catalogue(notebook.text.encode("utf-8", "surrogateescape"), index):
        return FileOutcome()
    # Jupyter compiles each cell on its own: a cell that does not parse alone is its own failure,
    # never blamed on the cells after it. One parse per cell keeps many bad cells linear.
    failures = [failure for number, text in notebook.cells.items()
                if (failure := _cell_failure(text, path, number, notebook.indent(number))) is not None]
    skipped = {failure.cell for failure in failures if failure.cell is not None}
    while True:
        try:
            notebook = read_notebook(raw, frozenset(skipped))
        except NotebookError as error:
            return FileOutcome(failures=[ParseFailure(path, 0, 0, str(error))])
        outcome = check_source(notebook.text, path, index, fixes=fixes)
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
            column=finding.column + shift, end_column=finding.end_column + shift,
            fix=fix_in_cell(finding.fix, notebook, cell))

    kept, suppressed, unused = apply_suppressions(notebook.text, outcome, path)
    unused_in_cells = []
    for item in unused:
        cell, line = notebook.place(item.line)
        unused_in_cells.append(dataclasses.replace(item, line=line, cell=cell))
    return FileOutcome(findings=[in_cell(f) for f in kept], failures=failures,
                       suppressed=[in_cell(f) for f in suppressed], unused_suppressions=unused_in_cells)


def _cell_failure(text: str, path: str, cell: int, indent: int) -> ParseFailure | None:
    try:
        ast.parse(text)
    except SyntaxError as error:
        return ParseFailure(path, error.lineno or 1, max((error.offset or 1) - 1, 0) + indent,
                            f"syntax error: {error.msg}", cell=cell)
    except ValueError as error:  # a NUL character
        return ParseFailure(path, 1, 0, str(error).splitlines()[0] if str(error) else "not Python", cell=cell)
    except (MemoryError, RecursionError):
        return None  # too deep for a plain parse; the whole notebook's check deals with it
    return None


_worker_index: TargetIndex | None = None  # pylint: disable=invalid-name  # one per worker process
_worker_cache: ResultsCache | None = None  # pylint: disable=invalid-name


def _start_worker(settings: Settings, parent: int, inherited: bool) -> None:
    global _worker_index, _worker_cache  # pylint: disable=global-statement  # loaded once per worker process
    import signal

    from tf1lint.cache import open_cache
    from tf1lint.worker_lifetime import die_with_parent

    die_with_parent(parent)
    # Ctrl-C reaches the whole process group: the parent alone reports it, in one line.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not inherited:  # a "spawn" start (macOS, Windows): nothing was inherited, load it here
        _, _worker_index, _ = load_index(settings)
    _worker_cache = open_cache(settings, _worker_index) if _worker_index is not None else None


def _check_in_worker(paths: list[str]) -> list[FileOutcome]:
    assert _worker_index is not None
    return [check_file(path, _worker_index, _worker_cache) for path in paths]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def effective_jobs(requested: int, files: int) -> int:
    """Worker processes for `files` files: `requested` 0 means automatic (parallel only when
    there are enough files to repay starting workers); never more than the cores or the files."""
    if files < _PARALLEL_THRESHOLD:
        return 1
    wanted = requested or default_jobs()
    return max(1, min(wanted, default_jobs(), files // _CHUNK or 1))


def _distinct(paths: Iterable[str]) -> list[str]:
    """Each file once, in first-seen order, however many given paths overlap (`src src/a.py`)."""
    seen: set[str] = set()
    files = []
    for path in paths:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            files.append(path)
    return files


def run(paths: Iterable[str], index: TargetIndex, jobs: int = 1, settings: Settings | None = None,
        on_file: Callable[[int, int], None] | None = None) -> RunResult:
    """Check every path; `on_file(done, total)` is called after each file (for a progress bar).

    `jobs` 0 picks the number of worker processes from the files and cores."""
    from tf1lint.cache import open_cache
    from tf1lint.run_index import served_from_index

    files = _distinct(paths)
    result = RunResult(files=len(files))
    cache = open_cache(settings, index) if settings is not None else None

    def analyse(todo: list[str]) -> Iterator[FileOutcome]:
        workers = effective_jobs(jobs, len(todo))
        if workers > 1 and settings is not None:
            return _parallel(todo, index, workers, settings)
        return (check_file(path, index, cache) for path in todo)

    # An unchanged re-run is answered from one index file instead of one cache entry per file.
    outcomes = served_from_index(files, cache, analyse) if cache is not None else analyse(files)
    _collect(outcomes, result, len(files), on_file)
    if cache is not None:
        cache.prune()
    return result


def _pool(workers: int, settings: Settings, index: TargetIndex) -> ProcessPoolExecutor:
    global _worker_index  # pylint: disable=global-statement  # handed to forked workers as is
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    inherited = context.get_start_method() == "fork"
    if inherited:
        _worker_index = index  # forked workers share the loaded catalogue instead of re-reading it
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                               initargs=(settings, os.getpid(), inherited))


def _parallel(files: list[str], index: TargetIndex, workers: int, settings: Settings) -> Iterator[FileOutcome]:
    """Outcomes in the order of `files`. A worker that dies (the out-of-memory killer) breaks
    the pool; the files not yet done are then checked one at a time so the culprit is named."""
    from concurrent.futures.process import BrokenProcessPool

    size = max(1, min(_CHUNK, len(files) // (workers * 4)))
    chunks = [files[start:start + size] for start in range(0, len(files), size)]
    pool = _pool(workers, settings, index)
    finished = False
    try:
        futures = [pool.submit(_check_in_worker, chunk) for chunk in chunks]
        broken = False
        for chunk, future in zip(chunks, futures):
            if not broken:
                try:
                    yield from future.result()
                    continue
                except BrokenProcessPool:
                    broken = True
                    _stop(pool)
            yield from _one_at_a_time(chunk, index, settings)
        finished = True
    finally:
        if finished:
            pool.shutdown()
        else:  # Ctrl-C, or the caller stopped reading
            _stop(pool)


def _one_at_a_time(files: list[str], index: TargetIndex, settings: Settings) -> Iterator[FileOutcome]:
    from concurrent.futures.process import BrokenProcessPool

    pool = _pool(1, settings, index)
    try:
        for path in files:
            try:
                yield pool.submit(_check_in_worker, [path]).result()[0]
            except BrokenProcessPool:
                yield FileOutcome(failures=[internal_failure(
                    shown_path(path), "the worker process checking this file died (killed by a signal,"
                                      " perhaps the out-of-memory killer)")])
                _stop(pool)
                pool = _pool(1, settings, index)
    finally:
        _stop(pool)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop at once (Ctrl-C, an early exit, a broken pool): nothing left running behind us."""
    pool.shutdown(wait=False, cancel_futures=True)
    # The executor has no public way to end busy workers; they would finish their chunk first.
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.kill()


def _collect(outcomes: Iterable[FileOutcome], result: RunResult, total: int,
             on_file: Callable[[int, int], None] | None) -> None:
    for done, outcome in enumerate(outcomes, start=1):
        result.findings.extend(outcome.findings)
        result.failures.extend(outcome.failures)
        result.suppressed.extend(outcome.suppressed)
        result.unused_suppressions.extend(outcome.unused_suppressions)
        if on_file is not None:
            on_file(done, total)
