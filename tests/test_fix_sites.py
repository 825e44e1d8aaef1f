"""One finding per fix site, in `check --format json` and in the inventory the plan is made from."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_tf1lint


def _flags_program(uses: int) -> str:
    lines = ["import tensorflow as tf", "", "FLAGS = tf.flags.FLAGS", ""]
    for number in range(uses):
        lines += [f"def step_{number}():", f"    return FLAGS.option_{number}", ""]
    return "\n".join(lines)


def test_one_flags_binding_with_100_uses_is_one_work_item(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(_flags_program(100))
    completed = run_tf1lint("inventory", "--format", "json", str(tmp_path))
    report = json.loads(completed.stdout)
    assert report["summary"]["findings"] == 1
    assert report["summary"]["uses"] == 101
    (row,) = report["apis"]
    assert (row["name"], row["count"], row["uses"]) == ("tf.flags.FLAGS", 1, 101)
    (file_row,) = report["files"]
    assert file_row["findings"] == 1
    text = run_tf1lint("inventory", str(tmp_path)).stdout
    assert "1 findings in 1 of 1 files" in text and "covering 101 uses" in text


def test_binding_finding_carries_name_and_uses_in_json(tmp_path: Path) -> None:
    (tmp_path / "model.py").write_text(
        "import tensorflow.contrib.slim as slim\n"
        "net = slim.conv2d(None, 8, 3, scope='conv')\n"
        "net = slim.fully_connected(net, 10, scope='logits')\n"  # named: no fragile-name finding
    )
    (finding,) = json.loads(run_tf1lint("check", "--format", "json", str(tmp_path)).stdout)
    assert finding["name"] == "tf.contrib.slim"
    assert finding["uses"] == 2
    assert "2 more uses through this binding" in finding["message"]


def test_guarded_fallback_is_info_and_marked(tmp_path: Path) -> None:
    (tmp_path / "compat.py").write_text(
        "import tensorflow as tf\n"
        "try:\n"
        "    seed = tf.random.set_seed\n"
        "except AttributeError:\n"
        "    seed = tf.set_random_seed\n"
        "x = tf.set_random_seed\n"
    )
    findings = json.loads(run_tf1lint("check", "--format", "json", str(tmp_path)).stdout)
    by_line = {finding["line"]: finding for finding in findings}
    assert by_line[5]["severity"] == "info" and by_line[5]["guarded"] is True
    assert by_line[6]["severity"] == "error" and "guarded" not in by_line[6]
    completed = run_tf1lint("check", "--fail-on", "error", str(tmp_path / "compat.py"))
    assert completed.returncode == 1  # line 6 is still an error
