"""`tf1lint ckpt` on checkpoints written by real TF1 repositories' own model-building code under real TF 1.14:
google-research/bert modeling.py (PyPI bert-tensorflow), openai/gpt-2 src/model.py (as PyPI gpt-2-simple ships
it) and tensorflow/models' slim resnet_v1 (inside TF 1.14). Their code is installed, never committed; see
tests/data/ckpt/write_real_repo_checkpoints.py. The proposal is compared with the reviewed map committed in
tests/data/ckpt/maps/, verify exits 0, convert writes `.weights.h5`, and our Keras 3 rewrites
(tests/data/ckpt/real_repo_models.py) load it, hold every checkpoint tensor bit for bit and predict what the
TF1 program predicted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from ckpt_fixtures import quiet_tf_env
from conftest import tensorflow_or_skip
from real_repo_fixtures import DATA, MODELS, ckpt

# Eleven TensorFlow processes (one TF 1.14 writer; map, verify, convert per model; the checker): about a minute.
pytestmark = pytest.mark.slow

tensorflow_or_skip()


def _pairs(path: Path) -> dict:
    return yaml.safe_load(path.read_text())["weights"]


def test_the_proposal_against_the_reviewed_maps(carried_real: dict) -> None:
    """What review changed, per model: slim resnet_v1 and GPT-2 nothing; BERT one pair the proposal left open
    (run_classifier's [classes, hidden] output_weights, which Dense takes transposed)."""
    proposed = {}
    for name in MODELS:
        assert carried_real[name]["map"].returncode == 0, carried_real[name]["map"].stderr
        proposed[name] = _pairs(carried_real[name]["proposed"])
    reviewed = {name: _pairs(DATA / "maps" / f"{name}.map.yaml") for name in MODELS}
    def strip(pairs: dict) -> dict:
        return {weight: {k: v for k, v in spec.items() if k not in ("why", "guess")} for weight, spec in pairs.items()}

    assert strip(proposed["resnet"]) == strip(reviewed["resnet"])
    assert len(reviewed["resnet"]) == 62
    bert_changes = {weight for weight, spec in strip(reviewed["bert"]).items()
                    if strip(proposed["bert"]).get(weight) != spec}
    assert bert_changes == {"classifier/kernel"} and "classifier/kernel" not in proposed["bert"]
    assert "output_weights has the transposed shape [3, 32] (add transpose)" in \
        carried_real["bert"]["proposed"].read_text()
    # GPT-2: every pair a guess, every guess right. Its conv1d kernels [1, in, out] pair through a reshape, its fused
    # c_attn through a split over the query, key and value layers in order (layouts.py), and its norms' g and b
    # by kind, never with a bias of their shape. (Round 3's proposal had 6 of 36 right and put biases on norms.)
    assert strip(proposed["gpt2"]) == strip(reviewed["gpt2"])
    assert all("guess" in spec for spec in proposed["gpt2"].values())


@pytest.mark.parametrize("name", list(MODELS))
def test_verify_exits_0_with_the_reviewed_map(carried_real: dict, name: str) -> None:
    verify = carried_real[name]["verify"]
    assert verify.returncode == 0, verify.stdout + verify.stderr
    weights = len(_pairs(DATA / "maps" / f"{name}.map.yaml"))
    assert f"ok: all {weights} model weights filled with the same shape and dtype" in verify.stdout


@pytest.mark.parametrize("name", list(MODELS))
def test_converted_weights_are_the_checkpoint_tensors_and_predict_what_tf1_predicted(carried_real: dict,
                                                                                       name: str) -> None:
    run = carried_real[name]
    assert run["convert"].returncode == 0, run["convert"].stdout + run["convert"].stderr
    result = run["result"]
    assert result["differing"] == [] and result["unmapped"] == [], result
    # Same weights, different TensorFlow builds and kernels (TF 1.14 fused batch norm, tanh, einsum; Keras 3's own
    # layers): exact is not expected; within rtol 1e-6 of the output's scale is.
    tolerance = 1e-6 * result["scale"]
    assert result["exact"] or result["close"] or result["max_difference"] <= tolerance, result


def test_a_wrong_map_that_verify_accepts_is_caught_by_the_predictions(carried_real: dict) -> None:
    run = carried_real["gpt2_wrong"]
    assert run["convert"].returncode == 0, run["convert"].stdout + run["convert"].stderr
    result = run["result"]
    assert result["differing"] == []  # converted as the (wrong) map says
    assert result["max_difference"] > 1e-3 * result["scale"], result


def test_resnet_momentum_state_carried_gives_the_same_next_step(real_repo_checkpoints: Path, tf114_python: str,
                                                                 tmp_path: Path) -> None:
    """slim resnet_v1's TF1 Momentum state, carried with --optimizer into Keras 3 SGD (`scale: -0.01` per slot),
    gives the same next training step as slim's own code restoring the checkpoint under TF 1.14: batch norm in
    training mode, weight decay, 38 trainable weights."""
    import numpy as np

    from tf1lint.ckpt.bundle import CheckpointReader

    checkpoint = real_repo_checkpoints / "resnet"
    model = f"{DATA / 'real_repo_models.py'}:small_resnet_momentum"
    map_file, weights = tmp_path / "resnet_sgd.map.yaml", tmp_path / "resnet_sgd.weights.h5"
    proposed = ckpt("map", str(checkpoint), "--optimizer", "--model", model, "-o", str(map_file))
    assert proposed.returncode == 0, proposed.stderr
    pairs = _pairs(map_file)
    momentum = {weight: spec for weight, spec in pairs.items() if weight.endswith("_momentum")}
    assert len(momentum) == 38 and all(spec["scale"] == -0.01 for spec in momentum.values())
    reviewed = _pairs(DATA / "maps" / "resnet.map.yaml")
    assert {weight: pairs[weight]["from"] for weight in reviewed} == {w: s["from"] for w, s in reviewed.items()}
    converted = ckpt("convert", str(checkpoint), "--optimizer", "--model", model, "--map", str(map_file),
                     "-o", str(weights))
    assert converted.returncode == 0, converted.stdout + converted.stderr
    step = DATA / "real_repo_next_step.py"
    runs = [subprocess.run([tf114_python, str(step), "tf1", str(checkpoint), str(tmp_path / "tf1.npz")],
                           capture_output=True, text=True, env=quiet_tf_env(), timeout=600),
            subprocess.run([sys.executable, str(step), "keras", model, str(weights), str(checkpoint),
                            str(tmp_path / "keras.npz")], capture_output=True, text=True, env=quiet_tf_env(),
                           timeout=600)]
    for run in runs:
        assert run.returncode == 0, run.stderr[-2000:]
    after_tf1, after_keras = np.load(tmp_path / "tf1.npz"), np.load(tmp_path / "keras.npz")
    assert int(after_keras["iteration"]) == 5  # four TF1 steps, then this one
    before = CheckpointReader(checkpoint)
    trainable = [weight for weight in reviewed if weight in after_keras.files]
    assert len(trainable) == 38
    for weight in trainable:
        name = reviewed[weight]["from"]
        # Every weight moved by 4e-4 or more; without the scale the steps differ by 0.56 (measured).
        assert np.max(np.abs(after_tf1[name] - before.read(name))) > 1e-4, name
        np.testing.assert_allclose(after_keras[weight], after_tf1[name], rtol=1e-6, atol=1e-6, err_msg=weight)
