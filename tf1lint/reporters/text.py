"""`path:line:col: CODE symbol message`, one finding a line, as compilers and pylint print.

A finding that `--fix` fixes is marked `[*]` after its code, as ruff marks it; findings with
only an unsafe fix are not marked (the summary on stderr counts them)."""

from __future__ import annotations

from collections.abc import Iterable

from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.fixes import Applicability

_MARKS = {Applicability.SAFE: "[*] "}


def render(findings: Iterable[Finding]) -> str:
    # Uses of one API mostly share their words: each distinct tail is built once (a warm run on a
    # large tree prints thousands of lines). The findings keep their entries alive, so ids are safe.
    tails: dict[tuple, str] = {}
    lines = []
    for f in findings:
        applicability = f.fix.applicability if f.fix else None
        key = (id(f.entry), id(f.counterpart), f.used, f.keyword, f.uses, f.remark, f.severity_override, applicability)
        tail = tails.get(key)
        if tail is None:
            tail = tails[key] = f"{f.code} {_MARKS.get(applicability, '')}{f.symbol} {f.message}\n"  # type: ignore[arg-type]
        lines.append(f"{f.where}: {tail}")
    return "".join(lines)
