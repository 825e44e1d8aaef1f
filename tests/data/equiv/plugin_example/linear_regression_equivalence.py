"""Worked example of the tf1lint equiv pytest plugin: the eager TF2 linear regression (examples/tf2) checked
against what the TF1 Session program (examples/tf1) computed under real TF 1.14.

The recording was made once with
    tf1lint equiv record examples/tf1/linear_regression.py --python PY_TF114 -o golden_linear_regression --steps 20
and is kept next to this test; run with `pytest -p tf1lint.equiv.pytest_plugin` (or install tf1lint: the
plugin is registered through the pytest11 entry point). The file name keeps the project's own test run from
collecting it; tests/test_equiv_plugin.py runs it the way a user would.
"""
import importlib.util
from pathlib import Path

import pytest
import tensorflow as tf

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parents[3] / "examples" / "tf2" / "linear_regression.py"


def load_example(learning_rate=None):
    spec = importlib.util.spec_from_file_location("linear_regression_tf2", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if learning_rate is not None:
        module.optimizer.learning_rate.assign(learning_rate)
    return module


def test_tf2_training_step_matches_tf114(tf1_recording):
    golden = tf1_recording(HERE / "golden_linear_regression")
    model = load_example()
    # The TF1 graph's starting weights, by name; global_step has no TF2 counterpart and is left out.
    golden.load_weights({"weight": model.weight, "bias": model.bias})
    # Each recorded `sess.run([train_op, loss, merged], feed_dict={x: xs, y: ys})` becomes one call of the
    # TF2 step with the recorded batch; fetch [1] (the loss before the update) is what train_step returns.
    compared = golden.assert_equivalent(
        lambda x, y: model.train_step(tf.constant(x), tf.constant(y)),
        site="linear_regression.py:45", inputs=["x:0", "y:0"], outputs={"[1]": None})
    assert compared == 20


def test_a_wrong_learning_rate_is_caught_with_a_readable_diff(tf1_recording):
    golden = tf1_recording(HERE / "golden_linear_regression")
    model = load_example(learning_rate=0.2)
    golden.load_weights({"weight": model.weight, "bias": model.bias})
    with pytest.raises(AssertionError) as caught:
        golden.assert_equivalent(
            lambda x, y: model.train_step(tf.constant(x), tf.constant(y)),
            site="linear_regression.py:45", inputs=["x:0", "y:0"], outputs={"[1]": None})
    print(caught.value)
    message = str(caught.value)
    assert message.startswith("tf1lint equiv: 19 of 20 values differ from the TF 1.14 recording")
    assert "first difference: run 1 (linear_regression.py:45, call 1) fetch [1]" in message
