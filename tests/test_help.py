"""`--help` as a user reads it: every option says its default, and the options `check` and
`inventory` share say the same thing in both, apart from the differences listed here."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT, _env

COMMANDS = ("check", "inventory", "rules")
# Shared options whose help rightly differs: the exit status each command fails on by default,
# and what a baseline is for (check filters by it, inventory measures progress against it).
DIFFERENT = {
    "--fail-on": {"check": "(default: info)", "inventory": "(default: never)"},
    "--baseline": {"check": "report only findings that are not in this baseline",
                   "inventory": "show progress since this baseline"},
}


def options(command: str) -> dict[str, str]:
    """Option (its first spelling) -> its help text, from `tf1lint COMMAND --help` on one wide line each."""
    completed = subprocess.run([sys.executable, "-m", "tf1lint", command, "--help"], cwd=ROOT, capture_output=True,
                               text=True, env=_env() | {"COLUMNS": "10000"}, timeout=120)
    assert completed.returncode == 0, completed.stderr
    found: dict[str, str] = {}
    name = None
    for line in completed.stdout.split("\noptions:\n", 1)[1].splitlines():
        match = re.match(r"  (-[\w-]+)(?:[ ,][^ ]*)*?(?: {2,}(.*))?$", line)
        if match:
            name = match.group(1)
            found[name] = match.group(2) or ""
        elif name and line.startswith(" " * 10):
            found[name] = (found[name] + " " + line.strip()).strip()
    return found


@pytest.fixture(scope="module")
def helps() -> dict[str, dict[str, str]]:
    return {command: options(command) for command in COMMANDS}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_says_its_default(helps, command: str) -> None:
    listed = helps[command]
    assert "--target" in listed and len(listed) >= (4 if command == "rules" else 17), listed
    silent = [name for name, text in listed.items() if name != "-h" and "(default" not in text]
    assert silent == []


def test_check_and_inventory_agree_on_shared_options(helps) -> None:
    check, inventory = helps["check"], helps["inventory"]
    shared = sorted(set(check) & set(inventory))
    assert len(shared) >= 17
    differing = {name for name in shared if check[name] != inventory[name]}
    assert differing == set(DIFFERENT)
    for name, expected in DIFFERENT.items():
        assert expected["check"] in check[name] and expected["inventory"] in inventory[name], name
