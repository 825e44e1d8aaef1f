"""What the catalogue says surely fails on TF 2.21 (its errors) really fails there, and what it says still
runs (its warnings) really runs: each entry named here is run on the installed TensorFlow.

The linter never imports TensorFlow; only these tests do.
"""

from __future__ import annotations

import os

import pytest
from conftest import tensorflow_or_skip

from tf1lint.catalogue.loader import load_catalogue
from tf1lint.catalogue.model import Catalogue, Kind, Severity

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = tensorflow_or_skip()
pytestmark = pytest.mark.tensorflow


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    result = load_catalogue()
    assert result.problems == ()
    return result.catalogue


def by_id(catalogue: Catalogue, entry_id: str):
    return next(entry for entry in catalogue.entries if entry.id == entry_id)


# A TF2 object each removed method is looked up on.
_RECEIVERS = {
    "removed-method:data.Dataset.make_one_shot_iterator": lambda: tf.data.Dataset.range(3),
    "removed-method:data.Dataset.make_initializable_iterator": lambda: tf.data.Dataset.range(3),
    "removed-method:data.Dataset.output_shapes": lambda: tf.data.Dataset.range(3),
    "removed-method:data.Dataset.output_types": lambda: tf.data.Dataset.range(3),
    "removed-method:data.Dataset.output_classes": lambda: tf.data.Dataset.range(3),
    "removed-method:Dimension.value": lambda: tf.zeros([2, 3]).shape[1],
}


def test_removed_methods_that_are_errors_are_missing_on_tf2(catalogue: Catalogue) -> None:
    errors = {entry.id: entry for entry in catalogue.entries
              if entry.kind is Kind.REMOVED_METHOD and entry.severity is Severity.ERROR and entry.receiver != "self"}
    assert set(errors) == set(_RECEIVERS)
    for entry_id, make in _RECEIVERS.items():
        with pytest.raises(AttributeError):
            getattr(make(), errors[entry_id].method_name)


def test_test_session_yields_no_session_under_eager_execution(catalogue: Catalogue) -> None:
    entry = by_id(catalogue, "removed-method:test.TestCase.test_session")
    assert (entry.severity, entry.receiver) == (Severity.ERROR, "self")

    class Probe(tf.test.TestCase):
        def runTest(self) -> None:  # noqa: N802 - unittest's name
            pass

    with Probe().test_session() as sess:
        assert sess is None  # so `sess.run(x)` raises AttributeError


# Calls of the compat spelling of each graph-only entry marked eager_raises, in eager mode.
_EAGER_CALLS = {
    "compat-only:placeholder": lambda v1: v1.placeholder(tf.float32),
    "compat-only:sparse_placeholder": lambda v1: v1.sparse_placeholder(tf.float32),
    "compat-only:summary.FileWriter": lambda v1: v1.summary.FileWriter(os.devnull),
    "compat-only:summary.merge_all": lambda v1: v1.summary.merge_all(),
}


def test_graph_only_entries_marked_eager_raises_raise_under_eager_execution(catalogue: Catalogue) -> None:
    marked = {entry.id for entry in catalogue.entries if entry.eager_raises}
    assert marked == set(_EAGER_CALLS)
    assert tf.executing_eagerly()
    for call in _EAGER_CALLS.values():
        with pytest.raises(RuntimeError):
            call(tf.compat.v1)


def test_graph_only_entries_not_marked_still_construct_eagerly(catalogue: Catalogue) -> None:
    # Session and get_default_graph need a graph to be useful, but creating them does not fail.
    for entry_id in ("compat-only:Session", "compat-only:Graph"):
        entry = by_id(catalogue, entry_id)
        assert entry.graph_only and not entry.eager_raises
    tf.compat.v1.Session().close()
    tf.compat.v1.get_default_graph()


# -- new entries of issue 19, run on both sides ------------------------------------------------

_PRE_1_0 = """import numpy as np
import tensorflow as tf
a, b = np.arange(4.0).reshape(2, 2), np.ones((2, 2))
joined = tf.concat(1, [a, b])
halves = tf.split(0, 2, a)
"""


def test_pre_1_0_argument_orders_fail_on_tf2_and_the_fix_means_what_they_meant(catalogue: Catalogue, tmp_path) -> None:
    import numpy as np
    from conftest import run_tf1lint

    assert by_id(catalogue, "reorder:concat").severity is Severity.ERROR
    assert by_id(catalogue, "reorder:split").severity is Severity.ERROR
    with pytest.raises((ValueError, TypeError, tf.errors.InvalidArgumentError)):
        exec(_PRE_1_0, {})  # noqa: S102 - our own snippet
    program = tmp_path / "pre_1_0.py"
    program.write_text(_PRE_1_0, encoding="utf-8")
    # The fix is unsafe: no TF 1.x runs the pre-1.0 order to prove it, so it is proven here.
    completed = run_tf1lint("check", "--fix", "--unsafe-fixes", str(program))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    fixed = program.read_text(encoding="utf-8")
    assert "tf.concat(axis=1, values=[a, b])" in fixed and "tf.split(axis=0, num_or_size_splits=2, value=a)" in fixed
    namespace: dict = {}
    exec(fixed, namespace)  # noqa: S102 - the fixed snippet, on TF 2.21
    a, b = np.arange(4.0).reshape(2, 2), np.ones((2, 2))
    # What the pre-1.0 calls meant: concatenate along dimension 1, split dimension 0 in two.
    np.testing.assert_array_equal(namespace["joined"].numpy(), np.concatenate([a, b], axis=1))
    assert [part.numpy().tolist() for part in namespace["halves"]] == [a[:1].tolist(), a[1:].tolist()]


def keras_initializer_entries(catalogue: Catalogue) -> list:
    return [entry for entry in catalogue.entries
            if entry.kind is Kind.KEYWORD_CHANGED and entry.api.startswith("tf.keras.initializers.")]


def test_keras_initializers_refuse_tf1_dtype_on_tf2(catalogue: Catalogue) -> None:
    entries = keras_initializer_entries(catalogue)
    assert len(entries) >= 19
    for entry in entries:
        make = getattr(tf.keras.initializers, entry.method_name)
        for keyword in entry.keywords:
            with pytest.raises(TypeError):
                make(**{keyword: tf.float32 if keyword == "dtype" else False})
        initializer = make()  # without them it builds, and takes the dtype when called
        assert initializer((2, 2), dtype="float32").dtype == tf.float32


def test_keras_initializers_took_dtype_on_tf_1_14(catalogue: Catalogue, tf114_python: str) -> None:
    import subprocess

    def argument(keyword: str) -> str:
        return f"{keyword}=" + ("tf.float32" if keyword == "dtype" else "False")

    calls = [f"tf.keras.initializers.{entry.method_name}({', '.join(map(argument, entry.keywords))})"
             for entry in keras_initializer_entries(catalogue)]
    program = "import tensorflow as tf\n" + "\n".join(calls) + "\nprint('built', %d)\n" % len(calls)
    completed = subprocess.run([tf114_python, "-c", program], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert f"built {len(calls)}" in completed.stdout


def test_deprecated_keywords_reported_as_warnings_still_run(catalogue: Catalogue) -> None:
    warnings_ = [entry for entry in catalogue.entries
                 if entry.kind is Kind.KEYWORD_CHANGED and entry.severity is Severity.WARNING]
    assert {entry.api for entry in warnings_} >= {"tf.nn.l2_normalize", "tf.math.l2_normalize"}
    x = tf.constant([[3.0, 4.0]])
    for entry in warnings_:
        function = getattr(tf.nn if entry.api.startswith("tf.nn.") else tf.math if entry.api.startswith("tf.math.")
                           else tf.linalg, entry.method_name)
        old, new = next(iter(entry.keywords.items()))
        assert float(tf.reduce_max(tf.abs(function(x, **{old: 1}) - function(x, **{new: 1})))) == 0.0
