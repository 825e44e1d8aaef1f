"""Editor latency of `tf1lint server`: the round trip from a `didChange` to its `publishDiagnostics`.

Usage: python benchmarks/server_latency.py [--lines 1000 10000] [--changes 60] [--pylint-runs 3] [--skip-pylint]

The server runs in a subprocess and this script is its client, speaking LSP over the pipes as an
editor does: it opens a TF1 file (examples/tf1 repeated up to the size asked for), then types,
one small incremental edit at a time, and waits for the diagnostics of each new version. It prints
the median and 95th percentile per size, and, for comparison, pylint with the tf1lint plugin on the
same file (what the editor runs on save through the pylint extension). Targets (issue 10):
1,000 lines median <= 30 ms and p95 <= 60 ms; 10,000 lines median <= 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120.0


def tf1_source(lines: int) -> str:
    """The examples/tf1 files one after the other, repeated (and topped up) to exactly `lines` lines."""
    parts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples" / "tf1").glob("*.py"))]
    block = [line for line in "".join(part if part.endswith("\n") else part + "\n" for part in parts)
             .splitlines(keepends=True) if not line.startswith("from __future__")]  # only valid first
    text: list[str] = []
    while len(text) + len(block) <= lines:
        text.extend(block)
    # top up with whole statements, so the file still parses
    text.extend("step = tf.log(tf.constant(2.0))\n" for _ in range(lines - len(text)))
    return "".join(text)


class Client:
    """A minimal LSP client over a server subprocess's stdin/stdout."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=env)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                header = stream.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def request(self, method: str, params: Any) -> Any:
        self._next_id += 1
        self.send({"id": self._next_id, "method": method, "params": params})
        return self.wait(lambda message: message.get("id") == self._next_id and "method" not in message)["result"]

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def wait(self, matches) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self.messages.get(timeout=max(deadline - time.monotonic(), 0.001))
            if "id" in message and "method" in message:  # a request from the server: say yes
                self.send({"id": message["id"], "result": None})
            if matches(message):
                return message

    def diagnostics_for(self, uri: str, version: int) -> list[dict[str, Any]]:
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri and m["params"].get("version") == version)
        return message["params"]["diagnostics"]

    def close(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        self.process.wait(timeout=TIMEOUT)


def measure(lines: int, changes: int, folder: Path, where: str, pull: bool = False
            ) -> tuple[list[float], list[float], int, Path]:
    """Round trips of `changes` edits, and after each the whole-file check (`tf1lint check`'s
    engine call, fixes included) on the same text in this process (interleaved, so both see the
    same load on a shared machine). `where`: "end" types a character on the last line and deletes
    it; "middle" opens a new line in the middle of the file and deletes it again, so every
    statement after it moves (the harder case for the server's incremental parsing). With `pull`
    the client says it pulls diagnostics (as VS Code's client does): each edit is followed by a
    `textDocument/diagnostic` request, timed until its answer."""
    check = _engine()
    path = folder / f"tf1_{lines}.py"
    text = tf1_source(lines)
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client = Client([sys.executable, "-m", "tf1lint", "server"], folder)
    capabilities = {"textDocument": {"diagnostic": {"dynamicRegistration": False}}} if pull else {}
    client.request("initialize", {"processId": os.getpid(), "rootUri": folder.as_uri(), "capabilities": capabilities})
    client.notify("initialized", {})
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": text}})

    def diagnostics(version: int) -> list[dict[str, Any]]:
        if pull:
            return client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})["items"]
        return client.diagnostics_for(uri, version)

    found = len(diagnostics(1))
    source_lines = text.splitlines(keepends=True)
    # "end": the empty line after the final newline; "middle": the start of a top-level line halfway.
    line = len(source_lines) if where == "end" else next(
        number for number in range(len(source_lines) // 2, len(source_lines)) if source_lines[number][:1].isalpha())
    inserted = "#" if where == "end" else "\n"
    timings: list[float] = []
    engine: list[float] = []
    for version in range(2, changes + 2):
        # Type, then delete it again: the file keeps its findings.
        typed = version % 2 == 0
        end = {"line": line, "character": 0} if typed else (
            {"line": line, "character": 1} if where == "end" else {"line": line + 1, "character": 0})
        change = {"range": {"start": {"line": line, "character": 0}, "end": end}, "text": inserted if typed else ""}
        start = time.perf_counter()
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                 "contentChanges": [change]})
        diagnostics(version)
        timings.append((time.perf_counter() - start) * 1000)
        current = "".join(source_lines[:line]) + inserted + "".join(source_lines[line:]) if typed else text
        engine.append(check(current))
    client.close()
    return timings, engine, found, path


def pylint_seconds(path: Path, runs: int) -> list[float]:
    command = [sys.executable, "-m", "pylint", "--rcfile=/dev/null", "--load-plugins=tf1lint", str(path)]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=path.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False, timeout=1800)
        seconds.append(time.perf_counter() - start)
    return seconds


def _engine():
    """A function timing the whole-file analysis with fixes (pipeline.analyse, as `tf1lint check`
    runs it) on a text, in milliseconds."""
    sys.path.insert(0, str(ROOT))
    from tf1lint.run.config import Settings  # pylint: disable=import-outside-toplevel  # the checkout's, not an installed one
    from tf1lint.run.pipeline import Document, analyse  # pylint: disable=import-outside-toplevel
    from tf1lint.run.runner import load_index  # pylint: disable=import-outside-toplevel

    _, index, _ = load_index(Settings())
    assert index is not None

    def check(text: str) -> float:
        start = time.perf_counter()
        analyse(Document("benchmark.py", text), index, fixes=True)
        return (time.perf_counter() - start) * 1000
    return check


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--changes", type=int, default=60, help="edits timed per file (default 60)")
    parser.add_argument("--pylint-runs", type=int, default=3)
    parser.add_argument("--skip-pylint", action="store_true")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for lines in arguments.lines:
            for where, pull in (("end", False), ("middle", False), ("middle", True)):
                timings, engine, found, path = measure(lines, arguments.changes, Path(folder), where, pull)
                answer = "textDocument/diagnostic answered" if pull else "publishDiagnostics"
                print(f"{lines:>6} lines, {found} diagnostics, typing at the {where}: didChange -> {answer} "
                      f"median {statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms, "
                      f"max {max(timings):.1f} ms over {len(timings)} edits")
                print(f"{'':>6} the whole-file check with fixes (tf1lint check's engine call), after each edit: "
                      f"median {statistics.median(engine):.1f} ms, p95 {percentile(engine, 0.95):.1f} ms")
            if not arguments.skip_pylint:
                seconds = pylint_seconds(path, arguments.pylint_runs)
                print(f"{'':>6} pylint --load-plugins=tf1lint on the same file: median {statistics.median(seconds):.2f} s"
                      f" over {len(seconds)} runs")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
