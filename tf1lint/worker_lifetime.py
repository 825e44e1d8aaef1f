"""Worker processes that end with the run: a worker whose parent is killed (SIGKILL, the
out-of-memory killer) would otherwise wait for work forever."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

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
