"""What a fix is: text edits attached to a finding, with how safe they are to apply.

Modelled on ruff's Fix/Edit/Applicability. The engine decides *that* a finding can be fixed and
builds its edits; applying them (ordering, overlaps, re-checking) is another module's job.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Applicability(enum.Enum):
    # The program means the same on the target (a rename to the very same object, a keyword rename).
    SAFE = "safe"
    # It runs, but keeps TF1 semantics or adds a dependency (compat.v1, import swaps, transforms).
    UNSAFE = "unsafe"
    # Shown to the user, never applied automatically.
    DISPLAY_ONLY = "display-only"


@dataclass(frozen=True, order=True)
class Edit:
    """Replace the text from (line, column) to (end_line, end_column) with `text`.

    Lines are 1-based; columns are 0-based offsets in UTF-8 bytes, as the engine's findings
    (and Python's ast) count them. An insertion has equal start and end.
    """

    line: int
    column: int
    end_line: int
    end_column: int
    text: str


@dataclass(frozen=True, order=True)
class Span:
    """The text from (line, column) to (end_line, end_column), counted as an Edit counts."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Fix:
    """The edits that make one finding go away, and how safe applying them is."""

    applicability: Applicability
    message: str  # what applying it does, in one line ('rename to tf.io.gfile.GFile')
    edits: tuple[Edit, ...]
    # Isolation (ruff's isolation level, by place): this fix never lands in the pass in which
    # another fix edits this span. A keyword fix on a function that another fix may move to
    # tf.compat.v1 is isolated from the function's name: after the move it is no longer wanted.
    isolated_from: Span | None = None

    def as_dict(self) -> dict[str, object]:
        """The JSON shape: edits as 1-based lines and 0-based UTF-8 byte columns, like findings."""
        shape: dict[str, object] = {
            "applicability": self.applicability.value,
            "message": self.message,
            "edits": [{"line": edit.line, "column": edit.column, "end_line": edit.end_line,
                       "end_column": edit.end_column, "text": edit.text} for edit in self.edits],
        }
        if self.isolated_from is not None:
            span = self.isolated_from
            shape["isolated_from"] = {"line": span.line, "column": span.column, "end_line": span.end_line,
                                      "end_column": span.end_column}
        return shape
