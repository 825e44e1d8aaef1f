"""SARIF 2.1.0, as GitHub code scanning reads it: one rule per catalogue entry that fired,
results with levels and exact regions (SARIF counts lines and columns from 1)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from urllib.parse import quote

from tf1lint import __version__
from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.model import Severity
from tf1lint.reporters.columns import character_span

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    """A relative URI reference: spaces, `#`, `%` and non-ASCII letters percent-encoded (RFC 3986)."""
    relative = os.path.relpath(path) if os.path.isabs(path) else path
    return quote(relative.replace(os.sep, "/"), safe="/")


def _fix(finding: Finding) -> dict[str, object]:
    """A SARIF fix: the finding's edits as replacements in its file (columns from 1, as regions)."""
    assert finding.fix is not None
    replacements = [{
        "deletedRegion": {"startLine": edit.line, "startColumn": edit.column + 1,
                          "endLine": edit.end_line, "endColumn": edit.end_column + 1},
        "insertedContent": {"text": edit.text},
    } for edit in finding.fix.edits]
    return {
        "description": {"text": f"{finding.fix.message} ({finding.fix.applicability.value})"},
        "artifactChanges": [{"artifactLocation": {"uri": _uri(finding.path), "uriBaseId": "%SRCROOT%"},
                             "replacements": replacements}],
    }


def render(findings: Iterable[Finding]) -> str:
    findings = list(findings)
    rules: dict[str, int] = {}
    rule_objects = []
    for finding in findings:
        entry = finding.entry
        if entry.id in rules:
            continue
        rules[entry.id] = len(rule_objects)
        advice = finding.replacement or "see the note"
        rule_objects.append({
            "id": entry.id,
            "name": finding.symbol,
            "shortDescription": {"text": f"{entry.api}: {entry.kind.value}"},
            "fullDescription": {"text": entry.note},
            "help": {"text": f"{entry.note} TF2 way: {advice}.",
                     "markdown": f"{entry.note}\n\n**TF2 way:** {advice}"
                                 + (f" (`pip install {entry.package}`)" if entry.package else "")},
            "defaultConfiguration": {"level": _LEVEL[entry.severity]},
            "properties": {"tags": ["tensorflow", "migration", entry.kind.value]},
        })
    results = []
    for finding in findings:
        start, end = character_span(finding)  # the unit the run declares: unicodeCodePoints
        region = {"startLine": finding.line, "startColumn": start + 1,
                  "endLine": finding.end_line, "endColumn": end + 1}
        result: dict[str, object] = {
            "ruleId": finding.entry.id,
            "ruleIndex": rules[finding.entry.id],
            "level": _LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(finding.path),
                                                                     "uriBaseId": "%SRCROOT%"},
                                                "region": region}}],
        }
        if finding.cell is not None:
            result["properties"] = {"notebookCell": finding.cell}
        if finding.fix is not None and finding.cell is None:
            result["fixes"] = [_fix(finding)]
        results.append(result)
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tf1lint", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://pypi.org/project/tf1lint/", "rules": rule_objects}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(document, indent=2) + "\n"
