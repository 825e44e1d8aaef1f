"""Property tests: generated programs through the check path and the pylint path.

- no exception, ever, on either path;
- both paths give the same findings (position, code, message);
- adding unrelated code above shifts findings by exactly that many lines and changes nothing else.

The default run tries a few dozen programs. The long run (minutes, thousands of programs):
    HYPOTHESIS_PROFILE=fuzz python -m pytest -m fuzz tests/test_fuzz.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tf1lint.analysis.engine import check_source
from tf1lint.catalogue.loader import load_catalogue
from tf1lint.catalogue.model import Catalogue
from tf1lint.run.pipeline import Document, analyse

settings.register_profile("default", max_examples=20, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("fuzz", max_examples=4000, deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

_catalogue: Catalogue = load_catalogue().catalogue
INDEX = _catalogue.at_target(_catalogue.newest_known)

IMPORTS = ["import tensorflow as tf", "import tensorflow as {n}", "import tensorflow.compat.v1 as {n}",
           "from tensorflow import placeholder as {n}", "from tensorflow.contrib import slim as {n}",
           "import tensorflow.contrib.slim as {n}", "from tensorflow import layers as {n}",
           "import numpy as {n}", "from tensorflow.compat import v1 as {n}"]
REFERENCES = ["tf.placeholder(tf.float32)", "tf.Session()", "tf.reduce_sum(x, keep_dims=True)", "tf.log(2.0)",
              "tf.contrib.layers.flatten(x)", "tf.train.AdamOptimizer(0.1)", "tf.nn.dropout(x, keep_prob=0.5)",
              "tf.layers.dense(x, 3)", "tf.keras.layers.Dense(3)", "tf.math.log(1.0)", "{n}.conv2d(x, 3)",
              "{n}(tf.float32)", "{n}.placeholder()", "tf.estimator.Estimator", "tf.compat.v1.Session()",
              "tf.nn.softmax_cross_entropy_with_logits(a, b)", "[tf.Session() for tf in items]"]
WRAPPERS = ["{s}", "def f_{n}(tf):\n    return {s}", "def g_{n}():\n    {s}", "class C_{n}(tf.layers.Layer):\n    v = 1",
            "try:\n    {i}\nexcept ImportError:\n    {n} = None", "@tf.contrib.eager.defun\ndef h_{n}():\n    {s}",
            "{n} = tf.layers", "if True:\n    {s}", "lambda tf: {s}", "print(f'{{{s}}}')", "'{s}'", "# {s}",
            "with tf.Session() as {n}:\n    {s}", "{n} = lambda: {s}"]
names = st.sampled_from(["tf", "tfx", "slim", "ph", "layers", "v1", "np", "alias", "x"])


@st.composite
def tf_programs(draw) -> str:
    lines = [draw(st.sampled_from(IMPORTS)).format(n=draw(names)) for _ in range(draw(st.integers(1, 4)))]
    for _ in range(draw(st.integers(1, 12))):
        statement = draw(st.sampled_from(REFERENCES)).format(n=draw(names))
        wrapper = draw(st.sampled_from(WRAPPERS))
        lines.append(wrapper.format(s=statement, n=draw(names), i=draw(st.sampled_from(IMPORTS)).format(n=draw(names))))
    return "\n".join(lines) + "\n"


def mixed_programs() -> st.SearchStrategy[str]:
    """Generated valid Python (hypothesmith) mixed with TensorFlow code, so findings occur in odd places."""
    return st.one_of(
        tf_programs(),
        st.tuples(tf_programs(), hypothesmith.from_grammar()).map(lambda pair: pair[0] + pair[1] + "\n"),
    )


def check_path(source: str) -> list[tuple] | str:
    # As the standalone command and the plugin analyse it: with fixes (a refused fix says why).
    analysed = analyse(Document("generated.py", source.encode("utf-8")), INDEX, fixes=True)
    if analysed.failures:
        return "unparsable"
    return [(f.line, f.column, f.end_line, f.end_column, f.code, f.message) for f in analysed.findings]


def pylint_path(source: str) -> list[tuple] | str:
    from pylint.lint import PyLinter
    from pylint.reporters import CollectingReporter

    from tf1lint.pylint_plugin.checker import register

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.py"
        path.write_text(source, encoding="utf-8")
        linter = PyLinter(reporter=CollectingReporter())
        linter.load_default_plugins()
        register(linter)
        linter.disable("all")
        linter.enable("tf1lint")
        linter.enable("syntax-error")
        linter.check([str(path)])
        messages = linter.reporter.messages
    if any(message.symbol in ("syntax-error", "astroid-error") for message in messages):
        return "unparsable"
    return sorted((m.line, m.column, m.end_line, m.end_column, m.msg_id, m.msg) for m in messages)


def shifted(findings: list[tuple], by: int) -> list[tuple]:
    return [(line + by, column, end_line + by, *rest) for line, column, end_line, *rest in findings]


def run_properties(source: str) -> None:
    from_check = check_path(source)
    from_pylint = pylint_path(source)
    if from_check == "unparsable" or from_pylint == "unparsable":
        # astroid may refuse what ast parses (astroid-error); the reverse would be a bug.
        assert from_check == from_pylint == "unparsable" or from_pylint == "unparsable"
        return
    assert sorted(from_check) == from_pylint
    unrelated = "import os\nunrelated = [os.sep for _ in range(3)]\n\n"
    assert check_path(unrelated + source) == shifted(from_check, 3)


@given(tf_programs())
def test_tf_programs_quick(source: str) -> None:
    run_properties(source)


@pytest.mark.fuzz
@given(mixed_programs())
def test_fuzz_both_paths(source: str) -> None:
    run_properties(source)


@pytest.mark.fuzz
@given(hypothesmith.from_grammar())
def test_fuzz_any_python_never_crashes(source: str) -> None:
    check_source(("import tensorflow as tf\n" + source).encode("utf-8", "surrogatepass"), "any.py", INDEX)
