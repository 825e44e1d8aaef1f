"""The standalone command: formats, options, exit codes, file discovery and bad input."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_tf1lint

TF1_FILE = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
JSON_KEYS = {"path", "line", "column", "end_line", "end_column", "code", "symbol", "severity", "api",
             "name", "replacement", "rule", "message"}


def test_text_format_and_exit_code_1_on_findings(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(TF1_FILE)
    completed = run_tf1lint("check", str(tmp_path / "model.py"))
    assert completed.returncode == 1
    assert completed.stdout.startswith(f"{tmp_path / 'model.py'}:2:4: E5302 tf1-compat-only-api tf.placeholder ")
    assert completed.stdout.rstrip().endswith("[compat-only:placeholder]")


def test_json_format_has_the_documented_keys(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(TF1_FILE)
    completed = run_tf1lint("check", "--format", "json", str(tmp_path))
    (finding,) = json.loads(completed.stdout)
    assert set(finding) == JSON_KEYS | {"fix"}  # fix: tf.compat.v1.placeholder, an unsafe fix
    assert finding["fix"]["applicability"] == "unsafe"
    assert finding == finding | {
        "line": 2, "column": 4, "end_line": 2, "end_column": 18, "code": "E5302", "severity": "error",
        "api": "tf.placeholder", "name": "tf.placeholder", "rule": "compat-only:placeholder",
    }


def test_clean_tree_exits_0_and_prints_nothing(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("import tensorflow as tf\nx = tf.random.normal([2])\n")
    completed = run_tf1lint("check", str(tmp_path))
    assert (completed.returncode, completed.stdout, completed.stderr) == (0, "", "")


def test_directories_skip_git_caches_and_virtual_environments(tmp_path: Path) -> None:
    for folder in (".git", "__pycache__", "venv", "src"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "m.py").write_text(TF1_FILE)
    (tmp_path / "venv" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / "src" / "notes.txt").write_text(TF1_FILE)
    completed = run_tf1lint("check", "--format", "json", str(tmp_path))
    assert [Path(f["path"]).relative_to(tmp_path).as_posix() for f in json.loads(completed.stdout)] == ["src/m.py"]


def test_syntax_error_is_reported_and_the_other_files_still_checked(tmp_path: Path) -> None:
    (tmp_path / "a_broken.py").write_text("import tensorflow as tf\nprint 'py2'\n")
    (tmp_path / "b_model.py").write_text(TF1_FILE)
    completed = run_tf1lint("check", str(tmp_path))
    assert completed.returncode == 3
    assert completed.stderr.strip() == f"{tmp_path / 'a_broken.py'}:2:0: cannot check: syntax error: " + \
        completed.stderr.strip().split("syntax error: ", 1)[1]
    assert "b_model.py:2:4: E5302" in completed.stdout


def test_unknown_target_is_a_one_line_usage_error(tmp_path: Path) -> None:
    completed = run_tf1lint("check", "--target", "1.15", str(tmp_path))
    assert completed.returncode == 2
    assert completed.stderr.startswith("tf1lint: error: unknown target TensorFlow version '1.15'")
    assert len(completed.stderr.strip().splitlines()) == 1


def test_unknown_option_value_is_a_one_line_usage_error() -> None:
    completed = run_tf1lint("check", "--format", "yaml")
    assert completed.returncode == 2
    assert len(completed.stderr.strip().splitlines()) == 1
    assert "invalid choice: 'yaml'" in completed.stderr


def test_compat_v1_reporting_can_be_switched_off(tmp_path: Path) -> None:
    (tmp_path / "v1.py").write_text("import tensorflow.compat.v1 as tf\nx = tf.placeholder(tf.float32)\n")
    on = json.loads(run_tf1lint("check", "--format", "json", str(tmp_path)).stdout)
    off = run_tf1lint("check", "--no-compat-v1", "--format", "json", str(tmp_path))
    assert [f["symbol"] for f in on] == ["tf1-compat-v1-api", "tf1-compat-v1-api-warning"]  # placeholder is graph-only
    assert (off.returncode, json.loads(off.stdout)) == (0, [])


def test_pyproject_settings_are_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.tf1lint]\nreport-compat-v1 = false\n")
    (tmp_path / "v1.py").write_text("import tensorflow.compat.v1 as tf\nx = tf.placeholder(tf.float32)\n")
    completed = run_tf1lint("check", "v1.py", cwd=tmp_path)
    assert (completed.returncode, completed.stdout) == (0, "")


def test_bad_pyproject_setting_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.tf1lint]\ntarget_version = '2.15'\n")
    completed = run_tf1lint("check", ".", cwd=tmp_path)
    assert completed.returncode == 2
    assert "unknown key 'target_version' in [tool.tf1lint]" in completed.stderr


def test_user_catalogue_for_in_house_wrappers(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text(
        'catalogue: 1\nentries:\n  - id: acme:session\n    api: acme.tfutil.make_session\n'
        '    kind: compat-only\n    replacement: run eagerly\n    note: Our session factory goes away.\n'
    )
    (tmp_path / "job.py").write_text("from acme import tfutil\ns = tfutil.make_session()\n")
    completed = run_tf1lint("check", "--catalogue", "team.yaml", "--format", "json", "job.py", cwd=tmp_path)
    (finding,) = json.loads(completed.stdout)
    assert (finding["rule"], finding["line"], finding["api"]) == ("acme:session", 2, "acme.tfutil.make_session")


def test_rules_lists_the_catalogue_as_json() -> None:
    completed = run_tf1lint("rules", "--format", "json")
    entries = json.loads(completed.stdout)
    assert completed.returncode == 0
    ids = {entry["id"] for entry in entries}
    assert {"compat-only:placeholder", "removed:layers", "keywords:reduce_sum"} <= ids
    assert all({"id", "api", "kind", "severity", "replacement", "note", "since"} <= set(e) for e in entries)
