"""The `tf1lint` command: argument parsing and exit codes around the runner and the reporters."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn, Sequence

from tf1lint.catalogue import Catalogue
from tf1lint.config import ConfigError, Settings, find_pyproject, read_pyproject
from tf1lint.reporters import json_report, rules_doc, text
from tf1lint.runner import load_index, run
from tf1lint.sources import discover

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNCHECKED = 3  # some files could not be read or parsed

CHECK_FORMATS = {"text": text.render, "json": json_report.render}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, no usage block: the user sees what was wrong at once.
        self.exit(EXIT_USAGE, f"tf1lint: error: {message} (see tf1lint --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tf1lint", description="Find TensorFlow 1.x APIs that are gone, moved or changed in TF2.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--target", help="TensorFlow version to judge against (default: newest the catalogue knows)")
        sub.add_argument("--catalogue", action="append", default=None, metavar="FILE",
                         help="extra catalogue YAML file; may be repeated; extends or overrides the bundled one")
        sub.add_argument("--compat-v1", dest="report_compat_v1", action=argparse.BooleanOptionalAction, default=None,
                         help="report explicit tf.compat.v1 use as info (default: on)")

    check = commands.add_parser("check", help="report TF1 API use in Python files")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    check.add_argument("--format", choices=sorted(CHECK_FORMATS), default="text")
    common(check)

    rules = commands.add_parser("rules", help="list the loaded catalogue")
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    common(rules)
    return parser


def _settings(arguments: argparse.Namespace) -> Settings:
    settings = Settings()
    pyproject = find_pyproject(Path.cwd())
    if pyproject is not None:
        for key, value in read_pyproject(pyproject).items():
            setattr(settings, key, value)
    if arguments.target is not None:
        settings.target = arguments.target
    if arguments.catalogue:
        settings.catalogues = [*settings.catalogues, *arguments.catalogue]
    if arguments.report_compat_v1 is not None:
        settings.report_compat_v1 = arguments.report_compat_v1
    return settings


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        settings = _settings(arguments)
    except ConfigError as error:
        print(f"tf1lint: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    catalogue, index, problems = load_index(settings)
    if problems or index is None or catalogue is None:
        for problem in problems:
            print(f"tf1lint: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if arguments.command == "rules":
        sys.stdout.write(_render_rules(catalogue, arguments.format))
        return EXIT_CLEAN
    result = run(discover(arguments.paths), index)
    for failure in result.failures:
        print(str(failure), file=sys.stderr)
    sys.stdout.write(CHECK_FORMATS[arguments.format](result.findings))
    if result.failures:
        return EXIT_UNCHECKED
    return EXIT_FINDINGS if result.findings else EXIT_CLEAN


def _render_rules(catalogue: Catalogue, output_format: str) -> str:
    if output_format == "json":
        return json.dumps([_entry_dict(entry) for entry in catalogue.entries], indent=2) + "\n"
    if output_format == "markdown":
        return rules_doc.render(catalogue)
    lines = []
    for entry in catalogue.entries:
        versions = f" [{entry.since}-{entry.until or ''}]" if entry.since.minor or entry.until else ""
        target = f" -> {entry.replacement}" if entry.replacement else ""
        lines.append(f"{entry.id}: {entry.api} ({entry.kind.value}, {entry.severity.value}){versions}{target}\n")
    return "".join(lines)


def _entry_dict(entry) -> dict[str, object]:  # noqa: ANN001 - CatalogueEntry, kept local to the reporter
    record: dict[str, object] = {
        "id": entry.id, "api": entry.api, "kind": entry.kind.value, "severity": entry.severity.value,
        "replacement": entry.replacement, "package": entry.package, "compat": entry.compat, "note": entry.note,
        "since": str(entry.since), "until": str(entry.until) if entry.until else None,
        "mechanical": entry.mechanical,
    }
    if entry.keywords:
        record["keywords"] = dict(entry.keywords)
    if entry.arguments:
        record["arguments"] = list(entry.arguments)
        record["tf2_arguments"] = list(entry.tf2_arguments)
    return record


def run_main() -> NoReturn:
    sys.exit(main())
