"""The one selector language: which findings a word names, for `--select`/`--ignore`, inline
suppression comments, the editor's ignore action and the baseline.

A selector is one of
- `all` (or `tf1lint`): every finding;
- a kind (`removed`, `compat-only`, ...);
- a message code or symbol (`E5302`, `tf1-removed-api`); a code also covers its severity
  siblings, the codes the same kind gets when the context or the catalogue changes its severity
  (`E5302` covers the guarded `I5362`, `tf1-removed-api` covers `tf1-removed-api-info`);
- a catalogue entry id, or a prefix of ids ending at ':' or '.' (`removed:contrib`);
- an API prefix (`tf.contrib`, `tf.contrib.layers.flatten`): the API as the code used it.
Codes and symbols are matched without regard to case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.messages import all_messages, message_for
from tf1lint.catalogue.model import Catalogue, Kind

EVERYTHING = frozenset({"all", "tf1lint"})
_KINDS = {kind.value for kind in Kind}


def split_selectors(values: Iterable[str]) -> list[str]:
    """'E5302,tf.contrib' given once or several times, as one list."""
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _kind_names(kind: Kind) -> frozenset[str]:
    """Every code and symbol a kind's findings may carry, lowered (the sibling family)."""
    return frozenset(name.lower() for definition in all_messages() if definition.kind is kind
                     for name in (definition.code, definition.symbol))


_FAMILY = {kind: _kind_names(kind) for kind in Kind}
# A code or symbol, lowered -> the kind and whether it names the kind's default message.
_NAMED = {name.lower(): (definition.kind, definition.severity is definition.kind.default_severity)
          for definition in all_messages() for name in (definition.code, definition.symbol)}


def matches(selector: str, finding: Finding) -> bool:
    """Whether `selector` names this finding (see the module's docstring)."""
    lowered = selector.lower()
    if lowered in EVERYTHING:
        return True
    kind = finding.entry.kind
    if selector == kind.value:
        return True
    named = _NAMED.get(lowered)
    if named is not None:
        named_kind, is_default = named
        # The default code of a kind stands for the family; a sibling code names only itself.
        if is_default:
            return named_kind is kind
        return lowered in (finding.code.lower(), finding.symbol.lower())
    rule = finding.entry.id
    if selector == rule or rule.startswith((selector + ":", selector + ".")):
        return True
    used = finding.used
    return selector.startswith("tf") and (used == selector or used.startswith(selector + "."))


def is_known(selector: str, catalogue: Catalogue) -> bool:
    """Whether `selector` can name anything at all in this catalogue (a typo cannot)."""
    if selector.lower() in EVERYTHING or selector in _KINDS or selector.lower() in _NAMED:
        return True
    return any(entry.id == selector or entry.id.startswith((selector + ":", selector + "."))
               or entry.api == selector or entry.api.startswith(selector + ".")
               or selector.startswith(entry.target_name + ".") for entry in catalogue.entries)


def family(kind: Kind) -> frozenset[str]:
    """The codes and symbols (lowered) that all name findings of `kind`."""
    return _FAMILY[kind]


def default_code(kind: Kind) -> str:
    return message_for(kind, kind.default_severity).code


@dataclass(frozen=True)
class Selection:
    """--select/--ignore as a value that worker processes can receive."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @classmethod
    def of(cls, select: Iterable[str], ignore: Iterable[str]) -> Selection:
        return cls(tuple(split_selectors(select)), tuple(split_selectors(ignore)))

    def __call__(self, finding: Finding) -> bool:
        if self.select and not any(matches(selector, finding) for selector in self.select):
            return False
        return not any(matches(selector, finding) for selector in self.ignore)

    def problem(self, catalogue: Catalogue) -> str | None:
        """A --select that matches no rule at all is a typo: checking nothing would pass silently."""
        for selector in self.select:
            if not is_known(selector, catalogue):
                return (f"--select {selector!r} matches no rule (expected a symbol like tf1-removed-api, a code"
                        " like E5302, a kind, a rule id or prefix, an API prefix like tf.contrib, or all)")
        return None
