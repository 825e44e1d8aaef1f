"""Every integration snippet in the README, exercised for real: pre-commit (with `pre-commit try-repo`
and with the README's config), the VS Code pylint settings, the GitHub Actions steps, pyproject."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, _env, run_pylint_with_project_config, run_tf1lint

TF1_FILE = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
TF2_FILE = "import tensorflow as tf\nx = tf.keras.Input(shape=(3,))\n"
TEAM = ('catalogue: 1\nentries:\n  - {id: "team:make_session", api: team.make_session, kind: compat-only, '
        'replacement: run eagerly, note: Our wrapper around tf.Session.}\n')


def snippet(name: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- snippet: {name} -->\n```\w+\n(.*?)```", readme, re.DOTALL)
    assert match, f"README has no snippet {name}"
    return match.group(1)


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True,
                   capture_output=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This checkout's working tree as a committed git repository, so uncommitted work is what is tested."""
    repo = tmp_path_factory.mktemp("tf1lint-repo")
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    for name in listed:
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "snapshot", cwd=repo)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    return repo, head


def pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = _env() | {"PRE_COMMIT_HOME": str(home)}
    env.pop("PYTHONPATH", None)  # the hook runs from its own environment, built by pre-commit
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=900)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "model.py").write_text(TF1_FILE)
    git("init", "-q", cwd=project)
    git("add", "-A", cwd=project)
    return project


def test_pre_commit_try_repo_fails_on_tf1_code_then_passes(hook_repo, project: Path, tmp_path: Path) -> None:
    repo, _ = hook_repo
    failed = pre_commit("try-repo", str(repo), "tf1lint", "--all-files", cwd=project, home=tmp_path / "cache")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "model.py:2:4: E5302 tf1-compat-only-api tf.placeholder" in failed.stdout
    (project / "model.py").write_text(TF2_FILE)
    git("add", "-A", cwd=project)
    passed = pre_commit("try-repo", str(repo), "tf1lint", "--all-files", cwd=project, home=tmp_path / "cache")
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_readme_pre_commit_config_runs_both_hooks(hook_repo, project: Path, tmp_path: Path) -> None:
    repo, head = hook_repo
    config = yaml.safe_load(snippet("pre-commit"))
    config["repos"][0]["repo"], config["repos"][0]["rev"] = str(repo), head
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git("add", "-A", cwd=project)
    completed = pre_commit("run", "--all-files", cwd=project, home=tmp_path / "cache")
    assert completed.returncode == 1
    assert "tf1lint (TensorFlow 1.x APIs that break on TF2)" in completed.stdout
    assert "model.py:2:4: E5302" in completed.stdout  # the standalone hook
    assert "(tf1-compat-only-api)" in completed.stdout  # the pylint hook's message format


def test_vscode_settings_give_exact_ranges_through_pylint(tmp_path: Path) -> None:
    settings = json.loads(snippet("vscode"))
    (tmp_path / "model.py").write_text(TF1_FILE)
    completed = subprocess.run([sys.executable, "-m", "pylint", *settings["pylint.args"], "--output-format=json2",
                                "model.py"], cwd=tmp_path, capture_output=True, text=True, env=_env(), timeout=300)
    ours = [m for m in json.loads(completed.stdout)["messages"] if m["symbol"].startswith("tf1-")]
    assert [(m["line"], m["column"], m["endLine"], m["endColumn"], m["symbol"]) for m in ours] == [
        (2, 4, 2, 18, "tf1-compat-only-api")]


def test_github_actions_steps(tmp_path: Path) -> None:
    """The baseline workflow: adopted on today's code, the job then fails only on new TF1 code."""
    workflow = yaml.safe_load(snippet("github-actions"))
    steps = workflow["jobs"]["tf1lint"]["steps"]
    assert any(step.get("uses", "").startswith("github/codeql-action/upload-sarif") for step in steps)
    (tmp_path / "model.py").write_text(TF1_FILE)
    commands = [step["run"] for step in steps if step.get("run", "").startswith("tf1lint ")]
    assert len(commands) == 2 and all("--baseline tf1lint-baseline.json" in command for command in commands)
    adopt = re.search(r"`(tf1lint check --write-baseline [^`]+)`", readme_section("GitHub Actions")).group(1)
    assert run_tf1lint(*shlex.split(adopt)[1:], cwd=tmp_path).returncode == 0
    passed = run_tf1lint(*shlex.split(commands[0])[1:], cwd=tmp_path)
    assert (passed.returncode, passed.stdout) == (0, "")
    (tmp_path / "model.py").write_text(TF1_FILE + "s = tf.Session()\n")
    results = [run_tf1lint(*shlex.split(command)[1:], cwd=tmp_path) for command in commands]
    assert results[0].returncode == 1
    assert results[0].stdout.startswith("::error file=model.py,line=3,col=5,")
    assert results[0].stdout.count("::error") == 1
    sarif = json.loads((tmp_path / "tf1lint.sarif").read_text())
    upload = next(step for step in steps if "upload-sarif" in step.get("uses", ""))
    assert upload["with"]["sarif_file"] == "tf1lint.sarif" and sarif["version"] == "2.1.0"


def readme_section(title: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split(title, 1)[1].split("\n## ", 1)[0]


def test_pyproject_snippets_configure_both_front_ends(tmp_path: Path) -> None:
    (tmp_path / "team-tf1.yaml").write_text(TEAM)
    (tmp_path / "job.py").write_text("import team\nimport tensorflow.compat.v1 as tf\nteam.make_session()\n")
    (tmp_path / "pyproject.toml").write_text(snippet("pyproject-pylint") + "\n" + snippet("pyproject-tf1lint"))
    standalone = run_tf1lint("check", "--format", "json", "job.py", cwd=tmp_path)
    assert sorted(f["rule"] for f in json.loads(standalone.stdout)) == ["compat-v1:all", "team:make_session"]
    through_pylint = run_pylint_with_project_config("--disable=all", "--enable=tf1lint", "--output-format=json2",
                                                    "job.py", cwd=tmp_path)
    messages = json.loads(through_pylint.stdout)["messages"]
    assert sorted(m["message"].rsplit("[", 1)[1] for m in messages) == ["compat-v1:all]", "team:make_session]"]
