"""Session-wide fixtures for the tests that run real TF1 repositories' own model code (tests/test_ckpt_real_repos.py,
tests/test_ckpt_version_gap.py): the checkpoints TF 1.14 writes with that code, and what `tf1lint ckpt` makes of
them (proposed map, verify, convert, and the converted Keras models' weights and predictions). Written once per run,
whichever of those modules asks first."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from ckpt_fixtures import quiet_tf_env
from conftest import ROOT, needed_on_ci

DATA = ROOT / "tests" / "data" / "ckpt"
MODELS = {"bert": "bert_classifier", "gpt2": "gpt2_language_model", "resnet": "small_resnet"}
PACKAGES = "bert-tensorflow==1.0.4 gpt-2-simple==0.8.1"


def ckpt(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tf1lint", "ckpt", *args], capture_output=True, text=True,
                          env=quiet_tf_env(), cwd=ROOT, timeout=900)


@pytest.fixture(scope="session")
def real_repo_checkpoints(tf114_python: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    probe = "import importlib.util as u; import bert.modeling; assert u.find_spec('gpt_2_simple')"
    found = subprocess.run([tf114_python, "-c", probe], capture_output=True, text=True, env=quiet_tf_env())
    if found.returncode != 0:
        needed_on_ci(f"the TF 1.14 environment lacks the real repositories' code: pip install --no-deps {PACKAGES}")
    folder = tmp_path_factory.mktemp("real_repos") / "checkpoints"
    written = subprocess.run([tf114_python, str(DATA / "write_real_repo_checkpoints.py"), str(folder)],
                             capture_output=True, text=True, env=quiet_tf_env(), timeout=600)
    assert written.returncode == 0, written.stderr[-3000:]
    return folder


def _wrong_map(out: Path) -> Path:
    """The reviewed GPT-2 map with block 0's query and key parts of c_attn swapped: same shapes, so verify and
    convert cannot tell; only the predictions can."""
    document = yaml.safe_load((DATA / "maps" / "gpt2.map.yaml").read_text())
    weights = document["weights"]
    weights["block0_q/kernel"], weights["block0_k/kernel"] = weights["block0_k/kernel"], weights["block0_q/kernel"]
    path = out / "gpt2_wrong.map.yaml"
    path.write_text(yaml.safe_dump(document))
    return path


def _carry(checkpoints: Path, name: str, map_file: Path, out: Path, label: str) -> dict:
    model = f"{DATA / 'real_repo_models.py'}:{MODELS[name]}"
    checkpoint = str(checkpoints / name)
    run: dict = {}
    if label == name:
        run["map"] = ckpt("map", checkpoint, "--model", model, "-o", str(out / f"{name}.proposed.yaml"))
        run["proposed"] = out / f"{name}.proposed.yaml"
        run["verify"] = ckpt("verify", checkpoint, "--model", model, "--map", str(map_file))
    weights = out / f"{label}.weights.h5"
    run["convert"] = ckpt("convert", checkpoint, "--model", model, "--map", str(map_file), "-o", str(weights))
    run["case"] = {"model": model, "weights": str(weights), "map": str(map_file), "checkpoint": checkpoint,
                   "inputs": f"{checkpoint}/inputs.npy", "predictions": f"{checkpoint}/predictions.npy"}
    return run


@pytest.fixture(scope="session")
def carried_real(real_repo_checkpoints: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("real_repos_carried")
    chains = [(name, DATA / "maps" / f"{name}.map.yaml", name) for name in MODELS]
    chains.append(("gpt2", _wrong_map(out), "gpt2_wrong"))
    with ThreadPoolExecutor(max_workers=2) as pool:  # TensorFlow start-up bound; the machine has two cores
        jobs = {label: pool.submit(_carry, real_repo_checkpoints, name, map_file, out, label)
                for name, map_file, label in chains}
    runs = {label: job.result() for label, job in jobs.items()}
    cases_file = out / "cases.json"
    cases_file.write_text(json.dumps([run["case"] for run in runs.values() if run["convert"].returncode == 0]))
    checked = subprocess.run([sys.executable, str(DATA / "check_converted.py"), str(cases_file)], capture_output=True,
                             text=True, env=quiet_tf_env(), timeout=900)
    assert checked.returncode == 0, checked.stderr[-3000:]
    by_weights = {result["weights"]: result for result in json.loads(checked.stdout.strip().splitlines()[-1])}
    for run in runs.values():
        run["result"] = by_weights.get(run["case"]["weights"])
    return runs
