"""`tf1lint equiv record|replay`: argument parsing, exit codes, and one clear line for every user mistake."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from tf1lint.equiv import reports
from tf1lint.equiv.child_process import ChildOutcome, run_child
from tf1lint.equiv.compare import DEFAULT_ATOL, DEFAULT_RTOL, Comparison, Tolerance, compare
from tf1lint.equiv.golden import RecordingError, read_recording
from tf1lint.files.atomic import write_atomically

EXIT_EQUIVALENT = 0
EXIT_DIFFERENT = 1
EXIT_USAGE = 2

NOT_SUPPORTED = """\
Carried from the recording: initial variables (after initialisation or restore), feeds, and the batches of
tf.data iterators read inside the graph. Not supported (yet): tf.estimator, Keras fit/predict (they run no
Session.run of their own), tf.function and eager code, feeds of SparseTensor or Python objects, queue runners
(their batches are compared, not carried), and random ops (values that depend on them are reported
nondeterministic, not compared)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"tf1lint equiv: error: {message} (see tf1lint equiv --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tf1lint equiv", description=(
        "Stage three: record what a TF 1.14 program computes, Session.run by Session.run, and replay it "
        "against the migrated program on TF 2 with the same starting weights and the same fed data."),
        epilog=NOT_SUPPORTED, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    record = commands.add_parser("record", help="run the unmodified TF1 program under real TF 1.14 and record it",
                                 usage="tf1lint equiv record PROGRAM.py [-- ARGS...] --python PY_TF1 -o GOLDEN/")
    record.add_argument("program", type=Path)
    record.add_argument("--python", required=True, help="the interpreter with TensorFlow 1.x")
    record.add_argument("-o", "--output", type=Path, required=True, help="the recording folder to write")
    record.add_argument("--steps", type=int, help="stop the program cleanly after this many Session.run calls")
    record.add_argument("--timeout", type=float, default=3600.0, help="seconds before the program is stopped")
    replay = commands.add_parser(
        "replay", help="run the migrated program on TF 2 with the recorded weights and feeds, and compare",
        usage="tf1lint equiv replay GOLDEN/ PROGRAM2.py [-- ARGS...] [--python PY_TF2] [--rtol R --atol A] "
              "[--format text|json|junit|html] [-o REPORT]")
    replay.add_argument("golden", type=Path)
    replay.add_argument("program", type=Path)
    replay.add_argument("--python", default=sys.executable, help="the interpreter with TensorFlow 2 (default: this one)")
    replay.add_argument("--rtol", type=float, default=DEFAULT_RTOL, help=f"relative tolerance (default {DEFAULT_RTOL:g})")
    replay.add_argument("--atol", type=float, default=DEFAULT_ATOL, help=f"absolute tolerance (default {DEFAULT_ATOL:g})")
    replay.add_argument("--format", choices=["text", "json", "junit", "html"], default="text")
    replay.add_argument("-o", "--output", type=Path, help="write the report here instead of standard output")
    replay.add_argument("--map", type=Path, help="JSON {recorded variable name: new name} (tf1lint ckpt map output)")
    replay.add_argument("--keep", type=Path, help="keep the replay's own recording in this folder")
    replay.add_argument("--timeout", type=float, default=3600.0, help="seconds before the program is stopped")
    return parser


def _split_program_args(argv: list[str]) -> tuple[list[str], list[str]]:
    if "--" in argv:
        cut = argv.index("--")
        return argv[:cut], argv[cut + 1:]
    return argv, []


def _usage(message: str) -> int:
    print(f"tf1lint equiv: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _check_program(program: Path) -> str | None:
    if not program.is_file():
        return f"{program}: no such program file"
    if program.suffix != ".py":
        return f"{program}: not a Python file (.py)"
    return None


def _check_python(python: str) -> str | None:
    if shutil.which(python) is None and not Path(python).is_file():
        return f"--python {python}: no such interpreter"
    return None


def _child_failed(outcome: ChildOutcome, python: str, program: Path) -> str:
    if outcome.timed_out:
        return f"{program}: still running after the timeout; stopped (log: {outcome.log})"
    return (f"{program} under {python} wrote no recording: {outcome.last_line() or 'no output'} "
            f"(log: {outcome.log})")


def record(arguments: argparse.Namespace, program_args: list[str]) -> int:
    problem = _check_program(arguments.program) or _check_python(arguments.python)
    if problem:
        return _usage(problem)
    if arguments.steps is not None and arguments.steps < 1:
        return _usage("--steps takes a whole number of Session.run calls, 1 or more")
    outcome = run_child(arguments.python, "record", arguments.program.resolve(), program_args,
                        arguments.output.resolve(), limit=arguments.steps, timeout=arguments.timeout)
    if not outcome.wrote_recording:
        return _usage(_child_failed(outcome, arguments.python, arguments.program))
    document, _ = read_recording(str(arguments.output))
    runs = document["runs"]
    numeric = sum(1 for run in runs for fetch in run["fetches"] if fetch["kind"] == "numeric")
    ending = document["ending"]
    print(f"recorded {len(runs)} Session.run calls ({numeric} numeric fetches, "
          f"{sum(len(s['variables']) for s in document['snapshots'])} variable values) of {arguments.program} "
          f"under TensorFlow {document['tensorflow']} into {arguments.output}; ended: {ending['kind']}"
          f"{' (' + ending['detail'] + ')' if ending['detail'] else ''}")
    for note in document.get("notes", []):
        print(f"note: {note}")
    if ending["kind"] == "exception":
        print(f"tf1lint equiv: the program raised {ending['detail']}; the recording holds the runs before it "
              f"(log: {outcome.log})", file=sys.stderr)
        return EXIT_DIFFERENT
    if not runs:
        print(f"tf1lint equiv: {arguments.program} made no Session.run call: nothing to compare", file=sys.stderr)
        return EXIT_DIFFERENT
    return EXIT_EQUIVALENT


def _read_map(path: Path | None) -> tuple[dict[str, str] | None, str | None]:
    if path is None:
        return {}, None
    try:
        mapping = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        return None, f"--map {path}: not a readable JSON file: {error}"
    if isinstance(mapping, dict) and isinstance(mapping.get("mapping"), dict):
        mapping = mapping["mapping"]
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        return None, f"--map {path}: expected a JSON object of recorded name -> new name"
    return mapping, None


def render(comparison: Comparison, fmt: str) -> str:
    if fmt == "html":
        from tf1lint.equiv import html_report  # pylint: disable=import-outside-toplevel
        return html_report.render(comparison)
    return {"text": reports.render_text, "json": reports.render_json, "junit": reports.render_junit}[fmt](comparison)


def replay(arguments: argparse.Namespace, program_args: list[str]) -> int:
    problem = _check_program(arguments.program) or _check_python(arguments.python)
    if problem:
        return _usage(problem)
    if arguments.format == "html" and arguments.output is None:
        return _usage("--format html writes a file: give it with -o REPORT.html")
    if arguments.rtol < 0 or arguments.atol < 0:
        return _usage("--rtol and --atol cannot be negative")
    try:
        recorded = read_recording(str(arguments.golden))
    except RecordingError as error:
        return _usage(str(error))
    mapping, problem = _read_map(arguments.map)
    if problem:
        return _usage(problem)
    ending = recorded[0].get("ending", {})
    limit = len(recorded[0]["runs"]) if ending.get("kind") == "limit" else None
    folder = arguments.keep.resolve() if arguments.keep else Path(tempfile.mkdtemp(prefix="tf1lint-equiv-"))
    try:
        outcome = run_child(arguments.python, "replay", arguments.program.resolve(), program_args, folder,
                            limit=limit, golden=arguments.golden.resolve(), variable_map=mapping,
                            timeout=arguments.timeout)
        if not outcome.wrote_recording:
            return _usage(_child_failed(outcome, arguments.python, arguments.program))
        replayed = read_recording(str(folder))
        if replayed[0].get("ending", {}).get("kind") == "exception":
            print(f"tf1lint equiv: {arguments.program} raised {replayed[0]['ending']['detail']} "
                  f"(traceback: {outcome.log if arguments.keep else 'run with --keep DIR to keep the log'})",
                  file=sys.stderr)
    finally:
        if not arguments.keep:
            shutil.rmtree(folder, ignore_errors=True)
    comparison = compare(recorded, replayed, Tolerance(arguments.rtol, arguments.atol))
    report = render(comparison, arguments.format)
    if arguments.output:
        write_atomically(arguments.output, report)
        print(reports.headline(comparison))
    else:
        sys.stdout.write(report)
    return EXIT_EQUIVALENT if comparison.equivalent else EXIT_DIFFERENT


def main(argv: Sequence[str]) -> int:
    ours, program_args = _split_program_args(list(argv))
    arguments = _parser().parse_args(ours)
    if arguments.command == "record":
        return record(arguments, program_args)
    return replay(arguments, program_args)
