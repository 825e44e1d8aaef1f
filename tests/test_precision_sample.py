"""The precision sampler: every stratum is drawn, caps hold, and scores are weighted to the corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from tools.measure.precision_sample import OTHER, Stratum, allocate, percentages


def test_every_stratum_is_drawn_and_no_entry_takes_more_than_its_cap() -> None:
    sizes = {Stratum("error", "huge"): 500, Stratum("error", "mid"): 40, Stratum("error", "tiny"): 2,
             Stratum("error", OTHER): 100}
    draws = allocate(sizes, budget=20, cap=6)
    assert sum(draws.values()) == 20
    assert all(draws[s] >= 1 for s in sizes)
    # capped, though it is 78% of the findings: at sqrt(500)/2 rounded up, since it is far above the cap
    assert draws[Stratum("error", "huge")] == 12
    assert draws[Stratum("error", "tiny")] <= 2
    assert draws[Stratum("error", OTHER)] > draws[Stratum("error", "mid")]  # the pool may exceed one cap


def test_an_entry_below_the_square_root_threshold_keeps_the_plain_cap() -> None:
    sizes = {Stratum("warning", "big"): 100, Stratum("warning", "small"): 10}
    assert allocate(sizes, budget=30, cap=6)[Stratum("warning", "big")] == 6  # sqrt(100)/2 = 5 < 6


def test_a_budget_larger_than_the_findings_takes_them_all() -> None:
    sizes = {Stratum("info", "a"): 3, Stratum("info", OTHER): 2}
    assert allocate(sizes, budget=50, cap=6) == sizes


def test_shares_are_weighted_by_stratum_size_not_by_draws() -> None:
    big = {"stratum_size": 90, "stratum_draws": 1}
    small = {"stratum_size": 10, "stratum_draws": 1}
    share, raw = percentages([(big, "TP"), (small, "FP")])
    assert round(share["TP"], 6) == 90.0 and round(share["FP"], 6) == 10.0 and share["NOISE"] == 0.0
    assert raw == {"TP": 1, "FP": 1}


def test_score_reads_the_committed_sample_and_its_verdicts() -> None:
    sample = [json.loads(line) for line in (ROOT / "tools/measure/results/precision/sample-before.jsonl").read_text().splitlines()]
    verdicts = (ROOT / "tools/measure/results/precision/verdicts-before.jsonl").read_text().splitlines()
    completed = subprocess.run([sys.executable, "-m", "tools.measure.precision_sample", "score", "before"],
                               capture_output=True, text=True, check=False, cwd=ROOT, env={"PYTHONPATH": str(ROOT)})
    assert completed.returncode == 0, completed.stderr
    assert f"{len(verdicts)} of {len(sample)} findings judged" in completed.stdout
    assert "error+warning" in completed.stdout


def test_a_verdict_outside_the_three_kinds_is_one_clear_line(tmp_path: Path) -> None:
    verdicts = tmp_path / "verdicts.jsonl"
    verdicts.write_text('{"key": "x", "verdict": "MAYBE"}\n')
    completed = subprocess.run([sys.executable, "-m", "tools.measure.precision_sample", "score", "before",
                                "--verdicts", str(verdicts)],
                               capture_output=True, text=True, check=False, cwd=ROOT, env={"PYTHONPATH": str(ROOT)})
    assert completed.returncode != 0
    assert completed.stderr.strip() == f"{verdicts}: entry 1: needs a key and a verdict among TP, FP, NOISE"
