"""Start-up budget: each entry point imports only what it uses.

Every command is run for real in a child process under `python -X importtime`, which lists each
module the process imported; a module on the entry's list of things it must not need fails the
test with the chain of imports that pulled it in. The lists are the expensive or unrelated parts:
the process pool, YAML, the fix machinery, the reporters and the editor server.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Never needed by linting one file or a few: each is either slow to import or used by one command.
HEAVY = frozenset({
    "yaml", "multiprocessing", "concurrent.futures.process", "jsonschema", "pygls", "lsprotocol",
    "tf1lint.cli.fix_command", "tf1lint.run.apply_fixes", "tf1lint.reporters.inventory", "tf1lint.run.baseline",
    "tf1lint.reporters.html", "tf1lint.reporters.sarif", "tf1lint.reporters.csv_report",
    "tf1lint.reporters.inventory_json", "tf1lint.reporters.rules_doc", "tf1lint.lsp.server", "tf1lint.ckpt",
    "tf1lint.equiv",
})
# Building fixes (and what only fixes and notebooks use): a run served from the cache needs none.
FIXES = frozenset({"tf1lint.fix", "tf1lint.analysis.notebooks", "tf1lint.lsp.incremental_parse"})
# What a check of one named file does without, fixes and all: the catalogue's loader (a snapshot
# serves it), notebooks, the editor's parser, the .gitignore reader (a file named is checked),
# typing (types are for the checker), threads (for deep files), signals, tempfile and shutil.
ONE_FILE = frozenset({"tf1lint.catalogue.loader", "tf1lint.catalogue.schema", "tf1lint.analysis.notebooks", "tf1lint.lsp.incremental_parse",
                      "tf1lint.files.gitignore", "typing", "threading", "signal", "tempfile", "shutil"})

TF1_SOURCE = "import tensorflow as tf\n\nx = tf.placeholder(tf.float32)\nsess = tf.Session()\n"
PLAIN_SOURCE = "import os\n\nprint(os.getcwd())\n"


def _environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["XDG_CACHE_HOME"] = str(home / "user-cache")  # the catalogue cache and the signing secret
    env.pop("TF1LINT_CACHE_DIR", None)
    env.pop("TF1LINT_NO_CACHE", None)
    return env


def _imports(arguments: list[str], cwd: Path, env: dict[str, str]) -> tuple[set[str], dict[str, str]]:
    """The modules the command imported, and for each the module that imported it."""
    completed = subprocess.run([sys.executable, "-X", "importtime", *arguments], cwd=cwd, env=env,
                               stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300, check=False)
    rows = [line.split("|")[2].rstrip() for line in completed.stderr.splitlines() if line.startswith("import time:")]
    rows = rows[1:]  # the header row
    names: set[str] = set()
    parents: dict[str, str] = {}
    # importtime prints a module after the modules it imported, indented one step less.
    for position, row in enumerate(rows):
        name, depth = row.strip(), len(row) - len(row.lstrip())
        names.add(name)
        for later in rows[position + 1:]:
            if len(later) - len(later.lstrip()) < depth:
                parents.setdefault(name, later.strip())
                break
    assert names, completed.stderr[-2000:]
    return names, parents


def _chain(name: str, parents: dict[str, str]) -> str:
    chain = [name]
    while chain[-1] in parents and len(chain) < 30:
        chain.append(parents[chain[-1]])
    return " <- ".join(chain)


def _assert_budget(arguments: list[str], forbidden: frozenset[str], cwd: Path, env: dict[str, str]) -> set[str]:
    names, parents = _imports(arguments, cwd, env)
    pulled = sorted(name for name in names if name in forbidden or name.split(".")[0] in forbidden)
    assert not pulled, f"{' '.join(arguments)} imports what it does not need:\n" + "\n".join(
        _chain(name, parents) for name in pulled)
    return names


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "model.py").write_text(TF1_SOURCE, encoding="utf-8")
    (folder / "plain.py").write_text(PLAIN_SOURCE, encoding="utf-8")
    env = _environment(tmp_path)
    # Fill the user's catalogue cache first: every entry below measures a normal, warmed start.
    completed = subprocess.run([sys.executable, "-m", "tf1lint", "rules"], cwd=folder, env=env,
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    return folder, env


def test_version_imports_nothing_but_the_command(project: tuple[Path, dict[str, str]]) -> None:
    folder, env = project
    names = _assert_budget(["-m", "tf1lint", "--version"], HEAVY | FIXES | {"json", "tomllib", "tempfile"},
                           folder, env)
    assert {name for name in names if name.startswith("tf1lint")} <= {"tf1lint", "tf1lint.cli", "tf1lint.cli.main", "tf1lint.__main__"}


def test_rules_reads_the_catalogue_from_its_cache_without_yaml(project: tuple[Path, dict[str, str]]) -> None:
    folder, env = project
    _assert_budget(["-m", "tf1lint", "rules"], HEAVY | FIXES | {"tf1lint.run.run_index", "tempfile"}, folder, env)


def test_check_of_one_file_needs_no_process_pool(project: tuple[Path, dict[str, str]]) -> None:
    folder, env = project
    names = _assert_budget(["-m", "tf1lint", "check", "model.py"], HEAVY | ONE_FILE, folder, env)
    assert "tf1lint.fix.build" in names  # it was really analysed, with its fixes
    names = _assert_budget(["-m", "tf1lint", "check", "--no-cache", "plain.py", "model.py"], HEAVY | ONE_FILE,
                           folder, env)
    assert "tf1lint.fix.build" in names


def test_check_served_from_the_cache_builds_no_fixes(project: tuple[Path, dict[str, str]]) -> None:
    folder, env = project
    first = subprocess.run([sys.executable, "-m", "tf1lint", "check", "model.py"], cwd=folder, env=env,
                           capture_output=True, text=True, timeout=300)
    assert "E5302" in first.stdout, first.stderr
    _assert_budget(["-m", "tf1lint", "check", "model.py"], HEAVY | FIXES | ONE_FILE, folder, env)


def test_pylint_plugin_on_code_without_tensorflow_loads_no_catalogue(project: tuple[Path, dict[str, str]]) -> None:
    folder, env = project
    pylint = [sys.executable, "-m", "pylint", "--rcfile=/dev/null", "--load-plugins=tf1lint", "--persistent=n"]
    first = subprocess.run([*pylint, "model.py"], cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    assert "tf1-compat-only-api" in first.stdout, first.stderr
    # runner holds load_index: not imported means the catalogue was never loaded; nor is the engine.
    # Nor the catalogue's classes, the loader or the results cache: the plugin's messages come from
    # the kind table and the recorded roots are checked with the user cache's secret alone.
    _assert_budget([*pylint[1:], "plain.py"],
                   HEAVY | FIXES | {"tf1lint.run.runner", "tf1lint.cli.main", "tf1lint.analysis.engine", "tf1lint.analysis.suppressions",
                                    "tf1lint.catalogue.model", "tf1lint.catalogue.loader", "tf1lint.run.cache", "tf1lint.analysis.findings"},
                   folder, env)


def test_server_starts_without_fixes_pool_or_yaml(project: tuple[Path, dict[str, str]]) -> None:
    pytest.importorskip("pygls")
    folder, env = project
    heavy = (HEAVY - {"pygls", "lsprotocol", "tf1lint.lsp.server"}) | {"tf1lint.fix", "tf1lint.analysis.notebooks"}
    _assert_budget(["-m", "tf1lint", "server"], heavy, folder, env)
