"""The README's editor set-ups are the files under docs/editors/, byte for byte, and each is valid
in its own format as far as Python can tell (TOML, JSON); the Neovim one also runs in test_neovim."""

from __future__ import annotations

import json
import re
import sys

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
