"""The one run loop: a job (check a file, fix a file) over many files, in worker processes when
there are enough, with the results cache. Results come back in the order of the paths given,
whatever the number of worker processes, so output is byte-identical across runs and --jobs."""

from __future__ import annotations

# Worker processes, the pipeline and its fixes are imported where they are used: a run of a few
# files, or one served from the cache, never pays for what it does not use.
# pylint: disable=import-outside-toplevel
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from tf1lint import TYPE_CHECKING
from tf1lint.analysis.engine import ParseFailure
from tf1lint.analysis.findings import Finding
from tf1lint.analysis.suppressions import UnusedSuppression
from tf1lint.catalogue.model import Catalogue, TargetIndex, Version
from tf1lint.files.display import shown_path, shown_text
from tf1lint.run.config import Settings
from tf1lint.run.pipeline import FileOutcome

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from typing import Protocol, TypeVar

    from tf1lint.run.cache import ResultsCache

    Outcome = TypeVar("Outcome")
    Outcome_co = TypeVar("Outcome_co", covariant=True)

    class Job(Protocol[Outcome_co]):
        """What the run loop does to each file: `check` checks it, `--fix` fixes it. A job is sent
        to worker processes, so it must pickle (a module-level class with plain fields). (A type
        for the checker only: typing is not imported at run time, for start-up.)"""

        uses_cache: bool  # whether the results cache serves this job

        def __call__(self, path: str, index: TargetIndex, cache: ResultsCache | None) -> Outcome_co: ...

        def failed(self, failure: ParseFailure) -> Outcome_co:
            """The outcome of a file on which the job itself could not run (a dead worker)."""
            ...

# Below this many files a process pool costs more than it saves.
_PARALLEL_THRESHOLD = 32
_CHUNK = 16

@dataclass
class RunResult:
    """What a run over many files gave, in the order of the files."""

    findings: list[Finding] = field(default_factory=list)
    failures: list[ParseFailure] = field(default_factory=list)
    files: int = 0
    suppressed: list[Finding] = field(default_factory=list)
    unused_suppressions: list[UnusedSuppression] = field(default_factory=list)
    # Per distinct file, in order: the results cache's key of the bytes its outcome came from, or
    # None when the outcome depended on this run (a worker lost, a file unreadable): what the stored report confirms.
    content_keys: list[str | None] = field(default_factory=list)


def load_index(settings: Settings) -> tuple[Catalogue | None, TargetIndex | None, list[str]]:
    """The catalogue and its index at the requested target, or the problems that stop the run."""
    from tf1lint.catalogue.files import loaded_from
    from tf1lint.run.catalogue_snapshot import read_snapshot, snapshot_key, write_snapshot

    # The same catalogue and settings as a previous run: its entries are decoded only when used.
    key = snapshot_key(settings)
    snapshot = read_snapshot(key)
    if snapshot is not None:
        return snapshot[0], loaded_from(snapshot[1], key.catalogue), []
    from tf1lint.catalogue.loader import load_catalogue  # only when no snapshot serves: YAML may be read

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
    return catalogue, loaded_from(index, key.catalogue), []


def read_file(path: str, shown: str) -> bytes | ParseFailure:
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
    raw = read_file(path, shown)
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
    from tf1lint.run.pipeline import analyse, read_document

    document = read_document(path, shown, raw)
    if isinstance(document, ParseFailure):
        return FileOutcome(failures=[document])
    return analyse(document, index, fixes=True)


_worker_index: TargetIndex | None = None  # pylint: disable=invalid-name  # one per worker process
_worker_cache: ResultsCache | None = None  # pylint: disable=invalid-name


@dataclass(frozen=True)
class CheckJob:
    """`check` and `inventory`: one file's findings."""

    uses_cache: bool = True

    def __call__(self, path: str, index: TargetIndex, cache: ResultsCache | None) -> FileOutcome:
        return check_file(path, index, cache)

    def failed(self, failure: ParseFailure) -> FileOutcome:
        return FileOutcome(failures=[failure])


def _start_worker(settings: Settings, parent: int, inherited: bool, uses_cache: bool) -> None:
    global _worker_index, _worker_cache  # pylint: disable=global-statement  # loaded once per worker process
    from tf1lint.run.cache import open_cache
    from tf1lint.run.worker_lifetime import die_with_parent, stop_on_interrupt

    die_with_parent(parent)
    # Ctrl-C reaches the whole process group: workers end at once, the parent alone reports it.
    stop_on_interrupt()
    if not inherited:  # a "spawn" start (macOS, Windows): nothing was inherited, load it here
        _, _worker_index, _ = load_index(settings)
    _worker_cache = open_cache(settings, _worker_index) if uses_cache and _worker_index is not None else None


def _in_worker(job: Job[Outcome], paths: list[str]) -> list[Outcome]:
    assert _worker_index is not None
    return [_run_one(job, path, _worker_index, _worker_cache) for path in paths]


def _run_one(job: Job[Outcome], path: str, index: TargetIndex, cache: ResultsCache | None) -> Outcome:
    """Whatever goes wrong is reported for this file alone (a bug in a job, not the file's fault)."""
    try:
        return job(path, index, cache)
    except (MemoryError, RecursionError, Exception) as error:  # noqa: BLE001  # pylint: disable=broad-exception-caught
        return job.failed(internal_failure(shown_path(path), error))


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def effective_jobs(requested: int, files: int) -> int:
    """Worker processes for `files` files: `requested` 0 means automatic (parallel only when
    there are enough files to repay starting workers); never more than the cores or the files."""
    if files < _PARALLEL_THRESHOLD:
        return 1
    wanted = requested or default_jobs()
    return max(1, min(wanted, default_jobs(), files // _CHUNK or 1))


def distinct_files(paths: Iterable[str]) -> list[str]:
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
    from tf1lint.run.cache import open_cache
    from tf1lint.run.run_index import served_from_index

    files = distinct_files(paths)
    result = RunResult(files=len(files))
    cache = open_cache(settings, index) if settings is not None else None

    def analysed(todo: list[str]) -> Iterator[FileOutcome]:
        return run_job(CheckJob(), todo, index, jobs, settings, cache=cache)

    # An unchanged re-run is answered from one index file instead of one cache entry per file.
    outcomes = served_from_index(files, cache, analysed) if cache is not None else analysed(files)
    for done, outcome in enumerate(outcomes, start=1):
        result.findings.extend(outcome.findings)
        result.failures.extend(outcome.failures)
        result.suppressed.extend(outcome.suppressed)
        result.unused_suppressions.extend(outcome.unused_suppressions)
        result.content_keys.append(_content_key(outcome))
        if on_file is not None:
            on_file(done, len(files))
    return result


def _content_key(outcome: FileOutcome) -> str | None:
    """The content key of the bytes the outcome came from; None when it depended on the run itself."""
    from tf1lint.run.cache import depends_on_the_run

    return None if any(depends_on_the_run(failure) for failure in outcome.failures) else outcome.content_key


def run_job(job: Job[Outcome], paths: Iterable[str], index: TargetIndex, jobs: int = 1,
            settings: Settings | None = None, cache: ResultsCache | None = None) -> Iterator[Outcome]:
    """The one run loop: `job`'s outcome for each file once (overlapping paths are one file), in
    the order of `paths`, in worker processes when there are enough files; the results cache
    when the job uses it and settings are given. Stopping early (Ctrl-C) leaves nothing running."""
    from tf1lint.run.cache import open_cache

    files = distinct_files(paths)
    workers = effective_jobs(jobs, len(files))
    if workers > 1 and settings is not None:
        yield from _parallel(job, files, index, workers, settings)
        if job.uses_cache:  # the workers wrote; prune once, here
            cache = cache or open_cache(settings, index)
            if cache is not None:
                cache.prune()
        return
    if cache is None and settings is not None and job.uses_cache:
        cache = open_cache(settings, index)  # the caller's, when it opened one already (its key costs)
    elif not job.uses_cache:
        cache = None
    for path in files:
        yield _run_one(job, path, index, cache)
    if cache is not None:
        cache.prune()


def _pool(workers: int, settings: Settings, index: TargetIndex, uses_cache: bool) -> ProcessPoolExecutor:
    global _worker_index  # pylint: disable=global-statement  # handed to forked workers as is
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    inherited = context.get_start_method() == "fork"
    if inherited:
        _worker_index = index  # forked workers share the loaded catalogue instead of re-reading it
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                               initargs=(settings, os.getpid(), inherited, uses_cache))


def _parallel(job: Job[Outcome], files: list[str], index: TargetIndex, workers: int,
              settings: Settings) -> Iterator[Outcome]:
    """Outcomes in the order of `files`. A worker that dies (the out-of-memory killer) breaks
    the pool; the files not yet done are then run one at a time so the culprit is named."""
    from concurrent.futures.process import BrokenProcessPool

    size = max(1, min(_CHUNK, len(files) // (workers * 4)))
    chunks = [files[start:start + size] for start in range(0, len(files), size)]
    pool = _pool(workers, settings, index, job.uses_cache)
    finished = False
    futures: list[Future[list[Outcome]]] = []
    try:
        futures = [pool.submit(_in_worker, job, chunk) for chunk in chunks]
        broken = False
        for chunk, future in zip(chunks, futures):
            if not broken:
                try:
                    yield from future.result()
                    continue
                except BrokenProcessPool:
                    broken = True
                    _stop(pool)
            yield from _one_at_a_time(job, chunk, index, settings)
        finished = True
    finally:
        if finished:
            pool.shutdown()
        else:  # Ctrl-C, or the caller stopped reading
            _stop(pool, [path for chunk, future in zip(chunks, futures) if not future.done() for path in chunk])


def _one_at_a_time(job: Job[Outcome], files: list[str], index: TargetIndex, settings: Settings) -> Iterator[Outcome]:
    from concurrent.futures.process import BrokenProcessPool

    pool = _pool(1, settings, index, job.uses_cache)
    path = ""
    try:
        for path in files:
            try:
                yield pool.submit(_in_worker, job, [path]).result()[0]
            except BrokenProcessPool:
                yield job.failed(internal_failure(
                    shown_path(path), "the worker process checking this file died (killed by a signal,"
                                      " perhaps the out-of-memory killer)"))
                _stop(pool, [path])
                pool = _pool(1, settings, index, job.uses_cache)
    finally:
        _stop(pool, [path] if path else [])


def _stop(pool: ProcessPoolExecutor, in_flight: Iterable[str] = ()) -> None:
    """Stop at once (Ctrl-C, an early exit, a broken pool): nothing left running behind us, and
    nothing left beside the `in_flight` files by a worker killed mid-write."""
    from tf1lint.run.worker_lifetime import stop_pool

    stop_pool(pool, in_flight)
