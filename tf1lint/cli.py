"""The `tf1lint` command: argument parsing and exit codes around the runner and the reporters."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from tf1lint.atomic import write_atomically
from tf1lint.catalogue import Catalogue, Severity
from tf1lint.config import ConfigError, Settings, find_pyproject, read_pyproject
from tf1lint.findings import Finding
from tf1lint.inventory import Inventory, build_inventory
from tf1lint.progress import ProgressBar
from tf1lint.reporters import (
    csv_report,
    github,
    html,
    inventory_json,
    inventory_markdown,
    inventory_text,
    json_report,
    rules_doc,
    sarif,
    text,
)
from tf1lint.runner import RunResult, default_jobs, load_index, run
from tf1lint.sources import discover

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNCHECKED = 3  # some files could not be read or parsed

CHECK_FORMATS: dict[str, Callable[[list[Finding]], str]] = {
    "text": text.render, "json": json_report.render, "github": github.render, "sarif": sarif.render,
}
INVENTORY_FORMATS: dict[str, Callable[[Inventory], str]] = {
    "text": inventory_text.render, "markdown": inventory_markdown.render, "json": inventory_json.render,
    "csv": csv_report.render, "sarif": lambda inventory: sarif.render(list(inventory.findings)), "html": html.render,
}
FAIL_ON = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, no usage block: the user sees what was wrong at once.
        self.exit(EXIT_USAGE, f"tf1lint: error: {message} (see tf1lint --help)\n")


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs takes a whole number, not {value!r}") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError("--jobs cannot be negative")
    return jobs or default_jobs()


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tf1lint", description="Find TensorFlow 1.x APIs that are gone, moved or changed in TF2.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def catalogue_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--target", help="TensorFlow version to judge against (default: newest the catalogue knows)")
        sub.add_argument("--catalogue", action="append", default=None, metavar="FILE",
                         help="extra catalogue YAML file; may be repeated; extends or overrides the bundled one")
        sub.add_argument("--compat-v1", dest="report_compat_v1", action=argparse.BooleanOptionalAction, default=None,
                         help="report explicit tf.compat.v1 use as info (default: on)")

    def run_options(sub: argparse.ArgumentParser, formats: Sequence[str], fail_on_default: str | None) -> None:
        sub.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                         help="files or folders (walked for *.py and *.ipynb); default: the current folder")
        sub.add_argument("--format", choices=list(formats), default="text")
        sub.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
        sub.add_argument("--select", action="append", default=[], metavar="RULES",
                         help="only these symbols, codes, kinds, rule ids (or id prefixes) or API prefixes; comma separated")
        sub.add_argument("--ignore", action="append", default=[], metavar="RULES",
                         help="leave out these symbols, codes, kinds, rule ids (or id prefixes) or API prefixes")
        sub.add_argument("--fail-on", choices=[*FAIL_ON, "never"], default=fail_on_default,
                         help="lowest severity that makes the exit status 1")
        sub.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N",
                         help="worker processes (0: one per available core; default 1)")
        catalogue_options(sub)

    check = commands.add_parser("check", help="report TF1 API use in Python files and notebooks")
    run_options(check, list(CHECK_FORMATS), "info")
    check.add_argument("--statistics", action="store_true", help="print counts per rule instead of the findings")

    inventory = commands.add_parser("inventory", help="the migration inventory: totals, APIs, files by work")
    run_options(inventory, list(INVENTORY_FORMATS), "never")

    rules = commands.add_parser("rules", help="list the loaded catalogue")
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    catalogue_options(rules)

    commands.add_parser("server", help="run the language server for editors (LSP over stdio)")
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
    if arguments.command == "server":
        return _serve()
    try:
        settings = _settings(arguments)
    except ConfigError as error:
        print(f"tf1lint: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if arguments.command != "rules" and arguments.format == "html" and not arguments.output:
        print("tf1lint: error: --format html writes a file: give it with -o FILE", file=sys.stderr)
        return EXIT_USAGE
    catalogue, index, problems = load_index(settings)
    if problems or index is None or catalogue is None:
        for problem in problems:
            print(f"tf1lint: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if arguments.command == "rules":
        sys.stdout.write(_render_rules(catalogue, arguments.format))
        return EXIT_CLEAN

    result = run(discover(arguments.paths), index, jobs=arguments.jobs, settings=settings, on_file=ProgressBar())
    result.findings = [f for f in result.findings if _selected(f, arguments.select, arguments.ignore)]
    for failure in result.failures:
        print(str(failure), file=sys.stderr)
    if arguments.command == "inventory":
        report = INVENTORY_FORMATS[arguments.format](
            build_inventory(result.findings, result.failures, result.files, str(index.target)))
    elif arguments.statistics:
        report = _statistics(result.findings)
    else:
        report = CHECK_FORMATS[arguments.format](result.findings)
    if not _write(report, arguments.output):
        return EXIT_USAGE
    return _exit_status(result, arguments.fail_on)


def _serve() -> int:
    try:
        from tf1lint.server import serve  # pylint: disable=import-outside-toplevel  # pygls is an optional extra
    except ImportError as error:
        print(f"tf1lint: error: the server needs the server extra ({error}): pip install 'tf1lint[server]'",
              file=sys.stderr)
        return EXIT_USAGE
    return serve()


def _exit_status(result: RunResult, fail_on: str) -> int:
    if result.failures:
        return EXIT_UNCHECKED
    if fail_on != "never":
        threshold = FAIL_ON[fail_on].rank
        if any(finding.severity.rank >= threshold for finding in result.findings):
            return EXIT_FINDINGS
    return EXIT_CLEAN


def _write(report: str, output: str | None) -> bool:
    if not output:
        sys.stdout.write(report)
        return True
    try:
        write_atomically(output, report)
    except OSError as error:
        print(f"tf1lint: error: cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return False
    return True


def _split(values: list[str]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _matches(finding: Finding, selector: str) -> bool:
    rule = finding.entry.id
    return (selector in (finding.symbol, finding.code, finding.entry.kind.value, rule)
            or rule.startswith((selector + ":", selector + "."))
            or (selector.startswith("tf") and (finding.used == selector or finding.used.startswith(selector + "."))))


def _selected(finding: Finding, select: list[str], ignore: list[str]) -> bool:
    chosen, dropped = _split(select), _split(ignore)
    if chosen and not any(_matches(finding, selector) for selector in chosen):
        return False
    return not any(_matches(finding, selector) for selector in dropped)


def _statistics(findings: list[Finding]) -> str:
    counts = Counter((finding.code, finding.entry.id, finding.entry.api) for finding in findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    lines = [f"{count:>6}  {code}  {rule}  {api}\n" for (code, rule, api), count in rows]
    return "".join(lines) + f"{len(findings):>6}  findings\n"


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


def _entry_dict(entry) -> dict[str, object]:
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
