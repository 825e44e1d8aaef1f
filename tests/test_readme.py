"""The README shows real output: the example block must be what tf1lint prints today."""

from __future__ import annotations

import re

from conftest import ROOT, run_tf1lint


def test_readme_example_output_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- begin: tf1lint check (\S+) -->\n```text\n\$ [^\n]*\n(.*?)```\n<!-- end -->", readme, re.DOTALL)
    assert match, "the README lost its example block"
    completed = run_tf1lint("check", match.group(1))
    assert completed.returncode == 1
    assert completed.stdout == match.group(2)


def test_readme_setup_commands_name_examples_and_tests() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Set-up on a fresh machine", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert len(commands) == 2
    assert "tf1lint check examples/" in commands[0] or "tf1lint inventory examples/" in commands[0]
    assert commands[1].strip() == ".venv/bin/python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/python -m pytest" in ci
