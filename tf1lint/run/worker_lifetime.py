"""Worker processes that end with the run: a worker whose parent is killed (SIGKILL, the
out-of-memory killer) would otherwise wait for work forever; on Ctrl-C workers end at once,
and a pool being stopped has its busy workers killed, not left to finish their work."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor

from tf1lint.files.atomic import discard_left_by, discard_unfinished

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_POLL_SECONDS = 0.5


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when `parent` dies (Linux), or watch for it (elsewhere)."""
    if sys.platform.startswith("linux") and _set_parent_death_signal():
        if os.getppid() != parent:  # the parent died before the request was made
            os._exit(1)
        return
    threading.Thread(target=_watch_parent, args=(parent,), name="tf1lint-parent-watch", daemon=True).start()


def _set_parent_death_signal() -> bool:
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_POLL_SECONDS)
    os._exit(1)


def stop_on_interrupt() -> None:
    """In a worker: Ctrl-C (sent to the whole process group) ends it at once and quietly, leaving
    no temporary file behind; the parent alone reports the interruption, in one line."""
    signal.signal(signal.SIGINT, _exit_quietly)


def _exit_quietly(_signal: int, _frame: object) -> None:
    discard_unfinished()  # a write not yet renamed into place never will be
    os._exit(130)


def stop_pool(pool: ProcessPoolExecutor, in_flight: Iterable[str] = ()) -> None:
    """Stop a pool now (Ctrl-C, an early exit, a broken pool): queued work dropped, busy workers
    killed rather than left to finish their chunk (and write its files). Ctrl-C meanwhile waits
    until the pool is stopped, so a second one cannot leave it half stopped. A worker killed
    before it could tidy up may leave a temporary file beside one of the `in_flight` files: it is
    removed here."""
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        # The executor forgets its processes when shut down: take them first. Each is asked to
        # end (it removes an unfinished write's temporary file), then killed if it has not.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        for process in processes:
            with contextlib.suppress(OSError, ValueError, TypeError):
                os.kill(process.pid, signal.SIGINT)
        deadline = time.monotonic() + _GRACE_SECONDS
        killed = []
        for process in processes:
            with contextlib.suppress(OSError, ValueError, AssertionError):
                process.join(max(0.0, deadline - time.monotonic()))
            with contextlib.suppress(OSError, ValueError, AttributeError):
                if process.is_alive():
                    killed.append(process.pid)
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        if killed:
            for process in processes:  # a killed process's files are closed once it is reaped
                with contextlib.suppress(OSError, ValueError, AssertionError):
                    process.join(_GRACE_SECONDS)
        # Not only the killed: a worker's queue feeder thread may take the Ctrl-C, and Python then runs the
        # handler in the main thread even while it holds SIGINT, between creating a temporary file and
        # recording it. Every worker has ended by now, so none is still writing what this removes.
        discard_left_by(in_flight, [process.pid for process in processes])
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


_GRACE_SECONDS = 0.3  # for a worker to leave its write undone and exit by itself
