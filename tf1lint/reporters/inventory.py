"""The migration inventory: findings aggregated into what a team plans stage two from.

Totals by severity and kind, every catalogue entry used (how often, where, what to do, and
how it gets done), and the files ranked by how much work they hold. How each finding gets
done is read from its fix, the very data `check --fix` applies: mechanical (a safe fix),
unsafe-fixable (`--unsafe-fixes`) or by hand (no fix).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tf1lint import __version__
from tf1lint.analysis.engine import ParseFailure
from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.fixes import Applicability
from tf1lint.catalogue.model import CatalogueEntry, Kind, Severity

if TYPE_CHECKING:
    from tf1lint.catalogue.loader import Override

FORMAT_VERSION = 1
# A change done by hand (a Session graph, contrib with no core twin) weighs more than a rename.
_BY_HAND_WEIGHT = 3
MECHANICAL = "mechanical"
UNSAFE_FIXABLE = "unsafe fix"
BY_HAND = "by hand"


def how_done(finding: Finding) -> str:
    """mechanical (a safe fix), unsafe fix (applied with --unsafe-fixes) or by hand (no fix)."""
    if finding.fix is None or finding.fix.applicability is Applicability.DISPLAY_ONLY:
        return BY_HAND
    return MECHANICAL if finding.fix.applicability is Applicability.SAFE else UNSAFE_FIXABLE


@dataclass(frozen=True)
class ApiUse:
    """One row of the plan: a name to change (a member of a module entry gets a row of its own)."""

    entry: CatalogueEntry
    name: str  # the API to change, as used (canonical tf. spelling)
    used_names: tuple[str, ...]
    count: int  # work sites: findings, each fixed where it is reported
    uses: int  # references covered, counting those folded into a binding's finding
    files: tuple[str, ...]
    replacement: str | None
    ways: tuple[str, ...] = ()  # how_done of each site

    @property
    def mechanical(self) -> bool:
        """Every site has a safe fix."""
        return bool(self.ways) and all(way == MECHANICAL for way in self.ways)

    @property
    def how(self) -> str:
        """'mechanical', 'unsafe fix', 'by hand', or the mix ('2 unsafe fix, 1 by hand')."""
        counts = Counter(self.ways)
        if len(counts) == 1:
            return next(iter(counts))
        return ", ".join(f"{counts[way]} {way}" for way in (MECHANICAL, UNSAFE_FIXABLE, BY_HAND) if counts.get(way))


@dataclass(frozen=True)
class FileWork:
    path: str
    by_severity: dict[Severity, int]
    mechanical: int
    by_hand: int
    unsafe_fixable: int = 0

    @property
    def total(self) -> int:
        return self.mechanical + self.unsafe_fixable + self.by_hand

    @property
    def effort(self) -> int:
        return self.mechanical + self.unsafe_fixable + _BY_HAND_WEIGHT * self.by_hand


@dataclass(frozen=True)
class BaselineProgress:
    baseline: str  # the file compared with
    fixed: int  # baseline findings no longer found
    new: int  # findings not in the baseline
    remaining: int  # baseline findings still found


@dataclass(frozen=True)
class Inventory:
    target: str
    files_checked: int
    findings: tuple[Finding, ...]
    not_checked: tuple[ParseFailure, ...]
    apis: tuple[ApiUse, ...]
    files: tuple[FileWork, ...]
    # Findings accepted by an inline suppression: counted, never silently lost.
    accepted: tuple[Finding, ...] = ()
    # Set when the inventory is compared with a baseline: the migration's progress since it.
    progress: BaselineProgress | None = None
    # Bundled verdicts a user catalogue replaced (a lowered one would otherwise go unseen).
    overrides: tuple[Override, ...] = ()

    @property
    def by_severity(self) -> dict[Severity, int]:
        counts = Counter(finding.severity for finding in self.findings)
        return {severity: counts.get(severity, 0) for severity in Severity}

    @property
    def by_kind(self) -> dict[Kind, int]:
        counts = Counter(finding.entry.kind for finding in self.findings)
        return {kind: counts[kind] for kind in Kind if counts.get(kind)}

    @property
    def by_module(self) -> dict[str, int]:
        """Findings per TF module (tf.contrib, tf.train, ...): where the work sits in the API."""
        counts = Counter(_module_of(finding.used or finding.entry.target_name) for finding in self.findings)
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    @property
    def uses(self) -> int:
        """References covered by the findings, counting those folded into a binding's finding."""
        return sum(1 + (finding.uses or 0) for finding in self.findings)

    @property
    def mechanical(self) -> int:
        """Findings `check --fix` fixes (safe fixes)."""
        return sum(1 for finding in self.findings if how_done(finding) == MECHANICAL)

    @property
    def unsafe_fixable(self) -> int:
        """Findings only `check --fix --unsafe-fixes` fixes."""
        return sum(1 for finding in self.findings if how_done(finding) == UNSAFE_FIXABLE)

    @property
    def by_hand(self) -> int:
        return len(self.findings) - self.mechanical - self.unsafe_fixable


def _module_of(name: str) -> str:
    parts = name.split(".")
    if parts[:3] == ["tf", "compat", "v1"]:
        return ".".join(parts[:4]) if len(parts) > 4 else "tf.compat.v1"
    return ".".join(parts[:2]) if len(parts) > 2 else parts[0]


def build_inventory(findings: list[Finding], not_checked: list[ParseFailure], files_checked: int,
                    target: str, accepted: list[Finding] | None = None,
                    progress: BaselineProgress | None = None, overrides: Sequence[Override] = ()) -> Inventory:
    ordered = sorted(findings, key=Finding.sort_key)
    grouped: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in ordered:
        # A module entry (tf.compat.v1.*, tf.contrib.framework.*) speaks for many names, each its own change.
        row_name = finding.name if finding.entry.is_module else finding.entry.api
        grouped[(finding.entry.id, row_name)].append(finding)
    apis = [
        ApiUse(
            entry=sites[0].entry,
            name=row_name,
            used_names=tuple(sorted({site.used for site in sites})),
            count=len(sites),
            uses=sum(1 + (site.uses or 0) for site in sites),
            files=tuple(sorted({site.path for site in sites})),
            replacement=sites[0].replacement,
            ways=tuple(how_done(site) for site in sites),
        )
        for (_, row_name), sites in grouped.items()
    ]
    apis.sort(key=lambda use: (-use.entry.severity.rank, -use.count, use.entry.id, use.name))
    per_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in ordered:
        per_file[finding.path].append(finding)
    files = []
    for path, items in per_file.items():
        counts = Counter(item.severity for item in items)
        ways = Counter(how_done(item) for item in items)
        files.append(FileWork(path, {s: counts.get(s, 0) for s in Severity}, ways[MECHANICAL], ways[BY_HAND],
                              ways[UNSAFE_FIXABLE]))
    files.sort(key=lambda work: (-work.effort, -work.total, work.path))
    failures = tuple(sorted(not_checked, key=lambda failure: (failure.path, failure.line)))
    return Inventory(target, files_checked, tuple(ordered), failures, tuple(apis), tuple(files),
                     tuple(sorted(accepted or (), key=Finding.sort_key)), progress, tuple(overrides))


def tool_version() -> str:
    return __version__
