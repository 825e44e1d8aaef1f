"""Writing files so that a reader sees either the old content or the new, never a partial file."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

# Temporary files written but not yet renamed into place: removed if the process is told to stop.
_UNFINISHED: set[str] = set()
_SUFFIX = ".tf1lint-tmp"


def discard_unfinished() -> None:
    """Remove the temporary files of writes still under way (a worker stopping on Ctrl-C)."""
    for temporary in list(_UNFINISHED):
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def discard_left_by(paths: Iterable[str], pids: Iterable[int]) -> None:
    """Remove what a killed process (one of `pids`) left of its writes to `paths`: a worker
    killed before it could run `discard_unfinished` leaves a temporary file that only it named.
    The names carry the writer's process id, so no other run's write is touched."""
    pids = set(pids)
    by_folder: dict[Path, set[str]] = {}
    for path in paths:
        target = Path(os.path.realpath(path))
        by_folder.setdefault(target.parent, set()).add(target.name)
    for folder, names in by_folder.items():
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                if _left_by(entry.name, names, pids) and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def _left_by(name: str, targets: set[str], pids: set[int]) -> bool:
    """Whether `name` is `.TARGET.PID.RANDOM.tf1lint-tmp`, as `_new_temporary` names them."""
    if not (name.startswith(".") and name.endswith(_SUFFIX)):
        return False
    parts = name[1:-len(_SUFFIX)].rsplit(".", 2)
    return len(parts) == 3 and parts[0] in targets and parts[1].isdigit() and int(parts[1]) in pids


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C waits while a temporary file is created and recorded, so none goes unrecorded."""
    import signal  # pylint: disable=import-outside-toplevel  # only fixing replaces sources (start-up)

    held = hasattr(signal, "pthread_sigmask")
    if held:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if held:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def write_atomically(path: str | os.PathLike[str], data: bytes | str, *, encoding: str = "utf-8",
                     durable: bool = True, follow_links: bool = True) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it over `path`.

    The rename is atomic on POSIX file systems, so an interrupted run or a full disk leaves the
    previous file untouched. An existing file keeps its permission bits. Errors (OSError) reach
    the caller, who reports them in one line. `durable=False` skips the flush to disk, for files
    whose loss after a power cut costs only time (cache entries): still never partial.
    `follow_links=False` replaces a link in `path`'s place instead of the file it names (for
    files in folders others may have filled: the cache).
    """
    # Through a symbolic link, the file it points to is the one to replace, not the link.
    target = Path(os.path.realpath(path)) if follow_links else Path(os.path.abspath(path))
    payload = data.encode(encoding) if isinstance(data, str) else data
    mode = None
    with contextlib.suppress(OSError):
        status = target.stat() if follow_links else target.lstat()
        if not follow_links and not stat.S_ISREG(status.st_mode):
            raise OSError  # a link or a FIFO where a cache file goes: replaced by the rename below
        if not stat.S_ISREG(status.st_mode):
            # `-o /dev/null`, a FIFO, a terminal: renaming over it would replace the device itself
            # (as root, /dev/null for the whole machine). These are written in place; being
            # streams, they hold no previous report to lose.
            _write_in_place(target, payload)
            return
        mode = stat.S_IMODE(status.st_mode)
    with _temporary_beside(target) as (handle, temporary):
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        else:
            # The temporary file is created 0600; a new report should get the usual umask-derived bits.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)


@contextlib.contextmanager
def _temporary_beside(target: Path, hold_interrupts: bool = False) -> Iterator[tuple[int, str]]:
    """A new temporary file beside `target` (its descriptor and name), recorded while the block
    runs: removed if the block fails or the process is told to stop. `hold_interrupts` makes
    Ctrl-C wait until it is recorded (fixing, in workers a Ctrl-C ends at once)."""
    temporary = ""
    try:
        # Inside the try: a KeyboardInterrupt raised as the held signals are let go (the parent writes
        # too, with one job) still removes the file.
        with _signals_held() if hold_interrupts else contextlib.nullcontext():
            handle, temporary = _new_temporary(target)
        yield handle, temporary
    except BaseException:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise
    finally:
        _UNFINISHED.discard(temporary)


def _new_temporary(target: Path) -> tuple[int, str]:
    """A new, empty file beside `target`, recorded as unfinished, open for writing and readable by
    its owner alone: created exclusively, so never an existing file nor the target of a link.
    (tempfile.mkstemp does the same, but importing tempfile costs a one-file check a few
    milliseconds.)"""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        # The writer's process id lets a parent that killed it find what it left (discard_left_by).
        temporary = str(target.parent / f".{target.name}.{os.getpid()}.{os.urandom(6).hex()}{_SUFFIX}")
        # Recorded before it exists: a Ctrl-C handled in between (another thread may take the signal while
        # this one holds it) finds the name and removes the file, or finds no file.
        _UNFINISHED.add(temporary)
        try:
            return os.open(temporary, flags, 0o600), temporary
        except FileExistsError:
            _UNFINISHED.discard(temporary)
            continue  # another writer's name: draw another
        except BaseException:  # os.open failed (or was interrupted): no file of ours by that name
            _UNFINISHED.discard(temporary)
            raise
    raise FileExistsError(f"no free temporary name beside {target}")


def _write_in_place(target: Path, payload: bytes) -> None:
    with open(target, "wb") as stream:
        stream.write(payload)


class WriteRefused(Exception):
    """A file fixing must not replace; the message says why, in a few words for one line."""


def replace_source(path: str | os.PathLike[str], expected: bytes, data: bytes) -> None:
    """Replace a file the user asked to fix with `data`, as `write_atomically` does, if it is
    still `expected` just before the rename, and only as its owner could have: owner, group and
    mode are kept, a read-only file is left alone, and a file with other hard links is refused
    (a rename would part it from them). WriteRefused says why; other OSErrors reach the caller."""
    target = Path(os.path.realpath(path))
    status = os.stat(target)
    if not stat.S_ISREG(status.st_mode):
        raise WriteRefused("not a regular file")
    if status.st_nlink > 1:
        raise WriteRefused(f"it has {status.st_nlink} hard links, which replacing it would break")
    if not _may_write(target, status):
        raise WriteRefused("it is read-only for you")
    with _temporary_beside(target, hold_interrupts=True) as (handle, temporary):
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        written = os.stat(temporary)
        if (written.st_uid, written.st_gid) != (status.st_uid, status.st_gid):
            try:  # as root: the file stays its owner's; as a user: a group of theirs
                os.chown(temporary, status.st_uid, status.st_gid)
            except OSError:
                raise WriteRefused("it belongs to another user or group, which rewriting it would change") from None
        os.chmod(temporary, stat.S_IMODE(status.st_mode))  # after chown, which may clear set-id bits
        _still(target, status, expected)
        os.replace(temporary, target)


def _may_write(target: Path, status: os.stat_result) -> bool:
    if not os.access(target, os.W_OK, effective_ids=os.access in os.supports_effective_ids):
        return False
    # Root may write anything: a file that no one may write is read-only by intent.
    return os.geteuid() != 0 or bool(status.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _still(target: Path, status: os.stat_result, expected: bytes) -> None:
    """The file is the one read, with the content read: an edit saved meanwhile is never lost."""
    now = os.stat(target)
    if (now.st_dev, now.st_ino) == (status.st_dev, status.st_ino) and now.st_size == len(expected):
        with open(target, "rb") as handle:
            if handle.read() == expected:
                return
    raise WriteRefused("it changed while it was being fixed; run again")
