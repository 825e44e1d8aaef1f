"""map -> verify -> convert on checkpoints written by real TF 1.14 and by TF 2.21's compat.v1 Saver; Keras 3
`load_weights` then predicts what the TF1 program predicted. Negative cases exit 1 naming the culprit."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from ckpt_fixtures import quiet_tf_env
from conftest import ROOT, needed_on_ci, tensorflow_or_skip

# About thirty TensorFlow child processes (map, convert, verify per case): the long run (`-m slow`,
# run by .ci/run) has them; the default run keeps the bundled example carried end to end.
pytestmark = pytest.mark.slow

tensorflow_or_skip()

MODELS = ROOT / "tests" / "data" / "ckpt" / "keras_models.py"
PREDICT = ROOT / "tests" / "data" / "ckpt" / "predict_converted.py"
CASES_TF114 = {"text_cnn": "text_cnn", "mlp_adam": "mlp", "conv_sharded": "conv_net", "encoder_decoder": "encoder_decoder"}
CASES_TF221 = {"mlp_sharded": "mlp"}


def ckpt(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tf1lint", "ckpt", *args], capture_output=True, text=True,
                          env=quiet_tf_env(), cwd=ROOT, timeout=900)


def _carry(checkpoints: Path, folder: str, function: str, out: Path) -> dict:
    """map, then convert (which runs and prints verify: a separate verify would start TensorFlow once more)."""
    model = f"{MODELS}:{function}"
    map_file = out / f"{folder}.map.yaml"
    proposed = ckpt("map", str(checkpoints / folder), "--model", model, "-o", str(map_file))
    weights = out / f"{folder}.weights.h5"
    converted = ckpt("convert", str(checkpoints / folder), "--model", model, "--map", str(map_file),
                     "-o", str(weights))
    return {"map": proposed, "convert": converted, "weights": weights, "map_file": map_file,
            "case": {"model": model, "weights": str(weights), "inputs": str(checkpoints / folder / "inputs.npy"),
                     "predictions": str(checkpoints / folder / "predictions.npy")}}


@pytest.fixture(scope="session")
def carried(tf114_checkpoints: Path, tf221_checkpoints: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("carried")
    jobs = {}
    # Two chains at a time: each is TensorFlow start-up bound, and the machine has two cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for version, checkpoints, cases in (("tf114", tf114_checkpoints, CASES_TF114),
                                            ("tf221", tf221_checkpoints, CASES_TF221)):
            (out / version).mkdir()
            for folder, function in cases.items():
                jobs[f"{version}/{folder}"] = pool.submit(_carry, checkpoints, folder, function, out / version)
    runs = {case: job.result() for case, job in jobs.items()}
    converted = [run["case"] for run in runs.values() if run["convert"].returncode == 0]
    cases_file = out / "cases.json"
    cases_file.write_text(json.dumps(converted))
    predicted = subprocess.run([sys.executable, str(PREDICT), str(cases_file)], capture_output=True, text=True,
                               env=quiet_tf_env(), timeout=900)
    assert predicted.returncode == 0, predicted.stderr[-2000:]
    by_weights = {result["weights"]: result for result in json.loads(predicted.stdout.strip().splitlines()[-1])}
    for run in runs.values():
        run["prediction"] = by_weights.get(str(run["weights"]))
    return runs


@pytest.mark.parametrize("case", [f"tf114/{f}" for f in CASES_TF114] + [f"tf221/{f}" for f in CASES_TF221])
def test_converted_weights_predict_what_tf1_predicted(carried: dict, case: str) -> None:
    run = carried[case]
    assert run["map"].returncode == 0, run["map"].stderr
    assert run["convert"].returncode == 0, run["convert"].stdout + run["convert"].stderr
    assert "ok: all" in run["convert"].stdout and "read back and compared" in run["convert"].stdout
    prediction = run["prediction"]
    # Exact where the computation is the same, else within rtol 1e-6 of the output's scale (batch
    # normalization is fused in TF1 and not in Keras 3: logits differ in their last bit).
    assert prediction["exact"] or prediction["close"], prediction


def test_verify_exits_0_on_a_reviewed_map(carried: dict, tf114_checkpoints: Path) -> None:
    run = carried["tf114/conv_sharded"]
    completed = ckpt("verify", str(tf114_checkpoints / "conv_sharded"), "--model", run["case"]["model"],
                     "--map", str(run["map_file"]))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "ok: all 12 model weights filled with the same shape and dtype; 11 checkpoint variables ignored" \
        in completed.stdout


def test_every_proposed_pair_says_why(carried: dict) -> None:
    text = carried["tf114/mlp_adam"]["map_file"].read_text()
    assert text.count("\n    guess: ") == 6  # unnamed Variable, Variable_1... paired by shape and order
    assert "sequential/dense/bias:\n    from: Variable_3\n" in text
    assert "sequential/dense_1/bias:\n    from: Variable_4\n" in text
    assert "  - group: optimizer\n    why: '14 variables of optimizer state (Adam): not carried'\n" in text
    conv = carried["tf114/conv_sharded"]["map_file"].read_text()
    assert "norm/moving_variance:\n    from: batch_normalization/moving_variance\n" in conv
    assert "logits/kernel:\n    from: dense_1/kernel\n" in conv


def _verify(checkpoint: Path, function: str, map_text: str | None, tmp_path: Path) -> subprocess.CompletedProcess:
    args = ["verify", str(checkpoint), "--model", f"{MODELS}:{function}"]
    if map_text is not None:
        (tmp_path / "map.yaml").write_text(map_text)
        args += ["--map", str(tmp_path / "map.yaml")]
    return ckpt(*args)


def test_renamed_scope_fails_naming_both_names(carried: dict, tf114_checkpoints: Path, tmp_path: Path) -> None:
    reviewed = carried["tf114/text_cnn"]["map_file"].read_text()
    completed = _verify(tf114_checkpoints / "text_cnn_renamed", "text_cnn", reviewed, tmp_path)
    assert completed.returncode == 1
    assert "model weight scores/kernel: the map takes it from output/W, which the checkpoint does not hold" \
        in completed.stdout
    assert "unused checkpoint variable logits/W [12, 3] float32" in completed.stdout
    assert "unused checkpoint variable logits/b [3] float32" in completed.stdout


def test_transposed_kernel_needs_a_rule(tf114_checkpoints: Path, tmp_path: Path) -> None:
    pairs = {"h1": "Variable", "b1": "Variable_3", "h2": "Variable_1", "b2": "Variable_4", "out_t": "Variable_2",
             "out_b": "Variable_5"}
    lines = ["weights:"] + [f"  {weight}: {{from: {source}}}" for weight, source in pairs.items()]
    lines += ["ignore:", "  - {group: optimizer}", "  - {name: global_step}"]
    without = _verify(tf114_checkpoints / "mlp_adam", "mlp_module", "\n".join(lines), tmp_path)
    assert without.returncode == 1
    assert "shape mismatch: model weight out_t is [3, 16], Variable_2 gives [16, 3] (the transpose: add " \
        "`transpose: [1, 0]`" in without.stdout
    assert without.stdout.count("shape mismatch") == 1
    fixed = "\n".join(lines).replace("{from: Variable_2}", "{from: Variable_2, transpose: [1, 0]}")
    (tmp_path / "fixed.yaml").write_text(fixed)
    converted = ckpt("convert", str(tf114_checkpoints / "mlp_adam"), "--model", f"{MODELS}:mlp_module",
                     "--map", str(tmp_path / "fixed.yaml"), "-o", str(tmp_path / "tf2" / "ckpt"))
    assert converted.returncode == 0, converted.stdout + converted.stderr
    tf = tensorflow_or_skip()
    import numpy as np

    from tf1lint.ckpt.bundle import CheckpointReader
    written = tf.train.load_checkpoint(str(tmp_path / "tf2" / "ckpt"))
    original = CheckpointReader(tf114_checkpoints / "mlp_adam")
    out_t = next(n for n in written.get_variable_to_shape_map() if n.startswith("model/out_t/"))
    np.testing.assert_array_equal(written.get_tensor(out_t), original.read("Variable_2").T)


def test_missing_variable_names_the_unfilled_weight(carried: dict, tf114_checkpoints: Path, tmp_path: Path) -> None:
    reviewed = carried["tf114/mlp_adam"]["map_file"].read_text()
    completed = _verify(tf114_checkpoints / "mlp_adam", "mlp_wider", reviewed, tmp_path)
    assert completed.returncode == 1
    assert "unfilled model weight sequential/dense_3/kernel [3, 3] float32" in completed.stdout
    assert "unfilled model weight sequential/dense_3/bias [3] float32" in completed.stdout


def test_extra_slot_is_named_unless_ignored(carried: dict, tf114_checkpoints: Path, tmp_path: Path) -> None:
    reviewed = carried["tf114/mlp_adam"]["map_file"].read_text()
    only_first_moments = reviewed.replace("  - group: optimizer\n", "  - regex: '/Adam$'\n")
    assert only_first_moments != reviewed
    completed = _verify(tf114_checkpoints / "mlp_adam", "mlp", only_first_moments, tmp_path)
    assert completed.returncode == 1
    assert "unused checkpoint variable Variable_3/Adam_1 [16] float32 (optimizer state: v of Variable_3" \
        in completed.stdout
    assert "unused checkpoint variable beta1_power [] float32" in completed.stdout
    assert "Variable_3/Adam " not in completed.stdout


def test_shape_mismatch_in_a_map_is_named(carried: dict, tf114_checkpoints: Path, tmp_path: Path) -> None:
    reviewed = carried["tf114/mlp_adam"]["map_file"].read_text()
    edited = reviewed.replace("from: Variable_3\n", "from: Variable_5\n")
    completed = _verify(tf114_checkpoints / "mlp_adam", "mlp", edited, tmp_path)
    assert completed.returncode == 1
    assert "shape mismatch: model weight sequential/dense/bias is [16], Variable_5 gives [3]" in completed.stdout
    assert "unused checkpoint variable Variable_3 [16] float32" in completed.stdout


@pytest.mark.parametrize("damage", ["truncated data", "corrupt index"])
def test_damaged_checkpoint_fails_verify_and_convert_in_one_line(carried: dict, tf114_checkpoints: Path,
                                                                 tmp_path: Path, damage: str) -> None:
    copy = tmp_path / "mlp_adam"
    shutil.copytree(tf114_checkpoints / "mlp_adam", copy)
    if damage == "truncated data":
        data = copy / "model.ckpt-5.data-00000-of-00001"
        data.write_bytes(data.read_bytes()[:1000])
    else:
        index = copy / "model.ckpt-5.index"
        index.write_bytes(index.read_bytes()[:-20])
    reviewed = carried["tf114/mlp_adam"]["map_file"].read_text()
    (tmp_path / "map.yaml").write_text(reviewed)
    out = tmp_path / "out.weights.h5"
    completed = ckpt("convert", str(copy), "--model", f"{MODELS}:mlp", "--map", str(tmp_path / "map.yaml"),
                     "-o", str(out))
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr + completed.stdout
    expected = "model.ckpt-5.data-00000-of-00001: truncated" if damage == "truncated data" else \
        "model.ckpt-5.index: corrupt checkpoint index"
    assert expected in completed.stdout + completed.stderr
    assert not out.exists()


def test_map_never_overwrites_a_reviewed_map(carried: dict, tf114_checkpoints: Path) -> None:
    reviewed = carried["tf114/mlp_adam"]["map_file"]
    before = reviewed.read_bytes()
    completed = ckpt("map", str(tf114_checkpoints / "mlp_adam"), "--model", f"{MODELS}:mlp", "-o", str(reviewed))
    assert completed.returncode == 2 and "exists (a reviewed map?); give --force" in completed.stderr
    assert reviewed.read_bytes() == before


def test_model_that_cannot_be_built_is_one_line(tmp_path: Path, tf114_checkpoints: Path) -> None:
    (tmp_path / "broken.py").write_text("def build():\n    raise RuntimeError('no GPU here')\n")
    completed = ckpt("verify", str(tf114_checkpoints / "mlp_adam"), "--model", f"{tmp_path / 'broken.py'}:build")
    assert completed.returncode == 1
    assert completed.stderr.strip().endswith("calling it failed: RuntimeError: no GPU here")
    assert len(completed.stderr.strip().splitlines()) == 1


# Per TF1 optimizer: the checkpoint, the compiled Keras model, map lines proving which slot went where, and how
# many weights the map fills (6 model weights, their Keras 3 slots, the iteration).
OPTIMIZER_CASES = {
    "adam": ("mlp_adam", "mlp_compiled", 19, [
        "  optimizer/adam/sequential_dense_bias_velocity:\n    from: Variable_3/Adam_1\n",
        "  optimizer/adam/iteration:\n    from: global_step\n"]),
    "rmsprop": ("mlp_rmsprop", "mlp_rmsprop_compiled", 19, [
        "  optimizer/rm_sprop/sequential_dense_bias_velocity:\n    from: Variable_3/RMSProp\n",
        "  optimizer/rm_sprop/sequential_dense_bias_momentum:\n    from: Variable_3/RMSProp_1\n"]),
    # Centered RMSProp's second slot is the mean gradient and its third the momentum.
    "rmsprop_centered": ("mlp_rmsprop_centered", "mlp_rmsprop_centered_compiled", 25, [
        "  optimizer/rm_sprop/sequential_dense_bias_average_gradient:\n    from: Variable_3/RMSProp_1\n",
        "  optimizer/rm_sprop/sequential_dense_bias_momentum:\n    from: Variable_3/RMSProp_2\n"]),
    # Keras 3 SGD keeps -learning_rate times TF1 Momentum's accumulator: carried with a scale, as a guess (the
    # rate is the compiled optimizer's; the reviewer confirms it is the TF1 program's).
    "momentum": ("mlp_momentum", "mlp_sgd_compiled", 13, [
        "  optimizer/sgd/sequential_dense_bias_momentum:\n    from: Variable_3/Momentum\n    scale: -0.01\n"
        "    guess: 'TF1 slot momentum of Variable_3 -> Keras 3 momentum of sequential/dense/bias: Keras keeps "
        "-learning_rate times TF1''s accumulator; learning rate 0.01 is the compiled optimizer''s, put the TF1 "
        "program''s last one if it differs'\n"]),
    # google-research/bert's own optimizer: its moments fill Keras 3 AdamW's, its step the iteration.
    "bert_adamw": ("mlp_bert_adamw", "mlp_adamw_compiled", 19, [
        "  optimizer/adam_w/sequential_dense_kernel_momentum:\n    from: Variable/adam_m\n",
        "  optimizer/adam_w/sequential_dense_bias_velocity:\n    from: Variable_3/adam_v\n",
        "  optimizer/adam_w/iteration:\n    from: global_step\n"]),
    "momentum_nesterov": ("mlp_momentum_nesterov", "mlp_sgd_nesterov_compiled", 13, [
        "  optimizer/sgd/sequential_dense_2_kernel_momentum:\n    from: Variable_2/Momentum\n    scale: -0.01\n"]),
}


@pytest.mark.parametrize("kind", ["adam", pytest.param("rmsprop", marks=pytest.mark.slow),
                                  pytest.param("rmsprop_centered", marks=pytest.mark.slow),
                                  "momentum", pytest.param("momentum_nesterov", marks=pytest.mark.slow),
                                  "bert_adamw"])
def test_optimizer_state_carried_gives_the_same_next_step(tf114_python: str, tf114_checkpoints: Path,
                                                          tmp_path: Path, kind: str) -> None:
    import numpy as np

    folder, function, filled, expected_lines = OPTIMIZER_CASES[kind]
    checkpoint = tf114_checkpoints / folder
    if not checkpoint.exists():  # written only where the TF 1.14 environment has the repository's package
        needed_on_ci("the TF 1.14 environment lacks google-research/bert's code: pip install --no-deps "
                     "bert-tensorflow==1.0.4")
    model = f"{MODELS}:{function}"
    map_file = tmp_path / "map.yaml"
    proposed = ckpt("map", str(checkpoint), "--optimizer", "--model", model, "-o", str(map_file))
    assert proposed.returncode == 0, proposed.stderr
    text = map_file.read_text()
    for line in expected_lines:
        assert line in text, text
    weights = tmp_path / "mlp.weights.h5"
    converted = ckpt("convert", str(checkpoint), "--optimizer", "--model", model, "--map", str(map_file),
                     "-o", str(weights))
    assert converted.returncode == 0, converted.stdout + converted.stderr
    assert f"ok: all {filled} model weights filled" in converted.stdout
    step = ROOT / "tests" / "data" / "ckpt" / "continue_training.py"
    tf1 = subprocess.run([tf114_python, str(step), "tf1", str(checkpoint), str(tmp_path / "tf1.npz"), kind],
                         capture_output=True, text=True, env=quiet_tf_env(), timeout=600)
    assert tf1.returncode == 0, tf1.stderr[-2000:]
    keras = subprocess.run([sys.executable, str(step), "keras", model, str(weights), str(checkpoint),
                            str(tmp_path / "keras.npz")], capture_output=True, text=True, env=quiet_tf_env(),
                           timeout=600)
    assert keras.returncode == 0, keras.stderr[-2000:]
    after_tf1, after_keras = np.load(tmp_path / "tf1.npz"), np.load(tmp_path / "keras.npz")
    steps_before = 10 ** 6 if kind == "bert_adamw" else 0
    assert int(after_keras["iteration"]) == steps_before + 6  # five TF1 steps, then this one
    pairs = {"Variable": "dense/kernel", "Variable_3": "dense/bias", "Variable_1": "dense_1/kernel",
             "Variable_4": "dense_1/bias", "Variable_2": "dense_2/kernel", "Variable_5": "dense_2/bias"}
    from tf1lint.ckpt.bundle import CheckpointReader
    before = CheckpointReader(checkpoint)
    for tf1_name, keras_name in pairs.items():
        expected, actual = after_tf1[tf1_name], after_keras[f"sequential/{keras_name}"]
        moved = np.max(np.abs(expected - before.read(tf1_name)))
        # The step moved every weight by 1e-4 or more (up to the lr, 1e-2), a hundred times the tolerance; with
        # lost moments or averages the two steps would differ by about that much.
        assert moved > 1e-4, tf1_name
        np.testing.assert_allclose(actual, expected, rtol=1e-6, atol=1e-6, err_msg=tf1_name)


def test_proposal_follows_the_tf1_graphs_creation_order(tf114_checkpoints: Path, tmp_path: Path) -> None:
    """gaussian_encoder was built before bernoulli_decoder; by name order the encoder's layers would get the
    decoder's w0/b0 (the shapes fit). The .meta graph gives the order; without it the proposal says name order."""
    from tf1lint.ckpt.bundle import CheckpointReader
    from tf1lint.ckpt.meta_graph import creation_order
    from tf1lint.ckpt.propose import propose
    from tf1lint.ckpt.roles import classify
    from tf1lint.ckpt.tf_runner import ModelWeight

    reader = CheckpointReader(tf114_checkpoints / "encoder_decoder")
    shapes = [(10, 8), (8,), (8, 8), (8,), (8, 8), (8,), (8, 3), (3,)]
    weights = [ModelWeight(f"dense_{index // 2}/{'kernel' if len(shape) == 2 else 'bias'}", shape, "float32",
                           index, True) for index, shape in enumerate(shapes)]
    created = creation_order(reader.prefix)
    assert created[:4] == ["gaussian_encoder/w0", "gaussian_encoder/b0", "gaussian_encoder/w1", "gaussian_encoder/b1"]
    proposal = propose(reader.entries, classify(reader.entries), weights, created=created)
    sources = {weight: pair.sources[0] for weight, pair in proposal.pairs.items()}
    assert sources == {"dense_0/kernel": "gaussian_encoder/w0", "dense_0/bias": "gaussian_encoder/b0",
                       "dense_1/kernel": "gaussian_encoder/w1", "dense_1/bias": "gaussian_encoder/b1",
                       "dense_2/kernel": "bernoulli_decoder/w0", "dense_2/bias": "bernoulli_decoder/b0",
                       "dense_3/kernel": "bernoulli_decoder/w1", "dense_3/bias": "bernoulli_decoder/b1"}
    assert "first such variable in creation order (.meta graph)" in proposal.pairs["dense_0/bias"].guess
    without_meta = propose(reader.entries, classify(reader.entries), weights, created=[])
    assert "in name order" in without_meta.pairs["dense_0/bias"].guess
    # A missing or damaged .meta file falls back to name order rather than failing.
    assert creation_order(tmp_path / "absent") == []
    (tmp_path / "damaged.meta").write_bytes(Path(f"{reader.prefix}.meta").read_bytes()[:300])
    assert creation_order(tmp_path / "damaged") == []
