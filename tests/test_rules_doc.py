"""docs/rules.md is the catalogue's reference page: it must match the catalogue it documents."""

from __future__ import annotations

from conftest import ROOT, run_tf1lint

from tf1lint.catalogue.model import Kind


def test_committed_rules_page_is_up_to_date() -> None:
    completed = run_tf1lint("rules", "--format", "markdown")
    assert completed.returncode == 0
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert completed.stdout == committed, "regenerate with: tf1lint rules --format markdown > docs/rules.md"


def test_every_kind_is_documented_like_a_ruff_rule() -> None:
    page = run_tf1lint("rules", "--format", "markdown").stdout
    for heading in ("**What it does.**", "**Why is this bad?**", "**Example**", "**Use instead**"):
        assert page.count(heading) == len(Kind)
    assert "| `compat-only:placeholder` | `tf.placeholder` | error | 2.0+ |" in page
