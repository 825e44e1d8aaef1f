"""Property tests for hostile ground: notebooks of any JSON shape, catalogue files of any YAML
(aliases included), file-system layouts of any permissions, links and overlapping paths.

Whatever the input, tf1lint reports it or refuses it with one line each: never a traceback, never
an internal error, never a hang (each example runs under a time limit). The default run tries a
few examples of each; the long run is under the `fuzz` marker:
    python -m pytest -m fuzz tests/test_hardening_properties.py
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hostile_env import NOBODY, command, environment
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tf1lint.catalogue.loader import load_catalogue
from tf1lint.run.config import Settings
from tf1lint.run.runner import check_file, load_index

_, INDEX, _ = load_index(Settings())
QUICK, LONG = 25, 2000
EXAMPLES = [QUICK, pytest.param(LONG, marks=pytest.mark.fuzz)]
SECONDS_PER_EXAMPLE = 20


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """A hang fails the test instead of stalling the suite."""
    def expire(_signal: int, _frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def one_line_each(messages: list[str]) -> None:
    for message in messages:
        assert "\n" not in message and "\r" not in message and len(message) < 2000, message[:300]


def run_settings(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


# -- notebooks ---------------------------------------------------------------------------------------------

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
ANY_JSON = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)
CODE = st.sampled_from([
    "import tensorflow as tf\n", "tf.Session()\n", "x = tf.placeholder(tf.float32)\n", "for x in y:\n", "@tf.function\n",
    "def broken(:\n", "  y = tf.log(1.0)\n", "\r", "a = 1\rb = tf.Session()\r\n", "%%bash\necho tf.Session()\n",
    "!pip install tf\n", "tf.Session?\n", "name = '\ud800'\n", "\t\tpass\n", "\\\n", "x = (\n", "'''\n", "\x00",
    "from tensorflow import *\nplaceholder(1)\n", "é = tf.contrib.layers.flatten(x)\n",
])
SOURCE = st.lists(CODE, max_size=5).map("".join) | st.lists(CODE | st.integers() | st.none(), max_size=4) | ANY_JSON
CELL = st.fixed_dictionaries({"cell_type": st.sampled_from(["code", "markdown", "raw", 3])},
                             optional={"source": SOURCE, "input": SOURCE, "metadata": ANY_JSON})
NOTEBOOK = st.one_of(
    st.fixed_dictionaries({"cells": st.lists(CELL, max_size=6)},
                          optional={"metadata": ANY_JSON | st.fixed_dictionaries(
                              {"kernelspec": st.fixed_dictionaries({"language": st.sampled_from(["python", "R", 3])})}),
                              "nbformat": st.integers(0, 5)}),
    st.fixed_dictionaries({"worksheets": st.lists(st.fixed_dictionaries({"cells": st.lists(CELL, max_size=4)})
                                                  | ANY_JSON, max_size=2)}),
    ANY_JSON,
)
TAILS = st.sampled_from(["", "   ", "\n" + "9" * 5000, "[" * 3000, "\x00", "\udc80"])


@pytest.mark.parametrize("examples", EXAMPLES)
def test_any_notebook_gives_findings_or_one_line(tmp_path: Path, examples: int) -> None:
    @run_settings(examples)
    @given(document=NOTEBOOK, tail=TAILS, huge_number=st.booleans())
    def check(document: object, tail: str, huge_number: bool) -> None:
        text = json.dumps(document)
        if huge_number and text.endswith("}"):
            text = text[:-1] + (', ' if text != "{}" else "") + '"n": ' + "7" * 5000 + "}"
        path = tmp_path / "n.ipynb"
        path.write_bytes((text + tail).encode("utf-8", "surrogatepass"))
        with time_limit(SECONDS_PER_EXAMPLE):
            outcome = check_file(str(path), INDEX)
        assert not [failure for failure in outcome.failures if failure.internal], outcome.failures
        one_line_each([str(failure) for failure in outcome.failures])
        for finding in outcome.findings:
            assert finding.cell is not None and finding.cell >= 1 and finding.line >= 1 and finding.column >= 0

    check()


# -- catalogue files ---------------------------------------------------------------------------------------

FIELD_VALUES = st.one_of(st.sampled_from(["tf.x", "tensorflow.y", "tf.contrib.*", "removed", "renamed", "2.16", "2.²",
                                          "error", "keyword-changed", "", " ", "tf..x"]),
                         st.integers(), st.floats(allow_nan=False), st.none(), st.booleans(),
                         st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=4),
                                                                                  st.text(max_size=4) | st.none(), max_size=2))
ENTRY = st.dictionaries(st.sampled_from(["id", "api", "kind", "severity", "note", "since", "until", "keywords",
                                         "arguments", "tf2_arguments", "replacement", "mechanical", "extra"]),
                        FIELD_VALUES, max_size=8)
SHAPED = st.fixed_dictionaries({"catalogue": st.sampled_from([1, 2, "1"]), "entries": st.lists(ENTRY, max_size=5)})
YAML_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                          max_leaves=15)


def with_aliases(document: object, shared: object) -> object:
    """The same object in two places: yaml.dump writes it once with &id001 and then *id001."""
    if isinstance(document, dict):
        return {**document, "shared_a": shared, "shared_b": shared}
    return [document, shared, shared]


@pytest.mark.parametrize("examples", EXAMPLES)
def test_any_catalogue_file_loads_or_gives_one_line_per_problem(tmp_path: Path, examples: int,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TF1LINT_NO_CACHE", "1")  # every example is parsed, none served from a cache

    @run_settings(examples)
    @given(document=SHAPED | YAML_VALUE, shared=st.none() | st.lists(st.integers(), min_size=1, max_size=3)
           | st.dictionaries(st.text(max_size=3), st.integers(), min_size=1, max_size=2), raw=st.text(max_size=200))
    def check(document: object, shared: object, raw: str) -> None:
        texts = [raw]
        texts.append(yaml.safe_dump(document, allow_unicode=True))
        if shared is not None:
            texts.append(yaml.dump(with_aliases(document, shared), allow_unicode=True))
        for text in texts:
            path = tmp_path / "team.yaml"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            with time_limit(SECONDS_PER_EXAMPLE):
                result = load_catalogue([str(path)], include_bundled=False)
            one_line_each([str(problem) for problem in result.problems])
            if "&id" in text:
                assert any("anchors and aliases" in str(problem) for problem in result.problems)

    check()


# -- file-system layouts -------------------------------------------------------------------------------------

NAMES = st.sampled_from(["a", "b", "c.py", "d.ipynb", "e.py"])
NODE = st.tuples(st.lists(NAMES, min_size=1, max_size=3),
                 st.sampled_from(["tf1", "bad", "folder", "link", "loop", "fifo", "dangling"]),
                 st.sampled_from([0o755, 0o700, 0o711, 0o000, 0o644, 0o444]),
                 st.lists(NAMES, min_size=1, max_size=2))


def build(root: Path, nodes: list[tuple[list[str], str, int, list[str]]]) -> list[Path]:
    made = []
    for parts, kind, mode, target in nodes:
        path = root.joinpath(*parts)
        if path.exists() or path.is_symlink():
            continue
        with contextlib.suppress(OSError):  # a parent that is a file, say: this layout cannot exist
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind == "tf1":
                path.write_text("import tensorflow as tf\ntf.Session()\n")
            elif kind == "bad":
                path.write_bytes(b"import tensorflow as tf\ndef f(:\n\xff")
            elif kind == "folder":
                path.mkdir()
            elif kind == "link":
                path.symlink_to(root.joinpath(*target))
            elif kind == "loop":
                path.symlink_to(path.parent)
            elif kind == "fifo":
                os.mkfifo(path)
            else:
                path.symlink_to(root / "nowhere")
            made.append((path, mode))
    for folder, _, files in os.walk(root):
        os.chown(folder, NOBODY, NOBODY)
        for name in files:
            os.lchown(os.path.join(folder, name), NOBODY, NOBODY)
    for path, mode in made:  # modes last: a closed folder would stop the chown walk
        if not path.is_symlink():
            path.chmod(mode)
    return [path for path, _ in made]


@pytest.mark.parametrize("examples", [6, pytest.param(300, marks=pytest.mark.fuzz)])
def test_any_layout_of_files_and_permissions_gives_a_report(examples: int) -> None:
    @run_settings(examples)
    @given(nodes=st.lists(NODE, max_size=8), picks=st.lists(st.integers(0, 20), max_size=4))
    def check(nodes: list, picks: list[int]) -> None:
        with tempfile.TemporaryDirectory() as temporary:
            root = Path(temporary) / "tree"
            root.mkdir()
            made = build(root, nodes)
            # Overlapping paths: the root, and some of what is inside it, named again.
            paths = [str(root)] + [str(made[pick % len(made)]) for pick in picks if made]
            completed = subprocess.run(command("check", "--allow-empty", "--format", "json", *paths,
                                               unprivileged=True),
                                       capture_output=True, env=environment(), timeout=120, check=False)
            stderr = completed.stderr.decode()
            assert completed.returncode in (0, 1, 3), stderr
            assert "Traceback" not in stderr and "internal error" not in stderr, stderr
            findings = json.loads(completed.stdout)
            assert len({(f["path"], f["line"]) for f in findings}) == len(findings)  # nothing checked twice
            for line in stderr.splitlines():
                assert line.startswith(str(root)), line

    check()
