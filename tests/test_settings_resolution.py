"""One settings resolver: pyproject.toml found from the checked paths (never across a repository's
top), read by the command, the pylint plugin and the server, with wrong types refused by key."""

from __future__ import annotations

from pathlib import Path

from conftest import run_pylint_with_project_config, run_tf1lint

from tf1lint.run.config import OPTIONS, Settings

# tf.estimator is removed in TF 2.16: an error (E5303) at the newest target, a warning at 2.10.
ESTIMATOR = "import tensorflow as tf\nm = tf.estimator.Estimator(model_fn=None)\n"


def _project(root: Path, table: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(f"[tool.tf1lint]\n{table}\n", encoding="utf-8")
    (root / "m.py").write_text(ESTIMATOR, encoding="utf-8")
    return root


def test_the_settings_of_the_checked_project_hold_from_another_folder(tmp_path: Path) -> None:
    project = _project(tmp_path / "proj", 'target = "2.10"')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    completed = run_tf1lint("check", str(project / "m.py"), cwd=elsewhere)
    assert "W53" in completed.stdout and "E5303" not in completed.stdout, completed.stdout
    assert (project / ".tf1lint_cache").is_dir() and not (elsewhere / ".tf1lint_cache").exists()


def test_a_pyproject_above_the_repository_is_not_read(tmp_path: Path) -> None:
    _project(tmp_path, 'target = "2.10"')
    repository = tmp_path / "repo"
    repository.mkdir()
    (repository / ".git").mkdir()
    (repository / "m.py").write_text(ESTIMATOR, encoding="utf-8")
    completed = run_tf1lint("check", "--no-cache", "m.py", cwd=repository)
    assert "E5303" in completed.stdout, completed.stdout
    shown = run_tf1lint("check", "--show-settings", "m.py", cwd=repository)
    assert "settings file: (none" in shown.stdout


def test_a_string_where_a_list_is_expected_is_refused_naming_the_key(tmp_path: Path) -> None:
    project = _project(tmp_path, 'exclude = "vendor,other"')
    completed = run_tf1lint("check", ".", cwd=project)
    assert completed.returncode == 2 and completed.stderr.count("\n") == 1, completed.stderr
    assert "exclude must be a list of strings" in completed.stderr and "pyproject.toml" in completed.stderr


def test_show_settings_names_the_settings_file_in_use(tmp_path: Path) -> None:
    project = _project(tmp_path, 'target = "2.10"\nexclude = ["vendor"]')
    completed = run_tf1lint("check", "--show-settings", str(project), cwd=tmp_path)
    assert completed.returncode == 0
    assert f"settings file: {project / 'pyproject.toml'}" in completed.stdout
    assert "target = '2.10'" in completed.stdout and "exclude = ['vendor']" in completed.stdout


def test_show_settings_and_verbose_name_each_bundled_verdict_a_user_catalogue_overrides(tmp_path: Path) -> None:
    project = _project(tmp_path, 'catalogue = ["team.yaml"]')
    (project / "team.yaml").write_text(
        'catalogue: 1\ntensorflow: "2.21"\nentries:\n'
        "  - {id: \"removed:estimator.Estimator\", api: tf.estimator.Estimator, kind: deprecated, severity: info,\n"
        "     note: Kept a while.}\n", encoding="utf-8")
    # By its id, and (the entry for TF before 2.16) by its API.
    lowered = "removed:estimator.Estimator tf.estimator.Estimator: removed/error -> deprecated/info (lowered) at team.yaml:4"
    also = ("deprecated:estimator.Estimator (by removed:estimator.Estimator) tf.estimator.Estimator: "
            "deprecated/warning -> deprecated/info (lowered) at team.yaml:4")
    shown = run_tf1lint("check", "--show-settings", ".", cwd=project)
    assert shown.returncode == 0 and "catalogue overrides: 2 bundled entries are replaced" in shown.stdout
    assert lowered in shown.stdout and also in shown.stdout, shown.stdout
    verbose = run_tf1lint("check", "--no-cache", "--verbose", "m.py", cwd=project)
    assert f"tf1lint: {lowered}" in verbose.stderr and "settings file: " in verbose.stderr, verbose.stderr
    assert "I53" in verbose.stdout and lowered not in verbose.stdout  # the report itself is unchanged
    (project / "pyproject.toml").write_text("[tool.tf1lint]\n", encoding="utf-8")
    assert "overrides" not in run_tf1lint("check", "--show-settings", ".", cwd=project).stdout


def test_the_pylint_plugin_reads_tool_tf1lint(tmp_path: Path) -> None:
    project = _project(tmp_path, 'target = "2.10"')
    completed = run_pylint_with_project_config("--disable=all", "--enable=tf1lint", "m.py", cwd=project)
    assert "tf1-deprecated-api" in completed.stdout and "tf1-removed-api" not in completed.stdout, completed.stdout
    (project / "pyproject.toml").write_text('[tool.tf1lint]\nexclude = ["m.py"]\n', encoding="utf-8")
    excluded = run_pylint_with_project_config("--disable=all", "--enable=tf1lint", "m.py", cwd=project)
    assert "tf1-" not in excluded.stdout, excluded.stdout


def test_every_option_is_declared_once_with_a_settings_field() -> None:
    fields = set(Settings.__dataclass_fields__)
    assert all(option.field in fields for option in OPTIONS)
    assert len({option.toml for option in OPTIONS}) == len(OPTIONS)
