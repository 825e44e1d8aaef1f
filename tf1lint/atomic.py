"""Writing files so that a reader sees either the old content or the new, never a partial file."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path


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
    import tempfile  # pylint: disable=import-outside-toplevel  # only when writing: start-up time

    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tf1lint-tmp", dir=target.parent or ".")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        else:
            # mkstemp creates 0600; a new report should get the usual umask-derived bits.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write_in_place(target: Path, payload: bytes) -> None:
    with open(target, "wb") as stream:
        stream.write(payload)
