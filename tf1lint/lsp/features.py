"""What the language server shows for findings: diagnostics, hover text and code actions.

Pure conversions from the engine's findings (1-based lines, UTF-8 byte columns) to LSP objects in
the client's position encoding; the server module decides when to compute and send them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from lsprotocol import types

from tf1lint.analysis.engine import ParseFailure
from tf1lint.analysis.findings import Finding
from tf1lint.analysis.positions import byte_to_client, client_to_byte, line_end_byte
from tf1lint.catalogue.fixes import Applicability, Edit, Fix
from tf1lint.catalogue.loader import entry_location
from tf1lint.catalogue.model import CatalogueEntry, Kind, Severity

SOURCE = "tf1lint"
RULES_PAGE = "https://github.com/tf1lint/tf1lint/blob/main/docs/rules.md"
FIX_ALL_KIND = "source.fixAll.tf1lint"
PARSE_FAILURE_CODE = "cannot-check"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
def rule_page(entry: CatalogueEntry) -> str:
    """docs/rules.md has one section per kind, headed by the kind's name (so anchored by it)."""
    return f"{RULES_PAGE}#{entry.kind.value}"


# -- positions -------------------------------------------------------------------------------

def client_position(lines: Sequence[str], line: int, byte_column: int, encoding: str) -> types.Position:
    """A 1-based line and UTF-8 byte column of the engine as an LSP position (0-based line)."""
    index = min(max(line - 1, 0), max(len(lines) - 1, 0))
    text = lines[index] if lines else ""
    return types.Position(line=index, character=byte_to_client(text, byte_column, encoding))


def client_range(lines: Sequence[str], line: int, column: int, end_line: int, end_column: int,
                 encoding: str) -> types.Range:
    return types.Range(start=client_position(lines, line, column, encoding),
                       end=client_position(lines, end_line, end_column, encoding))


def engine_position(lines: Sequence[str], position: types.Position, encoding: str) -> tuple[int, int]:
    """An LSP position as the engine's (1-based line, UTF-8 byte column)."""
    text = lines[position.line] if 0 <= position.line < len(lines) else ""
    return position.line + 1, client_to_byte(text, position.character, encoding)


# -- diagnostics ----------------------------------------------------------------------------

def diagnostic(finding: Finding, lines: Sequence[str], encoding: str) -> types.Diagnostic:
    return types.Diagnostic(
        range=client_range(lines, finding.line, finding.column, finding.end_line, finding.end_column, encoding),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=rule_page(finding.entry)),
        source=SOURCE,
        tags=[types.DiagnosticTag.Deprecated] if finding.entry.kind is Kind.DEPRECATED else None,
    )


def failure_diagnostic(failure: ParseFailure, lines: Sequence[str], encoding: str) -> types.Diagnostic:
    """The one diagnostic of a buffer that does not parse: from the error to the end of its line."""
    index = min(max(failure.line - 1, 0), max(len(lines) - 1, 0))
    text = lines[index] if lines else ""
    end = line_end_byte(text)
    start = min(failure.column, end) if failure.column < end else 0
    return types.Diagnostic(
        range=client_range(lines, index + 1, start, index + 1, end, encoding),
        message=f"tf1lint cannot check this file: {failure.reason}",
        severity=types.DiagnosticSeverity.Error,
        code=PARSE_FAILURE_CODE,
        source=SOURCE,
    )


# -- hover ----------------------------------------------------------------------------------

def hover_markdown(finding: Finding) -> str:
    entry = finding.entry
    lines = [
        (f"**tf1lint** {finding.code} `{finding.symbol}`: `{finding.used or entry.target_name}` is "
         f"{entry.kind.facts.hover}"),
        "",
        finding.message,
        "",
        f"**What changed:** {entry.note}" if entry.note else "**What changed:** see the rule page.",
    ]
    if finding.replacement:
        lines += ["", f"**The TF2 way:** {finding.replacement}"]
    if entry.package:
        lines += ["", f"**Package:** `pip install {entry.package}`"]
    versions = f"TensorFlow {entry.since}" + (f" until {entry.until}" if entry.until else "")
    lines += [
        "",
        f"**Kind:** {entry.kind.value} · **Severity:** {entry.severity.value} · **Since:** {versions}",
        "",
        f"**Entry:** `{entry.id}` ({entry_location(entry) or entry.origin})",
        "",
        f"[Rule documentation]({rule_page(entry)})",
    ]
    return "\n".join(lines)


def contains(finding: Finding, line: int, byte_column: int) -> bool:
    return (finding.line, finding.column) <= (line, byte_column) <= (finding.end_line, finding.end_column)


# -- code actions ---------------------------------------------------------------------------

# The suppression comment of issue 11: `# tf1lint: ignore` or `# tf1lint: ignore[id, ...]`.
_IGNORE_COMMENT = re.compile(r"#\s*tf1lint:\s*ignore(?P<list>\[(?P<ids>[^\]]*)\])?")


def ignore_edit(lines: Sequence[str], line: int, entry_id: str, encoding: str) -> types.TextEdit | None:
    """The edit that adds `# tf1lint: ignore[entry_id]` to a 1-based line, or None if it cannot
    (already suppressed there, or a backslash continuation where a comment would break the code)."""
    index = line - 1
    if not 0 <= index < len(lines):
        return None
    text = lines[index]
    existing = _IGNORE_COMMENT.search(text)
    if existing is not None:
        if existing.group("list") is None:
            return None  # a bare `# tf1lint: ignore` already covers everything on the line
        ids = [item.strip() for item in existing.group("ids").split(",") if item.strip()]
        if entry_id in ids:
            return None
        at = len(text[:existing.end("ids")].encode("utf-8", "surrogatepass"))
        insertion = f", {entry_id}" if ids else entry_id
    else:
        if text.rstrip().endswith("\\"):
            return None
        at = line_end_byte(text.rstrip())
        insertion = f"  # tf1lint: ignore[{entry_id}]"
    position = client_position(lines, line, at, encoding)
    return types.TextEdit(range=types.Range(start=position, end=position), new_text=insertion)


def text_edits(edits: Iterable[Edit], lines: Sequence[str], encoding: str) -> list[types.TextEdit]:
    return [types.TextEdit(range=client_range(lines, edit.line, edit.column, edit.end_line, edit.end_column, encoding),
                           new_text=edit.text) for edit in edits]


def fix_title(fix: Fix) -> str:
    return f"{fix.message} (unsafe)" if fix.applicability is Applicability.UNSAFE else fix.message


def fix_action(finding: Finding, uri: str, lines: Sequence[str], encoding: str,
               diagnostics: list[types.Diagnostic]) -> types.CodeAction | None:
    """A quick fix from the finding's own Fix; display-only fixes are never offered as edits."""
    fix = finding.fix
    if fix is None or fix.applicability is Applicability.DISPLAY_ONLY or not fix.edits:
        return None
    return types.CodeAction(
        title=f"tf1lint: {fix_title(fix)}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=diagnostics,
        edit=types.WorkspaceEdit(changes={uri: text_edits(fix.edits, lines, encoding)}),
        is_preferred=fix.applicability is Applicability.SAFE,
    )


def ignore_action(finding: Finding, uri: str, lines: Sequence[str], encoding: str,
                  diagnostics: list[types.Diagnostic]) -> types.CodeAction | None:
    edit = ignore_edit(lines, finding.line, finding.entry.id, encoding)
    if edit is None:
        return None
    return types.CodeAction(
        title=f"tf1lint: ignore {finding.entry.id} on this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=diagnostics,
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )


def fix_all_action(uri: str, original: str, fixed: str, encoding: str) -> types.CodeAction | None:
    """Every safe fix at once, as `check --fix` makes them (the server runs the same fix loop and
    gives the text it returns): one edit over the lines that changed, or None when none did."""
    if fixed == original:
        return None
    return types.CodeAction(
        title="tf1lint: apply every safe fix",
        kind=FIX_ALL_KIND,
        edit=types.WorkspaceEdit(changes={uri: [whole_text_edit(original, fixed, encoding)]}),
    )


_LINE_WITH_END = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def whole_text_edit(original: str, fixed: str, encoding: str) -> types.TextEdit:
    """The edit that turns `original` into `fixed`: the lines between their common first and last
    lines replaced, so the editor keeps its cursor and folds outside the change."""
    old, new = _LINE_WITH_END.findall(original), _LINE_WITH_END.findall(fixed)
    same_start = 0
    while same_start < min(len(old), len(new)) and old[same_start] == new[same_start]:
        same_start += 1
    same_end = 0
    while (same_end < min(len(old), len(new)) - same_start
           and old[len(old) - 1 - same_end] == new[len(new) - 1 - same_end]):
        same_end += 1
    end_line = len(old) - same_end
    if end_line < len(old) or not old or old[-1].endswith(("\n", "\r")):
        end = types.Position(line=end_line, character=0)
    else:  # the document's last line has no line break: end at its end
        last = old[-1]
        end = types.Position(line=len(old) - 1, character=byte_to_client(last, len(last.encode("utf-8", "surrogatepass")), encoding))
    return types.TextEdit(range=types.Range(start=types.Position(line=same_start, character=0), end=end),
                          new_text="".join(new[same_start:len(new) - same_end]))
