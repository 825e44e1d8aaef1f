"""`tf1lint ckpt`: inspect, map, verify and convert TF1 checkpoints. Only map, verify and convert start
TensorFlow, and only in a child process (tf_child.py)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tf1lint.ckpt.bundle import CheckpointError, CheckpointReader
from tf1lint.ckpt.inspect_report import inspect_data, render_json, render_text
from tf1lint.ckpt.mapfile import MapError

EXIT_OK = 0
EXIT_PROBLEM = 1   # the checkpoint, the map or the model does not line up, or a file is damaged
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tf1lint ckpt",
                                     description="Carry trained TF1 checkpoints into TF2 and Keras 3.")
    commands = parser.add_subparsers(dest="command", required=True)
    inspect = commands.add_parser("inspect", help="list every variable, grouped, with totals (no TensorFlow needed)")
    _checkpoint_argument(inspect)
    inspect.add_argument("--format", choices=("text", "json"), default="text")
    inspect.add_argument("--read-values", action="store_true",
                         help="also read every value, one tensor at a time, and check its checksum")
    proposal = commands.add_parser("map", help="propose a map (YAML) from checkpoint names to model weights")
    verify = commands.add_parser("verify", help="exit 0 only when the map fills every weight and uses or "
                                                "ignores every variable")
    convert = commands.add_parser("convert", help="write the model's weights: OUT.weights.h5 for Keras 3, "
                                                  "otherwise an object-based TF2 checkpoint")
    for command in (proposal, verify, convert):
        _checkpoint_argument(command)
        command.add_argument("--model", required=True, metavar="FILE.py:FUNCTION",
                             help="a function taking no argument that returns a built Keras model or tf.Module")
        command.add_argument("--optimizer", action="store_true",
                             help="also carry Adam/RMSProp slots and the step into the model's compiled Keras 3 "
                                  "optimizer (the function returns a compiled model)")
        command.add_argument("--python", default=sys.executable,
                             help="the Python with TensorFlow 2 that imports the model (default: this one)")
    proposal.add_argument("-o", "--output", metavar="MAP.yaml", help="write the map here (default: print it)")
    proposal.add_argument("--force", action="store_true", help="replace an existing map file (a reviewed map "
                                                                "is never overwritten otherwise)")
    for command in (verify, convert):
        command.add_argument("--map", metavar="MAP.yaml", help="the reviewed map (default: the same names only)")
    convert.add_argument("-o", "--output", required=True, metavar="OUT")
    return parser


def _checkpoint_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument("checkpoint", metavar="CKPT",
                         help="checkpoint prefix (model.ckpt-20000), or a folder with a `checkpoint` file")


def main(argv: Sequence[str]) -> int:
    arguments = _parser().parse_args(list(argv))
    # Imported here: these modules are the only ones that start TensorFlow (in a child process).
    from tf1lint.ckpt.tf_runner import ModelError  # pylint: disable=import-outside-toplevel

    try:
        return {"inspect": _inspect, "map": _map, "verify": _verify, "convert": _convert}[arguments.command](arguments)
    except (CheckpointError, MapError, ModelError) as error:
        print(f"tf1lint ckpt: error: {error}", file=sys.stderr)
        return EXIT_PROBLEM


def _inspect(arguments: argparse.Namespace) -> int:
    reader = CheckpointReader(arguments.checkpoint)
    data = inspect_data(reader)
    sys.stdout.write(render_json(data) if arguments.format == "json" else render_text(data))
    problems = reader.check_shards()
    if not problems and arguments.read_values:
        for name, entry in reader.entries.items():
            if not entry.unsupported:
                reader.read(name)
    for problem in problems:
        print(f"tf1lint ckpt: error: {problem}", file=sys.stderr)
    return EXIT_PROBLEM if problems else EXIT_OK


def _map(arguments: argparse.Namespace) -> int:
    from tf1lint.ckpt.mapfile import dump_map  # pylint: disable=import-outside-toplevel
    from tf1lint.ckpt.meta_graph import creation_order  # pylint: disable=import-outside-toplevel
    from tf1lint.ckpt.propose import propose  # pylint: disable=import-outside-toplevel
    from tf1lint.ckpt.roles import classify  # pylint: disable=import-outside-toplevel
    from tf1lint.ckpt.tf_runner import list_model_weights  # pylint: disable=import-outside-toplevel
    from tf1lint.files.atomic import write_atomically  # pylint: disable=import-outside-toplevel

    if arguments.output and Path(arguments.output).exists() and not arguments.force:
        print(f"tf1lint ckpt: error: {arguments.output} exists (a reviewed map?); give --force to replace it",
              file=sys.stderr)
        return EXIT_USAGE
    reader = CheckpointReader(arguments.checkpoint)
    listing = list_model_weights(arguments.python, arguments.model, arguments.optimizer)
    weights = listing.weights
    proposal = propose(reader.entries, classify(reader.entries), weights, arguments.optimizer,
                       creation_order(reader.prefix), listing.optimizer)
    text = dump_map(proposal, str(arguments.checkpoint), arguments.model)
    if arguments.output:
        write_atomically(arguments.output, text)
        guesses = sum(1 for pair in proposal.pairs.values() if pair.guess)
        print(f"wrote {arguments.output}: {len(proposal.pairs)} of {len(weights)} model weights paired, "
              f"{guesses} by guess (review them), {len(proposal.notes)} left unpaired")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _verify(arguments: argparse.Namespace) -> int:
    from tf1lint.ckpt.verify import render, verify  # pylint: disable=import-outside-toplevel

    verification = verify(arguments.checkpoint, arguments.model, arguments.map, arguments.python,
                          arguments.optimizer)
    sys.stdout.write(render(verification))
    return EXIT_OK if verification.plan.ok else EXIT_PROBLEM


def _convert(arguments: argparse.Namespace) -> int:
    from tf1lint.ckpt.convert import convert  # pylint: disable=import-outside-toplevel
    from tf1lint.ckpt.verify import render, verify  # pylint: disable=import-outside-toplevel

    verification = verify(arguments.checkpoint, arguments.model, arguments.map, arguments.python,
                          arguments.optimizer)
    sys.stdout.write(render(verification))
    if not verification.plan.ok:
        print(f"tf1lint ckpt: error: not converted: fix the map first ({arguments.output} not written)",
              file=sys.stderr)
        return EXIT_PROBLEM
    written = convert(verification, arguments.model, Path(arguments.output), arguments.python, arguments.optimizer)
    print(f"wrote {written}: {len(verification.plan.assignments)} weights from {verification.reader.prefix}, "
          "read back and compared")
    return EXIT_OK
