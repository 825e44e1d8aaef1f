"""The message table, the user-facing contract: codes, symbols (from each kind's facts in kinds.py) and
the wording of every finding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tf1lint import TYPE_CHECKING
from tf1lint.catalogue.kinds import Kind, Severity

if TYPE_CHECKING:  # the catalogue's classes are only named here, never built
    from tf1lint.catalogue.model import CatalogueEntry

# pylint message ids are a category letter plus four digits; the first two digits
# name the checker. 53 is used by no built-in pylint checker nor bundled extension
# (tests/test_pylint_plugin.py checks that).
CHECKER_NUMBER = "53"
_LETTER = {Severity.ERROR: "E", Severity.WARNING: "W", Severity.INFO: "I"}
# A catalogue may give a kind another severity than its usual one; such entries get
# a sibling message so that pylint's category still follows the severity.
_SEVERITY_OFFSET = {Severity.ERROR: 20, Severity.WARNING: 40, Severity.INFO: 60}


@dataclass(frozen=True)
class MessageDefinition:
    """One pylint message: its code and symbol, for a kind at a severity."""

    code: str
    symbol: str
    kind: Kind
    severity: Severity
    help: str


@cache
def message_for(kind: Kind, severity: Severity) -> MessageDefinition:
    facts = kind.facts
    number, symbol, help_text = facts.number, facts.symbol, facts.help
    if severity is not kind.default_severity:
        number += _SEVERITY_OFFSET[severity]
        symbol = f"{symbol}-{severity.value}"
    return MessageDefinition(f"{_LETTER[severity]}{CHECKER_NUMBER}{number:02d}", symbol, kind, severity, help_text)


def all_messages() -> list[MessageDefinition]:
    return [message_for(kind, severity) for kind in Kind for severity in Severity]


_DOTTED = re.compile(r"^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+$")


def is_dotted_api(text: str | None) -> bool:
    return bool(text) and bool(_DOTTED.match(text))  # type: ignore[arg-type]


def describe(entry: CatalogueEntry, used: str, keyword: str | None = None, replacement: str | None = None,
             remarks: tuple[str, ...] = ()) -> str:
    """One line saying what is wrong with this use, what to do instead, and which entry says so."""
    what = _WHAT[entry.kind](entry, used, keyword)
    context = "".join(f" ({remark})" for remark in remarks)
    return f"{what}{_advice(entry, replacement or entry.replacement)}{context} [{entry.id}]"


def _advice(entry: CatalogueEntry, replacement: str | None) -> str:
    parts = []
    if entry.kind is not Kind.KEYWORD_CHANGED and replacement:
        verb = "use " if is_dotted_api(replacement) else ""
        parts.append(f"; {verb}{replacement}")
    elif entry.kind is Kind.KEYWORD_CHANGED and replacement:
        parts.append(f"; {replacement}")
    if entry.package:
        parts.append(f" (pip install {entry.package})")
    return "".join(parts)


def _name(entry: CatalogueEntry, used: str) -> str:
    return used if used else entry.target_name


def _where(entry: CatalogueEntry) -> str:
    return "TF2" if entry.since.minor == 0 else f"TF {entry.since}+"


_WHAT = {
    Kind.RENAMED: lambda e, used, kw: f"{_name(e, used)} is renamed in {_where(e)}",
    Kind.COMPAT_ONLY: lambda e, used, kw: f"{_name(e, used)} exists in {_where(e)} only as {e.compat or 'tf.compat.v1'}",
    Kind.REMOVED: lambda e, used, kw: (
        f"{_name(e, used)} is removed in {_where(e)}" if not e.is_module or used == e.target_name
        else f"{_name(e, used)} is removed in {_where(e)} (all of {e.target_name})"
    ),
    Kind.DEPRECATED: lambda e, used, kw: (
        f"{_name(e, used)} is TensorFlow's private API: it works on the target but moves between releases"
        if e.target_name == "tf.python" else f"{_name(e, used)} is deprecated"
    ),
    Kind.BEHAVIOUR_CHANGED: lambda e, used, kw: f"{_name(e, used)} behaves differently in {_where(e)}",
    Kind.KEYWORD_CHANGED: lambda e, used, kw: (
        f"keyword {kw}= of {e.api} is removed in {_where(e)}" if e.keywords.get(kw or "") is None
        else f"keyword {kw}= of {e.api} is renamed to {e.keywords[kw or '']}= in {_where(e)}"
    ),
    Kind.ARGUMENTS_REORDERED: lambda e, used, kw: (
        f"positional arguments of {e.api} changed order in {_where(e)}; pass by keyword ({', '.join(e.tf2_arguments)})"
    ),
    Kind.COMPAT_V1: lambda e, used, kw: (
        f"{used} brings the TF1 API into TF2 code" if used == e.target_name
        else f"{_name(e, used)} is TF1 API kept in tf.compat.v1"
    ),
    Kind.MEANING_CHANGED: lambda e, used, kw: f"this call of {e.api} means something else in {_where(e)}: {e.note}",
    Kind.REMOVED_METHOD: lambda e, used, kw: f".{e.method_name} is TF1-only ({e.api})",
    Kind.FRAGILE_NAME: lambda e, used, kw: f"fragile checkpoint names: {e.note}",
}
