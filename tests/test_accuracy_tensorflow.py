"""What the catalogue says surely fails on TF 2.21 (its errors) really fails there, and what it says still
runs (its warnings) really runs: each entry named here is run on the installed TensorFlow.

The linter never imports TensorFlow; only these tests do.
"""

from __future__ import annotations

import os

import pytest

from tf1lint.catalogue import Catalogue, Kind, Severity
from tf1lint.loader import load_catalogue

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = pytest.importorskip("tensorflow", reason="TensorFlow 2 is not installed: pip install '.[tensorflow]'")
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
    for entry_id, call in _EAGER_CALLS.items():
        with pytest.raises(RuntimeError):
            call(tf.compat.v1)


def test_graph_only_entries_not_marked_still_construct_eagerly(catalogue: Catalogue) -> None:
    # Session and get_default_graph need a graph to be useful, but creating them does not fail.
    for entry_id in ("compat-only:Session", "compat-only:Graph"):
        entry = by_id(catalogue, entry_id)
        assert entry.graph_only and not entry.eager_raises
    tf.compat.v1.Session().close()
    tf.compat.v1.get_default_graph()
