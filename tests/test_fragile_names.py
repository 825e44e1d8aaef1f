"""fragile-name findings (I5311 tf1-fragile-checkpoint-name): calls whose variables are named by construction
order. They are additional advice: they never change another finding, never carry a fix, and are selected
and suppressed like every finding. The entries' naming places come from TF 1.14's own signatures."""

from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path

import pytest
from conftest import FUNCTIONAL, ROOT, pylint_messages, run_tf1lint

from tf1lint.catalogue.call_conditions import parse_conditions
from tf1lint.catalogue.loader import load_catalogue
from tf1lint.run.config import Settings
from tf1lint.run.pipeline import Document, analyse
from tf1lint.run.runner import load_index

SYMBOL = "tf1-fragile-checkpoint-name"
_, INDEX, _ = load_index(Settings())
assert INDEX is not None

UNNAMED = "import tensorflow as tf\nx = tf.zeros([2, 3])\nh = tf.layers.dense(x, 4){comment}\n"


def _symbols(findings: list[dict]) -> list[str]:
    return sorted(finding["symbol"] for finding in findings)


def _check(tmp_path: Path, source: str, *options: str) -> list[dict]:
    (tmp_path / "m.py").write_text(source)
    completed = run_tf1lint("check", "--no-cache", "--format", "json", *options, "m.py", cwd=tmp_path)
    assert completed.returncode in (0, 1), completed.stderr
    return json.loads(completed.stdout)


def test_every_other_finding_is_the_same_with_or_without_the_kind() -> None:
    """Emptying the naming table takes away exactly the fragile-name findings, and nothing else changes."""
    for fixture in sorted(FUNCTIONAL.glob("*fragile*.py")):
        document = Document(str(fixture), fixture.read_text(encoding="utf-8"))
        with_kind = analyse(document, INDEX).findings
        naming, INDEX.naming = INDEX.naming, {}
        try:
            without_kind = analyse(document, INDEX).findings
        finally:
            INDEX.naming = naming
        kept = [finding for finding in with_kind if finding.symbol != SYMBOL]
        assert [(f.line, f.column, f.code, f.message, f.fix) for f in kept] == \
            [(f.line, f.column, f.code, f.message, f.fix) for f in without_kind], fixture.name


def test_findings_are_information_and_never_fixed(tmp_path: Path) -> None:
    source = UNNAMED.format(comment="")
    findings = [f for f in _check(tmp_path, source) if f["symbol"] == SYMBOL]
    assert [(f["code"], f["severity"], f["rule"]) for f in findings] == [("I5311", "info", "fragile-name:layers.dense")]
    assert "fix" not in findings[0] and "dense_1" in findings[0]["message"]
    fixed = run_tf1lint("check", "--fix", "--unsafe-fixes", "--select", SYMBOL, "m.py", cwd=tmp_path)
    assert fixed.returncode == 1, fixed.stderr  # still reported, nothing written
    assert (tmp_path / "m.py").read_text() == source


@pytest.mark.parametrize("how", [
    ("  # tf1lint: ignore[tf1-fragile-checkpoint-name]",), ("  # tf1lint: ignore[I5311]",),
    ("  # tf1lint: ignore[fragile-name:layers.dense]",), ("", "--ignore", SYMBOL), ("", "--ignore", "fragile-name"),
], ids=["comment-symbol", "comment-code", "comment-rule", "ignore-symbol", "ignore-rule-prefix"])
def test_suppressed_like_every_finding(tmp_path: Path, how: tuple[str, ...]) -> None:
    comment, *options = how
    findings = _check(tmp_path, UNNAMED.format(comment=comment), *options)
    assert SYMBOL not in _symbols(findings)
    assert "tf1-removed-api" in _symbols(findings)  # the call's own finding stays


def test_selected_by_code_alone(tmp_path: Path) -> None:
    assert _symbols(_check(tmp_path, UNNAMED.format(comment=""), "--select", "I5311")) == [SYMBOL]


def test_pylint_reports_it_and_disables_it_by_symbol(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(UNNAMED.format(comment=""))
    assert SYMBOL in [message["symbol"] for message in pylint_messages(str(module))]
    module.write_text(UNNAMED.format(comment=f"  # pylint: disable={SYMBOL}"))
    assert SYMBOL not in [message["symbol"] for message in pylint_messages(str(module))]


@pytest.mark.parametrize(("call", "unnamed"), [
    ("f(x, 4)", True), ("f(x, 4, None, None)", True), ("f(x, 4, name=None)", True),
    ("f(x, 4, None, 'n')", False), ("f(x, 4, name=n)", False), ("f(x, 4, name='')", False),
    ("f(x, *rest)", False), ("f(*rest)", False), ("f(x, 4, **options)", False), ("f(x, 4, None, None, 5)", True),
])
def test_the_unnamed_condition(call: str, unnamed: bool) -> None:
    (condition,), problem = parse_conditions({"unnamed": {"keyword": "name", "position": 3}})
    assert problem is None
    assert condition.matches(ast.parse(call, mode="eval").body) is unnamed  # type: ignore[arg-type]


@pytest.mark.parametrize(("entry", "problem"), [
    ("kind: fragile-name", "needs 'when'"),
    ("kind: fragile-name\n    when: {unnamed: {keyword: name, position: -1}}", "when unnamed must be"),
    ("kind: fragile-name\n    when: {unnamed: {position: 2}}", "when unnamed must be"),
    ("kind: removed\n    other_graphs: true", "other_graphs belongs to fragile-name entries"),
])
def test_the_loader_refuses_malformed_entries(tmp_path: Path, entry: str, problem: str) -> None:
    team = tmp_path / "team.yaml"
    team.write_text(f"catalogue: 1\nentries:\n  - id: team:x\n    api: tf.x\n    note: N.\n    {entry}\n")
    problems = load_catalogue([team], include_bundled=False).problems
    assert any(problem in str(found) for found in problems), problems


def test_the_ckpt_fixture_flags_the_variables_map_pairs_by_order() -> None:
    """The unnamed MLP that tests/data/ckpt writes with TF 1.14 (Variable ... Variable_5): `ckpt map` needs a
    guess for each of its 6 variables (tests/test_ckpt_convert.py), and the linter flags the same 6 calls."""
    writer = ROOT / "tests" / "data" / "ckpt" / "write_tf1_checkpoints.py"
    tree = ast.parse(writer.read_text(encoding="utf-8"))
    mlp = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "mlp")
    findings = analyse(Document(str(writer), writer.read_text(encoding="utf-8")), INDEX).findings
    in_mlp = [f for f in findings if f.symbol == SYMBOL and mlp.lineno <= f.line <= (mlp.end_lineno or 0)]
    assert len(in_mlp) == 6 and all(f.entry.api.endswith(".Variable") for f in in_mlp)


def test_the_entries_are_what_tensorflow_1_14_signatures_give(tf114_python: str) -> None:
    completed = subprocess.run([tf114_python, "-m", "tools.catalogue.generate_checkpoint_names", "--check"], cwd=ROOT,
                               capture_output=True, text=True, check=False, timeout=600)
    assert completed.returncode == 0, completed.stderr[-2000:]
