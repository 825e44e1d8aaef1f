"""The server's input stream, bounded: a message header claiming a body of terabytes (or a line
without end) would otherwise make the reader allocate it and kill the server. And a guard that
ends the server as soon as the client closes that stream, whatever the server is doing."""

from __future__ import annotations

import logging
import os
import select
import signal
import stat
import sys
import time
import traceback
from collections.abc import Callable
from typing import BinaryIO

MAX_MESSAGE_BYTES = 256 * 1024 * 1024  # far above any document an editor sends
MAX_HEADER_LINE = 64 * 1024
_CHUNK = 1024 * 1024

_SKIPPED = b'{"jsonrpc": "2.0", "method": "$/tf1lint/skippedMessage", "params": {}}'
logger = logging.getLogger(__name__)


class BoundedInput:
    """What pygls reads stdin through: `readline` and `read` as on a binary stream, with bounds.
    A body over the bound is read and dropped in chunks and stands as a `$/` notification,
    which a server ignores when it does not know it (the LSP rule), and reading goes on."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def readline(self) -> bytes:
        return self.stream.readline(MAX_HEADER_LINE)

    def read(self, size: int) -> bytes:
        if size <= MAX_MESSAGE_BYTES:
            return self.stream.read(size)
        logger.error("a message of %d bytes is over the limit of %d bytes; skipped", size, MAX_MESSAGE_BYTES)
        left = size
        while left > 0:
            chunk = self.stream.read(min(left, _CHUNK))
            if not chunk:
                return b""  # the client went away: end as on any closed input
            left -= len(chunk)
        return _SKIPPED


# After the client hangs up, the server may still read what it sent last (an `exit`) and end itself.
_GRACE_SECONDS = 0.5
_TICK_SECONDS = 0.1  # how often the guard looks at the server where it cannot be told at once
_HANGUP = select.POLLHUP | select.POLLERR | select.POLLNVAL | getattr(select, "POLLRDHUP", 0)


def run_guarded(serve: Callable[[], int], input_fd: int = 0) -> int:
    """Run `serve` in a child process and return its exit status; stop it at once when the client
    closes `input_fd`.

    The server cannot do this itself: `ast.parse` of a large document holds the GIL for seconds
    (6 s for 200,000 lines), and no thread of the process, not the one reading stdin, not the event
    loop, runs until it returns. The guard is a separate process that only waits for the pipe's
    hangup, so it notices at once. Without fork, or when the input is not a pipe or socket (where a
    hangup shows), the server runs here as before."""
    if not hasattr(os, "fork") or not hasattr(select, "poll") or not _hangup_visible(input_fd):
        return serve()
    parent = os.getpid()
    sys.stdout.flush()
    sys.stderr.flush()
    child = os.fork()
    if child == 0:
        _die_with(parent)
        try:
            os._exit(serve())
        finally:  # never return into the caller, whatever happened: that is the guard's path
            traceback.print_exc()
            sys.stderr.flush()
            os._exit(1)
    # Only the server writes to the client; the guard keeps stdin open solely to watch it.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    return _guard(child, input_fd)


def _hangup_visible(fd: int) -> bool:
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _die_with(parent: int) -> None:
    """The server ends when its guard is killed (an editor killing the process it started)."""
    try:
        import ctypes  # pylint: disable=import-outside-toplevel  # only in the server process, only on Linux

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the guard was gone before the line above
        os._exit(1)


def _guard(child: int, input_fd: int) -> int:
    stopped_by: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        stopped_by.append(signum)
        _kill(child)

    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        signal.signal(getattr(signal, name), stop)
    poller = select.poll()
    # Hangups only: poll reports them unasked, and data waiting to be read is not one of them.
    poller.register(input_fd, getattr(select, "POLLRDHUP", 0))
    child_fd = _pidfd(child)
    if child_fd is not None:
        poller.register(child_fd, select.POLLIN)  # readable when the server has ended
    deadline = None
    while True:
        status = _reaped(child)
        if status is not None:
            return 128 + stopped_by[0] if stopped_by else status
        timeout = _TICK_SECONDS if child_fd is None else None
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                _kill(child)
                os.waitpid(child, 0)
                return 1  # the client was lost, as when the server sees the end of its input
            timeout = min(left, timeout or left)
        events = poller.poll(None if timeout is None else max(1, int(timeout * 1000)))
        if deadline is None and any(fd == input_fd and mask & _HANGUP for fd, mask in events):
            deadline = time.monotonic() + _GRACE_SECONDS
            poller.unregister(input_fd)


def _pidfd(child: int) -> int | None:
    try:
        return os.pidfd_open(child)
    except (AttributeError, OSError):
        return None


def _reaped(child: int) -> int | None:
    try:
        pid, status = os.waitpid(child, os.WNOHANG)
    except ChildProcessError:
        return 1
    if pid == 0:
        return None
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code


def _kill(child: int) -> None:
    try:
        os.kill(child, signal.SIGKILL)
    except ProcessLookupError:
        pass
