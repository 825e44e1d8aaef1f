"""Shared helpers: run the real `tf1lint` command and the real pylint, and read their output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

# Checkpoints written once per session by TF 1.14 and TF 2.21, shared by the tests/test_ckpt*.py files, and those of
# the real repositories' code with what tf1lint ckpt made of them.
pytest_plugins = ["ckpt_fixtures", "real_repo_fixtures"]

# tests/data holds programs and fixtures that tests run or read, never tests of their own
# (a before/after fixture may well be named *_test.py).
collect_ignore = ["data"]

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONAL = Path(__file__).resolve().parent / "functional"
EXAMPLES = ROOT / "examples"


def run_tf1lint(*args: str, cwd: Path | str | None = None, input_text: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tf1lint", *args], cwd=cwd or ROOT, capture_output=True, text=True,
        input=input_text, env=_env(), timeout=600,
    )


CACHED_TF1 = "import tensorflow as tf\n\nsess = tf.Session()\nx = tf.placeholder(tf.float32)\n"


@pytest.fixture()
def two_file_project(tmp_path: Path) -> Path:
    """A project of two TF1 files with its own pyproject.toml: the cache layers' tests check it twice."""
    (tmp_path / "pyproject.toml").write_text("[tool.tf1lint]\n")
    (tmp_path / "m.py").write_text(CACHED_TF1)
    (tmp_path / "other.py").write_text("import tensorflow as tf\n\ntf.app.run()\n")
    return tmp_path


def rewrite_signed(path: Path, change, sign: bool = True) -> None:
    """Apply `change` to the document of a signed summary file (the run index, a stored report) and
    sign it again with this user's secret, as only tf1lint itself could (or not, to play someone who cannot)."""
    import hashlib  # pylint: disable=import-outside-toplevel
    import hmac  # pylint: disable=import-outside-toplevel

    from tf1lint.catalogue.user_cache import signing_secret  # pylint: disable=import-outside-toplevel

    signature, _, payload = path.read_bytes().partition(b"\n")
    document = json.loads(payload)
    change(document)
    payload = json.dumps(document, separators=(",", ":")).encode()
    if sign:
        secret = signing_secret()
        assert secret is not None
        signature = hmac.new(secret, payload, hashlib.sha256).hexdigest().encode()
    path.write_bytes(signature + b"\n" + payload)


def forget_stored_reports(project: Path) -> None:
    """An unchanged re-run of `check` replays the report the last run stored, before the run index
    or the cache entries are asked; tests of those layers remove it so that the re-run reads them."""
    import shutil  # pylint: disable=import-outside-toplevel

    for folder in (project / ".tf1lint_cache").glob("reports-v*"):
        shutil.rmtree(folder)


def run_pylint(*args: str, cwd: Path | str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pylint", "--rcfile=/dev/null", "--load-plugins=tf1lint", *args],
        cwd=cwd or ROOT, capture_output=True, text=True, env=_env(), timeout=900,
    )


def run_pylint_with_project_config(*args: str, cwd: Path | str) -> subprocess.CompletedProcess:
    """pylint as a user runs it in their project: configuration from the folder's pyproject.toml."""
    return subprocess.run(
        [sys.executable, "-m", "pylint", "--load-plugins=tf1lint", *args],
        cwd=cwd, capture_output=True, text=True, env=_env(), timeout=900,
    )


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # The checkout's package, whatever the current folder of the subprocess.
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def pylint_messages(*paths: str, extra: tuple[str, ...] = ()) -> list[dict]:
    completed = run_pylint("--disable=all", "--enable=tf1lint", "--output-format=json2", *extra, *paths)
    assert completed.stdout.strip(), completed.stderr
    return json.loads(completed.stdout)["messages"]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def needed_on_ci(reason: str) -> NoReturn:
    """Something a developer's machine may lack: the test is skipped there, with the reason. CI
    (.ci/run, which sets CI=1) installs all of it, so there the same test fails instead."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must provide this (.ci/run sets it up): {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def tensorflow_or_skip() -> ModuleType:
    """The installed TensorFlow 2, for the modules that verify the catalogue against it."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        import tensorflow  # pylint: disable=import-outside-toplevel
    except ImportError:
        needed_on_ci("TensorFlow 2 is not installed: pip install '.[tensorflow]'")
    return tensorflow


def tf114_python_path() -> Path | None:
    """The Python 3.7 interpreter with real TensorFlow 1.14 (.ci/run makes it), or None where it is absent."""
    configured = os.environ.get("TF1LINT_TF114_PYTHON")
    candidate = Path(configured) if configured else ROOT / ".venv-tf114" / "bin" / "python"
    return candidate if candidate.exists() else None


@pytest.fixture(scope="session")
def tf114_python() -> str:
    """Path of the TF 1.14 interpreter; the test is skipped, with the reason, where it is absent."""
    found = tf114_python_path()
    if found is None:
        needed_on_ci("real TensorFlow 1.14 is not set up: .ci/run creates .venv-tf114 with Python 3.7.16 "
                     "(or set TF1LINT_TF114_PYTHON)")
    return str(found)


@dataclass(frozen=True)
class Dependencies:
    """tf1lint's runtime dependencies (pylint, astroid, PyYAML and theirs) as installed beside the tests,
    linked into one folder without tf1lint itself, and their commands (`pylint`) as scripts that run
    them with whichever `python` comes first on PATH. An install of tf1lint made with `--no-deps` (a
    scratch venv, a pre-commit hook environment) gets them through PYTHONPATH or a .pth file, and
    PATH: such an install needs no network and takes seconds."""

    site: Path
    scripts: Path


@pytest.fixture(scope="session")
def dependencies(tmp_path_factory) -> Dependencies:
    from packaging.requirements import Requirement  # pylint: disable=import-outside-toplevel

    if sys.version_info >= (3, 11):
        import tomllib  # pylint: disable=import-outside-toplevel
    else:  # pragma: no cover - Python 3.10 only
        import tomli as tomllib  # pylint: disable=import-outside-toplevel

    found = Dependencies(tmp_path_factory.mktemp("tf1lint-dependencies"), tmp_path_factory.mktemp("scripts"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pending = [Requirement(text) for text in project["dependencies"]]
    seen: set[str] = set()
    while pending:
        requirement = pending.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = requirement.name.lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        distribution = metadata.distribution(requirement.name)
        pending += [Requirement(text) for text in distribution.requires or ()]
        for file in distribution.files or ():
            top = file.parts[0]
            if top not in ("..", "__pycache__") and not (found.site / top).exists():
                (found.site / top).symlink_to(Path(distribution.locate_file(top)))
        for command in distribution.entry_points.select(group="console_scripts"):
            script = found.scripts / command.name
            script.write_text(f'#!/bin/sh\nexec python -c "import sys; from {command.module} import {command.attr}; '
                              f'sys.argv[0] = \'{command.name}\'; sys.exit({command.attr}())" "$@"\n')
            script.chmod(0o755)
    return found
