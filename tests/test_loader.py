"""The catalogue loader: valid files load, every kind of mistake gets one line naming file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import run_tf1lint

from tf1lint.catalogue.loader import bundled_catalogue_files, load_catalogue
from tf1lint.catalogue.model import Kind, Severity, Version

HEADER = 'catalogue: 1\ntensorflow: "2.21"\nentries:\n'


def write(tmp_path: Path, body: str, name: str = "team.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


def problems_for(path: Path) -> list[str]:
    return [str(p) for p in load_catalogue([path], include_bundled=False).problems]


def test_bundled_catalogue_loads_without_problems() -> None:
    result = load_catalogue()
    assert result.problems == ()
    assert len(result.catalogue.entries) >= 50
    assert result.catalogue.newest_known >= Version(2, 21)
    assert bundled_catalogue_files()


def test_the_generators_overrides_under_rules_are_not_catalogue_entries() -> None:
    """rules/overrides.yaml is tools/catalogue/generate_catalogue.py's input (it uses YAML anchors, which a
    catalogue refuses): the bundled catalogue leaves it out."""
    folder = bundled_catalogue_files()[0].parent
    assert (folder / "overrides.yaml").is_file()
    assert folder / "overrides.yaml" not in bundled_catalogue_files()


def test_a_valid_user_entry_loads_with_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, """\
      - id: acme:make_session
        api: acme.tfutils.make_session
        kind: compat-only
        note: Our wrapper around tf.Session.
    """)
    result = load_catalogue([path], include_bundled=False)
    assert result.problems == ()
    (entry,) = result.catalogue.entries
    assert entry.kind is Kind.COMPAT_ONLY and entry.severity is Severity.ERROR
    assert result.catalogue.roots() == {"acme"}


@pytest.mark.parametrize(("body", "expected"), [
    ("  - id: a\n    api: tf.x\n    kind: removed\n    severity: fatal\n    note: n\n",
     "team.yaml:7: unknown severity 'fatal' (expected error, warning or info)"),
    ("  - id: a\n    api: tf.x\n    kind: vanished\n    note: n\n",
     "team.yaml:6: unknown kind 'vanished' in a (expected renamed, compat-only"),
    ("  - id: a\n    api: tf.x\n    kind: removed\n", "team.yaml:4: 'note' missing entry a"),
    ("  - id: a\n    api: tf.x\n    kind: removed\n    note: n\n    replacement: [1]\n",
     "team.yaml:8: replacement of a must be a string, not a list"),
    ("  - id: a\n    api: tf.x\n    kind: removed\n    note: n\n    since: 2.10\n",
     "team.yaml:8: since must be a quoted version string like \"2.16\", not 2.1"),
    ("  - id: a\n    api: tf.x\n    kind: removed\n    note: n\n    since: \"banana\"\n",
     "team.yaml:8: unknown TensorFlow version 'banana' in since"),
    ("  - id: a\n    api: tf.x\n    kind: removed\n    note: n\n    severty: error\n",
     "team.yaml:8: unknown field 'severty'"),
    ("  - id: a\n    api: tf.x\n    kind: renamed\n    note: n\n", "team.yaml:6: a: a renamed entry needs a replacement"),
    ("  - id: a\n    api: tf.x\n    kind: keyword-changed\n    note: n\n",
     "team.yaml:4: a: a keyword-changed entry needs 'keywords'"),
    ("  - just a string\n", "team.yaml:4: an entry must be a mapping, not a string"),
    ("  - id: a\n    api: not a name\n    kind: removed\n    note: n\n", "team.yaml:5: invalid api 'not a name'"),
])
def test_invalid_entries_are_named_with_file_and_line(tmp_path: Path, body: str, expected: str) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    problems = problems_for(path)
    assert len(problems) == 1, problems
    assert problems[0].endswith(expected) or expected in problems[0], problems[0]
    assert problems[0].split(":")[0].endswith("team.yaml")


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(HEADER + "  - id: a\n    api: [unclosed\n", encoding="utf-8")
    (problem,) = problems_for(path)
    assert "broken.yaml:" in problem and "not valid YAML" in problem


def test_python_object_tags_are_refused_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(HEADER + f"  - !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    (problem,) = problems_for(path)
    assert "not valid YAML" in problem
    assert not marker.exists()


@pytest.mark.parametrize(("text", "expected"), [
    ("- a\n- b\n", "the top level must be a mapping"),
    ("catalogue: 1\nentries: {}\n", "'entries' must be a list"),
    ("catalogue: 7\nentries: []\n", "'catalogue' must be 1"),
    ("", "empty catalogue file"),
])
def test_wrong_top_level_shapes(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "shape.yaml"
    path.write_text(text, encoding="utf-8")
    problems = problems_for(path)
    assert any(expected in p for p in problems), problems


def test_duplicate_ids_and_conflicting_verdicts_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path, """\
      - id: a
        api: tf.x
        kind: removed
        note: n
      - id: a
        api: tf.y
        kind: removed
        note: n
      - id: b
        api: tf.x
        kind: deprecated
        note: n
    """)
    problems = problems_for(path)
    assert any("team.yaml:8: duplicate id 'a' (first defined at" in p for p in problems), problems
    assert any("team.yaml:12: conflicting verdicts for tf.x (name)" in p for p in problems), problems


def test_disjoint_version_ranges_are_not_a_conflict(tmp_path: Path) -> None:
    path = write(tmp_path, """\
      - id: old
        api: tf.x
        kind: deprecated
        until: "2.16"
        note: n
      - id: new
        api: tf.x
        kind: removed
        since: "2.16"
        note: n
    """)
    catalogue = load_catalogue([path], include_bundled=False).catalogue
    assert catalogue.at_target(Version(2, 15)).lookup_name("tf.x").id == "old"
    assert catalogue.at_target(Version(2, 16)).lookup_name("tf.x").id == "new"


def test_user_entries_override_bundled_ones(tmp_path: Path) -> None:
    path = write(tmp_path, """\
      - id: team:session
        api: tf.Session
        kind: deprecated
        note: We keep sessions for one more quarter.
    """)
    result = load_catalogue([path])
    assert result.problems == ()
    index = result.catalogue.at_target(result.catalogue.newest_known)
    assert index.lookup_name("tf.Session").id == "team:session"


def test_more_specific_entry_wins_over_module_entry() -> None:
    catalogue = load_catalogue().catalogue
    index = catalogue.at_target(catalogue.newest_known)
    assert index.lookup_name("tf.layers.dense").id == "removed:layers.dense"
    assert index.lookup_name("tf.layers.conv3d_transpose").id == "removed:layers"
    assert index.lookup_name("tf.layers").id == "removed:layers"
    assert index.lookup_name("tf.keras.layers.Dense") is None


def test_cli_exits_2_with_one_line_per_catalogue_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(HEADER + "  - id: a\n    api: tf.x\n    kind: removed\n    severity: fatal\n    note: n\n")
    completed = run_tf1lint("check", "--catalogue", str(path), str(tmp_path))
    assert completed.returncode == 2
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.yaml:7: unknown severity 'fatal'" in lines[0]
    assert "Traceback" not in completed.stderr


def test_pylint_stops_cleanly_on_a_broken_catalogue(tmp_path: Path) -> None:
    from conftest import run_pylint
    path = tmp_path / "bad.yaml"
    path.write_text("entries: [\n")
    completed = run_pylint(f"--tf1-catalogue={path}", str(path))
    assert completed.returncode == 2
    assert "bad.yaml:" in completed.stderr and "not valid YAML" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_cached_entries_equal_freshly_validated_ones_with_every_optional_field(tmp_path, monkeypatch) -> None:
    from tf1lint.catalogue.loader import load_catalogue

    team = tmp_path / "team.yaml"
    team.write_text(
        'catalogue: 1\ntensorflow: "2.21"\nentries:\n'
        '  - {id: "t:where", api: acme.where, kind: behaviour-changed, note: N.,'
        ' when: [{positional: ">=3"}, {keywords: [x], without_keywords: [y], not_string: 0}], as_value: true}\n'
        '  - {id: "t:mod", api: acme.mod.*, kind: removed, note: N., drop_in: true, graph_only: true}\n'
        '  - {id: "t:dim", api: acme.Dim.value, kind: removed-method, receiver: shape-subscript, note: N.}\n'
        '  - {id: "t:drop", api: acme.drop, kind: meaning-changed, note: N., when: {positional: 2, no_arguments: false}}\n'
    )
    monkeypatch.setenv("TF1LINT_CACHE_DIR", str(tmp_path / "cache"))
    fresh = load_catalogue([team], include_bundled=False)
    cached = load_catalogue([team], include_bundled=False)
    assert not fresh.problems and not cached.problems
    assert list(fresh.catalogue.entries) == list(cached.catalogue.entries)
    assert any(entry.when for entry in cached.catalogue.entries)
    assert list((tmp_path / "cache").iterdir()), "the second load should have come from the cache"


def test_a_parameter_order_that_names_a_parameter_twice_is_refused(tmp_path) -> None:
    from tf1lint.catalogue.loader import load_catalogue

    team = tmp_path / "team.yaml"
    team.write_text('catalogue: 1\nentries:\n'
                    '  - {id: "t:argmax", api: acme.argmax, kind: arguments-reordered, note: N.,\n'
                    '     arguments: [input, axis, name, axis], tf2_arguments: [input, axis, name]}\n')
    result = load_catalogue([team], include_bundled=False)
    assert [str(problem).split("team.yaml", 1)[1] for problem in result.problems] == [
        ":4: t:argmax: arguments names 'axis' more than once"]
