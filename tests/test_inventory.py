"""`tf1lint inventory` in every format, and the CI-facing options of `check`."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, _env, run_tf1lint

TEAM = ('catalogue: 1\ntensorflow: "2.21"\nentries:\n'
        '  - {id: "t:gone", api: acme.gone, kind: removed, replacement: acme.new, note: Gone.}\n'
        '  - {id: "t:renamed", api: acme.old, kind: renamed, replacement: acme.fresh, note: Renamed.,\n'
        '     fix: {rename: acme.fresh, applicability: safe}}\n'
        '  - {id: "t:soft", api: acme.soft, kind: deprecated, note: Going away.}\n')


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A tiny project whose findings come from a small catalogue of its own, so counts are exact."""
    (tmp_path / "team.yaml").write_text(TEAM)
    (tmp_path / "a.py").write_text("import acme\nacme.gone()\nacme.gone()\nacme.old()\n")
    (tmp_path / "b.py").write_text("import acme\nacme.soft()\n")
    (tmp_path / "c.py").write_text("print('nothing here')\n")
    return tmp_path


def inventory(project: Path, fmt: str, *extra: str) -> subprocess.CompletedProcess:
    return run_tf1lint("inventory", "--catalogue", "team.yaml", "--no-compat-v1", "--format", fmt, *extra,
                       "a.py", "b.py", "c.py", cwd=project)


def test_json_shape_is_documented_and_stable(project: Path) -> None:
    completed = inventory(project, "json")
    document = json.loads(completed.stdout)
    assert completed.returncode == 0
    assert (document["format"], document["format_version"]) == ("tf1lint-inventory", 1)
    assert set(document) == {"format", "format_version", "tool", "target", "summary", "apis", "files", "findings",
                             "accepted", "catalogue_overrides", "not_checked"}
    summary = document["summary"]
    assert (summary["files_checked"], summary["files_with_findings"], summary["findings"]) == (3, 2, 4)
    assert summary["by_severity"] == {"error": 3, "warning": 1, "info": 0}
    assert summary["by_kind"] == {"renamed": 1, "removed": 2, "deprecated": 1}
    assert (summary["mechanical"], summary["by_hand"]) == (1, 3)
    assert [(a["rule"], a["count"], a["files"], a["mechanical"]) for a in document["apis"]] == [
        ("t:gone", 2, ["a.py"], False), ("t:renamed", 1, ["a.py"], True), ("t:soft", 1, ["b.py"], False)]
    assert [(f["path"], f["findings"], f["by_hand"]) for f in document["files"]] == [("a.py", 3, 2), ("b.py", 1, 1)]
    documented = (ROOT / "docs" / "inventory-format.md").read_text()
    for key in ("format_version", "summary", "apis", "files", "findings", "accepted", "catalogue_overrides",
                "not_checked", "by_module"):
        assert f"`{key}`" in documented


# A team catalogue that lowers two bundled verdicts: one by the bundled id, one by the same API.
LOWERING = ('catalogue: 1\ntensorflow: "2.21"\nentries:\n'
            '  - {id: "compat-only:placeholder", api: tf.placeholder, kind: compat-only, severity: info,\n'
            '     compat: tf.compat.v1.placeholder, note: Graph mode stays for now.}\n'
            '  - {id: "team:session", api: tf.Session, kind: deprecated, note: Ours.}\n')


def test_the_inventory_lists_the_bundled_verdicts_a_user_catalogue_overrides(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text(LOWERING)
    (tmp_path / "m.py").write_text("import tensorflow as tf\nx = tf.placeholder(tf.float32)\ns = tf.Session()\n")

    def report(fmt: str, *catalogue: str) -> str:
        completed = run_tf1lint("inventory", *catalogue, "--format", fmt, "m.py", cwd=tmp_path)
        assert completed.returncode == 0, completed.stderr
        return completed.stdout

    overrides = json.loads(report("json", "--catalogue", "team.yaml"))["catalogue_overrides"]
    assert overrides == [
        {"rule": "compat-only:placeholder", "api": "tf.placeholder", "change": "lowered",
         "bundled": {"kind": "compat-only", "severity": "error"},
         "user": {"rule": "compat-only:placeholder", "kind": "compat-only", "severity": "info", "at": "team.yaml:4"}},
        {"rule": "compat-only:Session", "api": "tf.Session", "change": "lowered",
         "bundled": {"kind": "compat-only", "severity": "error"},
         "user": {"rule": "team:session", "kind": "deprecated", "severity": "warning", "at": "team.yaml:6"}}]
    text = report("text", "--catalogue", "team.yaml")
    assert ("Catalogue overrides" in text
            and "compat-only:placeholder tf.placeholder: compat-only/error -> compat-only/info (lowered) at team.yaml:4"
            in text
            and "compat-only:Session (by team:session) tf.Session: compat-only/error -> deprecated/warning (lowered)"
            " at team.yaml:6" in text), text
    markdown = report("markdown", "--catalogue", "team.yaml")
    assert ("## Catalogue overrides" in markdown and "| `compat-only:Session` (by `team:session`) | `tf.Session` | "
            "compat-only/error | deprecated/warning | lowered | `team.yaml:6` |" in markdown), markdown
    # Without a user catalogue nothing is overridden, and no section says otherwise.
    assert "Catalogue overrides" not in report("text") and "overrides" not in report("markdown")
    assert json.loads(report("json"))["catalogue_overrides"] == []


def test_csv_is_one_finding_per_row(project: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(inventory(project, "csv").stdout)))
    assert [(r["path"], r["line"], r["rule"], r["mechanical"]) for r in rows] == [
        ("a.py", "2", "t:gone", "no"), ("a.py", "3", "t:gone", "no"), ("a.py", "4", "t:renamed", "yes"),
        ("b.py", "2", "t:soft", "no")]


def test_text_and_markdown_read_as_a_report(project: Path) -> None:
    report = inventory(project, "text").stdout
    assert "4 findings in 2 of 3 files (3 error, 1 warning, 0 info)" in report
    assert "1 mechanical (check --fix), 0 unsafe-fixable (--fix --unsafe-fixes), 3 to rewrite by hand" in report
    assert "       2      2  error    acme.gone  [t:gone]  (by hand, 1 file)\n          -> acme.new" in report
    markdown = inventory(project, "markdown").stdout
    assert markdown.startswith("# TF1 → TF2 migration inventory")
    assert "| `acme.gone` | `t:gone` | error | 2 | 2 | 1 | by hand | acme.new |" in markdown
    assert "| `a.py` | 3 | 2 | 3 | 0 | 0 |" in markdown


def test_html_needs_an_output_file_and_writes_only_there(project: Path) -> None:
    refused = inventory(project, "html")
    assert refused.returncode == 2 and "give it with -o FILE" in refused.stderr
    before = sorted(p.name for p in project.iterdir())
    written = inventory(project, "html", "-o", "report.html", "--no-cache")  # the cache would be a second write
    assert written.returncode == 0 and written.stdout == ""
    assert sorted(p.name for p in project.iterdir()) == sorted([*before, "report.html"])
    page = (project / "report.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "acme.gone" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "<script" not in page


def test_inventory_on_the_examples_in_every_format(tmp_path: Path) -> None:
    for fmt in ("text", "markdown", "json", "csv", "sarif", "html"):
        output = tmp_path / f"inventory.{fmt}"
        completed = run_tf1lint("inventory", "--format", fmt, "-o", str(output), str(EXAMPLES))
        assert completed.returncode == 0, completed.stderr
        assert output.stat().st_size > 1000
    document = json.loads((tmp_path / "inventory.json").read_text())
    assert {Path(f["path"]).parent.name for f in document["files"]} == {"tf1"}


def test_fail_on_select_ignore_and_statistics(project: Path) -> None:
    base = ("check", "--catalogue", "team.yaml", "a.py", "b.py")
    assert run_tf1lint(*base, cwd=project).returncode == 1
    only_warnings = run_tf1lint(*base, "--select", "tf1-deprecated-api", "--fail-on", "error", cwd=project)
    assert (only_warnings.returncode, only_warnings.stdout.count("\n")) == (0, 1)
    assert run_tf1lint(*base, "--ignore", "removed,renamed", "--fail-on", "warning", cwd=project).returncode == 1
    by_prefix = run_tf1lint(*base, "--ignore", "t", "--format", "json", cwd=project)
    assert (by_prefix.returncode, json.loads(by_prefix.stdout)) == (0, [])
    statistics = run_tf1lint(*base, "--statistics", cwd=project).stdout
    assert statistics.splitlines() == ["     2  E5303  t:gone  acme.gone", "     1  E5301  t:renamed  acme.old",
                                       "     1  W5305  t:soft  acme.soft", "     4  findings"]


def test_github_annotations(project: Path) -> None:
    completed = run_tf1lint("check", "--catalogue", "team.yaml", "--format", "github", "a.py", cwd=project)
    first = completed.stdout.splitlines()[0]
    assert first == ("::error file=a.py,line=2,col=1,endLine=2,endColumn=10,title=E5303 tf1-removed-api::"
                     "acme.gone is removed in TF2; use acme.new [t:gone]")


def test_jobs_give_byte_identical_output(tmp_path: Path) -> None:
    for number in range(40):
        (tmp_path / f"m{number:02d}.py").write_text(f"import tensorflow as tf\nx{number} = tf.placeholder(tf.float32)\n")
    serial = run_tf1lint("check", "--jobs", "1", str(tmp_path))
    parallel = run_tf1lint("check", "--jobs", "2", str(tmp_path))
    assert serial.stdout.count("\n") == 40
    assert (serial.returncode, serial.stdout) == (parallel.returncode, parallel.stdout)


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("import tensorflow as tf\ntf.Session()\n")
    quiet = run_tf1lint("check", str(tmp_path))
    assert quiet.stderr == ""
    pid, fd = pty.fork()
    if pid == 0:  # child: stderr is the pseudo-terminal
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "tf1lint", "check", str(tmp_path)], _env())
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.waitpid(pid, 0)
    assert b"tf1lint [" in b"".join(chunks) and b"1/1 files" in b"".join(chunks)


def test_the_inventory_split_is_what_fix_does(tmp_path: Path) -> None:
    """mechanical / unsafe-fixable / by hand come from the fixes `--fix` applies, and add up."""
    work = tmp_path / "tf1"
    shutil.copytree(EXAMPLES / "tf1", work)
    summary = json.loads(run_tf1lint("inventory", "--no-cache", "--format", "json", str(work)).stdout)["summary"]
    findings, safe, unsafe, by_hand = (summary[key] for key in ("findings", "mechanical", "unsafe_fixable", "by_hand"))
    assert safe + unsafe + by_hand == findings and safe and unsafe and by_hand
    fixed = run_tf1lint("check", "--no-cache", "--fix", str(work))
    assert f"Fixed {safe} findings, {findings - safe} remaining ({unsafe} more with --unsafe-fixes)." in fixed.stderr
    after = json.loads(run_tf1lint("inventory", "--no-cache", "--format", "json", str(work)).stdout)["summary"]
    assert (after["mechanical"], after["unsafe_fixable"]) == (0, unsafe)
