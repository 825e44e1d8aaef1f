"""Compare a replay with its recording: run by run, fetch by fetch, with absolute, relative and ulp differences."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Graph-mode TF 2.21 matches TF 1.14 to float32 round-off: a forward pass within 35 ulp (~4e-6 relative),
# SGD/Momentum/Adam steps within 1 ulp in the loss. Training compounds round-off over steps, so the
# default allows a few hundred ulp; a changed hyper-parameter or a wrong axis moves values by far more.
DEFAULT_RTOL = 1e-4
DEFAULT_ATOL = 1e-6

WITHIN = "within tolerance"
DIFFERENT = "different"
NONDETERMINISTIC = "nondeterministic"
NOT_COMPARED = "not compared"


@dataclass(frozen=True)
class Tolerance:
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL


@dataclass
class FetchResult:
    """One numeric fetch of one run on both sides."""

    run: int
    site: str
    call: int
    path: str
    name: str
    name_replayed: str
    verdict: str
    why: str = ""
    max_abs: float | None = None
    max_rel: float | None = None
    max_ulp: int | None = None
    recorded_value: float | None = None  # a scalar summary (the mean) for plots
    replayed_value: float | None = None

    @property
    def series(self) -> str:
        return " ".join(part for part in (self.site, self.path, self.name) if part)


@dataclass
class Comparison:
    recorded: dict
    replayed: dict
    tolerance: Tolerance
    fetches: list[FetchResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # structure: runs, fetches or endings that do not line up
    ignored: dict[str, int] = field(default_factory=dict)  # kind -> count (summaries, ops, strings)

    @property
    def first_difference(self) -> FetchResult | None:
        return next((fetch for fetch in self.fetches if fetch.verdict == DIFFERENT), None)

    @property
    def equivalent(self) -> bool:
        return not self.problems and self.first_difference is None

    def count(self, verdict: str) -> int:
        return sum(1 for fetch in self.fetches if fetch.verdict == verdict)


def ulp_distance(recorded: np.ndarray, replayed: np.ndarray) -> int:
    """Largest number of representable floats between the two sides, in the recorded precision."""
    if recorded.dtype == np.float64 or replayed.dtype == np.float64:
        as_int, float_type = np.int64, np.float64
    elif recorded.dtype == np.float16 and replayed.dtype == np.float16:
        as_int, float_type = np.int16, np.float16
    else:
        as_int, float_type = np.int32, np.float32
    finite = np.isfinite(recorded) & np.isfinite(replayed)
    if not finite.any():
        return 0
    ordered = []
    for side in (recorded, replayed):
        bits = np.ascontiguousarray(side[finite].astype(float_type)).view(as_int).astype(np.int64)
        # Negative floats count down from the sign bit: map them so that integer order is float order.
        sign_bit = np.int64(1) << (np.iinfo(as_int).bits - 1)
        ordered.append(np.where(bits < 0, -(bits + sign_bit), bits))
    return int(np.max(np.abs(ordered[0] - ordered[1])))


def measure(recorded: np.ndarray, replayed: np.ndarray, tolerance: Tolerance) -> tuple[bool, str, float, float, int]:
    """(within tolerance, why not, max abs, max rel, max ulp) of two same-shaped arrays."""
    if recorded.shape != replayed.shape:
        return False, f"shape {list(recorded.shape)} recorded, {list(replayed.shape)} replayed", 0.0, 0.0, 0
    if recorded.size == 0:
        return True, "", 0.0, 0.0, 0
    if recorded.dtype.kind in "biu" and replayed.dtype.kind in "biu":
        difference = np.abs(recorded.astype(np.int64) - replayed.astype(np.int64))
        largest = int(difference.max())
        return largest == 0, ("integers differ" if largest else ""), float(largest), 0.0, largest
    first = recorded.astype(np.complex128 if recorded.dtype.kind == "c" else np.float64)
    second = replayed.astype(first.dtype)
    nan_first, nan_second = np.isnan(first), np.isnan(second)
    if not np.array_equal(nan_first, nan_second):
        return False, "NaN on one side only", float("nan"), float("nan"), 0
    valid = ~nan_first
    with np.errstate(invalid="ignore", over="ignore"):
        infinite = np.isinf(first) | np.isinf(second)
        if not np.array_equal(first[infinite & valid], second[infinite & valid]):
            return False, "infinite on one side only", float("inf"), float("inf"), 0
        finite = valid & ~infinite
        difference = np.abs(first[finite] - second[finite])
        scale = np.abs(first[finite])
    if difference.size == 0:
        return True, "", 0.0, 0.0, 0
    max_abs = float(difference.max())
    max_rel = float(np.max(difference / np.maximum(scale, np.finfo(np.float32).tiny)))
    ulp = ulp_distance(recorded.real, replayed.real) if recorded.dtype.kind == "f" else 0
    within = bool(np.all(difference <= tolerance.atol + tolerance.rtol * scale))
    return within, ("" if within else "beyond rtol/atol"), max_abs, max_rel, ulp


def _summary_value(array: np.ndarray) -> float | None:
    if array.size == 0 or array.dtype.kind not in "biuf":
        return None
    with np.errstate(all="ignore"):
        return float(np.mean(array.astype(np.float64)))


def compare(recorded: tuple[dict, dict], replayed: tuple[dict, dict], tolerance: Tolerance) -> Comparison:
    (recorded_doc, recorded_arrays), (replayed_doc, replayed_arrays) = recorded, replayed
    comparison = Comparison(recorded_doc, replayed_doc, tolerance)
    runs_recorded, runs_replayed = recorded_doc.get("runs", []), replayed_doc.get("runs", [])
    if len(runs_recorded) != len(runs_replayed):
        comparison.problems.append(
            f"the recording has {len(runs_recorded)} Session.run calls, the replay {len(runs_replayed)}")
    for run_recorded, run_replayed in zip(runs_recorded, runs_replayed):
        _compare_run(comparison, run_recorded, run_replayed, recorded_arrays, replayed_arrays)
    _compare_endings(comparison)
    _compare_final_state(comparison, recorded_arrays, replayed_arrays)
    return comparison


FINAL_STATE = "variables after the last run"


def _compare_final_state(comparison: Comparison, recorded_arrays: dict, replayed_arrays: dict) -> None:
    """With --steps the session is open at the stop: every variable is compared, matched by name."""
    recorded, replayed = comparison.recorded.get("final_state"), comparison.replayed.get("final_state")
    if not recorded or not replayed:
        return
    renamed = comparison.replayed.get("variable_map") or {}
    values = {entry["name"]: entry for entry in replayed["variables"]}
    run = {"index": len(comparison.recorded.get("runs", [])), "site": FINAL_STATE, "call": 0}
    for entry in recorded["variables"]:
        match = values.get(renamed.get(entry["name"], entry["name"]))
        if match is None:
            continue  # reported with the injected state (only_in_recording)
        comparison.fetches.append(_compare_fetch(run, {**entry, "path": ""}, match, recorded_arrays,
                                                 replayed_arrays, comparison.tolerance))


def _compare_run(comparison: Comparison, recorded: dict, replayed: dict, recorded_arrays: dict,
                 replayed_arrays: dict) -> None:
    where = f"run {recorded['index']} ({recorded['site']})"
    if _error_type(recorded) != _error_type(replayed):
        comparison.problems.append(f"{where}: raised {recorded.get('error') or 'nothing'} when recorded, "
                                   f"{replayed.get('error') or 'nothing'} on replay")
    fetched, refetched = recorded["fetches"], replayed["fetches"]
    if [fetch["path"] for fetch in fetched] != [fetch["path"] for fetch in refetched]:
        comparison.problems.append(f"{where}: fetches {[f['path'] for f in fetched]} recorded, "
                                   f"{[f['path'] for f in refetched]} on replay")
    for fetch, refetch in zip(fetched, refetched):
        if fetch["kind"] != "numeric" or refetch["kind"] != "numeric":
            kind = fetch["kind"] if fetch["kind"] != "numeric" else refetch["kind"]
            comparison.ignored[kind] = comparison.ignored.get(kind, 0) + 1
            if fetch["kind"] != refetch["kind"] and "numeric" in (fetch["kind"], refetch["kind"]):
                comparison.problems.append(f"{where} fetch {fetch['path']}: {fetch['kind']} recorded, "
                                           f"{refetch['kind']} on replay")
            continue
        comparison.fetches.append(_compare_fetch(recorded, fetch, refetch, recorded_arrays, replayed_arrays,
                                                 comparison.tolerance))


def _error_type(run: dict) -> str | None:
    """The exception a run raised, by class: its message differs between versions."""
    error = run.get("error")
    return error.split(":")[0] if error else None


def _compare_fetch(run: dict, fetch: dict, refetch: dict, recorded_arrays: dict, replayed_arrays: dict,
                   tolerance: Tolerance) -> FetchResult:
    first, second = recorded_arrays[fetch["array"]], replayed_arrays[refetch["array"]]
    within, why, max_abs, max_rel, max_ulp = measure(first, second, tolerance)
    random = fetch.get("random") or refetch.get("random")
    if random:
        verdict, why = NONDETERMINISTIC, random
    else:
        verdict = WITHIN if within else DIFFERENT
    return FetchResult(
        run=run["index"], site=run["site"], call=run["call"], path=fetch["path"], name=fetch.get("name") or "?",
        name_replayed=refetch.get("name") or "?", verdict=verdict, why=why, max_abs=max_abs, max_rel=max_rel,
        max_ulp=max_ulp, recorded_value=_summary_value(first),
        replayed_value=_summary_value(second) if first.shape == second.shape else None)


def _compare_endings(comparison: Comparison) -> None:
    recorded = comparison.recorded.get("ending", {})
    replayed = comparison.replayed.get("ending", {})
    if recorded.get("kind") != replayed.get("kind"):
        comparison.problems.append(
            f"the recorded program ended with {recorded.get('kind')} ({recorded.get('detail') or 'normally'}), "
            f"the replay with {replayed.get('kind')} ({replayed.get('detail') or 'normally'})")
