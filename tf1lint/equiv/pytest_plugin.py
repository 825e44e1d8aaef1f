"""pytest plugin: keep the TF 1.14 recording in your own test suite and check the new code against it.

The `tf1_recording` fixture opens a recording made by `tf1lint equiv record`; `assert_equivalent` calls a
callable of the new code (a Keras model, a tf.function, any function) once per recorded Session.run at a
call site, with the recorded feeds as arguments, and compares what it returns with the recorded fetches.
`load_weights` first gives the new code's variables the recorded starting values, matched by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tf1lint.equiv.compare import DEFAULT_ATOL, DEFAULT_RTOL, Tolerance, measure
from tf1lint.equiv.golden import RecordingError, read_recording


@dataclass(frozen=True)
class RecordedRun:
    index: int
    site: str
    call: int
    feeds: dict[str, np.ndarray]  # feed tensor name ("x:0") -> value
    fetches: dict[str, np.ndarray | None]  # fetch path ("[1]") -> value, None where not numeric


def _plain_name(name: str) -> str:
    return name.removesuffix(":0")


def _value(result: Any, pick: Any) -> np.ndarray:
    chosen = result if pick is None else (pick(result) if callable(pick) else result[pick])
    return np.asarray(chosen.numpy() if hasattr(chosen, "numpy") else chosen)


class Recording:
    """A recording folder, read once, seen as runs with their feeds and fetches."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.document, self.arrays = read_recording(str(self.folder))

    def runs(self, site: str | None = None) -> list[RecordedRun]:
        found = []
        for run in self.document["runs"]:
            if site is not None and run["site"] != site:
                continue
            feeds = {entry["name"]: self.arrays[entry["array"]] for entry in run["feeds"] if entry.get("array")}
            fetches = {entry["path"]: self.arrays[entry["array"]] if entry.get("array") else None
                       for entry in run["fetches"]}
            found.append(RecordedRun(run["index"], run["site"], run["call"], feeds, fetches))
        return found

    def sites(self) -> list[str]:
        return list(dict.fromkeys(run["site"] for run in self.document["runs"]))

    def initial_weights(self) -> dict[str, np.ndarray]:
        snapshots = self.document.get("snapshots") or [{"variables": []}]
        return {entry["name"]: self.arrays[entry["array"]] for entry in snapshots[0]["variables"]}

    def load_weights(self, variables: Mapping[str, Any] | Iterable[Any],
                     name_map: Mapping[str, str] | None = None) -> list[str]:
        """Assign the recorded starting values to the new code's variables; names must all be found.

        `variables` is {recorded name: variable} or variables (tf.Variable, Keras variables, a Keras model's
        `weights`) whose own names match the recorded ones; `name_map` renames recorded names (tf1lint ckpt map).
        """
        recorded = {(name_map or {}).get(name, name): value for name, value in self.initial_weights().items()}
        if isinstance(variables, Mapping):
            targets = dict(variables)
        else:
            targets = {}
            for variable in variables:
                name = getattr(variable, "path", None) or _plain_name(variable.name)
                targets[_plain_name(name)] = variable
        missing = sorted(name for name in targets if name not in recorded)
        if missing:
            raise AssertionError(f"tf1lint equiv: no recorded value for {', '.join(missing)}; recorded: "
                                 f"{', '.join(sorted(recorded))} (rename with name_map=)")
        for name, variable in targets.items():
            variable.assign(recorded[name])
        return sorted(targets)

    def assert_equivalent(self, step: Callable[..., Any], *, site: str, inputs: Sequence[str],
                          outputs: Mapping[str, Any], rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL,
                          limit: int | None = None) -> int:
        """Call `step(*recorded feeds named by inputs)` for each recorded run at `site` and compare its result.

        `outputs` maps a recorded fetch path ("[1]") to what to take from the result: None for the result
        itself, an index or key, or a function. Returns the number of values compared.
        """
        __tracebackhide__ = True  # pylint: disable=unused-variable  # the diff is the message, not our frames
        runs = self.runs(site)
        if not runs:
            raise AssertionError(f"tf1lint equiv: no recorded Session.run at {site}; recorded sites: "
                                 f"{', '.join(self.sites())}")
        tolerance = Tolerance(rtol, atol)
        rows, compared = [], 0
        for run in runs[:limit]:
            feeds = {_plain_name(name): value for name, value in run.feeds.items()}
            absent = [name for name in inputs if _plain_name(name) not in feeds]
            if absent:
                raise AssertionError(f"tf1lint equiv: run {run.index} fed no {', '.join(absent)}; "
                                     f"fed: {', '.join(run.feeds)}")
            result = step(*[feeds[_plain_name(name)] for name in inputs])
            for path, pick in outputs.items():
                expected = run.fetches.get(path)
                if expected is None:
                    raise AssertionError(f"tf1lint equiv: run {run.index} has no numeric fetch {path}")
                actual = _value(result, pick)
                within, why, max_abs, max_rel, ulp = measure(expected, actual, tolerance)
                compared += 1
                if not within:
                    rows.append((run, path, expected, actual, max_abs, max_rel, ulp, why))
        if rows:
            raise AssertionError(_diff(rows, compared, tolerance))
        return compared


def _short(array: np.ndarray) -> str:
    if array.size == 1:
        return f"{float(array.reshape(-1)[0]):.8g}"
    return f"{array.dtype}{list(array.shape)} mean {float(np.mean(array)):.6g}"


def _diff(rows: list, compared: int, tolerance: Tolerance) -> str:
    lines = [f"tf1lint equiv: {len(rows)} of {compared} values differ from the TF 1.14 recording "
             f"(rtol={tolerance.rtol:g}, atol={tolerance.atol:g})",
             f"{'run':>5} {'call':>5}  {'fetch':<8} {'recorded':>24} {'new code':>24} {'max abs':>10} "
             f"{'max rel':>10} {'ulp':>10}"]
    for run, path, expected, actual, max_abs, max_rel, ulp, _ in rows[:10]:
        lines.append(f"{run.index:>5} {run.call:>5}  {path:<8} {_short(expected):>24} {_short(actual):>24} "
                     f"{max_abs:>10.3g} {max_rel:>10.3g} {ulp:>10}")
    if len(rows) > 10:
        lines.append(f"... and {len(rows) - 10} more")
    run, path, *_, why = rows[0]
    lines.append(f"first difference: run {run.index} ({run.site}, call {run.call}) fetch {path}: {why}")
    return "\n".join(lines)


@pytest.fixture
def tf1_recording() -> Callable[[str | Path], Recording]:
    """Open a `tf1lint equiv record` folder: `tf1_recording("golden/linear_regression")`."""

    def open_recording(folder: str | Path) -> Recording:
        try:
            return Recording(folder)
        except RecordingError as error:
            pytest.fail(str(error), pytrace=False)

    return open_recording
