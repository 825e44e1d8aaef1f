"""Run settings shared by both front ends, and reading them from pyproject.toml's [tool.tf1lint]."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
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
    target: str | None = None  # None: the newest TF version the catalogue knows
    catalogues: list[str] = field(default_factory=list)
    report_compat_v1: bool = True
    exclude: list[str] = field(default_factory=list)  # gitignore-style patterns, from `project_root`
    extend_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    cache_dir: str | None = None  # None: .tf1lint_cache in the project's folder (or TF1LINT_CACHE_DIR)
    project_root: str | None = None  # the folder of the pyproject.toml read, if any
    use_cache: bool = True  # off: --no-cache


class ConfigError(Exception):
    """A user's configuration is wrong; the message is one line for them."""


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


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
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ConfigError(f"{where}: {key} must be a list of strings, not {_type_name(value)}")
    return list(items)


def _boolean(value: Any, key: str, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be true or false, not {_type_name(value)}")
    return value


KNOWN_KEYS = ("target", "catalogue", "report-compat-v1", "exclude", "extend-exclude", "respect-gitignore",
              "cache-dir")


def read_pyproject(path: Path) -> dict[str, Any]:
    """The [tool.tf1lint] table; catalogue paths are made relative to the file's folder."""
    tomllib = _toml()
    try:
        raw_text = path.read_text(encoding="utf-8")
        document = tomllib.loads(raw_text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read [tool.tf1lint]: {error}") from None
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
    if "target" in table:
        settings["target"] = version_value(table["target"], "target", where, raw_text)
    if "catalogue" in table:
        value = table["catalogue"]
        files = [value] if isinstance(value, str) else value
        if not isinstance(files, list) or not all(isinstance(item, str) for item in files):
            raise ConfigError(f"{path}: catalogue in [tool.tf1lint] must be a path or a list of paths")
        settings["catalogues"] = [str(path.parent / item) for item in files]
    if "report-compat-v1" in table:
        if not isinstance(table["report-compat-v1"], bool):
            raise ConfigError(f"{path}: report-compat-v1 in [tool.tf1lint] must be true or false")
        settings["report_compat_v1"] = table["report-compat-v1"]
    for key in ("exclude", "extend-exclude"):
        if key in table:
            settings[key.replace("-", "_")] = _string_list(table[key], key, where)
    if "respect-gitignore" in table:
        settings["respect_gitignore"] = _boolean(table["respect-gitignore"], "respect-gitignore", where)
    if "cache-dir" in table:
        if not isinstance(table["cache-dir"], str) or not table["cache-dir"]:
            raise ConfigError(f"{where}: cache-dir must be a folder path (a string)")
        settings["cache_dir"] = str(path.parent / table["cache-dir"])
    return settings


PYLINT_OPTIONS = ("tf1-target", "tf1-catalogue", "tf1-report-compat-v1")


def check_pylint_tables(path: Path) -> None:
    """tf1lint's options in pylint's tables of pyproject.toml: pylint turns `tf1-target = 2.10` into
    the text '2.1' and only warns about unknown options, so both are refused here."""
    tomllib = _toml()
    try:
        raw_text = path.read_text(encoding="utf-8")
        document = tomllib.loads(raw_text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
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
