"""The catalogue as a Markdown reference page: one section per kind, written the way ruff
documents a rule (what it does, why, example, use instead), then every entry of that kind."""

from __future__ import annotations

from collections import defaultdict

from tf1lint.catalogue.messages import message_for
from tf1lint.catalogue.model import Catalogue, CatalogueEntry, Kind


def render(catalogue: Catalogue) -> str:
    by_kind: dict[Kind, list[CatalogueEntry]] = defaultdict(list)
    for entry in catalogue.entries:
        by_kind[entry.kind].append(entry)
    lines = [
        "# tf1lint rules",
        "",
        (f"Generated from the catalogue by `tf1lint rules --format markdown`: {len(catalogue.entries)} entries,"
        f" checked against TensorFlow {catalogue.newest_known}. Do not edit by hand; edit `rules/*.yaml`."),
        "",
        "| kind | message | entries |",
        "| --- | --- | --- |",
    ]
    for kind in Kind:
        message = message_for(kind, kind.default_severity)
        lines.append(f"| [{kind.value}](#{kind.value}) | {message.code} `{message.symbol}` | {len(by_kind[kind])} |")
    for kind in Kind:
        doc = kind.facts.doc
        what, why, example, instead = doc.what, doc.why, doc.example, doc.instead
        message = message_for(kind, kind.default_severity)
        lines += [
            "", f"## {kind.value}", "",
            f"Message {message.code} `{message.symbol}`, severity {kind.default_severity.value} by default.", "",
            f"**What it does.** {what}", "", f"**Why is this bad?** {why}", "",
            "**Example**", "", "```python", example, "```", "", "**Use instead**", "", "```python", instead, "```", "",
        ]
        entries = by_kind[kind]
        if not entries:
            lines.append("No entries of this kind in the loaded catalogue.")
            continue
        lines += ["| id | API | severity | versions | replacement | note |", "| --- | --- | --- | --- | --- | --- |"]
        lines += [_row(entry) for entry in entries]
    lines += _examples(catalogue)
    return "\n".join(lines) + "\n"


def _examples(catalogue: Catalogue) -> list[str]:
    """The catalogue's fix examples: each runs as written on TensorFlow 1.14 and, fixed, on TensorFlow 2."""
    proven = [entry for entry in catalogue.entries if entry.fix is not None and entry.fix.examples]
    if not proven:
        return []
    lines = ["", "## Fix examples", "",
             ("Each program below runs as written on TensorFlow 1.14 and, after `tf1lint check --fix` (and again "
              "after `--fix --unsafe-fixes`), on TensorFlow 2; `tests/test_fix_examples_tensorflow.py` compares the "
              "`result` both sides compute.")]
    for entry in proven:
        for example in entry.fix.examples:  # type: ignore[union-attr]
            detail = f" (tolerance {example.tolerance:g})" if example.tolerance else ""
            detail += f" (arguments `{' '.join(example.argv)}`)" if example.argv else ""
            lines += ["", f"`{entry.id}`{detail}:", "", "```python", "import tensorflow as tf",
                      example.before.rstrip("\n"), "```"]
    return lines


def _row(entry: CatalogueEntry) -> str:
    versions = f"{entry.since}+" if entry.until is None else f"{entry.since} to <{entry.until}"
    replacement = entry.replacement or ""
    if entry.keywords:
        replacement = ", ".join(f"{old}= → {new}=" if new else f"{old}= removed" for old, new in entry.keywords.items())
        if entry.replacement:
            replacement += f"; {entry.replacement}"
    if entry.package:
        replacement += f" (`pip install {entry.package}`)"
    note = entry.note
    if entry.when:
        calls = " or ".join(condition.describe() for condition in entry.when)
        note = f"Flags only calls {calls}{' (and the API passed as a value)' if entry.as_value else ''}. {note}"
    if entry.drop_in:
        note += " Drop-in: reported once where it is bound, with the number of uses."
    cells = [f"`{entry.id}`", f"`{entry.api}`", entry.severity.value, versions, _cell(replacement), _cell(note)]
    return "| " + " | ".join(cells) + " |"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
