"""Runs the engine over files: the part of `tf1lint check` that is not argument parsing or output."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from tf1lint.catalogue import Catalogue, TargetIndex, Version
from tf1lint.config import Settings
from tf1lint.engine import ParseFailure, check_source
from tf1lint.findings import Finding
from tf1lint.loader import load_catalogue


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    failures: list[ParseFailure] = field(default_factory=list)
    files: int = 0


def load_index(settings: Settings) -> tuple[Catalogue | None, TargetIndex | None, list[str]]:
    """The catalogue and its index at the requested target, or the problems that stop the run."""
    result = load_catalogue(settings.catalogues)
    if result.problems:
        return result.catalogue, None, [str(problem) for problem in result.problems]
    catalogue = result.catalogue
    target = catalogue.newest_known
    if settings.target is not None:
        parsed = Version.parse(settings.target)
        if parsed is None or parsed.major != 2 or parsed > catalogue.newest_known:
            return catalogue, None, [
                f"unknown target TensorFlow version {settings.target!r}"
                f" (expected 2.0 to {catalogue.newest_known}, written like 2.15)"
            ]
        target = parsed
    return catalogue, catalogue.at_target(target, settings.report_compat_v1), []


def check_file(path: str, index: TargetIndex) -> list[Finding] | ParseFailure:
    try:
        with open(path, "rb") as handle:
            source = handle.read()
    except IsADirectoryError:
        return ParseFailure(path, 0, 0, "is a directory")
    except FileNotFoundError:
        return ParseFailure(path, 0, 0, "no such file (or a broken link)")
    except OSError as error:
        return ParseFailure(path, 0, 0, f"cannot read: {error.strerror or error}")
    return check_source(source, path, index)


def run(paths: Iterable[str], index: TargetIndex) -> RunResult:
    result = RunResult()
    for path in paths:
        result.files += 1
        outcome = check_file(path, index)
        if isinstance(outcome, ParseFailure):
            result.failures.append(outcome)
        else:
            result.findings.extend(outcome)
    return result
