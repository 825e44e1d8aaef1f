"""Which elementary ops give different float32 results on TensorFlow 1.14 and TensorFlow 2.21, on the same inputs.

    PYTHONPATH=$PWD /work/main/.venv/bin/python -m tools.measure.tf_version_numerics [-o RESULT.json]

Fixed inputs (NumPy, seed 0) are saved once; tools/measure/tf_version_numerics_ops.py evaluates the ops the
checkpoint tests' three real models use (matmul, tanh, exp, softmax, rsqrt, erf, layer norms, fused batch norm,
conv2d...) in four runs: TF 1.14 graph (the reference), TF 2.21 tf.compat.v1 graph and TF 2.21 eager (both with
oneDNN off, as the tests run), and TF 2.21 graph with oneDNN on (TensorFlow's default on x86). Per op and run: bit
identical or not, max absolute and relative difference and max distance in units in the last place. Prints a
Markdown table and writes the JSON (default tools/measure/results/numerics/tf114-vs-tf221-DATE.json).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHILD = HERE / "tf_version_numerics_ops.py"
RESULTS = HERE / "results" / "numerics"


def make_inputs(path: Path) -> None:
    rng = np.random.RandomState(0)

    def normal(*shape: int, scale: float = 1.0) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    inputs = {
        "m4x16": normal(4, 16), "m16x48": normal(16, 48, scale=0.2),
        "m64a": normal(64, 64), "m64b": normal(64, 64, scale=0.1),
        "m256x512": normal(256, 512), "m512x512": normal(512, 512, scale=0.05),
        "q": normal(4, 2, 8, 8), "k": normal(4, 2, 8, 8),
        "wide": np.linspace(-6, 6, 4097, dtype=np.float32)[:4096] + normal(4096, scale=1e-3),
        "wide2": normal(4096),
        "positive": np.abs(normal(4096, scale=10)) + np.float32(1e-3),
        "logits": normal(64, 50, scale=3),
        "rows": normal(64, 512, scale=2) + np.float32(0.5), "gamma": normal(512, scale=0.1) + np.float32(1),
        "beta": normal(512, scale=0.1), "bias": normal(512),
        "table": normal(50, 16), "ids": rng.randint(0, 50, (4, 8)).astype(np.int32),
        "images16": normal(4, 16, 16, 8), "images38": normal(4, 38, 38, 3),
        "bn_scale": normal(8, scale=0.1) + np.float32(1), "bn_offset": normal(8, scale=0.1),
        "bn_mean": normal(8, scale=0.2), "bn_variance": np.abs(normal(8)) + np.float32(0.5),
        "kernel1x1": normal(1, 1, 8, 16, scale=0.3), "kernel3x3": normal(3, 3, 8, 16, scale=0.1),
        "kernel7x7": normal(7, 7, 3, 64, scale=0.05),
    }
    np.savez(path, **inputs)


def evaluate(python: str, inputs: Path, out: Path, mode: str, onednn: bool) -> list[str]:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="", TF_ENABLE_ONEDNN_OPTS="1" if onednn else "0")
    env.pop("TF2_BEHAVIOR", None)
    done = subprocess.run([python, str(CHILD), str(inputs), str(out), mode], check=False, capture_output=True, text=True,
                          env=env, timeout=600)
    if done.returncode != 0:
        sys.exit(f"tf_version_numerics: {python} ({mode}) failed:\n{done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()


def ulp_distance(a: np.ndarray, b: np.ndarray) -> int:
    """How many representable float32 values lie between a and b, at most (signs mapped to one ordered line)."""
    def ordered(x: np.ndarray) -> np.ndarray:
        bits = x.astype(np.float32).view(np.int32).astype(np.int64)
        return np.where(bits < 0, -(bits & 0x7FFFFFFF), bits)
    return int(np.max(np.abs(ordered(a) - ordered(b)))) if a.size else 0


def compare(actual: np.ndarray, reference: np.ndarray) -> dict:
    if np.array_equal(actual, reference):
        return {"identical": True}
    difference = np.abs(actual.astype(np.float64) - reference.astype(np.float64))
    nonzero = reference != 0
    relative = difference[nonzero] / np.abs(reference[nonzero].astype(np.float64))
    return {"identical": False, "differing": int(np.count_nonzero(difference)), "of": int(difference.size),
            "max_abs": float(difference.max()), "max_rel": float(relative.max()) if relative.size else None,
            "max_ulp": ulp_distance(actual, reference), "max_abs_value": float(np.abs(reference).max())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.measure.tf_version_numerics", description=__doc__.split("\n")[0])
    parser.add_argument("--tf114", default=os.environ.get("TF1LINT_TF114_PYTHON", str(ROOT / ".venv-tf114/bin/python")),
                        help="the Python with TensorFlow 1.14 (default .venv-tf114)")
    parser.add_argument("-o", "--output", type=Path,
                        default=RESULTS / f"tf114-vs-tf221-{datetime.date.today().isoformat()}.json")
    options = parser.parse_args(argv)
    runs = {"tf221-graph": (sys.executable, "graph", False), "tf221-eager": (sys.executable, "eager", False),
            "tf221-graph-onednn": (sys.executable, "graph", True)}
    with tempfile.TemporaryDirectory(prefix="tf_numerics_") as folder:
        inputs = Path(folder) / "inputs.npz"
        make_inputs(inputs)
        ops = evaluate(options.tf114, inputs, Path(folder) / "tf114.npz", "graph", False)
        reference = np.load(Path(folder) / "tf114.npz")
        outputs = {}
        for run, (python, mode, onednn) in runs.items():
            assert evaluate(python, inputs, Path(folder) / f"{run}.npz", mode, onednn) == ops
            outputs[run] = np.load(Path(folder) / f"{run}.npz")
        table = {op: {run: compare(outputs[run][key], reference[key]) for run in runs}
                 for op, key in zip(ops, reference.files)}
        for op, key in zip(ops, reference.files):  # graph against eager on the same TensorFlow
            table[op]["tf221-graph-vs-eager"] = compare(outputs["tf221-graph"][key], outputs["tf221-eager"][key])
    versions = subprocess.run([options.tf114, "-c", "import tensorflow as t, numpy as n; print(t.__version__, n.__version__)"],
                              check=False, capture_output=True, text=True, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")).stdout.split()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow  # only for its version string, after the children ran
    document = {"reference": f"TensorFlow {versions[0]} graph (numpy {versions[1]})",
                "compared": f"TensorFlow {tensorflow.__version__} (numpy {np.__version__}): " + ", ".join(runs),
                "note": "float32; one intra-op thread; differences against the TF 1.14 graph result, except "
                        "tf221-graph-vs-eager (TF 2.21 graph against TF 2.21 eager)",
                "ops": table}
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(document, indent=1) + "\n")
    print(markdown(table))
    print(f"\nwritten {options.output}")
    return 0


def cell(result: dict) -> str:
    if result["identical"]:
        return "identical"
    relative = f"{result['max_rel']:.1e}" if result["max_rel"] is not None else "-"
    return f"{result['differing']}/{result['of']} differ, abs {result['max_abs']:.1e}, rel {relative}, " \
           f"{result['max_ulp']} ulp"


def markdown(table: dict) -> str:
    runs = list(next(iter(table.values())))
    lines = ["| op | " + " | ".join(runs) + " |", "| --- |" + " --- |" * len(runs)]
    lines += [f"| {op} | " + " | ".join(cell(row[run]) for run in runs) + " |" for op, row in table.items()]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
