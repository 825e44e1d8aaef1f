"""Run every script of a tree on TF 2.21 with a timeout and print one verdict line each (issue 17's
training-step table). Plots are not what is measured: a no-op matplotlib stand-in is put first on the
path (made in a temporary folder), so the scripts run where matplotlib is not installed.

    python benchmarks/training_step/run_scripts.py TREE [TIMEOUT_SECONDS]
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

STUB = """
class _Nothing:
    def __call__(self, *args, **kwargs):
        return _Nothing()

    def __getattr__(self, name):
        return _Nothing()

    def __iter__(self):
        return iter([_Nothing(), _Nothing()])


def __getattr__(name):
    return _Nothing()
"""
stubs = Path(tempfile.mkdtemp(prefix="plots-stub-")) / "matplotlib"
stubs.mkdir()
for module in ("__init__", "pyplot", "cm"):
    (stubs / f"{module}.py").write_text(STUB)
tree = Path(sys.argv[1])
timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 120
env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "", "PYTHONPATH": str(stubs.parent)}
NOISE = ("I0000", "WARNING", "W0000", "E0000")

for script in sorted(tree.rglob("*.py")):
    try:
        run = subprocess.run([sys.executable, script.name], cwd=script.parent, capture_output=True, text=True,
                             env=env, timeout=timeout)
        lines = [line for line in run.stderr.strip().splitlines()
                 if line and not line.startswith(NOISE) and "oneDNN" not in line]
        verdict = "OK" if run.returncode == 0 else "FAIL " + (lines[-1][:160] if lines else f"rc {run.returncode}")
    except subprocess.TimeoutExpired:
        verdict = "TIMEOUT"
    print(f"{script.relative_to(tree)}\t{verdict}", flush=True)
