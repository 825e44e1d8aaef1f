"""The recall measurement's collector: which binding lines a TensorFlow name goes through, and which uses are no
TensorFlow API at all."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

from tools.measure.measure_recall import NOT_TENSORFLOW, _Collector

SOURCE = """\
import tensorflow as tf
flags = tf.flags
FLAGS = flags.FLAGS
flags.DEFINE_integer("steps", 1, "how many")
print(FLAGS.steps)
import tensorflow.contrib.slim as slim
slim.conv2d(1, num_outputs=2)
tf.zeros([2])
"""


def references_by_line() -> dict[int, list]:
    found: dict[int, list] = {}
    for reference in _Collector("demo.py").collect(ast.parse(SOURCE)):
        found.setdefault(reference.line, []).append(reference)
    return found


def test_a_use_through_a_chain_of_aliases_remembers_every_binding_line() -> None:
    uses = references_by_line()
    assert [(r.name, r.via) for r in uses[5]] == [("tensorflow.flags.FLAGS.steps", (3, 2, 1))]
    assert [(r.name, r.via) for r in uses[4]] == [("tensorflow.flags.DEFINE_integer", (2, 1))]


def test_an_imported_module_alias_is_its_own_binding() -> None:
    uses = references_by_line()
    assert {(r.name, r.via) for r in uses[7]} == {("tensorflow.contrib.slim.conv2d", (6,))}
    assert [(r.name, r.via) for r in uses[8]] == [("tensorflow.zeros", (1,))]


def test_a_positional_keep_prob_of_dropout_is_a_change_of_meaning() -> None:
    source = "import tensorflow as tf\ntf.nn.dropout(x, 0.8)\ntf.nn.dropout(x, rate=0.2)\n"
    changed = [r.line for r in _Collector("demo.py").collect(ast.parse(source)) if r.meaning_changed]
    assert changed == [2]


def test_a_name_bound_twice_to_the_same_api_remembers_both_binding_lines() -> None:
    source = "import tensorflow as tf\nscope = tf.contrib.framework.arg_scope\nscope = tf.contrib.framework.arg_scope\nscope([])\n"
    uses = [r for r in _Collector("demo.py").collect(ast.parse(source)) if r.line == 4]
    assert [(r.name, r.via) for r in uses] == [("tensorflow.contrib.framework.arg_scope", (2, 1, 3))]


# What no TensorFlow release has is no TF1 use: NOT_TENSORFLOW takes such uses out of the measure. Checked on both
# sides, so the list can never hide a name that TF1 code really used (pre-1.0 names are kept out of it by hand).
NOT_TENSORFLOW_CHECK = """\
import inspect, json, sys
sys.path.insert(0, sys.argv[1])
from tools.catalogue.tf_resolution import FreshResolver, resolve_here
resolver, verdicts = FreshResolver(), {}
for label in json.loads(sys.stdin.read()):
    name, _, keyword = label.partition("(")
    keyword = keyword.rstrip("=)")
    if not keyword:
        verdicts[label] = resolver.resolves(name)
        continue
    parameters = inspect.signature(resolve_here(name)).parameters
    verdicts[label] = keyword in parameters or any(p.kind is p.VAR_KEYWORD for p in parameters.values())
print(json.dumps(verdicts))
"""


def tensorflow_knows(python: str, labels: list[str]) -> dict[str, bool]:
    """Whether the TensorFlow of `python` has each name (or takes each name's keyword)."""
    completed = subprocess.run([python, "-c", NOT_TENSORFLOW_CHECK, str(ROOT)], input=json.dumps(labels),
                               capture_output=True, text=True, timeout=600, check=False,
                               env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert completed.returncode == 0, completed.stderr[-2000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.mark.tensorflow
def test_uses_left_out_as_no_tensorflow_api_fail_on_tf1_and_tf2(tf114_python: str) -> None:
    labels = sorted(NOT_TENSORFLOW)
    for python in (tf114_python, sys.executable):
        known = tensorflow_knows(python, labels)
        assert [label for label in labels if known[label]] == [], python


def test_a_use_of_no_tensorflow_api_is_labelled_as_the_measure_lists_misses() -> None:
    source = "import tensorflow as tf\nopt = tf.AdamOptimizer(0.1)\ny = tf.sqrt(x,\n  keepdims=True)\n"
    labels = {(r.line, r.label) for r in _Collector("demo.py").collect(ast.parse(source))}
    assert {(2, "tensorflow.AdamOptimizer"), (4, "tensorflow.sqrt(keepdims=)")} <= labels
    assert {label for _, label in labels} & set(NOT_TENSORFLOW) == {"tensorflow.AdamOptimizer",
                                                                     "tensorflow.sqrt(keepdims=)"}


@pytest.mark.tensorflow
def test_a_failing_keyword_of_a_call_reported_as_a_whole_is_flagged_and_the_report_is_no_false_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import ROOT, tensorflow_or_skip

    tensorflow_or_skip()
    from tools.measure.measure_recall import TensorFlowOracle, measure

    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the tf1lint of this checkout
    program = tmp_path / "convert.py"
    program.write_text("import tensorflow as tf\n"
                       "converter = tf.lite.TFLiteConverter.from_saved_model(\n"
                       "    saved_model_dir='model', input_shapes={'x': [1, 2]})\n"
                       "best = tf.argmax(x,\n"
                       "                 dimension=1)\n"
                       "total = tf.reduce_sum(x, keep_dims=True,\n"
                       "                      no_such_keyword=1)\n", encoding="utf-8")
    result = measure(tmp_path, TensorFlowOracle())
    assert result.failing_lines == {(str(program), line) for line in (3, 5, 6, 7)}
    assert result.via_call_lines == {(str(program), 3)}  # reported on line 2, for the whole call
    # keep_dims= is reported on line 6, for itself only: the unknown keyword stays a miss.
    assert result.missed_lines == [f"{program}:7 tensorflow.reduce_sum(no_such_keyword=)"]
    result.failing_lines.discard((str(program), 7))
    assert result.failing_lines <= result.flagged_error_lines
    assert result.false_errors == []
