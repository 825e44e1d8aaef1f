"""pylint with our plugin stays out of TensorFlow: no inference of its lazy loaders, no `no-member`
(nor `import-error` / `no-name-in-module`) on tf.* names, unless the user turns the shield off."""

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


def _symbols(tmp_path: Path, *options: str) -> list[str]:
    path = tmp_path / "model.py"
    path.write_text(SOURCE, encoding="utf-8")
    completed = run_pylint("--disable=all", f"--enable=tf1lint,{','.join(sorted(PYLINT_ABOUT_TF))}",
                           "--output-format=parseable", "--score=n", *options, str(path), cwd=tmp_path)
    assert completed.returncode != 32, completed.stderr  # 32: pylint itself failed
    return re.findall(r": \[\w+\(([\w-]+)\)", completed.stdout)


def test_no_member_is_not_reported_on_tensorflow_names(tmp_path: Path) -> None:
    symbols = _symbols(tmp_path)
    assert not PYLINT_ABOUT_TF & set(symbols), symbols
    assert symbols.count("tf1-compat-only-api") == 1  # tf1lint still reports tf.placeholder
    assert "tf1-compat-v1-api" in symbols


def test_the_shield_can_be_turned_off(tmp_path: Path) -> None:
    # The control: without the shield pylint does complain, so the test above can fail.
    symbols = _symbols(tmp_path, "--tf1-shield-tensorflow=no")
    assert PYLINT_ABOUT_TF & set(symbols), symbols
