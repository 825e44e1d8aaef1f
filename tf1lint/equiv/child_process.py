"""Start the child that runs a program under the session hooks, and say in one line why it could not."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

CHILD_MAIN = Path(__file__).resolve().parent / "child_main.py"
LOG_FILE = "program.log"


@dataclass(frozen=True)
class ChildOutcome:
    status: int
    log: Path
    wrote_recording: bool
    timed_out: bool = False

    def last_line(self) -> str:
        try:
            lines = [line for line in self.log.read_text(errors="replace").splitlines() if line.strip()]
        except OSError:
            return ""
        return lines[-1].strip() if lines else ""


def run_child(python: str, mode: str, program: Path, args: list[str], output: Path, *, limit: int | None,
              golden: Path | None = None, variable_map: dict[str, str] | None = None,
              timeout: float = 3600.0) -> ChildOutcome:
    """Run PROGRAM under PYTHON with Session.run recorded (or replayed from GOLDEN) into OUTPUT."""
    output.mkdir(parents=True, exist_ok=True)
    for stale in ("recording.json", "arrays.npz"):
        (output / stale).unlink(missing_ok=True)
    config = {"mode": mode, "program": str(program), "args": args, "output": str(output), "limit": limit,
              "golden": str(golden) if golden else None, "variable_map": variable_map or {}}
    log = output / LOG_FILE
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(config, handle)
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.pop("PYTHONPATH", None)  # the program's interpreter has its own packages; ours need Python 3.10
    # Importing TensorFlow 2 sets TF2_BEHAVIOR=1 in its process; inherited, it turns TF 1.14 eager
    # and the recording would not be of the TF1 program.
    env.pop("TF2_BEHAVIOR", None)
    timed_out = False
    try:
        with open(log, "w", encoding="utf-8") as log_handle:
            try:
                status = subprocess.run([python, str(CHILD_MAIN), handle.name], stdout=log_handle,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                        timeout=timeout, check=False).returncode
            except subprocess.TimeoutExpired:
                status, timed_out = -1, True
    finally:
        os.unlink(handle.name)
    return ChildOutcome(status, log, (output / "recording.json").is_file(), timed_out)
