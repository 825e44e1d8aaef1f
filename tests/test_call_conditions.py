"""The call conditions of `when:` entries, on real call syntax."""

from __future__ import annotations

import ast

import pytest

from tf1lint.catalogue.call_conditions import parse_conditions


def _call(source: str) -> ast.Call:
    node = ast.parse(source, mode="eval").body
    assert isinstance(node, ast.Call)
    return node


def _matches(when: object, source: str) -> bool:
    conditions, problem = parse_conditions(when)
    assert problem is None
    return any(condition.matches(_call(source)) for condition in conditions)


@pytest.mark.parametrize(("when", "source", "expected"), [
    ({"positional": 3}, "tf.where(c, x, y)", True),
    ({"positional": 3}, "tf.where(c)", False),
    ({"positional": ">=2"}, "tf.nn.dropout(x, 0.8)", True),
    ({"positional": ">=2"}, "tf.nn.dropout(x, rate=0.2)", False),
    ({"positional": ">=2"}, "tf.nn.dropout(*args)", False),  # *args may hold one argument
    ({"positional": ">=1"}, "tf.nn.dropout(x, *rest)", True),
    ({"keywords": ["dtype", "verify_shape"]}, "tf.constant_initializer(0.0, dtype=tf.float32)", True),
    ({"keywords": ["dtype", "verify_shape"]}, "tf.constant_initializer(0.0)", False),
    ({"positional": "<2", "without_keywords": ["maxval"]}, "tf.random_uniform_initializer()", True),
    ({"positional": "<2", "without_keywords": ["maxval"]}, "tf.random_uniform_initializer(-1, 1)", False),
    ({"positional": "<2", "without_keywords": ["maxval"]}, "tf.random_uniform_initializer(maxval=1)", False),
    ({"positional": "<2", "without_keywords": ["maxval"]}, "tf.random_uniform_initializer(**options)", False),
    ({"no_arguments": True}, "tf.zeros_initializer()", True),
    ({"no_arguments": True}, "tf.zeros_initializer(dtype=tf.int32)", False),
    ({"not_string": 0}, "tf.device('/gpu:0')", False),
    ({"not_string": 0}, "tf.device(f'/gpu:{i}')", False),
    ({"not_string": 0}, "tf.device('/gpu:%d' % i)", False),
    ({"not_string": 0}, "tf.device('/gpu:{}'.format(i))", False),
    ({"not_string": 0}, "tf.device(FLAGS.device)", False),  # a name usually holds a device string
    ({"not_string": 0}, "tf.device(tf.train.replica_device_setter(ps_tasks=1))", True),
    ({"not_string": 0}, "tf.device(lambda op: '/cpu:0')", True),
    ({"not_string": 0}, "tf.device(assign_to_device('/gpu:0', ps_device='/cpu:0'))", True),
    ({"not_string": 0}, "tf.device(assign_to_gpu(i, ps_device))", True),
    ({"not_string": 0}, "tf.device(model_helper.get_device_str(i, gpus))", False),  # returns a string
    ({"not_string": 0}, "tf.device(deploy_config.variables_device())", False),
    ({"not_string": 0}, "tf.device()", False),
    ([{"positional": ">=3"}, {"keywords": ["sess"]}], "f(a, sess=s)", True),
    # issue 19: pre-1.0 argument orders, one-item loop variables, soft targets, where on its own operand
    ({"int_literal": 0}, "tf.concat(1, [a, b])", True),
    ({"int_literal": 0}, "tf.concat(-1, [a, b])", True),
    ({"int_literal": 0}, "tf.concat([a, b], 1)", False),
    ({"int_literal": 0}, "tf.concat(axis, values)", False),
    ({"int_literal": 0}, "tf.concat(True, values)", False),  # a bool is no axis
    ({"int_literal": 0}, "tf.concat(*args)", False),
    ({"one_item_list": 2}, "tf.while_loop(c, b, [i])", True),
    ({"one_item_list": 2}, "tf.while_loop(c, b, [i, j])", False),
    ({"one_item_list": 2}, "tf.while_loop(c, b, [*loop_vars])", False),
    ({"one_item_list": "loop_vars"}, "tf.while_loop(c, b, loop_vars=[i])", True),
    ({"computed_by": {"labels": ["softmax"]}}, "f(labels=tf.nn.softmax(t), logits=s)", True),
    ({"computed_by": {"labels": ["softmax"]}}, "f(labels=y, logits=s)", False),
    ({"computed_by": {0: ["comparison"]}}, "f(x > 0)", True),
    ({"not_computed_by": {0: ["equal"]}}, "f(tf.equal(a, b))", False),
    ({"not_computed_by": {0: ["equal"]}}, "f(mask)", True),
    ({"not_computed_by": {0: ["equal"]}}, "f(condition=mask)", True),  # not passed there: undecided, holds
    ({"not_derived_from": {0: [1, 2]}}, "tf.where(x > 0, x, tf.zeros_like(x))", False),
    ({"not_derived_from": {0: [1, 2]}}, "tf.where(tf.is_nan(loss), tf.zeros_like(loss), loss)", False),
    ({"not_derived_from": {0: [1, 2]}}, "tf.where(tf.equal(labels, 1), pos, neg)", True),
    ({"not_derived_from": {0: [1, 2]}}, "tf.where(mask, a, b)", True),
])
def test_conditions_match_exactly_the_calls_they_describe(when: object, source: str, expected: bool) -> None:
    assert _matches(when, source) is expected


@pytest.mark.parametrize("when", [{}, [], {"positional": "lots"}, {"keywords": "dtype"}, {"colour": 1},
                                  {"no_arguments": "yes"}, {"not_string": -1}, {"positional": True},
                                  {"int_literal": "axis"}, {"one_item_list": -2}, {"computed_by": {0: "softmax"}},
                                  {"computed_by": {0: []}}, {"not_derived_from": {0: "x"}},
                                  {"not_computed_by": ["softmax"]}])
def test_malformed_conditions_are_refused_with_a_reason(when: object) -> None:
    conditions, problem = parse_conditions(when)
    assert conditions == () and problem


def test_conditions_round_trip_through_their_data_form() -> None:
    when = [{"positional": ">=3"}, {"keywords": ["x"], "without_keywords": ["y"], "not_string": "device_name"},
            {"positional": 2}, {"no_arguments": True}, {"int_literal": 0}, {"one_item_list": "loop_vars"},
            {"computed_by": {"labels": ["softmax", "sigmoid"]}, "not_computed_by": {0: ["comparison"]}},
            {"not_derived_from": {0: [1, 2, "x"]}}]
    conditions, _ = parse_conditions(when)
    again, problem = parse_conditions([condition.as_data() for condition in conditions])
    assert problem is None and again == conditions
    # The catalogue cache stores them as JSON, where position keys become strings.
    import json
    again, problem = parse_conditions(json.loads(json.dumps([condition.as_data() for condition in conditions])))
    assert problem is None and again == conditions
