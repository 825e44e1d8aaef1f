"""Which files a run takes: exclude patterns, .gitignore files (judged against git itself), and
files named on the command line, which are checked even when excluded unless --force-exclude."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import run_tf1lint

TF1 = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"

LAYOUT = [
    "main.py", "build/gen.py", "build/keep/kept.py", "docs/build/page.py", "src/app.py", "src/app_pb2.py",
    "src/deep/a/b/c.py", "src/deep/a/tmp/t.py", "src/important_pb2.py", "logs/x.py", "logs/y/x.py",
    "vendor/lib.py", "notes/a.py", "notes/b.py", "#hash.py", "space .py", "lit[1].py", "scratch_q.py",
]
GITIGNORE = """
# build output, only at the top
/build/
*_pb2.py
!important_pb2.py
src/deep/**/tmp
logs/*
!logs/y/
notes/
!notes/b.py
\\#hash.py
space\\ .py
lit\\[1\\].py
scratch_?.py
"""
NESTED = {"src/.gitignore": "app.py\n", "src/deep/.gitignore": "!*.py\n"}


def _tree(root: Path) -> Path:
    for name in LAYOUT:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(TF1)
    (root / ".gitignore").write_text(GITIGNORE)
    for name, text in NESTED.items():
        (root / name).write_text(text)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


def _checked(completed: subprocess.CompletedProcess) -> set[str]:
    return {line.split(":")[0] for line in completed.stdout.splitlines()}


def test_gitignore_is_honoured_exactly_as_git_reads_it(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    git = subprocess.run(["git", "ls-files", "--others", "--exclude-standard"], cwd=root, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    expected = {name for name in git if name.endswith(".py")}
    assert "build/gen.py" not in expected and "docs/build/page.py" in expected  # the layout does test things
    assert _checked(run_tf1lint("check", ".", cwd=root)) == expected
    every = _checked(run_tf1lint("check", "--no-respect-gitignore", ".", cwd=root))
    assert every == set(LAYOUT)


def test_exclude_patterns_from_the_command_line_and_pyproject(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "pyproject.toml").write_text('[tool.tf1lint]\nexclude = ["vendor", "/main.py"]\n')
    found = _checked(run_tf1lint("check", "--no-respect-gitignore", ".", cwd=root))
    assert "vendor/lib.py" not in found and "main.py" not in found and "src/app.py" in found
    extended = _checked(run_tf1lint("check", "--no-respect-gitignore", "--extend-exclude", "src/deep/**", ".",
                                    cwd=root))
    assert "vendor/lib.py" not in extended and not any(path.startswith("src/deep/") for path in extended)
    replaced = _checked(run_tf1lint("check", "--no-respect-gitignore", "--exclude", "notes", ".", cwd=root))
    assert "vendor/lib.py" in replaced and "notes/a.py" not in replaced  # --exclude replaces pyproject's


def test_named_files_are_checked_even_if_excluded_unless_force_exclude(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "pyproject.toml").write_text('[tool.tf1lint]\nexclude = ["vendor"]\n')
    named = run_tf1lint("check", "vendor/lib.py", "build/gen.py", cwd=root)
    assert _checked(named) == {"vendor/lib.py", "build/gen.py"}
    forced = run_tf1lint("check", "--force-exclude", "vendor/lib.py", "build/gen.py", "src/important_pb2.py", cwd=root)
    assert _checked(forced) == {"src/important_pb2.py"}
    assert forced.returncode == 1


def test_a_named_folder_is_walked_even_if_excluded(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    assert _checked(run_tf1lint("check", "--exclude", "vendor", "vendor", cwd=root)) == {"vendor/lib.py"}
    assert _checked(run_tf1lint("check", "--exclude", "vendor", "--force-exclude", "vendor", cwd=root)) == set()


@pytest.mark.parametrize("value, words", [
    ('exclude = ["vendor"]', None),
    # A string would be one pattern: `"vendor,other"` would silently exclude nothing.
    ('exclude = "vendor"', 'exclude must be a list of strings like exclude = ["vendor"], not a string'),
    ("exclude = 3", "exclude must be a list of strings, not a number"),
    ('respect-gitignore = "no"', "respect-gitignore must be true or false"),
])
def test_exclude_settings_types(tmp_path: Path, value: str, words: str | None) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.tf1lint]\n{value}\n")
    (tmp_path / "m.py").write_text(TF1)
    completed = run_tf1lint("check", ".", cwd=tmp_path)
    if words is None:
        assert completed.returncode == 1
    else:
        assert completed.returncode == 2 and words in completed.stderr and "pyproject.toml" in completed.stderr
