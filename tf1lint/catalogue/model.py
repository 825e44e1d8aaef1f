"""The catalogue model: entries describing TF1 APIs, and the index the engine looks them up in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tf1lint.catalogue.api_names import canonical_name, module_name
from tf1lint.catalogue.call_conditions import CallCondition
from tf1lint.catalogue.fix_forms import FixForm
from tf1lint.catalogue.kinds import Aspect, Kind, Severity

# Kind, Severity and Aspect are defined with their facts in tf1lint/catalogue/kinds.py, and imported from here too.
__all__ = ["FIRST_TF2", "Aspect", "Catalogue", "CatalogueEntry", "Kind", "Severity", "TargetIndex", "Version",
           "canonical_name", "module_name"]


@dataclass(frozen=True, order=True)
class Version:
    """A TensorFlow version, MAJOR.MINOR; ordered, so ranges compare."""

    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> Version | None:
        """'2.16' -> Version(2, 16); None when the text is not MAJOR.MINOR."""
        parts = str(text).strip().split(".")
        # isascii: str.isdigit also accepts '²' and other digits int() cannot read
        if len(parts) != 2 or not all(part.isascii() and part.isdigit() for part in parts):
            return None
        return cls(int(parts[0]), int(parts[1]))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


FIRST_TF2 = Version(2, 0)


@dataclass(frozen=True)
class CatalogueEntry:
    """One catalogue entry: a TF1 API, what became of it in TF2, and how to fix its uses."""

    id: str
    api: str
    kind: Kind
    severity: Severity
    note: str
    replacement: str | None = None
    package: str | None = None
    compat: str | None = None
    since: Version = FIRST_TF2
    until: Version | None = None
    keywords: Mapping[str, str | None] = field(default_factory=dict)
    arguments: tuple[str, ...] = ()
    tf2_arguments: tuple[str, ...] = ()
    mechanical: bool = False
    # The entry applies to calls matching any of these; empty means every reference.
    when: tuple[CallCondition, ...] = ()
    as_value: bool = False  # with `when`: a reference that is not a call is reported too
    # A module whose fix is made once where it is bound (absl.flags, tf_slim): uses through that
    # binding are counted on the binding's finding instead of being reported one by one.
    drop_in: bool = False
    # Needs graph mode: its tf.compat.v1 spelling raises under TF2's default eager execution.
    graph_only: bool = False
    # With graph_only: calling it eagerly surely raises (RuntimeError on TF 2.21), not merely misleads.
    eager_raises: bool = False
    # fragile-name entries: reported only in a module that also builds graphs of its own (tf.Graph(),
    # `with graph.as_default():`), where what the default graph holds depends on when the call runs.
    other_graphs: bool = False
    receiver: str | None = None  # removed-method entries: 'shape-subscript' limits where the method counts
    origin: str = ""  # the catalogue file it came from, as shown to users
    position: int = 0  # its index in that file's entries; lines are looked up only when needed
    fix: FixForm | None = None  # an explicit fix form (rules/README.md, "Fixes"); most fixes are derived

    @property
    def is_module(self) -> bool:
        return self.api.endswith(".*")

    @property
    def target_name(self) -> str:
        """The dotted name the entry is about, without a module entry's '.*'."""
        return self.api[:-2] if self.is_module else self.api

    @property
    def aspect(self) -> Aspect:
        return self.kind.aspect

    @property
    def method_name(self) -> str:
        return self.api.rsplit(".", 1)[-1]

    def applies_to_call(self, call: object | None) -> bool:
        """For an entry with `when`: does this use count? `call` is the ast.Call, or None for a value."""
        if not self.when:
            return True
        if call is None:
            return self.as_value
        return any(condition.matches(call) for condition in self.when)  # type: ignore[arg-type]

    def applies_to(self, target: Version) -> bool:
        return self.since <= target and (self.until is None or target < self.until)

    @property
    def stable_positional_count(self) -> int:
        """How many leading positional arguments keep their place between TF1 and TF2."""
        count = 0
        for old, new in zip(self.arguments, self.tf2_arguments):
            if old != new:
                break
            count += 1
        return count


class Catalogue:
    """All entries, indexed for the engine's lookups at one target version."""

    def __init__(self, entries: Iterable[CatalogueEntry], newest_known: Version) -> None:
        self.entries: tuple[CatalogueEntry, ...] = tuple(sorted(entries, key=lambda e: (e.api, e.id)))
        self.newest_known = newest_known

    def at_target(self, target: Version, report_compat_v1: bool = True) -> TargetIndex:
        return TargetIndex(self, target, report_compat_v1)

    def roots(self) -> frozenset[str]:
        """Top-level module names (tensorflow, or a user's own package) a file must mention to matter."""
        return frozenset(module_name(entry.target_name).split(".")[0] for entry in self.entries)


class TargetIndex:
    """The entries that apply at one target version, keyed for prefix lookups."""

    def __init__(self, catalogue: Catalogue, target: Version, report_compat_v1: bool) -> None:
        self.target = target
        self.exact: dict[str, CatalogueEntry] = {}
        self.modules: dict[str, CatalogueEntry] = {}
        self.keywords: dict[str, CatalogueEntry] = {}
        self.positional: dict[str, CatalogueEntry] = {}
        self.meaning: dict[str, CatalogueEntry] = {}
        self.methods: dict[str, list[CatalogueEntry]] = {}
        self.naming: dict[str, CatalogueEntry] = {}
        self.by_id: dict[str, CatalogueEntry] = {}  # every entry that applies, whatever its table
        for entry in catalogue.entries:
            if not entry.applies_to(target):
                continue
            if entry.kind is Kind.COMPAT_V1 and not report_compat_v1:
                continue
            self.by_id[entry.id] = entry
            if entry.aspect is Aspect.KEYWORDS:
                self.keywords[entry.api] = entry
            elif entry.aspect is Aspect.POSITIONAL:
                self.positional[entry.api] = entry
            elif entry.aspect is Aspect.MEANING:
                self.meaning[entry.api] = entry
            elif entry.aspect is Aspect.NAMING:
                self.naming[entry.api] = entry
            elif entry.aspect is Aspect.METHOD:
                self.methods.setdefault(entry.method_name, []).append(entry)
            elif entry.is_module:
                self.modules[entry.target_name] = entry
            else:
                self.exact[entry.api] = entry
        self.root_modules = catalogue.roots()
        # No key has more dotted parts than this, so a longer name is only ever matched by a prefix.
        self.deepest = max((key.count(".") + 1 for table in (self.exact, self.modules) for key in table), default=1)

    def lookup_name(self, api: str) -> CatalogueEntry | None:
        """The most specific name entry covering `api` (canonical, 'tf.' spelled)."""
        entry = self._most_specific(api)
        # tf.compat.v1.float32 is plain TF2; only members whose TF1 spelling is itself
        # catalogued (tf.compat.v1.placeholder -> tf.placeholder) are TF1 API.
        if (entry is not None and entry.kind is Kind.COMPAT_V1 and entry.is_module and api != entry.target_name
                and self.tf1_counterpart(api, entry) is None):
            return None
        return entry

    def tf1_counterpart(self, api: str, compat_entry: CatalogueEntry) -> CatalogueEntry | None:
        """For tf.compat.v1.X under a compat-v1 module entry: the entry of plain tf.X, which knows the TF2 way."""
        return self._most_specific("tf" + api[len(compat_entry.target_name):])

    def _most_specific(self, api: str) -> CatalogueEntry | None:
        exact, modules = self.exact, self.modules
        parts = api.split(".", self.deepest + 1)
        if len(parts) > self.deepest + 1:
            # A very long chain (a.b.c... of megabytes): no key is that long, so keep one part
            # more than the deepest key instead of shortening the whole name part by part (quadratic).
            api = ".".join(parts[: self.deepest + 1])
        entry = exact.get(api) or modules.get(api)
        if entry is not None:
            return entry
        prefix = api
        while True:
            dot = prefix.rfind(".")
            if dot < 0:
                return None
            prefix = prefix[:dot]
            # Below a prefix a module entry speaks for its members; an exact entry
            # (a removed class, say) still covers its attributes.
            entry = modules.get(prefix) or exact.get(prefix)
            if entry is not None:
                return entry
