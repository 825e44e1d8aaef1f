"""Notebooks: cell-accurate findings, IPython syntax ignored, a broken cell or file named clearly."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, run_tf1lint

NOTEBOOK = ROOT / "tests" / "data" / "tf1_notebook.ipynb"


def test_findings_name_the_cell_and_the_line_in_it() -> None:
    completed = run_tf1lint("check", "--format", "json", str(NOTEBOOK))
    found = [(f["cell"], f["line"], f["column"], f["rule"]) for f in json.loads(completed.stdout)]
    assert found == [
        (3, 2, 4, "compat-only:placeholder"),  # after a %%time line and a shell escape in cell 1
        (6, 1, 5, "compat-only:Session"),  # the import in cell 2 binds tf for later cells
        (6, 2, 29, "keywords:reduce_sum"),
        (7, 1, 6, "compat-only:Session"),  # a cell pasted with two spaces of indentation: columns as written
        (8, 6, 6, "renamed:log"),  # after `%pip` as the only body of an `if`, a continued `!` line and `ls`
    ]


def test_text_output_and_the_broken_cell() -> None:
    completed = run_tf1lint("check", str(NOTEBOOK))
    assert completed.stdout.splitlines()[0].startswith(f"{NOTEBOOK}:cell 3:2:4: E5302 tf1-compat-only-api")
    # %%bash cell text and `tf.Session?` help queries are not code; the syntax error is cell 5's alone.
    # Column 11 is the `:` Python points at when it compiles the cell alone, as Jupyter does (4 came
    # from CPython measuring the offset on line 11 of the .ipynb file itself, named as the filename).
    assert completed.stderr.strip() == f"{NOTEBOOK}:cell 5:1:11: cannot check: syntax error: invalid syntax"
    assert completed.returncode == 3


def test_notebooks_are_found_in_folders_and_inventoried(tmp_path: Path) -> None:
    (tmp_path / "nb.ipynb").write_bytes(NOTEBOOK.read_bytes())
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "nb-checkpoint.ipynb").write_bytes(NOTEBOOK.read_bytes())
    completed = run_tf1lint("inventory", "--format", "json", str(tmp_path))
    document = json.loads(completed.stdout)
    assert document["summary"]["files_checked"] == 1
    assert [f["cell"] for f in document["findings"]] == [3, 6, 6, 7, 8]
    assert document["not_checked"][0]["cell"] == 5


def test_malformed_notebooks_get_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "a.ipynb").write_text("{not json")
    (tmp_path / "b.ipynb").write_text('{"cells": 3}')
    (tmp_path / "c.py").write_text("import tensorflow as tf\ntf.Session()\n")
    completed = run_tf1lint("check", str(tmp_path))
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{tmp_path / 'a.ipynb'}:0:0: cannot check: not a valid notebook (JSON)")
    assert lines[1] == f"{tmp_path / 'b.ipynb'}:0:0: cannot check: not a valid notebook: no list of cells"
    assert "c.py:2:0: E5302" in completed.stdout and "Traceback" not in completed.stderr
