"""The map proposal on hand-made checkpoint entries and model weights (no TensorFlow): cases met in real
repositories' checkpoints (tools/ckpt_corpus.py)."""

from __future__ import annotations

from tf1lint.ckpt.bundle import TensorEntry
from tf1lint.ckpt.propose import propose
from tf1lint.ckpt.roles import classify
from tf1lint.ckpt.tf_runner import ModelWeight

FLOAT32 = 1


def _entries(shapes: dict[str, tuple[int, ...]]) -> dict[str, TensorEntry]:
    return {name: TensorEntry(name, FLOAT32, shape, 0, 0, 0, None, False) for name, shape in shapes.items()}


def _weights(shapes: list[tuple[str, tuple[int, ...]]]) -> list[ModelWeight]:
    return [ModelWeight(path, shape, "float32", order, True) for order, (path, shape) in enumerate(shapes)]


def test_a_scope_named_like_the_layer_wins_over_graph_order() -> None:
    """LantaoYu/SeqGAN's highway: highway_lin_0 and highway_gate_0 hold the same shapes; a Keras functional
    model lists the gate first (graph order), so order alone pairs the gate with highway_lin_0."""
    entries = _entries({"d/Highway/highway_lin_0/Matrix": (8, 8), "d/Highway/highway_lin_0/Bias": (8,),
                        "d/Highway/highway_gate_0/Matrix": (8, 8), "d/Highway/highway_gate_0/Bias": (8,)})
    weights = _weights([("highway_gate/kernel", (8, 8)), ("highway_gate/bias", (8,)),
                        ("highway_transform/kernel", (8, 8)), ("highway_transform/bias", (8,))])
    created = ["d/Highway/highway_lin_0/Matrix", "d/Highway/highway_lin_0/Bias", "d/Highway/highway_gate_0/Matrix",
               "d/Highway/highway_gate_0/Bias"]
    proposal = propose(entries, classify(entries), weights, created=created)
    sources = {weight: pair.sources[0] for weight, pair in proposal.pairs.items()}
    assert sources["highway_gate/kernel"] == "d/Highway/highway_gate_0/Matrix"
    assert sources["highway_gate/bias"] == "d/Highway/highway_gate_0/Bias"
    assert sources["highway_transform/kernel"] == "d/Highway/highway_lin_0/Matrix"
    assert "the checkpoint scope named like it" in proposal.pairs["highway_gate/kernel"].guess


def test_auto_increment_names_still_pair_by_order() -> None:
    """Keras dense_7, dense_8 against TF1 dense, dense_1, dense_2 of one shape: every name is `dense` once its
    number is set aside, so no scope is preferred by name and construction order decides."""
    entries = _entries({f"{scope}/{leaf}": shape for scope in ("dense", "dense_1", "dense_2")
                        for leaf, shape in (("kernel", (4, 4)), ("bias", (4,)))})
    weights = _weights([("seq/dense_7/kernel", (4, 4)), ("seq/dense_7/bias", (4,)),
                        ("seq/dense_8/kernel", (4, 4)), ("seq/dense_8/bias", (4,))])
    proposal = propose(entries, classify(entries), weights, created=[])
    assert proposal.pairs["seq/dense_7/kernel"].sources == ("dense/kernel",)
    assert proposal.pairs["seq/dense_8/kernel"].sources == ("dense_1/kernel",)
    assert "first unpaired checkpoint scope (name order)" in proposal.pairs["seq/dense_7/kernel"].guess
