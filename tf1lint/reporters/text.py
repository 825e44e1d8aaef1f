"""`path:line:col: CODE symbol message`, one finding a line, as compilers and pylint print.

A finding that `--fix` fixes is marked `[*]` after its code, as ruff marks it; findings with
only an unsafe fix are not marked (the summary on stderr counts them)."""

from __future__ import annotations

from collections.abc import Iterable

from tf1lint.findings import Finding
from tf1lint.fixes import Applicability

_MARKS = {Applicability.SAFE: "[*] "}


def render(findings: Iterable[Finding]) -> str:
    return "".join(
        f"{f.where}: {f.code} {_MARKS.get(f.fix.applicability, '') if f.fix else ''}{f.symbol} {f.message}\n"
        for f in findings
    )
