"""One way through: the run loop, the per-document pipeline and the import graph."""

from __future__ import annotations

import ast
from pathlib import Path

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


def _graph() -> dict[str, set[str]]:
    package = ROOT / "tf1lint"
    modules = {f"tf1lint.{path.stem}": path for path in package.glob("*.py")}
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
    package = ROOT / "tf1lint"
    modules = {path.stem for path in package.glob("*.py")}
    found = []
    for path in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tf1lint"):
                found += [f"{path.name}: {alias.name}" for alias in node.names
                          if alias.name.startswith("_") and not alias.name.startswith("__")]
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                found.append(f"{path.name}: {node.value.id}.{node.attr}")
    assert not found
def test_the_engine_imports_nothing_from_the_fix_code() -> None:
    imported = _imports(ROOT / "tf1lint" / "engine.py")
    assert not {name for name in imported if name.startswith(("tf1lint.fix_", "tf1lint.apply_fixes"))}
