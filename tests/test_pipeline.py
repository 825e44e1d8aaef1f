"""One way through: the run loop, the per-document pipeline and the import graph."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT, run_tf1lint

TF1 = "import tensorflow as tf\nx = tf.log(y)\nopt = tf.train.AdamOptimizer(0.1)\n"


def test_diff_of_overlapping_paths_shows_each_file_once(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.py").write_text(TF1)
    completed = run_tf1lint("check", "--diff", "sub", "sub/d.py", cwd=tmp_path)
    assert completed.stdout.count("+++ b/sub/d.py") == 1, completed.stdout
    assert completed.stderr.strip().startswith("Would fix 1 finding,"), completed.stderr


def test_fix_of_a_file_named_twice_reports_what_is_left_once(tmp_path: Path) -> None:
    (tmp_path / "b.py").write_text(TF1)
    completed = run_tf1lint("check", "--fix", "b.py", "b.py", cwd=tmp_path)
    assert completed.stdout.count("tf.train.AdamOptimizer") == 1, completed.stdout
    assert completed.stderr.strip() == "Fixed 1 finding, 1 remaining (1 more with --unsafe-fixes)."


def _imports(module: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _modules() -> dict[str, Path]:
    """Every module of the package, subpackages too, by its dotted name (a package's own
    `__init__` as `NAME.__init__`: importing a name from a package is no edge to it)."""
    package = ROOT / "tf1lint"
    return {".".join(path.relative_to(ROOT).with_suffix("").parts): path for path in sorted(package.rglob("*.py"))}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {other for other in _imports(path) if other in modules and other != name}
            for name, path in modules.items()}


def test_no_import_cycles_in_the_package() -> None:
    graph = _graph()
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for other in sorted(graph[node]):
            if state.get(other) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail[trail.index(other):], other]))
            if other not in state:
                visit(other, [*trail, other])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])


def test_no_module_reaches_into_another_modules_private_names() -> None:
    every = list(_modules().values())
    found = []
    for path in every:
        tree = ast.parse(path.read_text())
        # The names this file binds to our modules (`from tf1lint.run import runner`, `import tf1lint.x as y`),
        # not a local that happens to share a module's name (ckpt's `model`).
        modules = {alias.asname or alias.name.rpartition(".")[2] for node in ast.walk(tree)
                   if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names
                   if (getattr(node, "module", None) or alias.name).startswith("tf1lint")}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tf1lint"):
                found += [f"{path.relative_to(ROOT)}: {alias.name}" for alias in node.names
                          if alias.name.startswith("_") and not alias.name.startswith("__")]
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                found.append(f"{path.relative_to(ROOT)}: {node.value.id}.{node.attr}")
    assert not found


def test_every_module_a_cache_fingerprints_by_file_name_exists() -> None:
    """The catalogue cache keys on its code's bytes read by file name; a module moved or renamed
    would drop out of the key without an error, and an old cache would be served for new code."""
    from tf1lint.catalogue import user_cache

    folder = Path(user_cache.__file__).parent
    assert [name for name in user_cache.FINGERPRINTED_MODULES if not (folder / name).is_file()] == []


def test_the_engine_imports_nothing_from_the_fix_code() -> None:
    imported = _imports(ROOT / "tf1lint" / "analysis" / "engine.py")
    assert not {name for name in imported
                if name == "tf1lint.fix" or name.startswith(("tf1lint.fix.", "tf1lint.fix_", "tf1lint.run.apply_fixes"))}


FIXTURES = [*sorted((ROOT / "examples" / "tf1").glob("*.py")), ROOT / "tests" / "data" / "tf1_notebook.ipynb"]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.name)
def test_the_editors_fix_all_gives_the_text_check_fix_writes(fixture: Path, tmp_path: Path) -> None:
    """Both run apply_fixes' one fix loop: the same text, cell for cell in a notebook."""
    pytest.importorskip("pygls")
    from tf1lint.analysis.notebooks import notebook_cells  # pylint: disable=import-outside-toplevel
    from tf1lint.lsp.server import CellText, Snapshot, fixed_texts  # pylint: disable=import-outside-toplevel  # the server extra
    from tf1lint.run.config import Settings  # pylint: disable=import-outside-toplevel
    from tf1lint.run.runner import load_index  # pylint: disable=import-outside-toplevel

    _, index, _ = load_index(Settings())
    copy = tmp_path / fixture.name
    copy.write_bytes(fixture.read_bytes())
    completed = run_tf1lint("check", "--fix", "--no-cache", "--fail-on", "never", copy.name, cwd=tmp_path)
    assert "Traceback" not in completed.stderr and " finding" in completed.stderr, completed.stderr
    if fixture.suffix == ".ipynb":
        cells = tuple(CellText(f"cell{number}", cell.text, cell.is_code)
                      for number, cell in enumerate(notebook_cells(fixture.read_bytes())))
        snapshot = Snapshot("nb", 1, str(copy), cells, notebook=True)
        expected = [cell.text for cell in notebook_cells(copy.read_bytes())]
    else:
        cells = (CellText("doc", fixture.read_text(encoding="utf-8")),)
        snapshot = Snapshot("doc", 1, str(copy), cells)
        expected = [copy.read_text(encoding="utf-8")]
    changed = fixed_texts(snapshot, index)
    assert bool(changed) == (copy.read_bytes() != fixture.read_bytes())
    assert [changed.get(cell.uri, (cell.text, cell.text))[1] for cell in cells] == expected
