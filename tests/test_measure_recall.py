"""The recall measurement's collector: which binding lines a TensorFlow name goes through."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from measure_recall import _Collector  # tools/ is not a package

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
