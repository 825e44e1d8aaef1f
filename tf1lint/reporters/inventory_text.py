"""The inventory as plain text for a terminal: totals, the API table, the busiest files."""

from __future__ import annotations

from tf1lint.reporters.inventory import Inventory

_TOP_FILES = 20


def render(inventory: Inventory) -> str:
    out = [f"tf1lint inventory: TF1 API use to migrate, judged against TensorFlow {inventory.target}", ""]
    total = len(inventory.findings)
    severities = ", ".join(f"{count} {severity.value}" for severity, count in inventory.by_severity.items())
    out.append(f"{total} findings in {len(inventory.files)} of {inventory.files_checked} files ({severities}),"
               f" covering {inventory.uses} uses")
    out.append(f"{inventory.mechanical} mechanical (check --fix), {inventory.unsafe_fixable} unsafe-fixable "
               f"(--fix --unsafe-fixes), {inventory.by_hand} to rewrite by hand")
    if inventory.accepted:
        out.append(f"{len(inventory.accepted)} accepted by an inline suppression (not counted above)")
    if inventory.progress:
        progress = inventory.progress
        out.append(f"Since the baseline {progress.baseline}: {progress.fixed} fixed, {progress.new} new, "
                   f"{progress.remaining} remaining")
    if inventory.not_checked:
        out.append(f"{len(inventory.not_checked)} files could not be checked (listed at the end)")
    if inventory.overrides:
        out += ["", "Catalogue overrides (bundled verdicts a user catalogue replaces):"]
        out += [f"  {override.describe()}" for override in inventory.overrides]
    out += ["", "By kind:"]
    out += [f"  {count:>6}  {kind.value}" for kind, count in inventory.by_kind.items()]
    out += ["", "APIs used (most serious and most frequent first; sites to change, then uses covered):"]
    for use in inventory.apis:
        how = use.how
        files = f"{len(use.files)} file" + ("s" if len(use.files) != 1 else "")
        severity = use.entry.severity.value
        out.append(f"  {use.count:>6} {use.uses:>6}  {severity:<7}  {use.name}  [{use.entry.id}]  ({how}, {files})")
        if use.replacement:
            out.append(f"          -> {use.replacement}")
    out += ["", f"Files by work (top {min(_TOP_FILES, len(inventory.files))} of {len(inventory.files)}):"]
    for work in inventory.files[:_TOP_FILES]:
        out.append(f"  {work.total:>6} findings ({work.by_hand} by hand)  {work.path}")
    if inventory.not_checked:
        out += ["", "Not checked:"]
        out += [f"  {failure}" for failure in inventory.not_checked]
    out += ["", "Every finding:"]
    out += [f"  {f.where}: {f.symbol} {f.message}" for f in inventory.findings]
    return "\n".join(out) + "\n"
