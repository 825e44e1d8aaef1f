"""The `tf1lint` command: argument parsing and exit codes around the runner and the reporters."""

from __future__ import annotations

# Start-up time is part of the user's wait (pre-commit, editors, `--version`): each command
# imports what it uses inside the function that uses it, never at the top of this module.
# pylint: disable=import-outside-toplevel
import argparse
import gc
import os
import sys
from pathlib import Path

from tf1lint import TYPE_CHECKING, __version__

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, Literal, NoReturn

    from tf1lint.analysis.findings import Finding
    from tf1lint.analysis.selectors import Selection
    from tf1lint.catalogue.model import Catalogue, TargetIndex
    from tf1lint.reporters.inventory import BaselineProgress, Inventory
    from tf1lint.run.config import Settings
    from tf1lint.run.runner import RunResult
    from tf1lint.run.stored_report import Transcript

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNCHECKED = 3  # some files could not be read or parsed
EXIT_INTERNAL = 4  # tf1lint itself failed (a bug): never to be mistaken for findings
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT
EXIT_BROKEN_PIPE = 141  # the reader of stdout went away (`| head`), as shells report SIGPIPE

# Each format's reporter module under tf1lint.reporters, imported only when chosen.
CHECK_FORMATS = {"text": "text", "json": "json_report", "github": "github", "sarif": "sarif"}
INVENTORY_FORMATS = {"text": "inventory_text", "markdown": "inventory_markdown", "json": "inventory_json",
                     "csv": "csv_report", "sarif": "sarif", "html": "html"}
FAIL_ON = ("error", "warning", "info")  # the values of catalogue.Severity


def _render_findings(output_format: str, findings: list[Finding]) -> str:
    import importlib

    return importlib.import_module(f"tf1lint.reporters.{CHECK_FORMATS[output_format]}").render(findings)


def _render_inventory(output_format: str, inventory: Inventory) -> str:
    import importlib

    reporter = importlib.import_module(f"tf1lint.reporters.{INVENTORY_FORMATS[output_format]}")
    # SARIF is a list of results: the inventory's findings are what it reports.
    return reporter.render(list(inventory.findings) if output_format == "sarif" else inventory)


def _help_width() -> int:
    """The terminal's width as shutil.get_terminal_size() finds it ($COLUMNS, else the terminal,
    else 80), without importing shutil and the compression modules it loads: argparse asks for a
    width for every option it declares, though only --help prints anything."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _help_width() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

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
    return jobs  # 0: automatic, decided by the runner from the number of files and cores


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; given the command named first, only that command's options are
    declared (each option costs argparse a formatter: a third of a one-file check's own time)."""
    parser = _Parser(prog="tf1lint", description="Find TensorFlow 1.x APIs that are gone, moved or changed in TF2.")
    parser.add_argument("--version", action="version", version=f"tf1lint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def wanted(name: str) -> bool:
        return command is None or command == name

    check = commands.add_parser("check", help="report TF1 API use in Python files and notebooks")
    if wanted("check"):
        _check_options(check)
    inventory = commands.add_parser("inventory", help="the migration inventory: totals, APIs, files by work")
    if wanted("inventory"):
        _run_options(inventory, list(INVENTORY_FORMATS), "never")
        inventory.add_argument("--baseline", metavar="FILE",
                               help="show progress since this baseline: fixed, new and remaining findings"
                                    " (default: none)")
    rules = commands.add_parser("rules", help="list the loaded catalogue")
    if wanted("rules"):
        rules.add_argument("--format", choices=["text", "json", "markdown"], default="text",
                           help="output format (default: text)")
        _catalogue_options(rules)
    commands.add_parser("server", help="run the language server for editors (LSP over stdio)")
    commands.add_parser("ckpt", help="stage three: inspect, map, verify and convert TF1 checkpoints (tf1lint ckpt --help)")
    commands.add_parser("equiv", help="stage three: record a TF 1.14 run and replay it against the migrated program")
    return parser


def _catalogue_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--target", help="TensorFlow version to judge against (default: target in pyproject.toml,"
                                        " else the newest the catalogue knows)")
    sub.add_argument("--catalogue", action="append", default=None, metavar="FILE",
                     help="extra catalogue YAML file, added to catalogue in pyproject.toml; may be repeated;"
                          " extends or overrides the bundled one (default: none)")
    sub.add_argument("--compat-v1", dest="report_compat_v1", action=argparse.BooleanOptionalAction, default=None,
                     help="report explicit tf.compat.v1 use as info (default: report-compat-v1 in pyproject.toml,"
                          " else on)")

def _run_options(sub: argparse.ArgumentParser, formats: Sequence[str], fail_on_default: str) -> None:
    sub.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                     help="files or folders (walked for *.py and *.ipynb); default: the current folder")
    sub.add_argument("--format", choices=list(formats), default=None,
                     help="report format (default: from the -o file's extension, else text)")
    sub.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE (default: stdout)")
    sub.add_argument("--select", action="append", default=[], metavar="RULES",
                     help="only these symbols, codes, kinds, rule ids (or id prefixes) or API prefixes; comma"
                          " separated or repeated (default: every rule)")
    sub.add_argument("--ignore", action="append", default=[], metavar="RULES",
                     help="leave out these symbols, codes, kinds, rule ids (or id prefixes) or API prefixes"
                          " (default: none)")
    sub.add_argument("--fail-on", choices=[*FAIL_ON, "never"], default=fail_on_default,
                     help=f"lowest severity that makes the exit status 1 (default: {fail_on_default})")
    sub.add_argument("--jobs", "-j", type=_jobs, default=0, metavar="N",
                     help="worker processes (default 0: one per core when there are enough files, else 1)")
    sub.add_argument("--report-unused-suppressions", action="store_true",
                     help="also report inline suppressions of tf1lint's rules that suppress nothing (default: off)")
    sub.add_argument("--exclude", action="append", default=None, metavar="PATTERNS",
                     help="leave out files and folders matching these gitignore-style patterns, comma separated"
                          " (default: exclude in pyproject.toml, else none; this replaces it)")
    sub.add_argument("--extend-exclude", action="append", default=[], metavar="PATTERNS",
                     help="more patterns to leave out, added to exclude and to extend-exclude in pyproject.toml"
                          " (default: none)")
    sub.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction, default=None,
                     help="leave out what .gitignore files ignore (default: respect-gitignore in"
                          " pyproject.toml, else on)")
    sub.add_argument("--force-exclude", action="store_true",
                     help="apply the excludes to files named on the command line too, as pre-commit needs"
                          " (default: off: a file named is checked)")
    sub.add_argument("--no-cache", dest="use_cache", action="store_false", default=True,
                     help="analyse every file again, neither reading nor writing the results cache (default: the"
                          " cache is used: cache-dir in pyproject.toml or TF1LINT_CACHE_DIR, else .tf1lint_cache)")
    sub.add_argument("--show-settings", action="store_true",
                     help="print the settings file in use and every setting's value, then stop (default: off)")
    sub.add_argument("--verbose", "-v", action="store_true",
                     help="first print the settings file in use and each bundled catalogue entry a user"
                          " catalogue overrides, on stderr (default: off)")
    sub.add_argument("--allow-empty", action="store_true",
                     help="finding no Python file under the given paths is not an error, exit 0 (default: off)")
    _catalogue_options(sub)


def _check_options(check: argparse.ArgumentParser) -> None:
    """`check`'s own options, after those it shares with `inventory`."""
    _run_options(check, list(CHECK_FORMATS), "info")
    check.add_argument("--statistics", action="store_true",
                       help="print counts per rule instead of the findings (default: off)")
    check.add_argument("--baseline", metavar="FILE",
                       help="report only findings that are not in this baseline, see --write-baseline (default: none,"
                            " every finding)")
    check.add_argument("--write-baseline", metavar="FILE",
                       help="record today's findings in FILE, to adopt tf1lint on existing code and ratchet down"
                            " (default: none)")
    check.add_argument("--fix", action="store_true", help="apply safe fixes, then report what is left (default: off)")
    check.add_argument("--unsafe-fixes", action="store_true",
                       help="with --fix or --diff: also apply unsafe fixes (compat.v1, import swaps, transforms)"
                            " (default: off)")
    check.add_argument("--diff", action="store_true",
                       help="print the fixes as a unified diff and write nothing, exit 1 when there is a change"
                            " (default: off)")


def _settings(arguments: argparse.Namespace) -> Settings:
    """The project's settings (its pyproject.toml, found from the checked paths), then the flags."""
    from tf1lint.run.config import normalise_version, settings_for

    settings = settings_for(getattr(arguments, "paths", None) or ["."])
    if arguments.target is not None:
        settings.target = normalise_version(arguments.target)
    if getattr(arguments, "exclude", None) is not None:
        settings.exclude = _comma_separated(arguments.exclude)
    if getattr(arguments, "extend_exclude", None):
        settings.extend_exclude = [*settings.extend_exclude, *_comma_separated(arguments.extend_exclude)]
    if getattr(arguments, "use_cache", True) is False:
        settings.use_cache = False
    if getattr(arguments, "respect_gitignore", None) is not None:
        settings.respect_gitignore = arguments.respect_gitignore
    if arguments.catalogue:
        settings.catalogues = [*settings.catalogues, *arguments.catalogue]
    if arguments.report_compat_v1 is not None:
        settings.report_compat_v1 = arguments.report_compat_v1
    return settings


# Stage-three command groups live in their own packages, each with `main(argv) -> int`; they are
# imported only when asked for, so the linter's start-up never pays for them.
STAGE_THREE_COMMANDS = {"ckpt": "tf1lint.ckpt.cli", "equiv": "tf1lint.equiv.cli"}


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words == ["--version"]:  # answered before building the parser: editors and hooks ask it often
        print(f"tf1lint {__version__}")
        return EXIT_CLEAN
    if words and words[0] in STAGE_THREE_COMMANDS:
        import importlib
        return importlib.import_module(STAGE_THREE_COMMANDS[words[0]]).main(words[1:])
    arguments = _parser(words[0] if words else None).parse_args(words)
    if arguments.command == "server":
        return _serve()
    from tf1lint.run.config import ConfigError
    from tf1lint.run.runner import load_index

    try:
        settings = _settings(arguments)
    except ConfigError as error:
        print(f"tf1lint: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if getattr(arguments, "show_settings", False):
        from tf1lint.catalogue.loader import describe_overrides, load_overrides
        from tf1lint.run.config import describe_settings

        sys.stdout.write(describe_settings(settings) + describe_overrides(load_overrides(settings.catalogues)))
        return EXIT_CLEAN
    if arguments.command != "rules":
        chosen = _output_format(arguments)
        if chosen is None:
            return EXIT_USAGE
        arguments.format = chosen
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
    if arguments.verbose:
        from tf1lint.catalogue.loader import describe_overrides, load_overrides

        print(f"tf1lint: settings file: {settings.source or '(none: the defaults)'}", file=sys.stderr)
        for line in describe_overrides(load_overrides(settings.catalogues)).splitlines():
            print(f"tf1lint: {line.strip()}", file=sys.stderr)

    from tf1lint.analysis.selectors import Selection
    from tf1lint.files.display import shown_path
    from tf1lint.files.file_selection import FileSelection
    from tf1lint.files.sources import discover

    file_selection = FileSelection(Path(settings.project_root or Path.cwd()), settings.exclude, settings.extend_exclude,
                                   settings.respect_gitignore, arguments.force_exclude)
    files = list(discover(arguments.paths, excluded=file_selection.excluded, force_exclude=arguments.force_exclude))
    if not files and not arguments.allow_empty and any(os.path.isdir(path) for path in arguments.paths):
        # A mistyped but existing folder in CI would otherwise turn the check off without a word.
        shown = ", ".join(shown_path(path) for path in arguments.paths)
        print(f"tf1lint: error: no Python files found under {shown} (--allow-empty to accept that)",
              file=sys.stderr)
        return EXIT_USAGE
    selection = Selection.of(arguments.select, arguments.ignore)
    problem = (_output_problem(arguments.output, files)
               or _output_problem(getattr(arguments, "write_baseline", None), files, "--write-baseline")
               or selection.problem(catalogue))
    if problem:
        print(f"tf1lint: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if arguments.command == "check" and (arguments.fix or arguments.diff):
        return _fix(arguments, index, files, settings, selection)
    from tf1lint.run.cache import open_cache
    from tf1lint.run.runner import distinct_files
    from tf1lint.run.stored_report import Transcript, replayed, report_key, store

    # An unchanged re-run of `check` writes what the last one wrote (stdout only: a report file or
    # a baseline written is a deed, not a transcript).
    cache = open_cache(settings, index) if arguments.command == "check" and not arguments.output \
        and not getattr(arguments, "write_baseline", None) else None
    checked, key = files, None
    if cache is not None:
        checked = distinct_files(files)  # the run checks each file once; so does the report's key
        key = report_key(cache, checked, vars(arguments), settings, getattr(arguments, "baseline", None))
        status = replayed(cache, key, checked)
        if status is not None:
            return status
    transcript = Transcript()
    status, result = _check(arguments, index, checked, settings, selection, transcript)
    if cache is not None and key is not None and result is not None:
        store(cache, key, checked, result.content_keys, transcript, status)
    return status


def _check(arguments: argparse.Namespace, index: TargetIndex, files: list[str], settings: Settings,
           selection: Selection, transcript: Transcript) -> tuple[int, RunResult | None]:
    """`check` and `inventory` without fixes: run, then report; the exit status, and the run's
    result when the report is the whole of what was done."""
    from tf1lint.run.progress import ProgressBar
    from tf1lint.run.runner import run

    result = run(files, index, jobs=arguments.jobs, settings=settings, on_file=ProgressBar())
    result.findings = [f for f in result.findings if selection(f)]
    for failure in result.failures:
        transcript.err(f"{failure}\n")
    progress = _apply_baseline(arguments, result, transcript)
    if progress is None:
        return EXIT_USAGE, None
    if arguments.command == "inventory":
        accepted = [f for f in result.suppressed if selection(f)]
        from tf1lint.catalogue.loader import load_overrides
        from tf1lint.reporters.inventory import build_inventory

        inventory = build_inventory(result.findings, result.failures, result.files, str(index.target), accepted,
                                    progress or None, load_overrides(settings.catalogues))
        report = _render_inventory(arguments.format, inventory)
    elif arguments.statistics:
        report = _statistics(result.findings)
    else:
        report = _render_findings(arguments.format, result.findings)
    if arguments.output:
        if not _write(report, arguments.output):
            return EXIT_USAGE, None
    else:
        transcript.out(report)
    status = _exit_status(result, arguments.fail_on)
    if arguments.report_unused_suppressions and result.unused_suppressions:
        # Text-like reports take them inline (like ruff's unused-noqa); structured ones keep their shape.
        inline = arguments.format in ("text", "github") and not arguments.output
        for unused in result.unused_suppressions:
            (transcript.out if inline else transcript.err)(f"{unused}\n")
        if status == EXIT_CLEAN and arguments.fail_on != "never":
            status = EXIT_FINDINGS
    return status, result


def _apply_baseline(arguments: argparse.Namespace, result: RunResult,
                    transcript: Transcript) -> BaselineProgress | Literal[False] | None:
    """`check`: keep only new findings, and write the baseline when asked; `inventory`: the progress.
    None when the baseline cannot be used (already reported), False when there is none."""
    progress: BaselineProgress | Literal[False] = False
    current = list(result.findings)
    if getattr(arguments, "baseline", None):
        from tf1lint.reporters.inventory import BaselineProgress
        from tf1lint.run.baseline import BaselineError, baseline_folder, compare, load_baseline

        try:
            recorded = load_baseline(arguments.baseline)
        except BaselineError as error:
            transcript.err(f"tf1lint: error: {error}\n")
            return None
        comparison = compare(recorded, result.findings, baseline_folder(arguments.baseline))
        progress = BaselineProgress(arguments.baseline, comparison.gone, len(comparison.new), len(comparison.known))
        if arguments.command == "check":
            result.findings = comparison.new
            if comparison.gone:
                transcript.err(f"tf1lint: {comparison.gone} findings of the baseline {arguments.baseline} are gone: "
                               f"shrink it with --write-baseline {arguments.baseline}\n")
    if getattr(arguments, "write_baseline", None):
        from tf1lint.run.baseline import write_baseline

        try:
            count = write_baseline(arguments.write_baseline, current)
        except OSError as error:
            reason = error.strerror or error
            transcript.err(f"tf1lint: error: cannot write {arguments.write_baseline}: {reason}\n")
            return None
        transcript.err(f"tf1lint: recorded {count} findings in {arguments.write_baseline}\n")
        result.findings = []  # all of them are in the baseline now
    return progress


_EXTENSION_FORMATS = {".json": "json", ".sarif": "sarif", ".html": "html", ".htm": "html", ".md": "markdown",
                      ".markdown": "markdown", ".csv": "csv", ".txt": "text"}


def _output_format(arguments: argparse.Namespace) -> str | None:
    """--format, or the one the -o file's extension names; None (reported) when they disagree."""
    formats = CHECK_FORMATS if arguments.command == "check" else INVENTORY_FORMATS
    implied = _EXTENSION_FORMATS.get(Path(arguments.output).suffix.lower()) if arguments.output else None
    if arguments.format is None:
        if implied is not None and implied not in formats:
            print(f"tf1lint: error: {arguments.command} cannot write {implied} ({arguments.output}); "
                  f"formats: {', '.join(formats)}", file=sys.stderr)
            return None
        return implied or "text"
    if implied is not None and implied != arguments.format:
        print(f"tf1lint: error: -o {arguments.output} looks like {implied} but --format is {arguments.format}: "
              "drop --format or rename the file", file=sys.stderr)
        return None
    return arguments.format


def _output_problem(output: str | None, files: list[str], option: str = "-o") -> str | None:
    """A report or baseline written over one of the files it checks, or over any Python source,
    would destroy that file."""
    if not output or not os.path.exists(output):
        return None
    from tf1lint.files.display import shown_path

    target = os.path.realpath(output)
    for path in files:
        if os.path.realpath(path) == target:
            return f"{option} {shown_path(output)} is one of the files to check; refusing to overwrite it"
    if target.endswith((".py", ".pyi", ".ipynb")):
        return f"{option} {shown_path(output)} is Python source; refusing to overwrite it"
    return None


def _fix(arguments: argparse.Namespace, index: TargetIndex, files: list[str], settings: Settings,
         selection: Selection) -> int:
    """`check --fix` / `--diff`: fix (or show), then report what is left as `check` would."""
    from tf1lint.cli import fix_command
    from tf1lint.run.runner import RunResult

    outcome = fix_command.run_fixes(
        files, index, unsafe=arguments.unsafe_fixes, diff=arguments.diff, jobs=arguments.jobs, settings=settings,
        selected=selection)
    for problem in outcome.problems:
        print(problem, file=sys.stderr)
    for failure in outcome.failures:
        if failure.reason != fix_command.LEFT_UNCHANGED:
            print(str(failure), file=sys.stderr)
    if not arguments.diff:
        report = _render_findings(arguments.format, outcome.findings)
        if not _write(report, arguments.output):
            return EXIT_USAGE
    print(fix_command.summary(outcome.findings, fixed=outcome.fixed, unsafe=arguments.unsafe_fixes,
                              diff=arguments.diff), file=sys.stderr)
    if arguments.diff:
        return EXIT_UNCHECKED if outcome.failures else (EXIT_FINDINGS if outcome.changed_files else EXIT_CLEAN)
    return _exit_status(RunResult(findings=outcome.findings, failures=outcome.failures), arguments.fail_on)


def _serve() -> int:
    try:
        from tf1lint.lsp.server import serve  # pygls is an optional extra
    except ImportError as error:
        print(f"tf1lint: error: the server needs the server extra ({error}): pip install 'tf1lint[server]'",
              file=sys.stderr)
        return EXIT_USAGE
    return serve()


def _exit_status(result: RunResult, fail_on: str) -> int:
    if any(failure.internal for failure in result.failures):
        return EXIT_INTERNAL
    if result.failures:
        return EXIT_UNCHECKED
    if fail_on != "never":
        from tf1lint.catalogue.model import Severity

        threshold = Severity(fail_on).rank
        if any(finding.severity.rank >= threshold for finding in result.findings):
            return EXIT_FINDINGS
    return EXIT_CLEAN


def _write(report: str, output: str | None) -> bool:
    if not output:
        sys.stdout.write(report)
        return True
    from tf1lint.files.atomic import write_atomically

    try:
        write_atomically(output, report)
    except OSError as error:
        print(f"tf1lint: error: cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return False
    return True


def _comma_separated(values: list[str]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _statistics(findings: list[Finding]) -> str:
    from collections import Counter

    counts = Counter((finding.code, finding.entry.id, finding.entry.api) for finding in findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    lines = [f"{count:>6}  {code}  {rule}  {api}\n" for (code, rule, api), count in rows]
    return "".join(lines) + f"{len(findings):>6}  findings\n"


def _render_rules(catalogue: Catalogue, output_format: str) -> str:
    if output_format == "json":
        import json

        return json.dumps([_entry_dict(entry) for entry in catalogue.entries], indent=2) + "\n"
    if output_format == "markdown":
        from tf1lint.reporters import rules_doc

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


def _fewer_collections() -> None:
    """The interpreter's garbage collector, tuned for a command: what exists at start-up (the
    interpreter's and this module's objects) is never garbage, so collections leave it out, and
    they run every 20,000 new objects instead of every 700 (a one-file check builds some 100,000:
    the syntax tree, the catalogue entries, tf1lint's classes). Objects that refer to each other
    are still collected; reference counting frees everything else as before."""
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)


def run_main() -> NoReturn:
    """The console entry point: whatever happens, one line on stderr and a status that says what."""
    _fewer_collections()
    try:
        status = main()
        sys.stdout.flush()
    except KeyboardInterrupt:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while exiting: no traceback
        print("tf1lint: interrupted", file=sys.stderr)
        # Leave now: the workers are stopped and every write is atomic, while the interpreter's
        # exit hooks would wake a stopped pool through its closed pipe (a traceback, now and then).
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # `tf1lint check | head`: the reader has gone. Point stdout at /dev/null so that Python's
        # own flush at exit does not complain a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = EXIT_BROKEN_PIPE
    except Exception as error:  # noqa: BLE001  # pylint: disable=broad-exception-caught  # a bug: say so in one line
        from tf1lint.files.display import shown_text

        print(f"tf1lint: internal error: {type(error).__name__}: {shown_text(str(error))[:300]}"
              " (please report it)", file=sys.stderr)
        status = EXIT_INTERNAL
    sys.exit(status)
