"""Every integration snippet in the README, exercised for real: pre-commit (with `pre-commit try-repo`
and with the README's config), the VS Code pylint settings, the GitHub Actions steps, pyproject."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import virtualenv
import yaml
from conftest import ROOT, Dependencies, _env, run_pylint_with_project_config, run_tf1lint

# setuptools (and pip) wheels that virtualenv, a dependency of pre-commit, carries: builds need no index.
SEED_WHEELS = Path(virtualenv.__file__).parent / "seed" / "wheels" / "embed"
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
    """This checkout's working tree as a committed git repository, so uncommitted work is what is tested;
    on a clean clone it is the checkout's HEAD."""
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


@pytest.fixture(scope="module")
def offline(tmp_path_factory, dependencies: Dependencies) -> dict[str, str]:
    """pre-commit's environment, shared by the tests of this module so that `pre-commit run` builds its
    hook environment once, and offline: pip installs tf1lint from the hook repository with --no-deps
    (its dependencies come from the test's own environment through PYTHONPATH and PATH) and builds it
    with the setuptools virtualenv put in the hook environment, never asking an index."""
    return {"PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")), "PIP_NO_INDEX": "1",
            "PIP_NO_BUILD_ISOLATION": "0",  # pip reads this "no-" variable backwards: 0 means --no-build-isolation
            "PIP_NO_DEPS": "1", "PYTHONPATH": str(dependencies.site),
            "PATH": f"{dependencies.scripts}{os.pathsep}{os.environ.get('PATH', '')}"}


def pre_commit(*args: str, cwd: Path, environment: dict[str, str]) -> subprocess.CompletedProcess:
    env = {**_env(), **environment}  # PYTHONPATH without the checkout: hooks run tf1lint as pre-commit installed it
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


def test_pre_commit_try_repo_runs_the_hook_of_this_checkout(hook_repo, offline, project: Path) -> None:
    """`pre-commit try-repo` (which builds its hook environment afresh every time: once here)."""
    repo, _ = hook_repo
    failed = pre_commit("try-repo", str(repo), "tf1lint", "--all-files", cwd=project, environment=offline)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "model.py:2:4: E5302 tf1-compat-only-api tf.placeholder" in failed.stdout, failed.stdout


def test_readme_pre_commit_config_fails_on_tf1_code_then_passes(hook_repo, offline, project: Path) -> None:
    """The README's configuration as written, with only `repo` pointing at this checkout (and `rev` at
    its HEAD, so that the code under test is what runs)."""
    repo, head = hook_repo
    config = yaml.safe_load(snippet("pre-commit"))
    config["repos"][0]["repo"], config["repos"][0]["rev"] = str(repo), head
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git("add", "-A", cwd=project)
    failed = pre_commit("run", "--all-files", cwd=project, environment=offline)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "tf1lint (TensorFlow 1.x APIs that break on TF2)" in failed.stdout
    assert "model.py:2:4: E5302" in failed.stdout  # the standalone hook
    assert "(tf1-compat-only-api)" in failed.stdout  # the pylint hook's message format
    (project / "model.py").write_text(TF2_FILE)
    git("add", "-A", cwd=project)
    passed = pre_commit("run", "--all-files", cwd=project, environment=offline)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert passed.stdout.count("Passed") == 2, passed.stdout


def test_readme_pre_commit_rev_is_a_commit_of_this_repository_with_both_hooks() -> None:
    config = yaml.safe_load(snippet("pre-commit"))
    rev = config["repos"][0]["rev"]
    assert re.fullmatch(r"[0-9a-f]{40}", rev), f"rev {rev!r} is not a full commit SHA"
    exists = subprocess.run(["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=ROOT, capture_output=True, text=True)
    assert exists.returncode == 0, f"{rev} is not a commit of this repository (a shallow clone?): {exists.stderr}"
    hooks = subprocess.run(["git", "show", f"{rev}:.pre-commit-hooks.yaml"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout
    assert {hook["id"] for hook in config["repos"][0]["hooks"]} <= {hook["id"] for hook in yaml.safe_load(hooks)}
    # The GitHub Actions snippet installs that same commit.
    assert f"@{rev}" in snippet("github-actions")


def test_pre_commit_autoupdate_moves_rev_to_the_newest_commit(hook_repo, offline, project: Path) -> None:
    """The README's way to keep `rev` current works without a release tag: autoupdate pins the newest commit."""
    repo, head = hook_repo
    config = yaml.safe_load(snippet("pre-commit"))
    config["repos"][0]["repo"] = str(repo)
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    completed = pre_commit("autoupdate", "--freeze", cwd=project, environment=offline)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    updated = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    assert updated["repos"][0]["rev"] == head


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


# -- installing tf1lint as the README says ---------------------------------------------------------

def install_lines() -> list[str]:
    """The README's install commands, without their comments."""
    return [line.split("  #", 1)[0].rstrip() for line in snippet("install").splitlines() if line.strip()]


@pytest.fixture()
def scratch_venv(tmp_path: Path, dependencies: Dependencies) -> Path:
    """A virtual environment without pip (pip runs into it with --python) that sees tf1lint's
    dependencies from the test's own environment (a .pth file), so installs take --no-deps and no network."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    (site_packages,) = venv.glob("lib/python*/site-packages")
    (site_packages / "tf1lint-dependencies.pth").write_text(f"{dependencies.site}\n")
    return venv


def run_install(command: str, venv: Path, cwd: Path) -> subprocess.CompletedProcess:
    """`command` as the README writes it, with `pip install` aimed at `venv` (offline, --no-deps) and
    `python` the test's interpreter, which builds with the setuptools wheel virtualenv carries."""
    pip = f"{shlex.quote(sys.executable)} -m pip"
    command = command.replace("pip install ", f"{pip} --python {shlex.quote(str(venv / 'bin' / 'python'))} "
                                              "install --no-deps ")
    command = re.sub(r"(^|&& )python -m pip ", rf"\g<1>{pip} ", command)
    env = {key: value for key, value in _env().items() if key != "PYTHONPATH"}
    env |= {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(SEED_WHEELS)}
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


def installed_tf1lint_works(venv: Path, tmp_path: Path) -> None:
    """The installed command, away from this checkout, finds TF1 code with its bundled catalogue."""
    project = tmp_path / "user-project"
    project.mkdir()
    (project / "model.py").write_text(TF1_FILE)
    env = {key: value for key, value in _env().items() if key != "PYTHONPATH"}
    completed = subprocess.run([str(venv / "bin" / "tf1lint"), "check", "model.py"], cwd=project,
                               capture_output=True, text=True, env=env, timeout=300)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert completed.stdout.startswith("model.py:2:4: E5302 tf1-compat-only-api tf.placeholder")
    shown = subprocess.run([str(venv / "bin" / "python"), "-c", "import tf1lint; print(tf1lint.__file__)"],
                           cwd=project, capture_output=True, text=True, env=env, timeout=60).stdout.strip()
    assert Path(shown).is_relative_to(venv), shown  # the installed copy, not this checkout


def test_readme_install_from_git_as_github_actions_does(hook_repo, scratch_venv: Path, tmp_path: Path) -> None:
    """The README's git install line (the one the GitHub Actions snippet runs), with only the host
    swapped for this checkout and the commit for its HEAD."""
    repo, head = hook_repo
    line = install_lines()[0]
    actions = [step["run"] for step in yaml.safe_load(snippet("github-actions"))["jobs"]["tf1lint"]["steps"]
               if step.get("run", "").startswith("pip install")]
    assert actions == [line]
    match = re.fullmatch(r'pip install "tf1lint @ git\+https://github\.com/tf1lint/tf1lint@([0-9a-f]{40})"', line)
    assert match, line
    # file://localhost, not file:///: the pip a fresh venv brings (23.x) refuses a VCS URL with no host.
    local = line.replace("https://github.com/tf1lint/tf1lint", f"file://localhost{repo}").replace(match.group(1), head)
    completed = run_install(local, scratch_venv, cwd=tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    installed_tf1lint_works(scratch_venv, tmp_path)


def test_readme_install_from_a_checkout(hook_repo, scratch_venv: Path, tmp_path: Path) -> None:
    repo, _ = hook_repo
    line = install_lines()[1]
    assert line == "pip install ./tf1lint"
    shutil.copytree(repo, tmp_path / "tf1lint")
    completed = run_install(line, scratch_venv, cwd=tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    installed_tf1lint_works(scratch_venv, tmp_path)


def test_readme_install_from_a_wheel_built_in_a_checkout(hook_repo, scratch_venv: Path, tmp_path: Path) -> None:
    repo, _ = hook_repo
    checkout = tmp_path / "checkout"
    shutil.copytree(repo, checkout)
    completed = run_install(install_lines()[2], scratch_venv, cwd=checkout)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert [wheel.name for wheel in (checkout / "dist").iterdir()] == ["tf1lint-0.2.0-py3-none-any.whl"]
    installed_tf1lint_works(scratch_venv, tmp_path)
