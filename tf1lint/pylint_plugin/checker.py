"""The pylint adapter: runs the same engine as `tf1lint check` on each module pylint visits."""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pylint.checkers import BaseRawFileChecker
from pylint.config import find_default_config_files

from tf1lint.catalogue.messages import all_messages
from tf1lint.run.catalogue_roots import read_roots, roots_key, write_roots
from tf1lint.run.config import (
    ConfigError,
    Settings,
    check_pylint_tables,
    find_pyproject,
    normalise_version,
    settings_from,
)

# pylint applies its own `# pylint: disable` comments; these are the forms it does not know.
_FORMS_PYLINT_LEAVES_TO_US = frozenset({"tf1lint", "noqa"})

if TYPE_CHECKING:
    from astroid import nodes
    from pylint.lint import PyLinter

    from tf1lint.catalogue.model import TargetIndex
    from tf1lint.files.file_selection import FileSelection


def _message_table() -> dict[str, tuple[str, str, str]]:
    return {
        definition.code: ("%s", definition.symbol, definition.help)
        for definition in all_messages()
    }


class TF1Checker(BaseRawFileChecker):
    name = "tf1lint"
    msgs = _message_table()
    options = (
        ("tf1-target", {
            "default": None, "type": "string", "metavar": "<version>",
            "help": "TensorFlow 2 version to judge against, like 2.15 (default: the newest the catalogue knows).",
        }),
        ("tf1-catalogue", {
            "default": (), "type": "csv", "metavar": "<files>",
            "help": "Extra catalogue YAML files, comma separated; they extend or override the bundled catalogue.",
        }),
        ("tf1-report-compat-v1", {
            "default": None, "type": "yn", "metavar": "<y or n>",
            "help": "Report explicit tf.compat.v1 use as information messages (default: [tool.tf1lint]'s, else y).",
        }),
        ("tf1-shield-tensorflow", {
            "default": True, "type": "yn", "metavar": "<y or n>",
            "help": ("Keep astroid from inferring TensorFlow (and tf_keras, keras): slow and wrong under TF's lazy "
                     "loaders. no-member and no-name-in-module then come from the list of TF 2.21's names, for "
                     "names neither TF 2.21 nor the catalogue knows (typos)."),
        }),
    )

    def __init__(self, linter: PyLinter) -> None:
        super().__init__(linter)
        self._key: tuple[str | None, tuple[str, ...], bool] = (None, (), True)
        self._roots: frozenset[str] | None = None
        self._excluded: FileSelection | None = None

    def open(self) -> None:
        settings = _project_settings()
        # The catalogue is loaded for the first module that names one of its roots: pylint on
        # code without TensorFlow never pays for it.
        self._key = _settings_key(self.linter, settings)
        self._roots = _known_roots(self._key)
        if settings.exclude or settings.extend_exclude:
            from tf1lint.files.file_selection import FileSelection  # pylint: disable=import-outside-toplevel

            # As `tf1lint check --force-exclude`: pylint chose the files, the project's excludes still hold.
            self._excluded = FileSelection(Path(settings.project_root or Path.cwd()), settings.exclude,
                                           settings.extend_exclude, respect_gitignore=False, force_exclude=True)

    def process_module(self, node: nodes.Module) -> None:
        if self._excluded is not None and node.file and self._excluded.excluded(node.file, False):
            return
        with node.stream() as stream:
            source = stream.read()
        if self._roots is not None and not any(root.encode() in source for root in self._roots):
            return  # the engine's own first test (mentions_catalogue), before any catalogue is loaded
        index = _index_for(self._key)
        if index is None:
            return
        # pylint: disable-next=import-outside-toplevel  # only for modules that may use TensorFlow
        from tf1lint.run.pipeline import Document, analyse

        # pylint shows no fixes, but they are built: a fix refused as by-hand work says why in the
        # message, which must read as `tf1lint check` prints it. A file that does not parse has no
        # findings here: pylint reports syntax errors itself (syntax-error, E0001).
        outcome = analyse(Document(node.file or node.name, source), index, fixes=True,
                          forms=_FORMS_PYLINT_LEAVES_TO_US)
        for finding in outcome.findings:
            self.add_message(
                finding.code,
                line=finding.line, col_offset=finding.column,
                end_lineno=finding.end_line, end_col_offset=finding.end_column,
                args=(finding.message,),
            )


def _project_settings() -> Settings:
    """[tool.tf1lint] of the project pylint runs in (pylint finds its own configuration from the
    current folder too); a broken table is reported by validate_configuration."""
    try:
        return settings_from(find_pyproject(Path.cwd()))
    except ConfigError:
        return Settings()


def _settings_key(linter: PyLinter, settings: Settings) -> tuple[str | None, tuple[str, ...], bool]:
    """pylint's own tf1-* options where given, else [tool.tf1lint]'s: the same verdicts as `tf1lint check`."""
    config = linter.config
    target = getattr(config, "tf1_target", None) or settings.target
    report_compat_v1 = getattr(config, "tf1_report_compat_v1", None)
    return (
        normalise_version(target) if target else None,
        (*settings.catalogues, *(_catalogue_path(path) for path in getattr(config, "tf1_catalogue", ()) or ())),
        settings.report_compat_v1 if report_compat_v1 is None else bool(report_compat_v1),
    )


def _catalogue_path(path: str) -> str:
    """A relative `tf1-catalogue` path is relative to the configuration file that names it (as in
    [tool.tf1lint]), but pylint hands it over as written and may run from a sub-folder."""
    if os.path.isabs(path) or os.path.exists(path):
        return path
    config_file = next(find_default_config_files(), None)
    if config_file is not None and (config_file.parent / path).exists():
        return str(config_file.parent / path)
    return path


@lru_cache(maxsize=4)
def _loaded(key: tuple[str | None, tuple[str, ...], bool]) -> tuple[TargetIndex | None, tuple[str, ...]]:
    from tf1lint.run.runner import load_index  # pylint: disable=import-outside-toplevel

    target, catalogues, report_compat_v1 = key
    _, index, problems = load_index(Settings(target, list(catalogues), report_compat_v1))
    if index is not None and not problems:
        write_roots(_roots_key(key), index.root_modules)
    return index, tuple(problems)


def _roots_key(key: tuple[str | None, tuple[str, ...], bool]) -> str:
    target, catalogues, report_compat_v1 = key
    return roots_key(catalogues, target, report_compat_v1)


@lru_cache(maxsize=4)
def _known_roots(key: tuple[str | None, tuple[str, ...], bool]) -> frozenset[str] | None:
    """The catalogue's roots when this very configuration loaded without problems before."""
    return read_roots(_roots_key(key))


def _index_for(key: tuple[str | None, tuple[str, ...], bool]) -> TargetIndex | None:
    return _loaded(key)[0]


def validate_configuration(linter: PyLinter) -> None:
    """Called by pylint once options are read: a broken catalogue or option stops the run cleanly."""
    pyproject = find_pyproject(Path.cwd())
    try:
        if pyproject is not None:
            check_pylint_tables(pyproject)
        settings = settings_from(pyproject)
    except ConfigError as error:
        print(f"tf1lint: error: {error}", file=sys.stderr)
        sys.exit(2)
    key = _settings_key(linter, settings)
    if _known_roots(key) is not None:
        return  # this very catalogue loaded without problems before: it is loaded when needed
    _, problems = _loaded(key)
    if problems:
        for problem in problems:
            print(f"tf1lint: error: {problem}", file=sys.stderr)
        sys.exit(2)


def register(linter: PyLinter) -> None:
    linter.register_checker(TF1Checker(linter))
