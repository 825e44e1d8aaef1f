"""`tf1lint equiv`: TF1 programs recorded under real TF 1.14, replayed after `check --fix --unsafe-fixes` on TF 2.

Each program is recorded once per session (TF processes are slow); the replays run the fixed copies.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.dom.minidom
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import EXAMPLES, ROOT, run_tf1lint

from tf1lint.equiv import html_report, reports
from tf1lint.equiv.compare import Tolerance, compare
from tf1lint.equiv.golden import read_recording

DATA = ROOT / "tests" / "data" / "equiv"
PROGRAMS = {path.stem: path for path in [*sorted((EXAMPLES / "tf1").glob("*.py")), DATA / "dropout_mlp.py",
                                         DATA / "monitored_loop.py", DATA / "dataset_loop.py"]}
CHECKPOINT_DIR = Path("/tmp/mlp_checkpoints")  # where examples/tf1/restore_checkpoint.py keeps its checkpoint

# Seven programs recorded under TF 1.14 and replayed under TF 2.21 take minutes: the long run
# (`-m slow`, run by .ci/run) has them; the default run keeps the plugin's worked example.
pytestmark = [pytest.mark.tensorflow, pytest.mark.slow]


@pytest.fixture(scope="session")
def fixed_programs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The TF1 programs after `tf1lint check --fix --unsafe-fixes`: what a user replays."""
    folder = tmp_path_factory.mktemp("fixed")
    for path in PROGRAMS.values():
        shutil.copy(path, folder / path.name)
    completed = run_tf1lint("check", "--fix", "--unsafe-fixes", "--no-cache", str(folder))
    assert "Fixed" in completed.stdout + completed.stderr, completed.stderr
    return folder


@pytest.fixture(scope="session")
def recordings(tf114_python: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every program recorded once under TF 1.14."""
    if not (CHECKPOINT_DIR / "checkpoint").exists():
        # restore_checkpoint.py trains and saves when no checkpoint exists, restores otherwise: with the
        # checkpoint in place first, the recording and the replay take the same branch.
        subprocess.run([tf114_python, str(PROGRAMS["restore_checkpoint"])], capture_output=True, timeout=600)
    folder = tmp_path_factory.mktemp("golden")

    def record(name: str) -> subprocess.CompletedProcess:
        return run_tf1lint("equiv", "record", str(PROGRAMS[name]), "--python", tf114_python, "-o", str(folder / name))

    with ThreadPoolExecutor(max_workers=2) as pool:  # two TF processes at a time: the machine has two cores
        results = dict(zip(PROGRAMS, pool.map(record, PROGRAMS)))
    for completed in results.values():
        assert completed.returncode == 0, completed.stdout + completed.stderr
        assert "under TensorFlow 1.14.0" in completed.stdout
    return {name: folder / name for name in PROGRAMS}


def replay(golden: Path, program: Path, *extra: str) -> tuple[subprocess.CompletedProcess, dict]:
    """The JSON report, and the headline the command prints when the report goes to a file."""
    report = program.with_name(program.stem + "-report.json")
    completed = run_tf1lint("equiv", "replay", str(golden), str(program), "--format", "json", "-o", str(report),
                            "--keep", str(program.with_name(program.stem + "-replay")), *extra)
    assert completed.returncode in (0, 1), completed.stderr
    return completed, json.loads(report.read_text())


@pytest.fixture(scope="session")
def replayed(recordings: dict[str, Path], fixed_programs: Path) -> dict[str, tuple[subprocess.CompletedProcess, dict]]:
    """Each fixed program replayed once against its recording."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(PROGRAMS, pool.map(lambda name: replay(recordings[name], fixed_programs / f"{name}.py"),
                                           PROGRAMS)))


def series(report: dict) -> dict[str, dict]:
    return {entry["fetch"]: entry for entry in report["series"]}


@pytest.mark.parametrize("name", ["linear_regression", "contrib_and_aliases", "restore_checkpoint"])
def test_fixed_example_computes_what_tf114_computed(name: str, replayed: dict) -> None:
    completed, report = replayed[name]
    assert completed.returncode == 0, report["headline"]
    assert report["equivalent"] and report["problems"] == []
    assert report["counts"]["within tolerance"] >= 1 and report["counts"]["different"] == 0
    assert report["recorded"]["tensorflow"] == "1.14.0" and report["replayed"]["tensorflow"].startswith("2.")
    snapshot = report["replayed"]["snapshots"][0]
    assert snapshot["injected"] and snapshot["only_in_recording"] == []


def test_linear_regression_every_loss_compared(replayed: dict) -> None:
    _, report = replayed["linear_regression"]
    loss = series(report)["linear_regression.py:45 [1] Mean:0"]
    assert loss["runs"] == 200 and loss["verdict"] == "within tolerance"
    assert loss["max_ulp"] <= 64  # 200 SGD steps stay at float32 round-off
    assert report["not_compared"] == {"op": 200, "summary": 200}  # train op and merged summaries


def test_dropout_fetches_are_nondeterministic(replayed: dict) -> None:
    completed, report = replayed["custom_layer"]
    assert completed.returncode == 0
    assert report["counts"] == {"within tolerance": 0, "different": 0, "nondeterministic": 20}
    assert "NOTHING COMPARED" in report["headline"]


def test_dropout_beside_deterministic_fetches(replayed: dict) -> None:
    completed, report = replayed["dropout_mlp"]
    assert completed.returncode == 0, report["headline"]
    found = series(report)
    # Training with dropout on: random. The linear model beside it: compared at every step. The evaluation
    # with keep_prob 1.0: compared before the first dropout step, random after it (trained weights differ).
    assert found["dropout_mlp.py:32 [1] Mean:0"]["verdict"] == "nondeterministic"
    assert found["dropout_mlp.py:32 [3] Mean_1:0"]["verdict"] == "within tolerance"
    assert found["dropout_mlp.py:30 [] Mean:0"]["verdict"] == "within tolerance (4 nondeterministic)"
    assert report["counts"] == {"within tolerance": 6, "different": 0, "nondeterministic": 9}


def test_monitored_training_loop_with_hooks_nested_fetches_and_early_exit(replayed: dict) -> None:
    completed, report = replayed["monitored_loop"]
    assert completed.returncode == 0, report["headline"]
    found = series(report)
    assert found["monitored_loop.py:26 ['caller']['stats'][0] Mean:0"]["verdict"] == "within tolerance"
    assert found["monitored_loop.py:26 ['caller']['stats'][1]['step'] global_step:0"]["verdict"] == "within tolerance"
    assert found["monitored_loop.py:27 ['caller'] MatMul:0"]["verdict"] == "within tolerance"
    # The stop hook reads global_step beside the step that increments it, in no fixed order.
    assert found["monitored_loop.py:26 [<StopAtStepHook>] global_step/add:0"]["verdict"] == "nondeterministic"
    assert report["runs"] == {"recorded": 18, "replayed": 18}
    assert report["recorded"]["ending"] == {"kind": "exit", "detail": "sys.exit(0) after 18 runs"}
    assert report["not_compared"]["summary"] == 8


def test_shuffled_dataset_batches_are_carried_until_the_data_runs_out(replayed: dict) -> None:
    completed, report = replayed["dataset_loop"]
    assert completed.returncode == 0, report["headline"]
    # Without the recorded batches TF 2 would shuffle its own order and every loss would differ.
    assert series(report)["dataset_loop.py:22 [1] Mean:0"] | {"max_abs": 0, "max_rel": 0, "max_ulp": 0} == {
        "fetch": "dataset_loop.py:22 [1] Mean:0", "verdict": "within tolerance", "runs": 12,
        "max_abs": 0, "max_rel": 0, "max_ulp": 0}
    assert report["runs"] == {"recorded": 13, "replayed": 13}  # the 13th raised OutOfRangeError on both sides


MUTATIONS = {
    "learning rate": ("linear_regression", "LEARNING_RATE = 0.1\n", "LEARNING_RATE = 0.11\n", 1, "Mean:0"),
    "swapped reduction_indices": ("contrib_and_aliases", "reduce_max(frame_features, axis=1)",
                                  "reduce_max(frame_features, axis=2)", 0, "fully_connected/BiasAdd:0"),
    "dropped bias": ("restore_checkpoint", "out = tf.matmul(inputs, kernel) + bias",
                     "out = tf.matmul(inputs, kernel)", 0, "mean_squared_error/value:0"),
    "keep_prob taken as rate": ("dropout_mlp", "rate=1 - keep_prob", "rate=keep_prob", 0, "Mean:0"),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_mutated_migration_is_caught(mutation: str, recordings: dict[str, Path], fixed_programs: Path,
                                     tmp_path: Path) -> None:
    name, before, after, run, fetch = MUTATIONS[mutation]
    source = (fixed_programs / f"{name}.py").read_text()
    assert before in source, f"the fix no longer writes {before!r}"
    mutated = tmp_path / f"{name}.py"
    mutated.write_text(source.replace(before, after, 1))
    completed, report = replay(recordings[name], mutated)
    assert completed.returncode == 1
    first = report["first_difference"]
    assert (first["run"], first["name"]) == (run, fetch), report["headline"]
    # What the terminal shows: the first run and fetch out of tolerance, with the recorded call site.
    assert completed.stdout.startswith(f"DIFFERENT: first at run {run} ({first['site']}, call {first['call']}) "
                                       f"fetch {first['path']} {fetch}")


def test_steps_bound_the_recording_and_the_replay(tf114_python: str, fixed_programs: Path, tmp_path: Path) -> None:
    golden = tmp_path / "golden"
    completed = run_tf1lint("equiv", "record", str(PROGRAMS["linear_regression"]), "--python", tf114_python,
                            "-o", str(golden), "--steps", "5")
    assert completed.returncode == 0, completed.stderr
    assert "recorded 5 Session.run calls" in completed.stdout and "ended: limit" in completed.stdout
    _, report = replay(golden, fixed_programs / "linear_regression.py")
    assert report["equivalent"] and report["runs"] == {"recorded": 5, "replayed": 5}
    # Stopped with the session open: every variable after the fifth step is compared as well.
    final = {key: entry["verdict"] for key, entry in series(report).items()
             if key.startswith("variables after the last run")}
    assert final == {f"variables after the last run {name}": "within tolerance"
                     for name in ("weight", "bias", "global_step")}


def test_a_run_missing_from_the_migration_is_a_problem(recordings: dict[str, Path], fixed_programs: Path,
                                                      tmp_path: Path) -> None:
    source = (fixed_programs / "linear_regression.py").read_text()
    shorter = tmp_path / "linear_regression.py"
    shorter.write_text(source.replace("STEPS = 200", "STEPS = 150"))
    completed, report = replay(recordings["linear_regression"], shorter)
    assert completed.returncode == 1
    assert "the recording has 201 Session.run calls, the replay 151" in report["problems"]


@pytest.fixture(scope="session")
def mutated_dropout(recordings: dict[str, Path], fixed_programs: Path, tmp_path_factory: pytest.TempPathFactory):
    """The comparison of the keep_prob-as-rate mutation: one fetch different, one random, one within tolerance."""
    folder = tmp_path_factory.mktemp("mutated")
    program = folder / "dropout_mlp.py"
    program.write_text((fixed_programs / "dropout_mlp.py").read_text().replace("rate=1 - keep_prob", "rate=keep_prob"))
    replay(recordings["dropout_mlp"], program)
    return compare(read_recording(str(recordings["dropout_mlp"])), read_recording(str(folder / "dropout_mlp-replay")),
                   Tolerance())


def test_junit_report_fails_the_different_fetch_and_skips_the_random_one(mutated_dropout) -> None:
    suite = ElementTree.fromstring(reports.render_junit(mutated_dropout))
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "1")
    failed = [case for case in suite if case.find("failure") is not None]
    assert failed[0].get("name") == "dropout_mlp.py:30 [] Mean:0"
    assert failed[0].find("failure").get("message").startswith("first out of tolerance at run 0 (dropout_mlp.py:30")


def test_html_report_is_well_formed_with_a_plot_per_fetch(mutated_dropout, tmp_path: Path) -> None:
    page = html_report.render(mutated_dropout)
    document = xml.dom.minidom.parseString(page)  # strict XML: every tag closed, every entity escaped
    assert len(document.getElementsByTagName("svg")) == 3
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "DIFFERENT: first at run 0 (dropout_mlp.py:30, call 0)" in page
    assert "First out of tolerance: run 0, call 0" in page and "Nondeterministic: random op upstream" in page
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        path = tmp_path / "report.html"
        path.write_text(page)
        dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path}/p",
                              "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=120).stdout
        assert dom.count("<svg") == 3 and "TF 1.14 → TF 2 equivalence" in dom


def test_renamed_variables_are_matched_through_a_map(recordings: dict[str, Path], fixed_programs: Path,
                                                     tmp_path: Path) -> None:
    source = (fixed_programs / "linear_regression.py").read_text()
    renamed = tmp_path / "linear_regression.py"
    renamed.write_text(source.replace('name="weight"', 'name="kernel"'))
    completed, report = replay(recordings["linear_regression"], renamed)
    assert completed.returncode == 1  # the new name starts from TF 2's own random value
    assert report["replayed"]["snapshots"][0]["only_in_recording"] == ["weight"]
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"weight": "kernel"}))
    completed, report = replay(recordings["linear_regression"], renamed, "--map", str(mapping))
    assert completed.returncode == 0, report["headline"]
    assert "kernel" in report["replayed"]["snapshots"][0]["injected"]
