"""Same input, byte-identical output: across runs, across -j 1 and -j 2 (check and pylint), and
whatever order the file system lists files in. And tf1lint never imports TensorFlow or runs the
code it reads."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, _env, run_tf1lint

LINES = ["x = tf.placeholder(tf.float32)", "s = tf.Session()", "y = tf.reduce_sum(x, keep_dims=True)",
         "opt = tf.train.AdamOptimizer(0.1)", "l = tf.contrib.layers.flatten(x)", "z = tf.math.log(2.0)"]


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """Sixty files written in a shuffled order, so creation order is not listing order."""
    root = tmp_path_factory.mktemp("tree")
    generator = random.Random(7)
    names = [f"pkg{number % 4}/module_{number:03d}.py" for number in range(60)]
    generator.shuffle(names)
    for name in names:
        path = root / name
        path.parent.mkdir(exist_ok=True)
        body = generator.sample(LINES, k=3)
        path.write_text("import tensorflow as tf\n" + "\n".join(body) + "\n")
    return root


def test_check_is_byte_identical_across_runs_and_jobs(tree: Path) -> None:
    outputs = {run_tf1lint("check", "--format", "json", "--jobs", jobs, str(tree)).stdout for jobs in ("1", "2", "1", "2")}
    assert len(outputs) == 1
    paths = [finding["path"] for finding in json.loads(outputs.pop())]
    assert paths == sorted(paths) and len(set(paths)) == 60


def test_inventory_is_byte_identical_across_jobs(tree: Path) -> None:
    outputs = {run_tf1lint("inventory", "--format", fmt, "--jobs", jobs, str(tree)).stdout
               for fmt in ("json",) for jobs in ("1", "2")}
    assert len(outputs) == 1


def test_pylint_is_identical_with_one_and_two_jobs(tree: Path) -> None:
    outputs = []
    for jobs in ("1", "2"):
        completed = subprocess.run(
            [sys.executable, "-m", "pylint", "--rcfile=/dev/null", "--load-plugins=tf1lint", "--disable=all",
             "--enable=tf1lint", f"--jobs={jobs}", "--output-format=json2", "--recursive=y", str(tree)],
            capture_output=True, text=True, env=_env(), timeout=600)
        messages = json.loads(completed.stdout)["messages"]
        outputs.append(sorted(json.dumps(message, sort_keys=True) for message in messages))
    assert outputs[0] == outputs[1] and len(outputs[0]) > 100


def test_linting_never_imports_tensorflow_nor_runs_the_code(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    (tmp_path / "trap.py").write_text(f"import tensorflow as tf\nopen({str(marker)!r}, 'w').close()\n"
                                      "x = tf.placeholder(tf.float32)\n")
    code = (
        "import sys, io, contextlib\n"
        "from tf1lint.cli.main import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    status = main(['inventory', '--format', 'json', {str(tmp_path)!r}, {str(EXAMPLES)!r}])\n"
        "assert status == 0, status\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in ('tensorflow', 'keras')))\n"
        "print(len(out.getvalue()))\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), cwd=ROOT)
    imported, size = completed.stdout.splitlines()
    assert imported == "[]", completed.stderr
    assert int(size) > 1000
    assert not marker.exists()
