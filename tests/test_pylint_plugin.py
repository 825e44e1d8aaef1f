"""The pylint adapter: message table hygiene, categories following severity, pragmas, options."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import pylint_messages, run_pylint, run_pylint_with_project_config, run_tf1lint

from tf1lint.catalogue.messages import all_messages, message_for
from tf1lint.catalogue.model import Kind, Severity

MIXED = """\
import tensorflow as tf
import tensorflow.compat.v1 as v1
x = tf.placeholder(tf.float32)
y = tf.reduce_sum(x, keep_dims=True)
z = v1.placeholder(tf.float32)
loss = tf.nn.softmax_cross_entropy_with_logits(x, y)
"""


def test_message_ids_clash_with_nothing_in_pylint_or_its_extensions() -> None:
    import pkgutil

    import pylint.extensions
    from pylint.lint import PyLinter

    linter = PyLinter()
    linter.load_default_plugins()
    linter.load_plugin_modules([f"pylint.extensions.{m.name}" for m in pkgutil.iter_modules(pylint.extensions.__path__)
                                 if not m.name.startswith("_")])
    existing = {m.msgid for m in linter.msgs_store.messages} | {m.symbol for m in linter.msgs_store.messages}
    ours = {m.code for m in all_messages()} | {m.symbol for m in all_messages()}
    assert len(existing) > 300
    assert not existing & ours
    assert {m.msgid[1:3] for m in linter.msgs_store.messages}.isdisjoint({"53"})
    linter.load_plugin_modules(["tf1lint"])  # registering raises if pylint finds an inconsistency


def test_every_symbol_starts_with_tf1_and_category_follows_severity() -> None:
    letters = {Severity.ERROR: "E", Severity.WARNING: "W", Severity.INFO: "I"}
    for kind in Kind:
        for severity in Severity:
            definition = message_for(kind, severity)
            assert definition.symbol.startswith("tf1-")
            assert definition.code[0] == letters[severity]
    assert len({m.code for m in all_messages()}) == len(all_messages())


def test_errors_only_shows_exactly_the_check_commands_errors(tmp_path: Path) -> None:
    (tmp_path / "mixed.py").write_text(MIXED)
    completed = run_pylint("-E", "--output-format=json2", str(tmp_path / "mixed.py"))
    from_pylint = sorted((m["line"], m["column"], m["messageId"]) for m in json.loads(completed.stdout)["messages"]
                         if m["symbol"].startswith("tf1-"))
    findings = json.loads(run_tf1lint("check", "--format", "json", str(tmp_path / "mixed.py")).stdout)
    from_check = sorted((f["line"], f["column"], f["code"]) for f in findings if f["severity"] == "error")
    assert from_pylint == from_check
    assert {f["severity"] for f in findings} == {"error", "warning", "info"}  # the others exist but are not errors


def test_disable_pragma_silences_one_line(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "import tensorflow as tf\n"
        "a = tf.placeholder(tf.float32)  # pylint: disable=tf1-compat-only-api\n"
        "b = tf.placeholder(tf.float32)\n"
    )
    assert [m["line"] for m in pylint_messages(str(tmp_path / "m.py"))] == [3]


def test_disable_all_enable_tf1lint_selects_only_our_messages(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("import os\nimport tensorflow as tf\nx=tf.Session()\n")
    symbols = {m["symbol"] for m in pylint_messages(str(tmp_path / "m.py"))}
    assert symbols == {"tf1-compat-only-api"}


def test_target_and_compat_options(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text(
        'catalogue: 1\ntensorflow: "2.21"\nentries:\n'
        '  - {id: t:old, api: tf.thing, kind: deprecated, until: "2.16", note: n}\n'
        '  - {id: t:new, api: tf.thing, kind: removed, since: "2.16", note: n}\n'
    )
    (tmp_path / "m.py").write_text("import tensorflow as tf\nimport tensorflow.compat.v1 as v1\ntf.thing()\n")
    path = str(tmp_path / "m.py")
    catalogue = f"--tf1-catalogue={tmp_path / 'team.yaml'}"
    old = pylint_messages(path, extra=(catalogue, "--tf1-target=2.15", "--tf1-report-compat-v1=n"))
    new = pylint_messages(path, extra=(catalogue,))
    assert [m["symbol"] for m in old] == ["tf1-deprecated-api"]
    assert sorted(m["symbol"] for m in new) == ["tf1-compat-v1-api", "tf1-removed-api"]


def test_options_are_read_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("import tensorflow.compat.v1 as tf\nx = tf.placeholder(tf.float32)\n")
    counts = []
    for setting in ("false", "true"):
        (tmp_path / "pyproject.toml").write_text(f"[tool.pylint.tf1lint]\ntf1-report-compat-v1 = {setting}\n")
        completed = run_pylint_with_project_config(
            "--disable=all", "--enable=tf1lint", "--output-format=json2", "m.py", cwd=tmp_path)
        counts.append(len(json.loads(completed.stdout)["messages"]))
    assert counts == [0, 2]


def test_unknown_target_stops_pylint_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("x = 1\n")
    completed = run_pylint("--tf1-target=3.0", str(tmp_path / "m.py"))
    assert completed.returncode == 2
    assert completed.stderr.strip().splitlines() == [
        completed.stderr.strip().splitlines()[0]
    ] and "unknown target TensorFlow version '3.0'" in completed.stderr
