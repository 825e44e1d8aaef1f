"""The inventory as Markdown: a page to paste into an issue or a migration plan."""

from __future__ import annotations

from tf1lint.catalogue.loader import entry_location, verdict
from tf1lint.reporters.inventory import Inventory


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _progress(inventory: Inventory) -> list[str]:
    progress = inventory.progress
    if progress is None:
        return []
    return [(f"Since the baseline `{_cell(progress.baseline)}`: **{progress.fixed} fixed**, "
             f"**{progress.new} new**, **{progress.remaining} remaining**.")]


def _overrides(inventory: Inventory) -> list[str]:
    if not inventory.overrides:
        return []
    out = ["", "## Catalogue overrides", "", "Bundled verdicts a user catalogue replaces:", "",
           "| rule | API | bundled | user | change | written at |", "| --- | --- | --- | --- | --- | --- |"]
    for override in inventory.overrides:
        bundled, user = override.bundled, override.user
        rule = f"`{bundled.id}`" + (f" (by `{user.id}`)" if user.id != bundled.id else "")
        out.append(f"| {rule} | `{bundled.api}` | {verdict(bundled)} | {verdict(user)} | {override.change} | "
                   f"`{_cell(entry_location(user))}` |")
    return out


def render(inventory: Inventory) -> str:
    out = ["# TF1 → TF2 migration inventory", "",
           (f"Judged against TensorFlow {inventory.target}. {len(inventory.findings)} findings in "
           f"{len(inventory.files)} of {inventory.files_checked} files: "
           f"**{inventory.mechanical} mechanical** (`tf1lint check --fix`), "
           f"**{inventory.unsafe_fixable} unsafe-fixable** (`--fix --unsafe-fixes`), "
           f"**{inventory.by_hand} by hand**."
           + (f" {len(inventory.accepted)} more accepted by inline suppressions." if inventory.accepted else "")),
           *_progress(inventory), "",
           "| severity | findings |", "| --- | ---: |"]
    out += [f"| {severity.value} | {count} |" for severity, count in inventory.by_severity.items()]
    out += _overrides(inventory)
    out += ["", "## By kind", "", "| kind | findings |", "| --- | ---: |"]
    out += [f"| {kind.value} | {count} |" for kind, count in inventory.by_kind.items()]
    out += ["", "## APIs used", "",
            "| API | rule | severity | sites | uses | files | change | TF2 way |",
            "| --- | --- | --- | ---: | ---: | ---: | --- | --- |"]
    for use in inventory.apis:
        way = _cell(use.replacement or "") + (f" (`pip install {use.entry.package}`)" if use.entry.package else "")
        out.append(f"| `{use.name}` | `{use.entry.id}` | {use.entry.severity.value} | {use.count} | {use.uses} | "
                   f"{len(use.files)} | {use.how} | {way} |")
    out += ["", "## Files by work", "", "| file | findings | by hand | errors | warnings | info |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for work in inventory.files:
        counts = [work.by_severity[s] for s in work.by_severity]
        out.append(f"| `{_cell(work.path)}` | {work.total} | {work.by_hand} | " + " | ".join(map(str, counts)) + " |")
    if inventory.not_checked:
        out += ["", "## Not checked", ""] + [f"- `{_cell(failure)}`" for failure in inventory.not_checked]
    out += ["", "## Every finding", "", "| where | rule | message |", "| --- | --- | --- |"]
    out += [f"| `{_cell(f.where)}` | `{f.entry.id}` | {_cell(f.message)} |" for f in inventory.findings]
    return "\n".join(out) + "\n"
