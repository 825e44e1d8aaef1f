"""One table per kind (tf1lint/catalogue/kinds.py): every kind has every fact, and every place that needs a
per-kind fact (messages, hover, rules page, HTML, the cache's lookup) serves every kind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tf1lint.analysis.findings import Finding
from tf1lint.catalogue.kinds import KINDS
from tf1lint.catalogue.messages import all_messages, message_for
from tf1lint.catalogue.model import CatalogueEntry, Kind
from tf1lint.reporters import rules_doc
from tf1lint.run.cache import ResultsCache
from tf1lint.run.config import Settings
from tf1lint.run.pipeline import Document, FileOutcome, analyse
from tf1lint.run.runner import load_index

CATALOGUE, INDEX, _ = load_index(Settings())
assert CATALOGUE is not None and INDEX is not None


def test_every_kind_has_every_fact() -> None:
    assert set(KINDS) == set(Kind)
    for kind, facts in KINDS.items():
        assert 0 < facts.number < 20 and facts.symbol.startswith("tf1-"), kind
        assert facts.help.strip() and facts.hover.strip(), kind
        assert all(part.strip() for part in (facts.doc.what, facts.doc.why, facts.doc.example, facts.doc.instead))
        assert re.fullmatch(r"#[0-9a-f]{6}", facts.colour), kind
        assert kind.default_severity is facts.severity and kind.aspect is facts.aspect
    assert len({facts.number for facts in KINDS.values()}) == len(Kind)
    assert len({facts.symbol for facts in KINDS.values()}) == len(Kind)
    assert len(all_messages()) == 3 * len(Kind)
    assert len({message.code for message in all_messages()}) == 3 * len(Kind)


def test_the_rules_page_has_a_section_for_every_kind() -> None:
    page = rules_doc.render(CATALOGUE)
    for kind in Kind:
        assert f"\n## {kind.value}\n" in page
        assert kind.facts.doc.what in page


def _entry_of(kind: Kind) -> CatalogueEntry:
    return next(entry for entry in INDEX.by_id.values() if entry.kind is kind)


def _finding(entry: CatalogueEntry) -> Finding:
    return Finding("m.py", 2, 0, 2, 5, entry, entry.target_name)


@pytest.mark.parametrize("kind", list(Kind), ids=lambda kind: kind.value)
def test_hover_describes_a_finding_of_every_kind(kind: Kind) -> None:
    pytest.importorskip("lsprotocol")
    from tf1lint.lsp.features import hover_markdown  # pylint: disable=import-outside-toplevel  # the server extra

    finding = _finding(_entry_of(kind))
    text = hover_markdown(finding)
    assert message_for(kind, finding.severity).code in text and kind.facts.hover in text


@pytest.mark.parametrize("source", ["y = tf.nn.dropout(x, 0.5)\n", "it = ds.make_one_shot_iterator()\n"])
def test_hover_on_the_newer_kinds_found_in_code(source: str) -> None:
    pytest.importorskip("lsprotocol")
    from tf1lint.lsp.features import hover_markdown  # pylint: disable=import-outside-toplevel  # the server extra

    findings = analyse(Document("m.py", "import tensorflow as tf\n" + source), INDEX).findings
    assert findings
    for finding in findings:
        assert finding.code in hover_markdown(finding)


@pytest.mark.parametrize("kind", list(Kind), ids=lambda kind: kind.value)
def test_the_results_cache_serves_a_file_with_a_finding_of_every_kind(kind: Kind, tmp_path: Path) -> None:
    cache = ResultsCache(tmp_path, INDEX, [], True)
    raw = f"# {kind.value}\n".encode()
    cache.put("m.py", raw, FileOutcome(findings=[_finding(_entry_of(kind))]))
    served = cache.get("m.py", raw)
    assert served is not None and [f.entry.id for f in served.findings] == [_entry_of(kind).id]


def test_the_cache_serves_the_newer_kinds_found_in_code(tmp_path: Path) -> None:
    cache = ResultsCache(tmp_path, INDEX, [], True)
    raw = b"import tensorflow as tf\ny = tf.nn.dropout(x, 0.5)\nit = ds.make_one_shot_iterator()\n"
    outcome = analyse(Document("m.py", raw), INDEX, fixes=True)
    assert {f.entry.kind for f in outcome.findings} >= {Kind.MEANING_CHANGED, Kind.REMOVED_METHOD}
    cache.put("m.py", raw, outcome)
    served = cache.get("m.py", raw)
    assert served is not None and served.findings == outcome.findings
