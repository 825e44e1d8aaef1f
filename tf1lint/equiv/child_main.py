"""Entry point of the child process: patch the session, run the program unmodified, write what it ran.

Started as `python child_main.py CONFIG.json` under the program's own interpreter (Python 3.7 + TF 1.14
to record, TF 2 to replay). Loads its sibling modules by path, so it never imports the tf1lint package
(which needs Python 3.10).
"""

from __future__ import annotations

import importlib.util
import json
import os
import runpy
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))


def _sibling(name: str):
    spec = importlib.util.spec_from_file_location("_tf1lint_equiv_" + name, os.path.join(HERE, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        config = json.load(handle)
    golden = _sibling("golden")
    graph_walk = _sibling("graph_walk")
    session_tape = _sibling("session_tape")

    import numpy as np  # pylint: disable=import-outside-toplevel
    import tensorflow as tf  # pylint: disable=import-outside-toplevel

    recorded = None
    if config["mode"] == "replay":
        recorded = golden.read_recording(config["golden"])
    program = config["program"]
    tape = session_tape.Tape(config["mode"], program, config.get("limit"), graph_walk, np, tf.__version__,
                             recorded, config.get("variable_map"))
    # Public names only: Session (what MonitoredSession creates too) and InteractiveSession share run().
    session_tape.install(tape, [tf.compat.v1.Session, tf.compat.v1.InteractiveSession], tf.compat.v1.train.Saver,
                         tf.errors)

    sys.argv = [program] + list(config.get("args", []))
    sys.path[0] = os.path.dirname(os.path.abspath(program))
    ending = {"kind": "finished", "detail": ""}
    status = 0
    try:
        runpy.run_path(program, run_name="__main__")
    except session_tape.StopProgram:
        ending = {"kind": "limit", "detail": "stopped after %d runs (--steps)" % len(tape.runs)}
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        ending = {"kind": "exit", "detail": "sys.exit(%r) after %d runs" % (stop.code, len(tape.runs))}
        status = 0 if code == 0 else 3
    except Exception as error:  # pylint: disable=broad-except
        traceback.print_exc()
        ending = {"kind": "exception", "detail": "%s: %s" % (type(error).__name__, str(error).splitlines()[0]
                                                             if str(error) else "")}
        status = 3
    document = tape.document(program, config.get("args", []), ending)
    document["program_sha256"] = golden.sha256_of(program)
    golden.write_recording(config["output"], document, tape.arrays)
    return status


if __name__ == "__main__":
    sys.exit(main())
