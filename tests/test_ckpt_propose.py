"""The map proposal and its resolution on hand-made checkpoint entries and model weights (no TensorFlow): cases
met in real repositories' checkpoints (tools/measure/ckpt_corpus.py)."""

from __future__ import annotations

from tf1lint.ckpt.bundle import TensorEntry
from tf1lint.ckpt.mapfile import CheckpointMap, Pair
from tf1lint.ckpt.plan import resolve
from tf1lint.ckpt.propose import propose
from tf1lint.ckpt.roles import classify
from tf1lint.ckpt.tf_runner import ModelWeight
from tf1lint.ckpt.transforms import Transforms

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


def _optimizer_weights(shapes: list[tuple[str, tuple[int, ...], str, str, str]]) -> list[ModelWeight]:
    return [ModelWeight(path, shape, dtype, 100 + order, False, owner, slot)
            for order, (path, shape, dtype, owner, slot) in enumerate(shapes)]


def test_an_int32_step_counter_fills_the_int64_iteration_and_nothing_else_widens() -> None:
    """cnn-text makes its step with tf.Variable(0, name="global_step"): int32, where Keras 3 counts in int64."""
    entries = {**_entries({"dense/kernel": (2, 2)}),
               "global_step": TensorEntry("global_step", 3, (), 0, 0, 4, None, False),   # 3: int32
               "count": TensorEntry("count", 3, (2,), 0, 0, 8, None, False)}
    weights = _weights([("dense/kernel", (2, 2))]) + [ModelWeight("count", (2,), "int64", 1, False)] + \
        _optimizer_weights([("optimizer/adam/iteration", (), "int64", "", "iteration")])
    checkpoint_map = CheckpointMap({"dense/kernel": Pair("dense/kernel", ("dense/kernel",)),
                                    "count": Pair("count", ("count",)),
                                    "optimizer/adam/iteration": Pair("optimizer/adam/iteration", ("global_step",))})
    plan = resolve(entries, classify(entries), weights, checkpoint_map)
    assert "optimizer/adam/iteration" in plan.assignments
    assert plan.problems == ["dtype mismatch: model weight count is int64, count is int32"]


def test_slots_are_laid_out_as_their_variable() -> None:
    """LantaoYu/SeqGAN's linear() stores a square Matrix transposed: the reviewed map transposes it, and its Adam
    slots, paired by the proposal without a transform, must be transposed too (shapes cannot tell)."""
    entries = _entries({"h/Matrix": (8, 8), "h/Matrix/Adam": (8, 8), "h/Matrix/Adam_1": (8, 8), "b": (8,),
                        "b/Adam": (8,)})
    weights = _weights([("gate/kernel", (8, 8)), ("gate/bias", (8,))]) + _optimizer_weights([
        ("optimizer/adam/gate_kernel_momentum", (8, 8), "float32", "gate/kernel", "momentum"),
        ("optimizer/adam/gate_kernel_velocity", (8, 8), "float32", "gate/kernel", "velocity"),
        ("optimizer/adam/gate_bias_momentum", (8,), "float32", "gate/bias", "momentum")])
    transposed = Transforms(transpose=(1, 0))
    checkpoint_map = CheckpointMap({
        "gate/kernel": Pair("gate/kernel", ("h/Matrix",), transposed),
        "gate/bias": Pair("gate/bias", ("b",)),
        "optimizer/adam/gate_kernel_momentum": Pair("optimizer/adam/gate_kernel_momentum", ("h/Matrix/Adam",)),
        # A transform given by the map is kept as given.
        "optimizer/adam/gate_kernel_velocity": Pair("optimizer/adam/gate_kernel_velocity", ("h/Matrix/Adam_1",),
                                                    Transforms(reshape=(8, 8))),
        "optimizer/adam/gate_bias_momentum": Pair("optimizer/adam/gate_bias_momentum", ("b/Adam",))})
    plan = resolve(entries, classify(entries), weights, checkpoint_map)
    assert plan.ok, plan.problems
    assert plan.assignments["optimizer/adam/gate_kernel_momentum"].transforms == transposed
    assert plan.assignments["optimizer/adam/gate_kernel_velocity"].transforms == Transforms(reshape=(8, 8))
    assert plan.assignments["optimizer/adam/gate_bias_momentum"].transforms == Transforms()


def test_steps_are_counted_from_adams_beta1_power() -> None:
    """LantaoYu/SeqGAN's discriminator applies Adam without a global_step: only beta1_power, multiplied by beta1
    in float32 after every step, says how many steps were taken."""
    import numpy as np
    import pytest

    from tf1lint.ckpt.transforms import TransformError, apply, steps_from_power

    beta = np.float32(0.9)
    power = beta
    for steps in range(1, 601):
        power = np.float32(power * beta)
        assert steps_from_power(float(power), 0.9) == steps
    assert apply([np.float32(0.9 ** 4)], Transforms(steps_from_power=0.9)).dtype == np.int64
    with pytest.raises(TransformError, match="not a power of beta1"):
        steps_from_power(0.5, 0.9)
    with pytest.raises(TransformError, match="take the iteration from a step counter"):
        steps_from_power(1e-40, 0.9)


def test_without_a_step_counter_the_iteration_comes_from_beta1_power(tmp_path) -> None:
    from tf1lint.ckpt.mapfile import dump_map, load_map

    entries = {**_entries({"k": (2, 2), "k/Adam": (2, 2), "k/Adam_1": (2, 2), "beta1_power": (), "beta2_power": ()})}
    weights = _weights([("dense/kernel", (2, 2))]) + _optimizer_weights([
        ("optimizer/adam/dense_kernel_momentum", (2, 2), "float32", "dense/kernel", "momentum"),
        ("optimizer/adam/dense_kernel_velocity", (2, 2), "float32", "dense/kernel", "velocity"),
        ("optimizer/adam/iteration", (), "int64", "", "iteration")])
    roles = classify(entries)
    proposal = propose(entries, roles, weights, carry_optimizer=True)
    iteration = proposal.pairs["optimizer/adam/iteration"]
    assert iteration.sources == ("beta1_power",) and iteration.transforms == Transforms(steps_from_power=0.9)
    assert "no global_step saved" in iteration.guess
    (tmp_path / "map.yaml").write_text(dump_map(proposal, "ckpt", "model.py:build"))
    reviewed = load_map(tmp_path / "map.yaml")
    assert reviewed.pairs["optimizer/adam/iteration"].transforms == Transforms(steps_from_power=0.9)
    plan = resolve(entries, roles, weights, reviewed)
    assert plan.ok, plan.problems
    assert plan.ignored == {"beta2_power": "Adam's running beta powers: Keras 3 recomputes them from iteration"}


def test_unit_axes_and_fused_parts_are_named_in_the_notes() -> None:
    """openai/gpt-2's conv1d keeps a dense kernel as [1, in, out] and its c_attn holds query, key and value side by
    side. A layer whose weights a scope holds with other unit axes pairs with it (a guess, with the reshape); a
    single layer cannot take a fused scope, which stays in the note with how to map it."""
    entries = _entries({"model/h0/attn/c_attn/w": (1, 16, 48), "model/h0/mlp/c_fc/w": (1, 16, 64)})
    weights = _weights([("block0_q/kernel", (16, 16)), ("block0_mlp_in/kernel", (16, 64))])
    proposal = propose(entries, classify(entries), weights, created=[])
    mlp_in = proposal.pairs.pop("block0_mlp_in/kernel")
    assert mlp_in.sources == ("model/h0/mlp/c_fc/w",) and mlp_in.transforms == Transforms(reshape=(16, 64))
    assert "the same values with other axes of size 1" in mlp_in.guess
    assert proposal.pairs == {}
    assert ("model weight block0_q/kernel [16, 16] float32: no checkpoint variable of that shape and dtype; "
            "model/h0/attn/c_attn/w [1, 16, 48] holds 3 of these side by side on axis 2 (add split: "
            "{axis: 2, parts: 3, index: N} then reshape: [16, 16])") in proposal.notes
    # Where both kinds fit a weight the proposal could not pair, both are named: the first with the same values,
    # then the first to split.
    from tf1lint.ckpt import layouts
    unpaired = [("model/h0/attn/c_proj/w", (1, 16, 16)), ("model/h0/attn/c_attn/w", (1, 16, 48))]
    assert layouts.hint((16, 16), unpaired, lambda shape: str(list(shape))) == (
        "; model/h0/attn/c_proj/w [1, 16, 16] holds the same values (add reshape: [16, 16]); model/h0/attn/c_attn/w "
        "[1, 16, 48] holds 3 of these side by side on axis 2 (add split: {axis: 2, parts: 3, index: N} then "
        "reshape: [16, 16])")


def test_a_gpt2_block_pairs_through_its_layouts_and_vector_kinds() -> None:
    """One openai/gpt-2 block against a Keras rewrite with separate query, key and value layers: the norms by
    their g/b, the fused c_attn split over q, k, v in order, the [1, in, out] kernels reshaped; no bias lands on
    a norm (every [16] vector has five rivals of its shape)."""
    entries = _entries({"model/h0/ln_1/g": (16,), "model/h0/ln_1/b": (16,), "model/h0/attn/c_attn/w": (1, 16, 48),
                        "model/h0/attn/c_attn/b": (48,), "model/h0/attn/c_proj/w": (1, 16, 16),
                        "model/h0/attn/c_proj/b": (16,), "model/h0/ln_2/g": (16,), "model/h0/ln_2/b": (16,),
                        "model/h0/mlp/c_fc/w": (1, 16, 64), "model/h0/mlp/c_fc/b": (64,),
                        "model/h0/mlp/c_proj/w": (1, 64, 16), "model/h0/mlp/c_proj/b": (16,)})
    layers = [("norm1", [("gamma", (16,)), ("beta", (16,))])]
    layers += [(name, [("kernel", (16, 16)), ("bias", (16,))]) for name in ("q", "k", "v", "attention_out")]
    layers += [("norm2", [("gamma", (16,)), ("beta", (16,))]), ("mlp_in", [("kernel", (16, 64)), ("bias", (64,))]),
               ("mlp_out", [("kernel", (64, 16)), ("bias", (16,))])]
    weights = _weights([(f"block0_{layer}/{leaf}", shape) for layer, members in layers for leaf, shape in members])
    created = list(entries)
    proposal = propose(entries, classify(entries), weights, created=created)
    got = {weight: (pair.sources[0], pair.transforms) for weight, pair in proposal.pairs.items()}
    split = {part: index for index, part in enumerate("qkv")}
    expected = {"block0_norm1/gamma": ("model/h0/ln_1/g", Transforms()),
                "block0_norm1/beta": ("model/h0/ln_1/b", Transforms()),
                "block0_attention_out/kernel": ("model/h0/attn/c_proj/w", Transforms(reshape=(16, 16))),
                "block0_attention_out/bias": ("model/h0/attn/c_proj/b", Transforms()),
                "block0_norm2/gamma": ("model/h0/ln_2/g", Transforms()),
                "block0_norm2/beta": ("model/h0/ln_2/b", Transforms()),
                "block0_mlp_in/kernel": ("model/h0/mlp/c_fc/w", Transforms(reshape=(16, 64))),
                "block0_mlp_in/bias": ("model/h0/mlp/c_fc/b", Transforms()),
                "block0_mlp_out/kernel": ("model/h0/mlp/c_proj/w", Transforms(reshape=(64, 16))),
                "block0_mlp_out/bias": ("model/h0/mlp/c_proj/b", Transforms())}
    for part, index in split.items():
        expected[f"block0_{part}/kernel"] = ("model/h0/attn/c_attn/w", Transforms(split=(2, 3, index),
                                                                                  reshape=(16, 16)))
        expected[f"block0_{part}/bias"] = ("model/h0/attn/c_attn/b", Transforms(split=(0, 3, index)))
    assert got == expected
    assert "part 2 of 3 side by side in it, by the layers' order" in proposal.pairs["block0_k/bias"].guess
    assert all(pair.guess for pair in proposal.pairs.values()) and proposal.notes == []
    plan = resolve(entries, classify(entries), weights, proposal)
    assert plan.ok, plan.problems


def test_a_bias_never_fills_a_norm_scale_of_its_shape() -> None:
    entries = _entries({"dense/bias": (8,)})
    proposal = propose(entries, classify(entries), _weights([("layer_norm/gamma", (8,))]), created=[])
    assert proposal.pairs == {}
    entries = _entries({"encoder/ln/b": (8,), "encoder/ln/g": (8,)})
    proposal = propose(entries, classify(entries), _weights([("proj/bias", (8,))]), created=[])
    assert proposal.pairs == {}


def _momentum_case(stored: tuple[int, int] = (3, 16)) -> tuple[dict, list[ModelWeight]]:
    """A kernel (by default stored transposed, [out, in]) with its TF1 Momentum slot, and a Keras 3 SGD that has
    momentum."""
    entries = _entries({"logits/W": stored, "logits/W/Momentum": stored, "global_step": ()})
    entries["global_step"] = TensorEntry("global_step", 9, (), 0, 0, 0, None, False)  # int64
    weights = _weights([("out/kernel", (16, 3))]) + _optimizer_weights([
        ("optimizer/sgd/out_kernel_momentum", (16, 3), "float32", "out/kernel", "momentum"),
        ("optimizer/sgd/iteration", (), "int64", "", "iteration")])
    return entries, weights


def test_momentum_is_carried_scaled_by_the_learning_rate_and_laid_out_as_its_variable() -> None:
    import numpy as np

    from tf1lint.ckpt.tf_runner import OptimizerSettings
    from tf1lint.ckpt.transforms import apply

    entries, weights = _momentum_case(stored=(16, 3))
    proposal = propose(entries, classify(entries), weights, carry_optimizer=True,
                       optimizer_settings=OptimizerSettings("SGD", 0.05, 0.9))
    momentum = proposal.pairs["optimizer/sgd/out_kernel_momentum"]
    assert momentum.sources == ("logits/W/Momentum",) and momentum.transforms == Transforms(scale=-0.05)
    assert "learning rate 0.05 is the compiled optimizer's" in momentum.guess
    assert proposal.pairs["optimizer/sgd/iteration"].sources == ("global_step",)
    # Stored transposed, the reviewer adds the kernel's transpose; the slot takes it too and keeps its scale.
    entries, weights = _momentum_case()
    roles = classify(entries)
    reviewed = CheckpointMap({**proposal.pairs, "out/kernel": Pair("out/kernel", ("logits/W",),
                                                                   Transforms(transpose=(1, 0)))})
    plan = resolve(entries, roles, weights, reviewed)
    assert plan.ok, plan.problems
    carried = plan.assignments["optimizer/sgd/out_kernel_momentum"].transforms
    assert carried == Transforms(transpose=(1, 0), scale=-0.05)
    accumulator = np.arange(48, dtype=np.float32).reshape(3, 16)
    assert np.array_equal(apply([accumulator], carried), accumulator.T * np.float32(-0.05))


def test_momentum_under_a_learning_rate_schedule_is_left_to_the_reviewer() -> None:
    from tf1lint.ckpt.tf_runner import OptimizerSettings

    entries, weights = _momentum_case(stored=(16, 3))
    for settings in (None, OptimizerSettings("SGD", None, 0.9)):
        proposal = propose(entries, classify(entries), weights, carry_optimizer=True, optimizer_settings=settings)
        assert "optimizer/sgd/out_kernel_momentum" not in proposal.pairs
        assert ("model weight optimizer/sgd/out_kernel_momentum [16, 3] float32: logits/W/Momentum holds it times "
                "-learning_rate, and the compiled optimizer has no constant rate (a schedule): add "
                "`from: logits/W/Momentum` with `scale: -RATE`, RATE the TF1 program's last learning rate"
                ) in proposal.notes
    # Nor is RMSProp's momentum (another quantity) taken for SGD's.
    entries = _entries({"k": (2, 2), "k/RMSProp": (2, 2), "k/RMSProp_1": (2, 2)})
    weights = _weights([("k", (2, 2))]) + _optimizer_weights([
        ("optimizer/sgd/k_momentum", (2, 2), "float32", "k", "momentum")])
    proposal = propose(entries, classify(entries), weights, carry_optimizer=True,
                       optimizer_settings=OptimizerSettings("SGD", 0.01, 0.9))
    assert "optimizer/sgd/k_momentum" not in proposal.pairs


def test_a_scale_on_integer_state_is_refused() -> None:
    entries, weights = _momentum_case()
    reviewed = CheckpointMap({"out/kernel": Pair("out/kernel", ("logits/W",), Transforms(transpose=(1, 0))),
                              "optimizer/sgd/out_kernel_momentum": Pair("optimizer/sgd/out_kernel_momentum",
                                                                        ("logits/W/Momentum",), Transforms(scale=-1)),
                              "optimizer/sgd/iteration": Pair("optimizer/sgd/iteration", ("global_step",),
                                                              Transforms(scale=2.0))})
    plan = resolve(entries, classify(entries), weights, reviewed)
    assert plan.problems == [("model weight optimizer/sgd/iteration: scale needs floating-point values, "
                              "global_step is int64")]


def test_bert_adam_weight_decay_slots_fill_keras_adamw_moments() -> None:
    """google-research/bert's AdamWeightDecayOptimizer names its moments VARIABLE/adam_m and VARIABLE/adam_v."""
    entries = _entries({"bert/pooler/dense/kernel": (4, 4), "bert/pooler/dense/kernel/adam_m": (4, 4),
                        "bert/pooler/dense/kernel/adam_v": (4, 4)})
    weights = _weights([("pooler/kernel", (4, 4))]) + _optimizer_weights([
        ("optimizer/adam_w/pooler_kernel_momentum", (4, 4), "float32", "pooler/kernel", "momentum"),
        ("optimizer/adam_w/pooler_kernel_velocity", (4, 4), "float32", "pooler/kernel", "velocity")])
    roles = classify(entries)
    assert roles["bert/pooler/dense/kernel/adam_v"].optimizer == "AdamWeightDecay"
    proposal = propose(entries, roles, weights, carry_optimizer=True)
    assert proposal.pairs["optimizer/adam_w/pooler_kernel_momentum"].sources == ("bert/pooler/dense/kernel/adam_m",)
    assert proposal.pairs["optimizer/adam_w/pooler_kernel_velocity"].sources == ("bert/pooler/dense/kernel/adam_v",)


def test_same_shape_variables_go_to_the_weight_whose_scope_names_they_share() -> None:
    """slim's bottleneck creates the shortcut before conv3, each a convolution and a BatchNorm scope of the same
    shapes; a Keras rewrite keeping slim's names (conv3 with its norm in one layer) builds conv3 first. Order alone
    crosses them; the names they share decide."""
    unit = "resnet/block1/unit_1/bottleneck_v1"
    shapes = {}
    for part in ("shortcut", "conv3"):
        shapes[f"{unit}/{part}/weights"] = (1, 1, 4, 16)
        shapes.update({f"{unit}/{part}/BatchNorm/{leaf}": (16,)
                       for leaf in ("beta", "gamma", "moving_mean", "moving_variance")})
    entries = _entries(shapes)
    weights = _weights([(f"resnet/block1_unit_1/{part}/{leaf}", (1, 1, 4, 16) if leaf == "kernel" else (16,))
                        for part in ("conv3", "shortcut")
                        for leaf in ("kernel", "gamma", "beta", "moving_mean", "moving_variance")])
    proposal = propose(entries, classify(entries), weights, created=list(shapes))
    got = {weight: pair.sources[0] for weight, pair in proposal.pairs.items()}
    for weight, source in got.items():
        part = weight.split("/")[2]
        assert f"/{part}/" in source, (weight, source)
        assert weight.rsplit("/", 1)[-1] in (source.rsplit("/", 1)[-1], "kernel"), (weight, source)
    assert "whose name shares conv3" in proposal.pairs["resnet/block1_unit_1/conv3/gamma"].guess


def test_a_slot_the_compiled_optimizer_has_no_place_for_is_named_as_such() -> None:
    """TF1 Momentum slots against a Keras 3 SGD compiled without momentum (only an iteration)."""
    entries, weights = _momentum_case(stored=(16, 3))
    weights = [w for w in weights if w.slot != "momentum"]
    plan = resolve(entries, classify(entries), weights, CheckpointMap(
        {"out/kernel": Pair("out/kernel", ("logits/W",)),
         "optimizer/sgd/iteration": Pair("optimizer/sgd/iteration", ("global_step",))}))
    assert plan.problems == [("unused checkpoint variable logits/W/Momentum [16, 3] float32 (optimizer state: "
                              "momentum of logits/W; no variable of the compiled optimizer takes it; ignore it)")]
