"""One finding per row, with a header, ready for a spreadsheet."""

from __future__ import annotations

import csv
import io

from tf1lint.reporters.inventory import MECHANICAL, Inventory, how_done

COLUMNS = ["path", "cell", "line", "column", "end_line", "end_column", "severity", "code", "symbol", "kind", "rule",
           "api", "used", "replacement", "package", "mechanical", "message"]


def render(inventory: Inventory) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in inventory.findings:
        writer.writerow([f.path, f.cell or "", f.line, f.column, f.end_line, f.end_column, f.severity.value, f.code,
                         f.symbol, f.entry.kind.value, f.entry.id, f.entry.api, f.used, f.replacement or "",
                         f.entry.package or "", "yes" if how_done(f) == MECHANICAL else "no", f.message])
    return buffer.getvalue()
