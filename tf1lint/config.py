"""Run settings shared by both front ends, and reading them from pyproject.toml's [tool.tf1lint]."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


@dataclass
class Settings:
    target: str | None = None  # None: the newest TF version the catalogue knows
    catalogues: list[str] = field(default_factory=list)
    report_compat_v1: bool = True


class ConfigError(Exception):
    """A user's configuration is wrong; the message is one line for them."""


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def read_pyproject(path: Path) -> dict[str, Any]:
    """The [tool.tf1lint] table; catalogue paths are made relative to the file's folder."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read [tool.tf1lint]: {error}") from None
    table = document.get("tool", {}).get("tf1lint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.tf1lint] must be a table")
    known = {"target", "catalogue", "report-compat-v1"}
    for key in table:
        if key not in known:
            raise ConfigError(f"{path}: unknown key {key!r} in [tool.tf1lint] (expected {', '.join(sorted(known))})")
    settings: dict[str, Any] = {}
    if "target" in table:
        settings["target"] = str(table["target"])
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
    return settings
