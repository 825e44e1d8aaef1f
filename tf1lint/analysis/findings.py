"""A Finding: one use of a catalogued API at an exact place in a file."""

from __future__ import annotations

from dataclasses import dataclass

from tf1lint.catalogue.fixes import Fix
from tf1lint.catalogue.messages import describe, message_for
from tf1lint.catalogue.model import CatalogueEntry, Severity


@dataclass(frozen=True)
class Finding:
    """One use of a catalogued API at an exact place in a file."""

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
    # A binding finding (`FLAGS = tf.flags.FLAGS`, `import tensorflow.contrib.slim as slim`): how many
    # later references go through it. They are fixed here, once, so they are not findings of their own.
    uses: int | None = None
    # In a TF1 fallback next to a TF2 way (try/except AttributeError, a version test): already works on TF2.
    guarded: bool = False
    severity_override: Severity | None = None  # the context changed the entry's severity (guarded, graph mode)
    remark: str | None = None  # what the context adds to the message

    @property
    def name(self) -> str:
        """The API as the code used it, in canonical tf. spelling."""
        return self.used or self.entry.target_name

    @property
    def replacement(self) -> str | None:
        if self.entry.replacement or self.counterpart is None:
            return self.entry.replacement
        return self.counterpart.replacement

    @property
    def severity(self) -> Severity:
        return self.severity_override or self.entry.severity

    @property
    def code(self) -> str:
        return message_for(self.entry.kind, self.severity).code

    @property
    def symbol(self) -> str:
        return message_for(self.entry.kind, self.severity).symbol

    @property
    def message(self) -> str:
        remarks = [self.remark] if self.remark else []
        if self.uses:
            remarks.append(f"{self.uses} more use{'s' if self.uses != 1 else ''} through this binding, fixed here")
        return describe(self.entry, self.used, self.keyword, self.replacement, tuple(remarks))

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
            "name": self.name,
            "replacement": self.replacement,
            "rule": self.entry.id,
            "message": self.message,
        }
        if self.cell is not None:
            record["cell"] = self.cell
        if self.uses is not None:
            record["uses"] = self.uses
        if self.guarded:
            record["guarded"] = True
        if self.fix is not None:
            record["fix"] = self.fix.as_dict()
        return record
