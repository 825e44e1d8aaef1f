"""Property test: fixing generated TF1 programs never yields a file that fails to parse, and
fixing twice equals fixing once. Programs are composed from TF1 calls with random aliases and
import forms, as real code mixes them."""

from __future__ import annotations

import ast

from hypothesis import given
from hypothesis import strategies as st

from tf1lint.run.apply_fixes import fix_source
from tf1lint.run.config import Settings
from tf1lint.run.runner import load_index

_, INDEX, _ = load_index(Settings())

CALLS = [
    "{tf}.log(x)", "{tf}.reduce_sum(x, keep_dims=True)", "{tf}.reduce_max(x, reduction_indices=[1], keep_dims=k)",
    "{tf}.nn.dropout(x, 0.5)", "{tf}.nn.dropout(x, keep_prob=a + b)", "{tf}.nn.dropout(x, keep_prob=k, rate=r)",
    "{tf}.to_float(x)", "{tf}.to_int32(x, name='n')", "{tf}.to_float(*args)", "{tf}.argmax(x, 1, 'n')",
    "{tf}.placeholder({tf}.float32, [None])", "{tf}.layers.dense(x, 3, activation={tf}.nn.relu)",
    "{tf}.layers.dense(x, units=3, reuse=True)", "{tf}.contrib.slim.conv2d(x, 1, 3)", "{tf}.app.flags.FLAGS",
    "{tf}.gfile.GFile('a')", "{tf}.Session()", "{tf}.train.AdamOptimizer(0.1)", "{tf}.summary.scalar('a', x)",
    "{tf}.layers.Layer", "{tf}.contrib.layers.xavier_initializer()", "{tf}.to_float(\n    x,\n    name='y')",
    "{tf}.compat.v1.placeholder({tf}.float32)", "{tf}.random_normal([1])", "{tf}.contrib.data.AUTOTUNE",
]
IMPORTS = [
    "from tensorflow import placeholder as ph", "from tensorflow import placeholder, float32",
    "import tensorflow.contrib.slim as slim", "from tensorflow.contrib import layers",
    "from tensorflow.contrib import slim", "flags = {tf}.app.flags",
]
USES = ["ph({tf}.float32)", "placeholder(float32)", "slim.conv2d(x, 1, 3)", "layers.flatten(x)",
        "flags.DEFINE_string('a', '', 'b')"]


@st.composite
def programs(draw) -> str:
    alias = draw(st.sampled_from(["tf", "tfx", "T", "tensorflow"]))
    lines = []
    if draw(st.booleans()):
        lines.append('"""A generated TF1 program."""')
    if draw(st.booleans()):
        lines.append("from __future__ import print_function")
    lines.append("import tensorflow" if alias == "tensorflow" else f"import tensorflow as {alias}")
    lines += [text.format(tf=alias) for text in draw(st.lists(st.sampled_from(IMPORTS), max_size=3, unique=True))]
    body = [text.format(tf=alias) for text in draw(st.lists(st.sampled_from(CALLS + USES), min_size=1, max_size=8))]
    if draw(st.booleans()):
        lines.append("def build(x, a, b, k, r, args):")
        lines += ["    y = " + statement.replace("\n", "\n    ") for statement in body]
        lines.append("    return y")
    else:
        lines += ["y = " + statement for statement in body]
    if draw(st.booleans()):
        lines += ["", "if __name__ == '__main__':", "    build(1, 2, 3, 4, 5, ())"]
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@given(programs(), st.booleans())
def test_fixing_never_breaks_a_file_and_is_idempotent(source: str, unsafe: bool) -> None:
    once = fix_source(source.encode(), "gen.py", INDEX, unsafe=unsafe)
    assert once.failure is None, (source, once.failure)
    ast.parse(once.fixed)
    twice = fix_source(once.fixed, "gen.py", INDEX, unsafe=unsafe)
    assert twice.failure is None
    assert twice.fixed == once.fixed, (source, once.fixed.decode(), twice.fixed.decode())
