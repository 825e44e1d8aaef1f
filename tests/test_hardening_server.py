"""The editor server's transport: a header claiming a huge body is refused and the server goes
on; a client that closes the server's input ends it at once, even mid-analysis."""

from __future__ import annotations

import json
import os
import select
import subprocess
import time

from hostile_env import command, environment


def message(payload: dict) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"processId": None, "rootUri": None, "capabilities": {}}}


def start() -> subprocess.Popen:
    return subprocess.Popen(command("server"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=environment())


def read_message(process: subprocess.Popen) -> dict:
    assert process.stdout is not None
    length = 0
    while True:
        line = process.stdout.readline()
        assert line, "the server closed its output"
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
        elif line == b"\r\n":
            return json.loads(process.stdout.read(length))


def test_a_huge_content_length_is_skipped_and_the_server_answers_the_next_message() -> None:
    process = start()
    assert process.stdin is not None
    claimed = 300 * 1024 * 1024
    process.stdin.write(b"Content-Length: %d\r\n\r\n" % claimed)
    process.stdin.write(b" " * claimed)  # what the header announced, then a real request
    process.stdin.write(message(INITIALIZE))
    process.stdin.flush()
    reply = read_message(process)
    assert reply.get("id") == 1 and "capabilities" in reply["result"], reply
    process.stdin.close()
    process.wait(timeout=30)
    assert b"over the limit" in process.stderr.read()

def test_closing_the_input_ends_the_server_at_once_even_mid_analysis() -> None:
    # ast.parse of this text holds the GIL for seconds: no thread of the server can run meanwhile.
    process = start()
    assert process.stdin is not None
    process.stdin.write(message(INITIALIZE))
    process.stdin.flush()
    read_message(process)
    process.stdin.write(message({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
    # A small document first: once its diagnostics are out, the catalogue is loaded and the next
    # analysis goes straight to parsing.
    process.stdin.write(message({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": "file:///nonexistent-tf1lint-test/small.py", "languageId": "python", "version": 1,
        "text": "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"}}}))
    process.stdin.flush()
    while read_message(process).get("method") != "textDocument/publishDiagnostics":
        pass
    slow = "import tensorflow as tf\n" + "x = tf.placeholder(tf.float32)\n" * 200_000
    process.stdin.write(message({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": "file:///nonexistent-tf1lint-test/slow.py", "languageId": "python", "version": 1, "text": slow}}}))
    # Answered once the didOpen before it was handled, which starts the analysis on a worker thread.
    process.stdin.write(message({"jsonrpc": "2.0", "id": 2, "method": "tf1lint/noSuchMethod", "params": {}}))
    process.stdin.flush()
    while read_message(process).get("id") != 2:
        pass
    time.sleep(0.5)  # now in the ast.parse of 200,000 lines, which holds the GIL for seconds
    started = time.monotonic()
    process.stdin.close()
    process.wait(timeout=60)
    assert time.monotonic() - started < 1.5
    assert process.returncode == 1  # no shutdown request: the client was lost
    assert output_closed(process), "something of the server lives on, holding its output"


def test_killing_the_server_process_leaves_nothing_running() -> None:
    """What an editor does to a server that does not answer: kill the process it started."""
    process = start()
    assert process.stdin is not None
    process.stdin.write(message(INITIALIZE))
    process.stdin.flush()
    read_message(process)
    process.kill()
    process.wait(timeout=30)
    assert output_closed(process), "the server outlived the process the editor killed"
    process.stdin.close()


def output_closed(process: subprocess.Popen, within: float = 5.0) -> bool:
    """Whether every writer of the server's output has gone (its end of the pipe reads as EOF)."""
    assert process.stdout is not None
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        readable = select.select([process.stdout], [], [], deadline - time.monotonic())[0]
        if readable and not os.read(process.stdout.fileno(), 1 << 20):
            return True
    return False


def test_code_actions_carry_the_document_version_they_were_made_for() -> None:
    process = start()
    assert process.stdin is not None
    process.stdin.write(message(INITIALIZE))
    process.stdin.flush()
    read_message(process)
    uri = "file:///tmp/versioned.py"
    text = "import tensorflow as tf\ny = tf.reduce_sum(x, keep_dims=True)\n"
    for payload in ({"jsonrpc": "2.0", "method": "initialized", "params": {}},
                    {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                        "uri": uri, "languageId": "python", "version": 7, "text": text}}},
                    {"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {
                        "textDocument": {"uri": uri}, "context": {"diagnostics": []},
                        "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 40}}}}):
        process.stdin.write(message(payload))
    process.stdin.flush()
    reply = read_message(process)
    while reply.get("id") != 2:
        reply = read_message(process)
    process.stdin.close()
    process.wait(timeout=30)
    fixes = [action for action in reply["result"] if "keepdims" in json.dumps(action)]
    assert fixes
    for action in fixes:
        (change,) = action["edit"]["documentChanges"]
        assert change["textDocument"] == {"uri": uri, "version": 7}
