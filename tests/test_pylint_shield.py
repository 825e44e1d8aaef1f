"""pylint with our plugin stays out of TensorFlow: no inference of its lazy loaders, no `no-member`
(nor `import-error` / `no-name-in-module`) on tf.* names, unless the user turns the shield off;
but a name TensorFlow 2.21 does not have and the catalogue does not know (a typo) is still pylint's
`no-member` / `no-name-in-module`."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_pylint

# tf.placeholder and tf.keras are names astroid cannot see through TensorFlow's lazy loaders
# (and cannot see at all where TensorFlow is not installed).
SOURCE = """\
import tensorflow as tf
from tensorflow.keras import layers
import tensorflow.compat.v1 as v1

x = tf.placeholder(tf.float32)
model = tf.keras.Sequential([layers.Dense(2)])
y = v1.placeholder(tf.float32)
"""
PYLINT_ABOUT_TF = {"no-member", "import-error", "no-name-in-module"}


TYPOS = """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.layers import Dnse, Dense

model = tf.keras.Sequential([tf.keras.layers.Dnse(3), keras.layers.Dense(2)])
x = tf.placeholder(tf.float32)
y = tf.nn.relu(x).whatever
try:
    z = tf.a_name_from_tomorrow
except AttributeError:
    z = None
print(tf.__version__, tf.compat.v1.anything_at_all, tf.contrib.slim, tf.layers, Dense)
"""


def _run(tmp_path: Path, source: str, *options: str) -> str:
    path = tmp_path / "model.py"
    path.write_text(source, encoding="utf-8")
    completed = run_pylint("--disable=all", f"--enable=tf1lint,{','.join(sorted(PYLINT_ABOUT_TF))}",
                           "--output-format=parseable", "--score=n", *options, str(path), cwd=tmp_path)
    assert completed.returncode != 32, completed.stderr  # 32: pylint itself failed
    return completed.stdout


def _symbols(tmp_path: Path, *options: str) -> list[str]:
    return re.findall(r": \[\w+\(([\w-]+)\)", _run(tmp_path, SOURCE, *options))


def test_no_member_is_not_reported_on_tensorflow_names(tmp_path: Path) -> None:
    symbols = _symbols(tmp_path)
    assert not PYLINT_ABOUT_TF & set(symbols), symbols
    assert symbols.count("tf1-compat-only-api") == 1  # tf1lint still reports tf.placeholder
    assert "tf1-compat-v1-api" in symbols


def test_the_shield_can_be_turned_off(tmp_path: Path) -> None:
    # The control: without the shield pylint does complain, so the test above can fail.
    symbols = _symbols(tmp_path, "--tf1-shield-tensorflow=no")
    assert PYLINT_ABOUT_TF & set(symbols), symbols


def test_typos_in_tensorflow_names_are_still_no_member(tmp_path: Path) -> None:
    output = _run(tmp_path, TYPOS)
    pylint_own = sorted(re.findall(r"model\.py:(\d+): \[(E1101|E0611)\(([\w-]+)\), \] (.*)", output))
    assert pylint_own == [
        ("3", "E0611", "no-name-in-module", "No name 'Dnse' in module 'tensorflow.keras.layers'"),
        ("5", "E1101", "no-member", "Module 'tensorflow.keras.layers' has no 'Dnse' member; maybe 'Dense'?"),
    ], output
    # TF1 names stay tf1lint's (with the TF2 way), not pylint's.
    assert "tf1-compat-only-api" in output and "tf1-removed-api" in output


def test_no_member_on_tensorflow_names_is_pylints_to_turn_off(tmp_path: Path) -> None:
    output = _run(tmp_path, TYPOS, "--disable=no-member,no-name-in-module")
    assert "E1101" not in output and "E0611" not in output and "tf1-compat-only-api" in output
