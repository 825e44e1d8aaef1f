"""The results cache trusts nothing it finds: a committed or crafted cache folder can neither make
pruning delete files outside the cache, nor hide findings, nor put text into `--fix`."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hostile_env import run

from tf1lint.catalogue.user_cache import sign, signing_secret

TF1 = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.reduce_sum(x, keep_dims=True)\n"


def project(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "pyproject.toml").write_text("[tool.tf1lint]\n")
    (root / "model.py").write_text(TF1)
    return root


def precious_folder(path: Path, count: int = 10) -> dict[str, str]:
    """Sub-folders named as the cache names its own, each with a file: what must survive."""
    path.mkdir(parents=True)
    for number in range(count):
        (path / f"{number:024x}" / "ab").mkdir(parents=True)
        (path / f"{number:024x}" / "ab" / f"{number:064x}.json").write_text(f"keep {number}")
        (path / f"{number:024x}" / "notes.txt").write_text("mine")
    return snapshot(path)


def snapshot(path: Path) -> dict[str, str]:
    return {str(file.relative_to(path)): file.read_text() for file in sorted(path.rglob("*")) if file.is_file()}


def entries(root: Path) -> list[Path]:
    return sorted((root / ".tf1lint_cache").glob("results-v*/*/*/*.json"))


def findings(completed) -> list[str]:
    return [line.split(" ")[0] for line in completed.stdout.decode().splitlines()]


def test_a_committed_results_link_is_never_followed_when_pruning(tmp_path: Path) -> None:
    root = project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    before = precious_folder(elsewhere)
    (root / ".tf1lint_cache").mkdir()
    (root / ".tf1lint_cache" / ".gitignore").write_text("# Created by tf1lint: its results cache.\n*\n")
    (root / ".tf1lint_cache" / "results-v1").symlink_to(elsewhere)
    for _ in range(2):
        completed = run("check", ".", cwd=root)
        assert completed.returncode == 1, completed.stderr
    assert snapshot(elsewhere) == before


def test_a_cache_dir_naming_a_folder_of_other_files_loses_none_of_them(tmp_path: Path) -> None:
    root = project(tmp_path)
    theirs = tmp_path / "data"
    before = precious_folder(theirs / "results-v1")
    (root / "pyproject.toml").write_text(f"[tool.tf1lint]\ncache-dir = {str(theirs)!r}\n")
    for _ in range(2):
        assert run("check", ".", cwd=root).returncode == 1
    after = snapshot(theirs / "results-v1")
    assert {name: text for name, text in after.items() if name in before} == before


def test_an_entry_that_is_a_link_is_replaced_not_written_through(tmp_path: Path) -> None:
    root = project(tmp_path)
    run("check", ".", cwd=root)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    for entry in entries(root):
        entry.unlink()
        entry.symlink_to(victim)
    assert run("check", ".", cwd=root).returncode == 1
    assert victim.read_text() == "precious\n"


def test_a_crafted_entry_cannot_hide_findings(tmp_path: Path) -> None:
    root = project(tmp_path)
    first = run("check", ".", cwd=root)
    assert findings(first) == ["model.py:2:4:", "model.py:3:21:"]
    for entry in entries(root):
        document = json.loads(entry.read_text())
        document["findings"] = []  # the key fields are right: only the signature can tell
        entry.write_text(json.dumps(document))
    assert findings(run("check", ".", cwd=root)) == findings(first)


def test_an_entry_signed_by_another_tf1lint_version_is_not_read(tmp_path: Path) -> None:
    root = project(tmp_path)
    first = run("check", ".", cwd=root)
    secret = signing_secret()
    assert secret is not None
    for entry in entries(root):
        document = json.loads(entry.read_text())
        document["findings"], document["tool"] = [], "0.0.1"
        document["signature"] = sign(document, secret)
        entry.write_text(json.dumps(document))
    assert findings(run("check", ".", cwd=root)) == findings(first)


def test_fix_never_takes_fix_text_from_the_cache(tmp_path: Path) -> None:
    root = project(tmp_path)
    run("check", ".", cwd=root)
    secret = signing_secret()
    for entry in entries(root):
        document = json.loads(entry.read_text())
        for finding in document["findings"]:
            finding[9] = ["safe", "injected", [[1, 0, 1, 0, "import os; os.system('evil')\n"]]]
        document["signature"] = sign(document, secret)
        entry.write_text(json.dumps(document))
    completed = run("check", "--fix", ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    text = (root / "model.py").read_text()
    assert "evil" not in text and "keepdims=True" in text


def test_the_secret_is_the_users_alone(tmp_path: Path) -> None:
    secret_file = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    run("check", ".", cwd=project(tmp_path))
    key = (Path(os.environ["TF1LINT_CACHE_DIR"]) if os.environ.get("TF1LINT_CACHE_DIR")
           else secret_file / "tf1lint") / "results-cache.key"
    assert key.stat().st_mode & 0o077 == 0
