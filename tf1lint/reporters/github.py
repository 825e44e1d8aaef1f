"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

from __future__ import annotations

from collections.abc import Iterable

from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.model import Severity
from tf1lint.reporters.columns import character_span

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(findings: Iterable[Finding]) -> str:
    lines = []
    for f in findings:
        start, end = character_span(f)  # GitHub counts characters, not UTF-8 bytes
        title = f"{f.code} {f.symbol}" + (f" (cell {f.cell})" if f.cell is not None else "")
        lines.append(
            f"::{_COMMAND[f.severity]} file={_property(f.path)},line={f.line},col={start + 1},"
            f"endLine={f.end_line},endColumn={end + 1},title={_property(title)}::{_data(f.message)}\n"
        )
    return "".join(lines)
