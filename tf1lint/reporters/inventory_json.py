"""The inventory as JSON, shape documented in docs/inventory-format.md (format_version 1)."""

from __future__ import annotations

import json

from tf1lint.catalogue.loader import entry_location
from tf1lint.reporters.inventory import FORMAT_VERSION, MECHANICAL, Inventory, how_done, tool_version


def as_document(inventory: Inventory) -> dict[str, object]:
    return {
        "format": "tf1lint-inventory",
        "format_version": FORMAT_VERSION,
        "tool": {"name": "tf1lint", "version": tool_version()},
        "target": inventory.target,
        "summary": {
            "files_checked": inventory.files_checked,
            "files_with_findings": len(inventory.files),
            "files_not_checked": len(inventory.not_checked),
            "findings": len(inventory.findings),
            "uses": inventory.uses,
            "mechanical": inventory.mechanical,
            "unsafe_fixable": inventory.unsafe_fixable,
            "by_hand": inventory.by_hand,
            "by_severity": {severity.value: count for severity, count in inventory.by_severity.items()},
            "by_kind": {kind.value: count for kind, count in inventory.by_kind.items()},
            "by_module": inventory.by_module,
            "accepted": len(inventory.accepted),
            **({"baseline": {"file": inventory.progress.baseline, "fixed": inventory.progress.fixed,
                             "new": inventory.progress.new, "remaining": inventory.progress.remaining}}
               if inventory.progress else {}),
        },
        "apis": [
            {"rule": use.entry.id, "api": use.entry.api, "kind": use.entry.kind.value,
             "severity": use.entry.severity.value, "count": use.count, "uses": use.uses, "name": use.name, "files": list(use.files),
             "used_names": list(use.used_names), "replacement": use.replacement, "package": use.entry.package,
             "mechanical": use.mechanical, "how": use.how}
            for use in inventory.apis
        ],
        "files": [
            {"path": work.path, "findings": work.total, "mechanical": work.mechanical,
             "unsafe_fixable": work.unsafe_fixable, "by_hand": work.by_hand,
             **{severity.value: count for severity, count in work.by_severity.items()}}
            for work in inventory.files
        ],
        "findings": [
            {**finding.as_dict(), "kind": finding.entry.kind.value, "mechanical": how_done(finding) == MECHANICAL,
             "how": how_done(finding),
             "used": finding.used}
            for finding in inventory.findings
        ],
        "accepted": [
            {**finding.as_dict(), "kind": finding.entry.kind.value, "used": finding.used}
            for finding in inventory.accepted
        ],
        "catalogue_overrides": [
            {"rule": override.bundled.id, "api": override.bundled.api, "change": override.change,
             "bundled": {"kind": override.bundled.kind.value, "severity": override.bundled.severity.value},
             "user": {"rule": override.user.id, "kind": override.user.kind.value,
                      "severity": override.user.severity.value, "at": entry_location(override.user)}}
            for override in inventory.overrides
        ],
        "not_checked": [
            {"path": failure.path, "line": failure.line, "column": failure.column, "reason": failure.reason,
             **({"cell": failure.cell} if failure.cell is not None else {})}
            for failure in inventory.not_checked
        ],
    }


def render(inventory: Inventory) -> str:
    return json.dumps(as_document(inventory), indent=2) + "\n"
