"""The README's editor set-ups are the files under docs/editors/, byte for byte, and each is valid
in its own format as far as Python can tell (TOML, JSON); the command each one starts is started here
and speaks LSP; the Neovim 0.7 one also runs in a real Neovim (test_neovim). Neovim 0.11, Helix, Emacs
29, Sublime Text and VS Code are not installed here: their files are checked, not run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

EDITORS = ROOT / "docs" / "editors"


def _readme_snippets() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"<!-- editor: (\S+) -->\n```[\w-]+\n(.*?)```\n", readme, re.DOTALL))


def test_every_editor_file_is_in_the_readme_unchanged() -> None:
    snippets = _readme_snippets()
    files = sorted(path.relative_to(ROOT).as_posix() for path in EDITORS.iterdir())
    assert sorted(snippets) == files
    for name, text in snippets.items():
        assert (ROOT / name).read_text(encoding="utf-8") == text, name


def test_each_set_up_starts_tf1lint_server() -> None:
    helix = tomllib.loads((EDITORS / "helix-languages.toml").read_text(encoding="utf-8"))
    assert helix["language-server"]["tf1lint"] == {"command": "tf1lint", "args": ["server"]}
    assert "tf1lint" in helix["language"][0]["language-servers"]
    vscode = json.loads((EDITORS / "vscode-settings.json").read_text(encoding="utf-8"))
    assert [vscode["glspc.server.command"], *vscode["glspc.server.commandArguments"]] == ["tf1lint", "server"]
    sublime_text = (EDITORS / "sublime-LSP.sublime-settings").read_text(encoding="utf-8")
    sublime = json.loads("\n".join(line for line in sublime_text.splitlines() if not line.lstrip().startswith("//")))
    assert sublime["clients"]["tf1lint"]["command"] == ["tf1lint", "server"]
    for name in ("neovim.lua", "neovim-0.7.lua"):
        assert '{ "tf1lint", "server" }' in (EDITORS / name).read_text(encoding="utf-8")
    assert '("tf1lint" "server")' in (EDITORS / "emacs-eglot.el").read_text(encoding="utf-8")


# -- the command every set-up starts, started for real --------------------------------------------

def server_command(name: str) -> list[str]:
    """The command line the editor set-up `name` starts, read the way that editor reads its file."""
    text = (EDITORS / name).read_text(encoding="utf-8")
    if name.endswith(".toml"):
        server = tomllib.loads(text)["language-server"]["tf1lint"]
        return [server["command"], *server["args"]]
    if name.endswith(".json"):
        settings = json.loads(text)
        return [settings["glspc.server.command"], *settings["glspc.server.commandArguments"]]
    if name.endswith(".sublime-settings"):
        plain = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
        return json.loads(plain)["clients"]["tf1lint"]["command"]
    if name.endswith(".lua"):
        return re.findall(r'"([^"]*)"', re.search(r"cmd = \{([^}]*)\}", text).group(1))
    if name.endswith(".el"):
        return re.findall(r'"([^"]*)"', re.search(r"\. \(([^)]*)\)\)", text).group(1))
    raise AssertionError(f"no reader for {name}")


def _send(server: subprocess.Popen, message: dict) -> None:
    body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
    server.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
    server.stdin.flush()


def _receive(server: subprocess.Popen) -> dict:
    length = 0
    while (line := server.stdout.readline()) not in (b"\r\n", b""):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    assert length, "the server closed its output"
    return json.loads(server.stdout.read(length))


def _until(server: subprocess.Popen, wanted) -> dict:
    while not wanted(message := _receive(server)):
        pass
    return message


def test_each_set_up_starts_a_server_that_reports_tf1_code(tmp_path: Path) -> None:
    """Every editor file's command, run as the editor would from a project folder (with `tf1lint` on
    PATH standing for this checkout), answers LSP and publishes the finding of an opened TF1 file."""
    commands = {tuple(server_command(path.name)) for path in EDITORS.iterdir()}
    assert commands == {("tf1lint", "server")}
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    launcher = bin_folder / "tf1lint"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m tf1lint "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    project = tmp_path / "project"
    project.mkdir()
    uri = (project / "model.py").as_uri()
    env = dict(os.environ, PATH=f"{bin_folder}{os.pathsep}{os.environ.get('PATH', '')}",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    for command in sorted(commands):
        server = subprocess.Popen([shutil.which(command[0], path=env["PATH"]), *command[1:]], cwd=project, env=env,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        watchdog = threading.Timer(120, server.kill)  # a hang fails the test instead of stalling the suite
        watchdog.start()
        try:
            _send(server, {"id": 1, "method": "initialize",
                           "params": {"processId": None, "rootUri": project.as_uri(), "capabilities": {}}})
            assert "capabilities" in _until(server, lambda m: m.get("id") == 1)["result"]
            _send(server, {"method": "initialized", "params": {}})
            _send(server, {"method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": "python", "version": 1,
                "text": "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"}}})
            published = _until(server, lambda m: m.get("method") == "textDocument/publishDiagnostics"
                               and m["params"]["uri"] == uri and m["params"]["diagnostics"])
            assert [(d["range"]["start"]["line"], d["code"]) for d in published["params"]["diagnostics"]] == [
                (1, "E5302")]
            _send(server, {"id": 2, "method": "shutdown"})
            _until(server, lambda m: m.get("id") == 2)
            _send(server, {"method": "exit"})
            assert server.wait(timeout=60) == 0
        finally:
            watchdog.cancel()
            server.kill()
            server.wait()
