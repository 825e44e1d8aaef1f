"""A Finding: one use of a catalogued API at an exact place in a file."""

from __future__ import annotations

from dataclasses import dataclass

from tf1lint.catalogue import CatalogueEntry, Severity
from tf1lint.fixes import Fix
from tf1lint.messages import describe, message_for


@dataclass(frozen=True)
class Finding:
    path: str
    line: int  # 1-based
    column: int  # 0-based, as pylint and Python's ast count
    end_line: int
    end_column: int
    entry: CatalogueEntry
    used: str  # the canonical name as the code used it ('tf.contrib.layers.flatten')
    keyword: str | None = None  # for keyword-changed findings, the keyword at fault
    # For tf.compat.v1.X: the entry of plain tf.X, whose replacement is the TF2 way.
    counterpart: CatalogueEntry | None = None
    cell: int | None = None  # notebooks: the cell (1-based); line and column are within it
    fix: Fix | None = None  # the edits that make this finding go away, when they are mechanical

    @property
    def replacement(self) -> str | None:
        if self.entry.replacement or self.counterpart is None:
            return self.entry.replacement
        return self.counterpart.replacement

    @property
    def severity(self) -> Severity:
        return self.entry.severity

    @property
    def code(self) -> str:
        return message_for(self.entry.kind, self.entry.severity).code

    @property
    def symbol(self) -> str:
        return message_for(self.entry.kind, self.entry.severity).symbol

    @property
    def message(self) -> str:
        return describe(self.entry, self.used, self.keyword, self.replacement)

    @property
    def where(self) -> str:
        """'path:line:col', or 'path:cell N:line:col' for a notebook."""
        cell = f"cell {self.cell}:" if self.cell is not None else ""
        return f"{self.path}:{cell}{self.line}:{self.column}"

    def sort_key(self) -> tuple:
        return (self.path, self.cell or 0, self.line, self.column, self.end_line, self.end_column,
                self.entry.id, self.keyword or "")

    def as_dict(self) -> dict[str, object]:
        record = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "symbol": self.symbol,
            "severity": self.severity.value,
            "api": self.entry.api,
            "replacement": self.replacement,
            "rule": self.entry.id,
            "message": self.message,
        }
        if self.cell is not None:
            record["cell"] = self.cell
        if self.fix is not None:
            record["fix"] = self.fix.as_dict()
        return record
