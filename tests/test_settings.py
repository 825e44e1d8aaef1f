"""Settings that cannot silently go wrong: versions as TOML numbers, patch versions, unknown keys,
wrong types and odd TOML shapes (one line naming the file, never a traceback), the report format
implied by -o, and --version."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_pylint_with_project_config, run_tf1lint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tf1lint import __version__
from tf1lint.run.config import KNOWN_KEYS, ConfigError, read_pyproject

# tf.estimator is removed in TF 2.16: an error at 2.20, a warning (deprecated) at 2.2 or 2.10.
ESTIMATOR = "import tensorflow as tf\nm = tf.estimator.Estimator(model_fn=None)\n"
INFO_ONLY = "import tensorflow.compat.v1 as tf\nv = tf.get_variable(\"v\", [1])\n"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "m.py").write_text(ESTIMATOR)
    return tmp_path


def _one_line_error(completed, *words: str) -> None:
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert completed.stderr.count("\n") == 1 and "Traceback" not in completed.stderr, completed.stderr
    for word in words:
        assert word in completed.stderr, completed.stderr


@pytest.mark.parametrize("written", ["2.10", "2.20", "2"])
def test_a_version_written_as_a_toml_number_is_refused_with_the_fix(project: Path, written: str) -> None:
    (project / "pyproject.toml").write_text(f"[tool.tf1lint]\ntarget = {written}\n")
    completed = run_tf1lint("check", "m.py", cwd=project)
    _one_line_error(completed, "pyproject.toml", f"target = {written} is a TOML number", f'target = "{written}"')


def test_a_patch_version_is_read_as_its_minor_version(project: Path) -> None:
    expected = run_tf1lint("check", "--target", "2.20", "m.py", cwd=project)
    assert "E5303" in expected.stdout  # removed on 2.20
    assert run_tf1lint("check", "--target", "2.20.0", "m.py", cwd=project).stdout == expected.stdout
    (project / "pyproject.toml").write_text('[tool.tf1lint]\ntarget = "2.20.1"\n')
    assert run_tf1lint("check", "m.py", cwd=project).stdout == expected.stdout


@pytest.mark.parametrize("table, words", [
    ("[tool.tf1lint]\ntarget_version = '2.15'\n", ["unknown key 'target_version' in [tool.tf1lint]"]),
    ("[tool.tf1lint]\nreport-compat-v1 = 'yes'\n", ["report-compat-v1", "true or false"]),
    ("[tool.tf1lint]\ncatalogue = 3\n", ["catalogue", "a path or a list of paths"]),
    ("[tool.tf1lint]\ntarget = true\n", ["target must be a version string", "not true/false"]),
    ("[tool.tf1lint]\ncache-dir = 1\n", ["cache-dir must be a folder path"]),
    ("[tool.tf1lint]\nexclude = [1]\n", ["exclude must be a list of strings"]),
    ("tool = 3\n", ["[tool] must be a table"]),
    ("[tool]\ntf1lint = 3\n", ["[tool.tf1lint] must be a table"]),
    ("[[tool.tf1lint]]\ntarget = '2.15'\n", ["[tool.tf1lint] must be a table"]),
    ("[tool.tf1lint\n", ["cannot read [tool.tf1lint]"]),
])
def test_unknown_keys_wrong_types_and_odd_shapes_are_one_line(project: Path, table: str, words: list[str]) -> None:
    (project / "pyproject.toml").write_text(table)
    _one_line_error(run_tf1lint("check", "m.py", cwd=project), "pyproject.toml", *words)


@pytest.mark.parametrize("table, words", [
    ("[tool.pylint.tf1lint]\ntf1-target = 2.10\n",
     ["pyproject.toml", "tf1-target = 2.10 is a TOML number", 'tf1-target = "2.10"']),
    ("[tool.pylint.tf1lint]\ntf1-targets = '2.15'\n", ["pyproject.toml", "unknown key 'tf1-targets'"]),
    ("[tool.pylint.main]\ntf1-report-compat = true\n", ["pyproject.toml", "unknown key 'tf1-report-compat'"]),
    # pylint refuses this one itself (its usage status, 32) before tf1lint is asked
    ("[tool.pylint.tf1lint]\ntf1-report-compat-v1 = 3\n", ["tf1-report-compat-v1", "Invalid yn value"]),
])
def test_pylint_tables_are_checked_too(project: Path, table: str, words: list[str]) -> None:
    (project / "pyproject.toml").write_text("[tool.pylint.main]\nload-plugins = ['tf1lint']\n" + table
                                            if "pylint.main" not in table else table)
    completed = run_pylint_with_project_config("--disable=all", "--enable=tf1lint", "m.py", cwd=project)
    assert completed.returncode == (32 if "Invalid yn value" in words else 2)
    assert "Traceback" not in completed.stderr
    assert all(word in completed.stderr for word in words), completed.stderr


def test_pylint_reads_a_patch_version(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.pylint.tf1lint]\ntf1-target = '2.10.0'\n")
    completed = run_pylint_with_project_config("--disable=all", "--enable=tf1lint", "m.py", cwd=project)
    assert "W5305" in completed.stdout and "E5303" not in completed.stdout  # deprecated, not yet removed


@pytest.mark.parametrize("name, kind", [("report.json", "json"), ("report.sarif", "sarif"), ("report.txt", "text")])
def test_output_format_follows_the_extension(project: Path, name: str, kind: str) -> None:
    completed = run_tf1lint("check", "-o", name, "m.py", cwd=project)
    assert completed.returncode == 1
    written = (project / name).read_text()
    if kind == "text":
        assert written.startswith("m.py:2:4: ")
    else:
        document = json.loads(written)
        assert isinstance(document, list) if kind == "json" else document["version"] == "2.1.0"


def test_inventory_html_from_the_extension(project: Path) -> None:
    assert run_tf1lint("inventory", "-o", "inventory.html", "m.py", cwd=project).returncode == 0
    assert (project / "inventory.html").read_text().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("arguments, words", [
    (("check", "--format", "json", "-o", "report.html"), ["looks like html but --format is json"]),
    (("inventory", "--format", "text", "-o", "report.md"), ["looks like markdown but --format is text"]),
    (("check", "-o", "report.html"), ["check cannot write html"]),
])
def test_a_format_that_contradicts_the_extension_is_refused(project: Path, arguments, words) -> None:
    completed = run_tf1lint(*arguments, "m.py", cwd=project)
    _one_line_error(completed, *words)
    assert not list(project.glob("report.*"))


def test_version() -> None:
    completed = run_tf1lint("--version")
    assert (completed.returncode, completed.stdout) == (0, f"tf1lint {__version__}\n")


def _hook_commands() -> dict[str, list[str]]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    commands = {}
    for hook in hooks:
        program, *arguments = hook["entry"].split()
        commands[hook["id"]] = [sys.executable, "-m", program, *arguments, *hook.get("args", [])]
    return commands


@pytest.mark.parametrize("source, fails, letter", [
    (INFO_ONLY, False, "I"),
    ("import tensorflow as tf\nx = tf.nn.conv2d(x, f, [1, 1, 1, 1], \"SAME\", True)\n", True, "W"),
    ("import tensorflow as tf\nm = tf.contrib.layers.flatten(1)\n", True, "E"),
])
def test_both_hooks_fail_on_the_same_findings(tmp_path: Path, source: str, fails: bool, letter: str) -> None:
    import subprocess

    from conftest import _env

    (tmp_path / "m.py").write_text(source)
    statuses = {}
    for hook, command in _hook_commands().items():
        completed = subprocess.run([*command, "m.py"], cwd=tmp_path, capture_output=True, text=True, env=_env(),
                                   timeout=600)
        assert completed.stdout.strip(), f"{hook} reported nothing"
        if hook == "tf1lint":  # the file holds findings of exactly this severity
            assert {line.split(" ")[1][0] for line in completed.stdout.splitlines()} == {letter}
        statuses[hook] = completed.returncode != 0
    assert statuses == {"tf1lint": fails, "tf1lint-pylint": fails}


def test_readme_pre_commit_rev_is_a_commit_until_this_versions_tag_exists() -> None:
    """No release tag exists yet: the snippet pins a commit (tests/test_integrations.py checks it is one of
    this repository's), and the README says how the tag of this version will be made."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    config = yaml.safe_load(readme.split("<!-- snippet: pre-commit -->\n```yaml\n", 1)[1].split("```", 1)[0])
    assert re.fullmatch(r"[0-9a-f]{40}", config["repos"][0]["rev"])
    assert f"git tag -a v{__version__}" in readme and "autoupdate --freeze" in readme


def _toml(value) -> str:
    """A TOML inline value (enough of TOML for the shapes hypothesis makes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return {"inf": "inf", "-inf": "-inf", "nan": "nan"}.get(repr(value), repr(value))
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return "{" + ", ".join(f"{json.dumps(key)} = {_toml(item)}" for key, item in value.items()) + "}"


_SCALARS = st.one_of(st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(), st.text(max_size=20),
                     st.sampled_from(["2.10", "2.21.0", "2.¹", " 2.15 ", "vendor", "*.py", "[z-a]"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                       max_leaves=8)
_KEYS = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(min_size=1, max_size=12))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.dictionaries(_KEYS, _VALUES, max_size=4))
def test_any_tool_tf1lint_table_is_read_or_refused_in_one_line(tmp_path: Path, table: dict) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.tf1lint]\n" + "".join(f"{json.dumps(key)} = {_toml(value)}\n"
                                                      for key, value in table.items()), encoding="utf-8")
    try:
        settings_read = read_pyproject(pyproject)
    except ConfigError as error:
        message = str(error)
        assert "\n" not in message and str(pyproject) in message
        return
    assert set(table) <= set(KNOWN_KEYS)
    if "target" in settings_read:
        assert isinstance(settings_read["target"], str)
    for key in ("exclude", "extend_exclude", "catalogues"):
        assert all(isinstance(item, str) for item in settings_read.get(key, []))
