"""Issue 20 on real repositories: carry checkpoints written by the repositories' own model-building code into
Keras 3 with `tf1lint ckpt`, and compare predictions.

    PYTHONPATH=$PWD /work/main/.venv/bin/python -m tools.measure.ckpt_corpus OUT \\
        cnn-text=/work/repos/cnn-text mnist-VAE=/work/repos/mnist-VAE tf_unet=/work/repos/tf_unet SeqGAN=/work/repos/SeqGAN

Per repository: TF 1.14 (tools/measure/ckpt_corpus/tf1_side.py) imports the checkout's code, trains a few steps on
synthetic inputs and saves; then `tf1lint ckpt map` proposes a map (compared with the reviewed one committed in
tools/measure/ckpt_corpus/maps/; where review changed it, the proposal is also converted and predicted, to show what review
caught), `verify` and `convert` run with the reviewed map, and Keras 3 `load_weights` predicts on the same inputs.
Each converted weight is compared with the checkpoint tensor read by TensorFlow. Prints a table (Markdown) and
writes OUT/results.json. Exit 1 if any repository fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent / "ckpt_corpus"
ROOT = HERE.parents[1]
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # TF 1.14 has no oneDNN rewrites: compare like with like
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
TF114 = os.environ.get("TF114_PYTHON", "/work/tf114/venv/bin/python")
# Repositories whose optimizer state is carried too (--optimizer): the compiled Keras model, trained as they train.
COMPILED_FUNCTIONS = {"cnn-text": "cnn_text_compiled", "SeqGAN": "seqgan_compiled"}
KERAS_FUNCTIONS = {"cnn-text": "cnn_text", "mnist-VAE": "mnist_vae", "tf_unet": "tf_unet", "SeqGAN": "seqgan"}


def child_env() -> dict[str, str]:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", TF_ENABLE_ONEDNN_OPTS="0", CUDA_VISIBLE_DEVICES="")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("TF2_BEHAVIOR", None)
    return env


def ckpt(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tf1lint", "ckpt", *args], capture_output=True, text=True,
                          check=False, env=child_env(), cwd=ROOT, timeout=900)


LAYOUT = ("from", "concat", "split", "transpose", "reshape")


def pairs(map_path: Path) -> dict[str, dict]:
    """Per model weight, where its value comes from and how it is laid out (the map's reasons left aside)."""
    weights = yaml.safe_load(map_path.read_text())["weights"] or {}
    return {weight: {key: entry[key] for key in LAYOUT if key in entry} for weight, entry in weights.items()}


def carry(name: str, folder: Path, out: Path) -> dict:
    model = f"{HERE / 'keras_models.py'}:{KERAS_FUNCTIONS[name]}"
    reviewed = HERE / "maps" / f"{name}.map.yaml"
    proposed = out / f"{name}.proposed.yaml"
    proposed.unlink(missing_ok=True)
    mapped = ckpt("map", str(folder), "--model", model, "-o", str(proposed))
    verified = ckpt("verify", str(folder), "--model", model, "--map", str(reviewed))
    weights = out / f"{name}.weights.h5"
    weights.unlink(missing_ok=True)
    converted = ckpt("convert", str(folder), "--model", model, "--map", str(reviewed), "-o", str(weights))
    steps = {"map": mapped, "verify": verified, "convert": converted}
    changed = [w for w, layout in pairs(reviewed).items() if pairs(proposed).get(w) != layout] \
        if mapped.returncode == 0 else ["(no proposal)"]
    unreviewed = None
    if changed and mapped.returncode == 0:
        # What review caught: the proposal as it came, converted (convert verifies first) and predicted below.
        unreviewed = out / f"{name}.unreviewed.weights.h5"
        unreviewed.unlink(missing_ok=True)
        steps["convert-unreviewed"] = ckpt("convert", str(folder), "--model", model, "--map", str(proposed),
                                           "-o", str(unreviewed))
    for step, completed in steps.items():
        (out / f"{name}.{step}.log").write_text(completed.stdout + completed.stderr)
    return {"model": model, "weights": weights, "verify_exit": verified.returncode,
            "convert_exit": converted.returncode, "map_exit": mapped.returncode, "changed_in_review": changed,
            "unreviewed": unreviewed, "unreviewed_convert_exit": steps.get("convert-unreviewed", mapped).returncode}


def carried_value(checkpoint, layout: dict) -> np.ndarray:
    """The checkpoint tensor as the map lays it out (these maps use only `transpose`)."""
    if set(layout) - {"from", "transpose"}:
        raise SystemExit(f"ckpt_corpus: only from/transpose are compared here, not {sorted(layout)}")
    value = checkpoint[layout["from"]] if isinstance(checkpoint, dict) else checkpoint.get_tensor(layout["from"])
    return np.transpose(value, layout["transpose"]) if "transpose" in layout else value


def predict(name: str, model_spec: str, weights: Path, folder: Path, map_path: Path) -> dict:
    """Keras 3 loads the converted weights and predicts; each weight is also compared with the checkpoint tensor
    it came from (read by TensorFlow, not by tf1lint), so output differences are told apart from lost values."""
    import tensorflow as tf  # pylint: disable=import-outside-toplevel

    model = build_model(model_spec)
    model.load_weights(str(weights))
    checkpoint = tf.train.load_checkpoint(str(folder))
    values = {weight.path: weight.numpy() for weight in model.weights}
    weights_exact = all(np.array_equal(values[weight], carried_value(checkpoint, layout))
                        for weight, layout in pairs(map_path).items())
    expected = np.load(folder / "predictions.npy")
    actual = np.asarray(model.predict(np.load(folder / "inputs.npy"), verbose=0))
    scale = float(np.max(np.abs(expected)))
    return {"weights_exact": weights_exact, "exact": bool(np.array_equal(actual, expected)),
            "allclose_rtol_1e-6": bool(np.allclose(actual, expected, rtol=1e-6)),
            "allclose_rtol_1e-6_of_scale": bool(np.allclose(actual, expected, rtol=1e-6, atol=1e-6 * scale)),
            "max_relative": float(np.max(np.abs(actual - expected) / np.maximum(np.abs(expected), 1e-30))),
            "max_difference": float(np.max(np.abs(actual - expected))),
            "max_output": scale, "outputs": int(expected.size)}


def agreement(row: dict) -> str:
    """How close, named by the strictest test passed (np.allclose's default atol is 1e-8)."""
    if row["exact"]:
        return "exact"
    if row["allclose_rtol_1e-6"]:
        return "np.allclose(rtol=1e-6)"
    if row["allclose_rtol_1e-6_of_scale"]:
        return (f"NOT np.allclose(rtol=1e-6) (max relative {row['max_relative']:.2g} on a small output); "
                "within rtol 1e-6 with atol 1e-6 x max abs output")
    return "differs"


def carry_optimizer(name: str, folder: Path, out: Path) -> dict:
    """--optimizer: map (compared with the reviewed optimizer map), verify and convert with the reviewed map."""
    model = f"{HERE / 'keras_models.py'}:{COMPILED_FUNCTIONS[name]}"
    reviewed = HERE / "maps" / f"{name}.optimizer.map.yaml"
    proposed = out / f"{name}.optimizer.proposed.yaml"
    proposed.unlink(missing_ok=True)
    weights = out / f"{name}.optimizer.weights.h5"
    weights.unlink(missing_ok=True)
    steps = {"map": ckpt("map", str(folder), "--optimizer", "--model", model, "-o", str(proposed)),
             "verify": ckpt("verify", str(folder), "--optimizer", "--model", model, "--map", str(reviewed)),
             "convert": ckpt("convert", str(folder), "--optimizer", "--model", model, "--map", str(reviewed),
                             "-o", str(weights))}
    for step, completed in steps.items():
        (out / f"{name}.optimizer.{step}.log").write_text(completed.stdout + completed.stderr)
    changed = [w for w, layout in pairs(reviewed).items() if pairs(proposed).get(w) != layout] \
        if steps["map"].returncode == 0 else ["(no proposal)"]
    filled = re.search(r"ok: all (\d+) model weights", steps["verify"].stdout)
    return {"model": model, "weights": weights, "reviewed": reviewed, "changed_in_review": changed,
            "verify_exit": steps["verify"].returncode, "convert_exit": steps["convert"].returncode,
            "filled": int(filled.group(1)) if filled else 0}


def keras_step(carried: dict, folder: Path, densify: bool) -> dict[str, np.ndarray]:
    """One more training step in Keras 3 from the converted weights and optimizer state.

    `densify`: hand the optimizer dense gradients. An embedding's gradient is IndexedSlices with one row per word
    of the batch; TF1's optimizers sum repeated rows before applying them, Keras 3 Adam squares each row apart
    (Adam(0.1) on one variable row given 1 twice: 0.9000008 from [2], 0.8585799 from [1, 1]). Dense, both sides
    compute the same update, which isolates what the conversion carried."""
    import tensorflow as tf  # pylint: disable=import-outside-toplevel

    model = build_model(carried["model"])
    model.optimizer.build(model.trainable_variables)
    model.load_weights(str(carried["weights"]))
    inputs, labels = np.load(folder / "inputs.npy"), np.load(folder / "labels.npy")
    with tf.GradientTape() as tape:
        loss = model.loss(labels, model(inputs)) + sum(model.losses)
    gradients = tape.gradient(loss, model.trainable_variables)
    if densify:
        gradients = [tf.convert_to_tensor(gradient) for gradient in gradients]
    model.optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    return {w.path: w.numpy() for w in model.trainable_variables} | \
        {"iteration": np.asarray(model.optimizer.iterations.numpy())}


def compare_steps(carried: dict, folder: Path) -> dict:
    """TF1's one more step against Keras 3's, with dense gradients (the verdict) and as Keras 3 takes it."""
    import tensorflow as tf  # pylint: disable=import-outside-toplevel

    after_tf1 = np.load(folder / "after_step.npz")
    checkpoint = tf.train.load_checkpoint(str(folder))
    result = {}
    for densify, key in ((True, "step_max_difference"), (False, "step_max_difference_sparse")):
        after_keras = keras_step(carried, folder, densify)
        differences, moves = [], []
        for weight, layout in pairs(carried["reviewed"]).items():
            if weight in after_keras:
                expected = carried_value({layout["from"]: after_tf1[layout["from"]]}, layout)
                differences.append(float(np.max(np.abs(after_keras[weight] - expected))))
                moves.append(float(np.max(np.abs(expected - carried_value(checkpoint, layout)))))
        result |= {key: max(differences), "step_smallest_move": min(moves), "step_weights": len(differences),
                   "iteration": int(after_keras["iteration"])}
    return result


def build_model(model_spec: str):
    import importlib.util  # pylint: disable=import-outside-toplevel

    path, function = model_spec.rsplit(":", 1)
    sys.path.insert(0, str(HERE))
    spec = importlib.util.spec_from_file_location(f"corpus_keras_{function}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, function)()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="a fresh folder for checkpoints, maps, weights and logs")
    parser.add_argument("repositories", nargs="+", metavar="NAME=CHECKOUT", help=f"NAME in {sorted(KERAS_FUNCTIONS)}")
    parser.add_argument("--reuse", action="store_true", help="keep the checkpoints already in OUT")
    arguments = parser.parse_args()
    names = [argument.partition("=")[0] for argument in arguments.repositories]
    unknown = [name for name in names if name not in KERAS_FUNCTIONS]
    if unknown:
        parser.error(f"no models for {', '.join(unknown)}")
    checkpoints = arguments.out / "checkpoints"
    if not arguments.reuse:
        if checkpoints.exists():
            parser.error(f"{checkpoints} exists: give a fresh OUT or --reuse")
        written = subprocess.run([TF114, str(HERE / "tf1_side.py"), str(checkpoints), *arguments.repositories],
                                 capture_output=True, text=True, check=False, env=child_env(), timeout=1800)
        (arguments.out / "tf1_side.log").write_text(written.stdout + written.stderr)
        if written.returncode:
            print(written.stderr[-3000:], file=sys.stderr)
            return 1
    results = []
    for name in names:
        folder = checkpoints / name
        about = json.loads((folder / "about.json").read_text())
        carried = carry(name, folder, arguments.out)
        prediction = predict(name, carried["model"], carried["weights"], folder, HERE / "maps" / f"{name}.map.yaml") \
            if carried["convert_exit"] == 0 else {}
        ok = carried["verify_exit"] == 0 and prediction.get("weights_exact") and \
            prediction.get("allclose_rtol_1e-6_of_scale")
        if carried["unreviewed"] and carried["unreviewed_convert_exit"] == 0:
            before_review = predict(name, carried["model"], carried["unreviewed"], folder,
                                    arguments.out / f"{name}.proposed.yaml")
            carried["unreviewed_max_difference"] = before_review["max_difference"]
        results.append({"repository": name, **about, **prediction, "verdict": "pass" if ok else "FAIL",
                        **{k: str(v) if isinstance(v, Path) else v for k, v in carried.items()}})
    (arguments.out / "results.json").write_text(json.dumps(results, indent=1))
    print("| repository | model code used | variables (model + optimizer + step) | optimizer | sharded | "
          "proposal changed in review | verify exit | weights bit-exact | max abs difference (max abs output) | "
          "verdict |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in results:
        shards = f"yes, {len(row['data_files'])} data files" if row["sharded"] else "no"
        difference = (f"{row['max_difference']:.3g} ({row['max_output']:.3g}): {agreement(row)}"
                      if "max_difference" in row else f"not converted (exit {row['convert_exit']})")
        exact_weights = "yes" if row.get("weights_exact") else "no" if "weights_exact" in row else "-"
        review = "no" if not row["changed_in_review"] else \
            f"{len(row['changed_in_review'])} of {row['trainable']} weights" + \
            (f" (as proposed: convert exit {row['unreviewed_convert_exit']}, max abs difference "
             f"{row['unreviewed_max_difference']:.3g})" if "unreviewed_max_difference" in row else "")
        print(f"| {row['repository']} | {row['code']} | {row['variables']} ({row['trainable']} trainable) | "
              f"{row['optimizer']} | {shards} | {review} | {row['verify_exit']} | {exact_weights} | "
              f"{difference} | {row['verdict']} |")
    stepped = step_with_optimizer_state([a for a in arguments.repositories if a.partition("=")[0] in COMPILED_FUNCTIONS],
                                        checkpoints, arguments.out)
    return 0 if all(row["verdict"] == "pass" for row in results + stepped) else 1


def step_with_optimizer_state(repositories: list[str], checkpoints: Path, out: Path) -> list[dict]:
    """The optimizer state carried (--optimizer): TF 1.14 and Keras 3 each take one more step from it."""
    if not repositories:
        return []
    stepped = subprocess.run([TF114, str(HERE / "tf1_side.py"), "--step", str(checkpoints), *repositories],
                             capture_output=True, text=True, check=False, env=child_env(), timeout=1800)
    (out / "tf1_side.step.log").write_text(stepped.stdout + stepped.stderr)
    if stepped.returncode:
        print(stepped.stderr[-3000:], file=sys.stderr)
        return [{"verdict": "FAIL"}]
    rows = []
    for name in (argument.partition("=")[0] for argument in repositories):
        carried = carry_optimizer(name, checkpoints / name, out)
        step = compare_steps(carried, checkpoints / name) if carried["convert_exit"] == 0 else {}
        # Adam moves each weight by about its learning rate; lost moments would show at that scale.
        ok = carried["verify_exit"] == 0 and step and step["step_max_difference"] <= 1e-6 < step["step_smallest_move"]
        rows.append({"repository": name, **step, "verdict": "pass" if ok else "FAIL",
                     **{k: str(v) if isinstance(v, Path) else v for k, v in carried.items()}})
    (out / "results.optimizer.json").write_text(json.dumps(rows, indent=1))
    print("\n| repository | compiled Keras model | weights + slots + iteration filled | changed in review | verify exit | "
          "iteration after the step | max abs difference after one more step (dense gradients) | "
          "the same as Keras 3 applies sparse gradients | smallest move of a weight | verdict |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print(f"| {row['repository']} | keras_models.py:{row['model'].rsplit(':', 1)[1]} | {row['filled']} | "
              f"{len(row['changed_in_review']) or 'no'} | {row['verify_exit']} | {row.get('iteration', '-')} | "
              f"{row.get('step_max_difference', float('nan')):.3g} | "
              f"{row.get('step_max_difference_sparse', float('nan')):.3g} | {row.get('step_smallest_move', float('nan')):.3g} | "
              f"{row['verdict']} |")
    return rows


if __name__ == "__main__":
    sys.exit(main())
