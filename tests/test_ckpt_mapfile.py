"""The map file: what `map` writes is what `verify` and `convert` read back (no TensorFlow involved)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tf1lint.ckpt.mapfile import CheckpointMap, Ignore, MapError, Pair, Rule, dump_map, load_map
from tf1lint.ckpt.transforms import Transforms


def test_written_map_reads_back_the_same(tmp_path: Path) -> None:
    written = CheckpointMap(
        {"out/kernel": Pair("out/kernel", ("logits/W",), Transforms(transpose=(1, 0)), guess="only [3, 16]: it's"),
         "merged/kernel": Pair("merged/kernel", ("a/W", "b/W"), Transforms(concat=1, split=(0, 2, 1)),
                               why="same: name"),
         "optimizer/sgd/out_kernel_momentum": Pair("optimizer/sgd/out_kernel_momentum", ("logits/W/Momentum",),
                                                   Transforms(transpose=(1, 0), scale=-0.01))},
        [Rule("prefix", "mlp/", "sequential/"), Rule("regex", r"^tower_(\d+)/[a]{1}", r"x: \1")],
        [Ignore("regex", r"(^|/)beta[12]_power(_\d+)?$", "Keras 3 recomputes them"), Ignore("group", "step", "")])
    path = tmp_path / "map.yaml"
    path.write_text(dump_map(written, "ckpt/model.ckpt-5", "model.py:build"))
    read = load_map(path)
    assert read.pairs == written.pairs and read.rules == written.rules
    assert [(i.kind, i.value) for i in read.ignore] == [(i.kind, i.value) for i in written.ignore]
    assert Rule("regex", r"^tower_(\d+)/", "").rename("tower_3/dense/kernel") == "dense/kernel"


@pytest.mark.parametrize(("text", "message"), [
    ("weights: [1, 2]", "expected"),
    ("weights:\n  a/kernel: {to: b}\n", "needs `from: CHECKPOINT_NAME`"),
    ("weights:\n  a/kernel: {from: b, transpose: yes}\n", "malformed transform"),
    ("weights:\n  a/kernel: {from: b, scale: lots}\n", "malformed transform"),
    ("rules:\n  - {regex: '(', to: x}\n", "bad regex"),
    ("ignore:\n  - {group: everything}\n", "group is one of"),
    ("colour: blue\n", "unknown key 'colour'"),
    ("weights: {a: [b\n", "not valid YAML"),
])
def test_bad_map_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(text)
    with pytest.raises(MapError, match=message.replace("(", r"\(").replace("[", r"\[")) as raised:
        load_map(path)
    assert str(raised.value).startswith(str(path))
