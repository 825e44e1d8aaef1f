"""Every request the editor server receives gets exactly one response: a real `tf1lint server`
over stdio, sent what editors send and what they should not (malformed params, requests after
shutdown or before initialize, batches, bodies that are not JSON, requests racing an analysis)."""

from __future__ import annotations

import asyncio
import io
import json
import os
import select
import subprocess
import time
from collections import Counter
from typing import Any

from hostile_env import command, environment

URI = "file:///nonexistent-tf1lint-test/model.py"
TEXT = "import tensorflow as tf\ny = tf.reduce_sum(x, keep_dims=True)\n"
POSITION = {"line": 1, "character": 22}
RANGE = {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 40}}
METHOD_NOT_FOUND, INVALID_PARAMS, INVALID_REQUEST, PARSE_ERROR = -32601, -32602, -32600, -32700
NOT_INITIALIZED, CANCELLED = -32002, -32800


def frame(body: bytes | dict[str, Any]) -> bytes:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return b"Content-Length: %d\r\n\r\n" % len(data) + data


def request(ident: Any, method: str, params: Any = None) -> dict[str, Any]:
    message = {"jsonrpc": "2.0", "id": ident, "method": method}
    if params is not None:
        message["params"] = params
    return message


def notification(method: str, params: Any) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "method": method, "params": params}


def hover(ident: Any, uri: str = URI, position: Any = None) -> dict[str, Any]:
    return request(ident, "textDocument/hover", {"textDocument": {"uri": uri}, "position": position or POSITION})


def code_action(ident: Any, uri: str = URI) -> dict[str, Any]:
    return request(ident, "textDocument/codeAction",
                   {"textDocument": {"uri": uri}, "range": RANGE, "context": {"diagnostics": []}})


def pull(ident: Any, uri: str = URI) -> dict[str, Any]:
    return request(ident, "textDocument/diagnostic", {"textDocument": {"uri": uri}})


def did_open(uri: str, text: str) -> dict[str, Any]:
    return notification("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": text}})


INITIALIZE = request(1, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})


class Session:
    """A server subprocess, what was sent to it and every message it sent back."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(command("server"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=environment())
        self.received: list[Any] = []
        self._buffer = b""
        # What is sent goes out only as the pipe takes it, while the server's output is read:
        # a blocking write of a large document could wait on a server that waits on us to read
        # the diagnostics it is writing (both pipes full), and the test would hang for good.
        assert self.process.stdin is not None
        os.set_blocking(self.process.stdin.fileno(), False)
        self._unsent = bytearray()

    def send(self, *messages: bytes | dict[str, Any]) -> None:
        self.send_raw(b"".join(frame(message) for message in messages))

    def send_raw(self, data: bytes) -> None:
        """Send bytes as they are, framing included, reading the server's output meanwhile."""
        self._unsent += data
        self.wait_for(lambda: not self._unsent)

    def _write_some(self) -> None:
        assert self.process.stdin is not None
        try:
            written = os.write(self.process.stdin.fileno(), self._unsent[:1 << 16])
        except BlockingIOError:
            return
        del self._unsent[:written]

    def initialize(self) -> None:
        self.send(INITIALIZE, notification("initialized", {}))
        self.wait_for(lambda: self.responses_to(1))

    def responses_to(self, ident: Any) -> list[dict[str, Any]]:
        return [message for message in self._flat() if "method" not in message and message.get("id") == ident
                and type(message.get("id")) is type(ident)]

    def _flat(self) -> list[dict[str, Any]]:
        return [item for message in self.received for item in (message if isinstance(message, list) else [message])]

    def wait_for(self, condition: Any, timeout: float = 60) -> None:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout
        while self._unsent or not condition():
            assert time.monotonic() < deadline, f"timed out; received {self.received}"
            writable = [self.process.stdin.fileno()] if self._unsent and self.process.stdin else []
            readable, can_write, _ = select.select([fd], writable, [], min(0.5, max(0.0, deadline - time.monotonic())))
            if can_write:
                self._write_some()
            if not readable:
                continue
            chunk = os.read(fd, 1 << 20)
            assert chunk, f"the server closed its output; received {self.received}"
            self._buffer += chunk
            while b"\r\n\r\n" in self._buffer:
                head, rest = self._buffer.split(b"\r\n\r\n", 1)
                length = int(head.split(b"Content-Length:")[1].split(b"\r\n")[0])
                if len(rest) < length:
                    break
                self.received.append(json.loads(rest[:length]))
                self._buffer = rest[length:]

    def settle(self, seconds: float) -> None:
        """Read what the server sends for `seconds` more."""
        end = time.monotonic() + seconds
        self.wait_for(lambda: time.monotonic() > end, timeout=seconds + 30)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def answers(session: Session, expected: dict[Any, Any]) -> None:
    """Wait until each id has an answer, then check that it has exactly one, of the expected kind:
    an error code, or "result" for a successful response."""
    session.wait_for(lambda: all(session.responses_to(ident) for ident in expected))
    session.settle(0.3)  # for any answer sent twice to arrive
    wrong = {}
    for ident, kind in expected.items():
        replies = session.responses_to(ident)
        got = [reply["error"]["code"] if "error" in reply else "result" for reply in replies]
        if got != [kind]:
            wrong[ident] = got
    assert not wrong, f"expected one answer each of {expected}; got {wrong}"


def test_malformed_requests_are_each_answered_with_their_error() -> None:
    session = Session()
    session.initialize()
    session.send(did_open(URI, TEXT))
    cases = {
        10: (hover(10), "result"),
        11: (request(11, "foo/bar", {}), METHOD_NOT_FOUND),
        12: (request(12, "foo/bar"), METHOD_NOT_FOUND),  # no params at all
        13: (request(13, "textDocument/completion", {"textDocument": {"uri": URI}, "position": POSITION}),
             METHOD_NOT_FOUND),  # a method the server does not offer
        14: (request(14, "textDocument/hover", {}), INVALID_PARAMS),
        15: (request(15, "textDocument/hover", "text"), INVALID_PARAMS),
        16: (request(16, "textDocument/hover"), INVALID_PARAMS),
        17: (request(17, "textDocument/hover", None) | {"params": None}, INVALID_PARAMS),
        18: (hover(18, position={"line": -1, "character": 0}), INVALID_PARAMS),
        19: (request(19, "textDocument/codeAction", {"textDocument": {"uri": URI}, "context": {"diagnostics": []}}),
             INVALID_PARAMS),
        20: (request(20, "textDocument/diagnostic", {"textDocument": {}}), INVALID_PARAMS),
        21: (request(21, "textDocument/hover", {"textDocument": {"uri": URI}, "position": POSITION}) | {"jsonrpc": "1.0"},
             INVALID_REQUEST),
        22: ({key: value for key, value in hover(22).items() if key != "jsonrpc"}, INVALID_REQUEST),
        23: (request(23, 5, {}), INVALID_REQUEST),  # type: ignore[arg-type]  # a method that is no string
        "text id": (hover("text id"), "result"),
        24: (hover(24, uri="file:///nonexistent-tf1lint-test/never-opened.py"), "result"),
        25: (code_action(25, uri="file:///nonexistent-tf1lint-test/never-opened.py"), "result"),
        26: (pull(26, uri="untitled:Untitled-1"), "result"),
    }
    session.send(*(message for message, _ in cases.values()))
    answers(session, {ident: kind for ident, (_, kind) in cases.items()})
    session.close()


def test_every_request_after_shutdown_is_an_invalid_request_and_exit_still_ends_the_server() -> None:
    session = Session()
    session.initialize()
    session.send(request(2, "shutdown"))
    session.wait_for(lambda: session.responses_to(2))
    session.send(hover(3), request(4, "shutdown"), request(5, "foo/bar", {}), request(6, "textDocument/hover", {}))
    answers(session, {2: "result", 3: INVALID_REQUEST, 4: INVALID_REQUEST, 5: INVALID_REQUEST, 6: INVALID_REQUEST})
    session.send(notification("exit", None))
    session.process.wait(timeout=30)
    assert session.process.returncode == 0  # exit after shutdown is a success


def test_a_request_before_initialize_is_refused_as_not_initialized() -> None:
    session = Session()
    session.send(hover(2), did_open(URI, TEXT), request(3, "foo/bar", {}))
    session.wait_for(lambda: session.responses_to(2) and session.responses_to(3))
    assert [reply["error"]["code"] for reply in session.responses_to(2)] == [NOT_INITIALIZED]
    session.initialize()
    # the didOpen before initialize was dropped, as LSP says: the document is not open
    session.send(pull(4))
    session.wait_for(lambda: session.responses_to(4))
    assert session.responses_to(4)[0]["result"]["items"] == []
    session.close()


def test_a_batch_gets_an_array_with_one_error_per_request() -> None:
    session = Session()
    session.initialize()
    batch = [hover(2), notification("$/setTrace", {"value": "off"}), hover(3)]
    session.send(json.dumps(batch).encode(), b"[]")
    session.wait_for(lambda: len(session.received) >= 3)
    array = next(message for message in session.received if isinstance(message, list))
    assert [(reply["id"], reply["error"]["code"]) for reply in array] == [(2, INVALID_REQUEST), (3, INVALID_REQUEST)]
    empty = session.received[-1]
    assert empty == {"jsonrpc": "2.0", "id": None, "error": {"code": INVALID_REQUEST, "message": empty["error"]["message"]}}
    session.close()


def test_a_body_that_is_not_json_gets_a_parse_error_with_a_null_id_and_the_server_goes_on() -> None:
    session = Session()
    session.initialize()
    session.send(b'{"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {', b"\xff\xfe",
                 b"[" * 100_000 + b"]" * 100_000, b'"a string"')
    errors = lambda: [(message["id"], message["error"]["code"]) for message in session.received
                      if "error" in message]
    session.wait_for(lambda: len(errors()) >= 4)
    assert errors() == [(None, PARSE_ERROR)] * 3 + [(None, INVALID_REQUEST)], session.received
    session.send(hover(10))
    answers(session, {10: "result"})
    session.close()


def test_a_request_too_large_to_read_is_answered_by_its_id() -> None:
    session = Session()
    session.initialize()
    head = b'{"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"text": "'
    size = 300 * 1024 * 1024
    session.send_raw(b"Content-Length: %d\r\n\r\n" % size + head)
    filler = b"x" * (1 << 20)
    left = size - len(head)
    while left > 0:
        session.send_raw(filler[:left])
        left -= len(filler)
    session.wait_for(lambda: session.responses_to(2))
    (reply,) = session.responses_to(2)
    assert reply["error"]["code"] == INVALID_REQUEST and "over the server's limit" in reply["error"]["message"]
    session.send(hover(3))
    answers(session, {3: "result"})
    session.close()


def test_requests_racing_an_analysis_a_cancel_an_edit_and_a_close_are_each_answered_once() -> None:
    session = Session()
    session.initialize()
    big = "file:///nonexistent-tf1lint-test/big.py"
    text = "import tensorflow as tf\n" + "x = tf.placeholder(tf.float32)\n" * 5_000
    session.send(did_open(big, text), pull(2, big), hover(3, big), code_action(4, big), pull(5, big),
                 notification("$/cancelRequest", {"id": 5}), pull(6, big),
                 notification("textDocument/didChange", {"textDocument": {"uri": big, "version": 2},
                                                         "contentChanges": [{"text": text + "y = 1\n"}]}),
                 pull(7, big), code_action(8, big),
                 notification("textDocument/didClose", {"textDocument": {"uri": big}}),
                 pull(9, big), hover(10, big), hover(11, big), hover(11, big))
    session.wait_for(lambda: all(session.responses_to(ident) for ident in range(2, 11))
                     and len(session.responses_to(11)) == 2)
    # A last request through the same path, and a moment, for any answer sent twice to arrive.
    session.send(hover("last", big))
    session.wait_for(lambda: session.responses_to("last"))
    session.settle(0.5)
    counts = Counter(message["id"] for message in session._flat() if "method" not in message)  # pylint: disable=protected-access
    assert {ident: counts[ident] for ident in range(2, 12)} == {**dict.fromkeys(range(2, 11), 1), 11: 2}
    (cancelled,) = session.responses_to(5)
    assert cancelled.get("error", {}).get("code", CANCELLED) == CANCELLED  # cancelled, or done before the cancel
    session.close()


def test_a_long_session_of_edits_leaves_no_bookkeeping_behind() -> None:
    """pygls keeps a future per notification under a made-up id and never drops it: memory that
    grows with every keystroke. The real server, in process, fed the messages an editor sends."""
    from tf1lint.lsp.server import build_server  # pylint: disable=import-outside-toplevel  # pygls only here

    server = build_server()
    protocol = server.protocol
    protocol.set_writer(io.BytesIO())

    def feed(payload: dict[str, Any]) -> None:
        protocol.handle_message(json.loads(json.dumps(payload), object_hook=protocol.structure_message))

    async def edit() -> int:
        feed(INITIALIZE)
        feed(notification("initialized", {}))
        feed(did_open(URI, TEXT))
        for version in range(2, 502):
            feed(notification("textDocument/didChange", {"textDocument": {"uri": URI, "version": version},
                                                         "contentChanges": [{"text": TEXT + f"# {version}\n"}]}))
        await asyncio.sleep(0.1)
        return len(protocol._request_futures)  # pylint: disable=protected-access  # the bookkeeping itself

    try:
        assert asyncio.run(edit()) == 0
    finally:
        server.tf1lint_session.shutdown()  # type: ignore[attr-defined]
