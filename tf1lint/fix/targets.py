"""Where a name finding should point instead, and how safe that is: the catalogue's fix form, the
entry's replacement, or the TF1 function under tf.compat.v1 when only that keeps TF1's semantics."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tf1lint.catalogue.fix_forms import FixForm
from tf1lint.catalogue.fixes import Applicability
from tf1lint.catalogue.model import CatalogueEntry, Kind, Severity, TargetIndex, module_name

_TF_DOTTED = re.compile(r"^tf(\.[A-Za-z_][A-Za-z0-9_]*)+$")


@dataclass(frozen=True)
class Target:
    """Where a name finding should point instead, and how safe that is."""

    qualified: str  # importable spelling ('tensorflow.io.gfile.GFile', 'tf_slim.conv2d')
    applicability: Applicability
    module_swap: str | None = None  # the new module when the fix swaps a whole module (imports it so)
    package: str | None = None  # a PyPI package the new name needs
    graph_mode: bool = False
    members: tuple[str, ...] = ()  # for a module swap: the only members the new module is known to have


def name_target(entry: CatalogueEntry, used: str, index: TargetIndex | None = None) -> Target | None:
    """The new name for a use of `used` (canonical) judged by `entry`, or None when not mechanical.

    Also used by the TensorFlow-backed tests to list every name a fix can write.
    """
    form = entry.fix or FixForm()
    if form.by_hand or form.call or form.stand_in or entry.kind is Kind.COMPAT_V1:
        return None
    suffix = used[len(entry.target_name):] if entry.is_module and used.startswith(entry.target_name) else ""
    if form.module:
        if form.members and suffix and suffix.split(".")[1] not in form.members:
            return None
        return Target(module_name(form.module) + suffix, form.applicability or Applicability.UNSAFE,
                      module_swap=form.module, package=entry.package, graph_mode=form.graph_mode,
                      members=form.members)
    if form.rename:
        return Target(module_name(form.rename) + suffix, form.applicability or Applicability.UNSAFE,
                      package=entry.package, graph_mode=form.graph_mode)
    if entry.kind is Kind.RENAMED and entry.replacement and _TF_DOTTED.match(entry.replacement):
        if entry.mechanical and form.applicability in (None, Applicability.SAFE):
            return Target(module_name(entry.replacement) + suffix, Applicability.SAFE, graph_mode=form.graph_mode)
        return _keeping_tf1_semantics(entry, suffix, form, index)
    if entry.kind in (Kind.COMPAT_ONLY, Kind.BEHAVIOUR_CHANGED) and entry.compat and _TF_DOTTED.match(entry.compat):
        compat = entry.compat + suffix
        if index is not None:
            # Never onto a name that fails on the target (Keras 3 removed tf.compat.v1.layers).
            judged = index.lookup_name(compat)
            if judged is not None and judged.severity is Severity.ERROR:
                return None
        return Target(module_name(compat), form.applicability or Applicability.UNSAFE, graph_mode=form.graph_mode)
    return None


def _keeping_tf1_semantics(entry: CatalogueEntry, suffix: str, form: FixForm,
                           index: TargetIndex | None) -> Target | None:
    """A rename that is not to the very same object: the TF1 function under tf.compat.v1, which
    keeps its semantics, when the target has it; else the TF2 name only if every TF1 call means
    the same there (mechanical), still unsafe; else no fix (a person must rewrite the call)."""
    compat = "tf.compat.v1." + entry.target_name[len("tf."):] + suffix
    judged = index.lookup_name(compat) if index is not None else None
    compat_runs = judged is None or judged.severity is not Severity.ERROR
    if entry.target_name.startswith("tf.") and index is not None and compat_runs:
        return Target(module_name(compat), Applicability.UNSAFE, graph_mode=form.graph_mode)
    if entry.mechanical and entry.replacement:
        return Target(module_name(entry.replacement) + suffix, Applicability.UNSAFE, graph_mode=form.graph_mode)
    return None


def inherited_target(used: str, index: TargetIndex) -> Target | None:
    """A name below a module whose entry swaps the whole module (tf.contrib.slim.conv2d -> tf_slim.conv2d)."""
    # Only a prefix no deeper than the deepest catalogue key can be an entry's own name: a long
    # chain (tf.contrib.a.a...) is not cut down part by part, which would be quadratic.
    parts = used.split(".", index.deepest)
    for count in range(min(len(parts) - 1, index.deepest), 0, -1):
        prefix = ".".join(parts[:count])
        entry = index.lookup_name(prefix)
        if entry is not None and entry.fix is not None and entry.fix.module and entry.target_name == prefix:
            member = used[len(prefix) + 1:]
            if entry.fix.members and member.split(".")[0] not in entry.fix.members:
                return None
            return Target(module_name(entry.fix.module) + "." + member, entry.fix.applicability or Applicability.UNSAFE,
                          module_swap=entry.fix.module, package=entry.package)
    return None


def chosen_applicability(form: FixForm | None, default: Applicability) -> Applicability:
    """The catalogue's word on a fix's safety when it gives one, else the form's own default."""
    return form.applicability if form is not None and form.applicability is not None else default
