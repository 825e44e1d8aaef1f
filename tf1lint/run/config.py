"""The one settings resolver: every option declared once (OPTIONS), read from the pyproject.toml of
the checked project's [tool.tf1lint], for the command, the pylint plugin and the editor server."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tf1lint import TYPE_CHECKING

if TYPE_CHECKING:  # typing is not imported at run time (start-up)
    from typing import Any


def _toml() -> Any:
    """The TOML reader, imported only when there is a pyproject.toml to read (start-up time)."""
    # pylint: disable=import-outside-toplevel
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    return tomllib


@dataclass
class Settings:
    """What a run is configured with: pyproject.toml's [tool.tf1lint], then the command line."""

    target: str | None = None  # None: the newest TF version the catalogue knows
    catalogues: list[str] = field(default_factory=list)
    report_compat_v1: bool = True
    exclude: list[str] = field(default_factory=list)  # gitignore-style patterns, from `project_root`
    extend_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    cache_dir: str | None = None  # None: .tf1lint_cache in the project's folder (or TF1LINT_CACHE_DIR)
    project_root: str | None = None  # the folder of the pyproject.toml read, if any
    use_cache: bool = True  # off: --no-cache
    source: str | None = None  # the pyproject.toml these settings were read from, if any


@dataclass(frozen=True)
class Option:
    """One setting, declared once: its field in Settings, its type, and how each front end spells it."""

    field: str  # in Settings
    toml: str  # the key in [tool.tf1lint]
    type: str  # "version", "paths" (a path or a list of them), "patterns" (a list), "bool" or "folder"
    cli: str | None  # the flag of `tf1lint check`
    pylint: str | None  # the option of the pylint plugin
    lsp: str | None  # the key in the editor's settings
    help: str


OPTIONS: tuple[Option, ...] = (
    Option("target", "target", "version", "--target", "tf1-target", "target",
           "TensorFlow version to judge against (default: the newest the catalogue knows)"),
    Option("catalogues", "catalogue", "paths", "--catalogue", "tf1-catalogue", "catalogue",
           "extra catalogue YAML files; they extend or override the bundled one"),
    Option("report_compat_v1", "report-compat-v1", "bool", "--compat-v1", "tf1-report-compat-v1", "reportCompatV1",
           "report explicit tf.compat.v1 use as info"),
    Option("exclude", "exclude", "patterns", "--exclude", None, None,
           "gitignore-style patterns of files and folders to leave out"),
    Option("extend_exclude", "extend-exclude", "patterns", "--extend-exclude", None, None,
           "more patterns to leave out, added to exclude"),
    Option("respect_gitignore", "respect-gitignore", "bool", "--respect-gitignore", None, None,
           "leave out what .gitignore files ignore"),
    Option("cache_dir", "cache-dir", "folder", None, None, None, "the folder of the results cache"),
)
KNOWN_KEYS = tuple(option.toml for option in OPTIONS)
PYLINT_OPTIONS = tuple(option.pylint for option in OPTIONS if option.pylint)


class ConfigError(Exception):
    """A user's configuration is wrong; the message is one line for them."""


PYPROJECT = "pyproject.toml"


def find_pyproject(start: Path) -> Path | None:
    """The pyproject.toml of the project holding `start` (a folder or a file): the nearest one
    above it, never looked for beyond the repository `start` is in (the folder holding .git)."""
    start = Path(os.path.abspath(start))
    if not start.is_dir():
        start = start.parent
    for folder in (start, *start.parents):
        candidate = folder / PYPROJECT
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None  # the top of a repository: a pyproject.toml above it belongs to another project
    return None


def settings_for(paths: Sequence[str | Path]) -> Settings:
    """The settings of the project holding the checked paths (not of the current folder): from the
    pyproject.toml found from the folder they share."""
    absolute = [os.path.abspath(path) for path in paths] or [os.getcwd()]
    try:
        shared = os.path.commonpath(absolute)
    except ValueError:  # paths on different drives (Windows)
        shared = absolute[0]
    return settings_from(find_pyproject(Path(shared)))


def settings_from(pyproject: Path | None) -> Settings:
    settings = Settings()
    if pyproject is not None:
        for key, value in read_pyproject(pyproject).items():
            setattr(settings, key, value)
        settings.source = str(pyproject)
    return settings


def describe_settings(settings: Settings) -> str:
    """`--show-settings`: where the settings come from, and every option's value."""
    lines = [f"settings file: {settings.source or '(none: the defaults)'}"]
    lines += [f"{option.toml} = {getattr(settings, option.field)!r}" for option in OPTIONS]
    return "\n".join(lines) + "\n"


_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.\d+)?", re.ASCII)


def normalise_version(text: str) -> str:
    """'2.21.0' -> '2.21' (a patch level does not change verdicts); anything else is left as it is,
    for the catalogue loader to judge."""
    match = _VERSION.fullmatch(text.strip())
    return f"{int(match.group(1))}.{int(match.group(2))}" if match else text


def version_value(value: Any, key: str, where: str, raw_text: str = "") -> str:
    """A version read from TOML, which must be a string: 2.10 as a TOML number is the float 2.1."""
    if isinstance(value, str):
        return normalise_version(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        written = re.search(rf"^\s*{re.escape(key)}\s*=\s*([0-9][0-9._eE+-]*)", raw_text, re.MULTILINE)
        shown = written.group(1) if written else repr(value)
        raise ConfigError(f"{where}: {key} = {shown} is a TOML number, which drops digits "
                          f'({shown} reads as {value!r}): '
                          f'write the version as a string, {key} = "{shown}"')
    raise ConfigError(f'{where}: {key} must be a version string like {key} = "2.15", not {_type_name(value)}')


def _type_name(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__)


def _string_list(value: Any, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        # `exclude = "vendor,other"` would be one pattern that matches nothing: say so instead.
        raise ConfigError(f'{where}: {key} must be a list of strings like {key} = ["{value}"], not a string')
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: {key} must be a list of strings, not {_type_name(value)}")
    return list(value)


def _boolean(value: Any, key: str, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be true or false, not {_type_name(value)}")
    return value


def _paths(value: Any, key: str, where: str, folder: Path) -> list[str]:
    files = [value] if isinstance(value, str) else value
    if not isinstance(files, list) or not all(isinstance(item, str) for item in files):
        raise ConfigError(f"{where}: {key} must be a path or a list of paths, not {_type_name(value)}")
    return [str(folder / item) for item in files]


def _folder(value: Any, key: str, where: str, folder: Path) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: {key} must be a folder path (a string)")
    return str(folder / value)


def read_pyproject(path: Path) -> dict[str, Any]:
    """The [tool.tf1lint] table as Settings fields; paths are made relative to the file's folder."""
    tomllib = _toml()
    try:
        raw_text = path.read_text(encoding="utf-8")
        document = tomllib.loads(raw_text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read [tool.tf1lint]: {error}") from None
    except (RecursionError, MemoryError):  # arrays or tables nested thousands deep
        raise ConfigError(f"{path}: cannot read [tool.tf1lint]: nested too deeply") from None
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: [tool] must be a table")
    table = tool.get("tf1lint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.tf1lint] must be a table")
    where = f"{path} [tool.tf1lint]"
    for key in table:
        if key not in KNOWN_KEYS:
            expected = ", ".join(sorted(KNOWN_KEYS))
            raise ConfigError(f"{path}: unknown key {key!r} in [tool.tf1lint] (expected {expected})")
    settings: dict[str, Any] = {"project_root": str(path.parent)}
    for option in OPTIONS:
        if option.toml in table:
            settings[option.field] = _read(option, table[option.toml], where, path.parent, raw_text)
    return settings


def _read(option: Option, value: Any, where: str, folder: Path, raw_text: str) -> Any:
    key = option.toml
    if option.type == "version":
        return version_value(value, key, where, raw_text)
    if option.type == "paths":
        return _paths(value, key, where, folder)
    if option.type == "patterns":
        return _string_list(value, key, where)
    if option.type == "bool":
        return _boolean(value, key, where)
    return _folder(value, key, where, folder)




def check_pylint_tables(path: Path) -> None:
    """tf1lint's options in pylint's tables of pyproject.toml: pylint turns `tf1-target = 2.10` into
    the text '2.1' and only warns about unknown options, so both are refused here."""
    tomllib = _toml()
    try:
        raw_text = path.read_text(encoding="utf-8")
        document = tomllib.loads(raw_text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, MemoryError):
        return  # pylint reports a file it cannot read itself
    tool = document.get("tool")
    sections = tool.get("pylint") if isinstance(tool, dict) else None
    if not isinstance(sections, dict):
        return
    for name, section in sections.items():
        if not isinstance(section, dict):
            continue
        where = f"{path} [tool.pylint.{name}]"
        for key, value in section.items():
            if (name == "tf1lint" or key.startswith("tf1-")) and key not in PYLINT_OPTIONS:
                options = ", ".join(PYLINT_OPTIONS)
                raise ConfigError(f"{where}: unknown key {key!r} (tf1lint's pylint options: {options})")
            if key == "tf1-target":
                version_value(value, key, where, raw_text)
            elif key == "tf1-catalogue":
                _string_list(value, key, where)
            elif key == "tf1-report-compat-v1" and not (
                    isinstance(value, bool) or (isinstance(value, str) and value.lower() in ("y", "n", "yes", "no"))):
                raise ConfigError(f"{where}: {key} must be true or false (or y / n), not {_type_name(value)}")
