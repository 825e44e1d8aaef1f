"""`tf1lint ckpt`: inspect, map, verify and convert TF1 checkpoints. Only map, verify and convert start TensorFlow,
and only in a child process."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tf1lint.ckpt.bundle import CheckpointError, CheckpointReader
from tf1lint.ckpt.inspect_report import inspect_data, render_json, render_text

EXIT_OK = 0
EXIT_PROBLEM = 1   # the checkpoint, the map or the model does not line up, or a file is damaged
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tf1lint ckpt", description="Carry trained TF1 checkpoints into TF2 and Keras 3.")
    commands = parser.add_subparsers(dest="command", required=True)
    inspect = commands.add_parser("inspect", help="list every variable (no TensorFlow needed)")
    inspect.add_argument("checkpoint", metavar="CKPT", help="checkpoint prefix, or a folder with a `checkpoint` file")
    inspect.add_argument("--format", choices=("text", "json"), default="text")
    inspect.add_argument("--read-values", action="store_true",
                         help="also read every value one tensor at a time and check its checksum")
    return parser


def main(argv: Sequence[str]) -> int:
    arguments = _parser().parse_args(list(argv))
    try:
        return _inspect(arguments)
    except CheckpointError as error:
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
