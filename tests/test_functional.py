"""Functional tests in pylint's style: each fixture line that must raise a message says so in a
`# [symbol, ...]` comment; the `.txt` file beside it pins exact positions and wording.

Both front ends run for real: `tf1lint check --format json` and pylint with the plugin.
Set TF1LINT_UPDATE_EXPECTED=1 to rewrite the `.txt` files after a reviewed change.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import FUNCTIONAL, pylint_messages, run_tf1lint

FIXTURES = sorted(FUNCTIONAL.glob("*.py"))
_EXPECTATION = re.compile(r"#\s*\[([a-z0-9\-, ]+)\]\s*$")


def expected_messages(path: Path) -> Counter:
    expected: Counter = Counter()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _EXPECTATION.search(line)
        if match:
            for symbol in match.group(1).split(","):
                expected[(number, symbol.strip())] += 1
    return expected


@pytest.fixture(scope="module")
def check_findings() -> dict[str, list[dict]]:
    completed = run_tf1lint("check", "--format", "json", *map(str, FIXTURES))
    assert completed.returncode in (0, 1), completed.stderr
    by_file: dict[str, list[dict]] = {}
    for finding in json.loads(completed.stdout):
        by_file.setdefault(Path(finding["path"]).name, []).append(finding)
    return by_file


@pytest.fixture(scope="module")
def pylint_findings() -> dict[str, list[dict]]:
    by_file: dict[str, list[dict]] = {}
    for message in pylint_messages(*map(str, FIXTURES)):
        by_file.setdefault(Path(message["path"]).name, []).append(message)
    return by_file


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_check_reports_exactly_the_marked_lines(fixture: Path, check_findings) -> None:
    found = Counter((f["line"], f["symbol"]) for f in check_findings.get(fixture.name, []))
    assert found == expected_messages(fixture)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_pylint_reports_exactly_the_marked_lines(fixture: Path, pylint_findings) -> None:
    found = Counter((m["line"], m["symbol"]) for m in pylint_findings.get(fixture.name, []))
    assert found == expected_messages(fixture)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_both_front_ends_agree_on_spans_codes_and_messages(fixture: Path, check_findings, pylint_findings) -> None:
    from_check = sorted(
        (f["line"], f["column"], f["end_line"], f["end_column"], f["code"], f["symbol"], f["message"])
        for f in check_findings.get(fixture.name, [])
    )
    from_pylint = sorted(
        (m["line"], m["column"], m["endLine"], m["endColumn"], m["messageId"], m["symbol"], m["message"])
        for m in pylint_findings.get(fixture.name, [])
    )
    assert from_check == from_pylint


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_exact_output_matches_the_reviewed_file(fixture: Path, check_findings) -> None:
    rendered = "".join(
        f"{f['line']}:{f['column']}-{f['end_line']}:{f['end_column']}: {f['symbol']} {f['message']}\n"
        for f in sorted(check_findings.get(fixture.name, []), key=lambda f: (f["line"], f["column"], f["rule"]))
    )
    expected_file = fixture.with_suffix(".txt")
    if os.environ.get("TF1LINT_UPDATE_EXPECTED"):
        expected_file.write_text(rendered, encoding="utf-8")
    assert expected_file.exists(), f"{expected_file.name} is missing; run with TF1LINT_UPDATE_EXPECTED=1 and review it"
    assert rendered == expected_file.read_text(encoding="utf-8")


def test_negative_fixtures_are_really_silent(check_findings) -> None:
    negatives = [p.name for p in FIXTURES if p.name.startswith("negative_")]
    assert len(negatives) >= 3
    assert {name: check_findings.get(name, []) for name in negatives} == {name: [] for name in negatives}
