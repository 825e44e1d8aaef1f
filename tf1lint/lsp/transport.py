"""The server's side of the wire: its input stream, bounded (a header claiming a body of terabytes,
or a line without end, would otherwise make the reader allocate it and kill the server); a guard
that ends the server as soon as the client closes that stream, whatever the server is doing; and
the JSON-RPC layer, which answers every request exactly once, even those pygls cannot read."""

from __future__ import annotations

import functools
import json
import logging
import math
import os
import re
import select
import signal
import stat
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from cattrs import ClassValidationError, transform_error
from lsprotocol import types
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidParams,
    JsonRpcInvalidRequest,
    JsonRpcMethodNotFound,
    JsonRpcParseError,
    JsonRpcServerNotInitialized,
)
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

MAX_MESSAGE_BYTES = 256 * 1024 * 1024  # far above any document an editor sends
MAX_HEADER_LINE = 64 * 1024
_CHUNK = 1024 * 1024

_SKIPPED = b'{"jsonrpc": "2.0", "method": "$/tf1lint/skippedMessage", "params": {}}'
TOO_LARGE_METHOD = "$/tf1lint/tooLarge"  # what a request over the bound stands as, to be answered
_SPACE = re.compile(r"[ \t\r\n]*")
logger = logging.getLogger(__name__)


class BoundedInput:
    """What pygls reads stdin through: `readline` and `read` as on a binary stream, with bounds.
    A body over the bound is read and dropped in chunks and stands as a `$/` notification,
    which a server ignores when it does not know it (the LSP rule), and reading goes on; a request
    whose id and method come before its params (as clients write them) stands as a request with
    that id, which the protocol answers with an error."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def readline(self) -> bytes:
        return self.stream.readline(MAX_HEADER_LINE)

    def read(self, size: int) -> bytes:
        if size <= MAX_MESSAGE_BYTES:
            return self.stream.read(size)
        logger.error("a message of %d bytes is over the limit of %d bytes; skipped", size, MAX_MESSAGE_BYTES)
        left, first = size, b""
        while left > 0:
            chunk = self.stream.read(min(left, _CHUNK))
            if not chunk:
                return b""  # the client went away: end as on any closed input
            first = first or chunk
            left -= len(chunk)
        return _stand_in(first, size)


def _stand_in(first: bytes, size: int) -> bytes:
    members = _leading_members(first.decode("utf-8", "replace"))
    ident, method = members.get("id"), members.get("method")
    if isinstance(ident, bool) or not isinstance(ident, (int, str)) or not isinstance(method, str):
        return _SKIPPED
    return json.dumps({"jsonrpc": "2.0", "id": ident, "method": TOO_LARGE_METHOD,
                       "params": {"method": method, "bytes": size}}).encode()


def _leading_members(text: str) -> dict[str, Any]:
    """The members of the JSON object `text` begins, up to its first object or array value."""
    decoder = json.JSONDecoder()
    members: dict[str, Any] = {}
    position = _SPACE.match(text).end()  # type: ignore[union-attr]  # matches everywhere
    if not text.startswith("{", position):
        return members
    position += 1
    while True:
        try:
            key, position = decoder.raw_decode(text, _SPACE.match(text, position).end())  # type: ignore[union-attr]
            position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
            if not isinstance(key, str) or not text.startswith(":", position):
                return members
            position = _SPACE.match(text, position + 1).end()  # type: ignore[union-attr]
            if text.startswith(("{", "["), position):
                return members
            members[key], position = decoder.raw_decode(text, position)
        except ValueError:
            return members
        position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
        if not text.startswith(",", position):
            return members
        position += 1



_MALFORMED_REQUEST = "a request needs a string method and an integer or string id"
_SHUTTING_DOWN = "the server is shutting down: only exit is expected after shutdown"


@dataclass(frozen=True)
class UnreadableRequest:
    """A request whose message does not fit its method's type: answered with `error`, never handled."""

    id: int | str | None
    error: JsonRpcException


class AnsweringProtocol(LanguageServerProtocol):
    """pygls's protocol, except that every request gets exactly one response.

    pygls drops, without a word to the client (which then waits for ever), a request whose params
    do not fit its type or that has none, a request after `shutdown`, a message that is not JSON-RPC
    2.0, a batch, and a body that is not JSON. Each is answered here with the error the protocol
    names for it; a notification in their place is dropped, as the protocol says."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if not _is_request(data):
                raise
            return UnreadableRequest(_request_id(data), self._reading_error(data, error))

    def _reading_error(self, data: dict[str, Any], error: JsonRpcException) -> JsonRpcException:
        method = data["method"]
        if not isinstance(method, str) or _request_id(data) is None:
            return JsonRpcInvalidRequest(_MALFORMED_REQUEST)
        if method not in self.fm.builtin_features and method not in self.fm.features:
            return JsonRpcMethodNotFound.of(method)
        cause = error.__cause__
        problems = transform_error(cause) if isinstance(cause, ClassValidationError) else [str(cause or error)]
        return JsonRpcInvalidParams(f"Invalid Params for {method}: {'; '.join(problems)}")

    def handle_message(self, message: Any) -> None:
        if isinstance(message, list):
            self._refuse_batch(message)
            return
        error = self._refusal(message)
        if error is None:
            super().handle_message(message)
        elif _is_notification_or_response(message):
            logger.warning("a message was dropped: %s", error.message)
        else:
            self._send_data(_error_response(message, error))

    def _refusal(self, message: Any) -> JsonRpcException | None:
        """Why `message` is not handled, or None if it is."""
        if not isinstance(message, dict) and not hasattr(message, "jsonrpc"):
            if isinstance(message, UnreadableRequest):
                return JsonRpcInvalidRequest(_SHUTTING_DOWN) if self._shutdown else message.error
            return JsonRpcInvalidRequest("not a JSON-RPC message: a message is a JSON object")
        if isinstance(message, dict):  # without "jsonrpc", pygls leaves the message as it came
            return JsonRpcInvalidRequest('not a JSON-RPC 2.0 message (no "jsonrpc": "2.0")')
        if message.jsonrpc != "2.0":
            return JsonRpcInvalidRequest(f'not a JSON-RPC 2.0 message ("jsonrpc": {message.jsonrpc!r})')
        method = getattr(message, "method", None)
        if _is_request(message) and (not isinstance(method, str) or _request_id(message) is None):
            return JsonRpcInvalidRequest(_MALFORMED_REQUEST)
        if self._shutdown and method is not None and method != types.EXIT:
            return JsonRpcInvalidRequest(_SHUTTING_DOWN)
        if method == TOO_LARGE_METHOD:
            params = message.params
            return JsonRpcInvalidRequest(f"the {getattr(params, 'method', '?')} request of {getattr(params, 'bytes', '?')} "
                                         f"bytes is over the server's limit of {MAX_MESSAGE_BYTES} bytes; it was not read")
        if self._workspace is None and method not in (None, types.INITIALIZE, types.EXIT):
            return JsonRpcServerNotInitialized("the server is not initialized: initialize comes first")
        return None

    def _refuse_batch(self, messages: list[Any]) -> None:
        """JSON-RPC batches are not part of LSP. Each request in one gets an error, in one array as
        JSON-RPC asks; an empty batch is one error."""
        error = JsonRpcInvalidRequest("batches are not part of the Language Server Protocol; "
                                      "send each message on its own")
        if not messages:
            self._send_data(_error_response(None, error))
            return
        answers = [_error_response(item, error) for item in messages if not _is_notification_or_response(item)]
        if answers:
            self._send_data(answers)

    def _execute_handler(self, msg_id: Any, handler: Any, callback: Any,
                         args: Any = None, kwargs: Any = None) -> None:
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        # pygls files the future of a notification (and of a handler a built-in one calls) under a
        # made-up id and never removes it: one more for every keystroke of a long session.
        future = self._request_futures.get(msg_id)
        if future is not None:
            future.add_done_callback(functools.partial(self._forget, msg_id))

    def _forget(self, msg_id: Any, future: Any) -> None:
        if self._request_futures.get(msg_id) is future:
            del self._request_futures[msg_id]

    def answer_unreadable_body(self, error: Exception) -> None:
        """A body that is not JSON at all: nobody can tell its id, so the answer has none (JSON-RPC)."""
        logger.error("a message that is not JSON was answered with a parse error: %s", error)
        self._send_data(_error_response(None, JsonRpcParseError(f"Parse Error: {error}")))


class AnsweringServer(LanguageServer):
    """pygls's language server over the answering protocol."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("protocol_cls", AnsweringProtocol)
        super().__init__(*args, **kwargs)

    def report_server_error(self, error: Exception, source: Any) -> None:
        # pygls's reader reports a body json.loads refused here, after dropping it.
        if source is JsonRpcException and isinstance(error, (ValueError, RecursionError)) \
                and isinstance(self.protocol, AnsweringProtocol):
            self.protocol.answer_unreadable_body(error)
            return
        super().report_server_error(error, source)


def _error_response(message: Any, error: JsonRpcException) -> dict[str, Any]:
    # Built here rather than by pygls, whose converter leaves out an id of None, which JSON-RPC
    # requires to be there (null) when the request's id cannot be told.
    return {"jsonrpc": "2.0", "id": _request_id(message), "error": {"code": error.code, "message": error.message}}


def _is_notification_or_response(message: Any) -> bool:
    """Messages that are never answered, whatever is wrong with them."""
    if isinstance(message, dict):
        return ("method" in message) != ("id" in message) and ("id" not in message or "result" in message
                                                               or "error" in message)
    if isinstance(message, UnreadableRequest) or not hasattr(message, "jsonrpc"):
        return False
    return hasattr(message, "method") != hasattr(message, "id")


def _is_request(message: Any) -> bool:
    if isinstance(message, UnreadableRequest):
        return True
    if isinstance(message, dict):
        return "id" in message and "method" in message
    return hasattr(message, "id") and hasattr(message, "method")


def _request_id(message: Any) -> int | str | None:
    """The id to answer with: JSON-RPC's null when the message has none that could be one."""
    value = message.get("id") if isinstance(message, dict) else getattr(message, "id", None)
    return value if isinstance(value, (int, str)) and not isinstance(value, bool) else None

# After the client hangs up, the server may still read what it sent last (an `exit`) and end itself.
_GRACE_SECONDS = 0.3
_TICK_SECONDS = 0.1  # how often the guard looks at the server where it cannot be told at once
_HANGUP = select.POLLHUP | select.POLLERR | select.POLLNVAL | getattr(select, "POLLRDHUP", 0)


def run_guarded(serve: Callable[[], int], input_fd: int = 0) -> int:
    """Run `serve` in a child process and end with its exit status; stop it at once when the client
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
    status = _guard(child, input_fd)
    sys.stderr.flush()
    os._exit(status)  # at once: tearing down the interpreter (pygls and all) took half a second


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
        events = poller.poll(None if timeout is None else max(1, math.ceil(timeout * 1000)))
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
