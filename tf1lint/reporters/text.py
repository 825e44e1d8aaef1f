"""`path:line:col: CODE symbol message`, one finding a line, as compilers and pylint print."""

from __future__ import annotations

from collections.abc import Iterable

from tf1lint.findings import Finding


def render(findings: Iterable[Finding]) -> str:
    return "".join(
        f"{f.where}: {f.code} {f.symbol} {f.message}\n" for f in findings
    )
