"""Silent wrong results, each now a test: code the engine used to miss, notebooks judged cell by
cell as Jupyter runs them, columns in the unit each format defines, options that cannot select
nothing, and catalogue settings that resolve as the documentation says."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import run_pylint_with_project_config, run_tf1lint


def rules_found(tmp_path: Path, source: str, *options: str, name: str = "code.py") -> list[tuple[int, str]]:
    path = tmp_path / name
    path.write_text(source)
    completed = run_tf1lint("check", "--format", "json", *options, str(path))
    assert "Traceback" not in completed.stderr and completed.returncode in (0, 1), completed.stderr
    return [(finding["line"], finding["rule"]) for finding in json.loads(completed.stdout)]


# -- the engine ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "expected"), [
    ("from tensorflow.contrib.slim import *\nnet = conv2d(x, 3)\n",
     [(1, "removed:contrib.slim"), (2, "removed:contrib.slim.conv2d")]),
    ("from tensorflow.contrib import *\nnet = slim.conv2d(x, 3)\n",
     [(1, "removed:contrib"), (2, "removed:contrib.slim.conv2d")]),
    ("from tensorflow import *\nx = placeholder(float32)\nprint(len(x))\n", [(2, "compat-only:placeholder")]),
    # A name bound in the file is that binding, whatever a star import brought.
    ("from tensorflow import *\nplaceholder = make\nx = placeholder(float32)\n", []),
])
def test_star_imports_are_followed(tmp_path: Path, source: str, expected: list) -> None:
    assert rules_found(tmp_path, source) == expected


def test_a_global_import_made_in_a_function_is_seen_at_module_level(tmp_path: Path) -> None:
    source = ("def setup():\n    global tf\n    import tensorflow as tf\n\n\nsetup()\nx = tf.placeholder(tf.float32)\n")
    assert rules_found(tmp_path, source) == [(7, "compat-only:placeholder")]


def test_importlib_import_module_of_a_removed_module_is_reported(tmp_path: Path) -> None:
    source = 'import importlib\nslim = importlib.import_module("tensorflow.contrib.slim")\n'
    assert rules_found(tmp_path, source) == [(2, "removed:contrib.slim")]


# -- notebooks ---------------------------------------------------------------------------------------------


def write_notebook(path: Path, sources: list[str], **document: object) -> Path:
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "source": source} for source in sources]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5} | document))
    return path


@pytest.mark.parametrize("header", ["for step in range(3):\n", "@tf.function\n", "with tf.device('/cpu:0'):\n"])
def test_a_cell_ending_in_a_block_header_is_blamed_alone(tmp_path: Path, header: str) -> None:
    notebook = write_notebook(tmp_path / "n.ipynb", ["import tensorflow as tf\n", header,
                                                     "x = tf.placeholder(tf.float32)\n", "s = tf.Session()\n"])
    completed = run_tf1lint("check", "--format", "json", str(notebook))
    assert completed.returncode == 3
    (error,) = completed.stderr.splitlines()
    assert error.startswith(f"{notebook}:cell 2:")
    assert [(f["cell"], f["line"], f["rule"]) for f in json.loads(completed.stdout)] == [
        (3, 1, "compat-only:placeholder"), (4, 1, "compat-only:Session")]


def test_a_bare_carriage_return_ends_a_line_as_python_reads_it(tmp_path: Path) -> None:
    notebook = write_notebook(tmp_path / "n.ipynb", ["import tensorflow as tf\rx = 1\r", "a = 1\rb = tf.Session()\n",
                                                     "c = tf.placeholder(tf.float32)\n"])
    completed = run_tf1lint("check", "--format", "json", str(notebook))
    assert (completed.returncode, completed.stderr) == (1, "")
    assert [(f["cell"], f["line"], f["column"], f["rule"]) for f in json.loads(completed.stdout)] == [
        (2, 2, 4, "compat-only:Session"), (3, 1, 4, "compat-only:placeholder")]


def test_a_notebook_in_another_language_is_not_parsed_as_python(tmp_path: Path) -> None:
    r_code = "library(tensorflow)\ntf$Session()\nimport tensorflow as tf\ntf.Session()\n"
    notebook = write_notebook(tmp_path / "r.ipynb", [r_code, "x <- function( {\n"],
                              metadata={"kernelspec": {"name": "ir", "language": "R", "display_name": "R"}})
    completed = run_tf1lint("check", str(notebook))
    assert (completed.returncode, completed.stdout, completed.stderr) == (0, "", "")


def test_an_nbformat_3_notebook_is_read(tmp_path: Path) -> None:
    notebook = tmp_path / "old.ipynb"
    notebook.write_text(json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": "old"}, "worksheets": [
        {"cells": [{"cell_type": "markdown", "source": ["# Old"]},
                   {"cell_type": "code", "language": "python", "input": ["import tensorflow as tf\n", "tf.Session()\n"],
                    "outputs": []}]}]}))
    completed = run_tf1lint("check", "--format", "json", str(notebook))
    assert (completed.returncode, completed.stderr) == (1, "")
    assert [(f["cell"], f["line"], f["rule"]) for f in json.loads(completed.stdout)] == [(2, 2, "compat-only:Session")]


# -- columns -----------------------------------------------------------------------------------------------

NON_ASCII = 'import tensorflow as tf\nname = "héllo wörld"; x = tf.placeholder(tf.float32)\n'
BYTE_COLUMN = len('name = "héllo wörld"; x = '.encode())
CHARACTER_COLUMN = len('name = "héllo wörld"; x = ')


def test_sarif_and_github_count_characters_json_and_text_count_bytes(tmp_path: Path) -> None:
    path = tmp_path / "model.py"
    path.write_text(NON_ASCII)
    sarif = json.loads(run_tf1lint("check", "--format", "sarif", str(path)).stdout)["runs"][0]
    assert sarif["columnKind"] == "unicodeCodePoints"
    region = sarif["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (CHARACTER_COLUMN + 1, CHARACTER_COLUMN + 15)
    github = run_tf1lint("check", "--format", "github", str(path)).stdout
    assert f",col={CHARACTER_COLUMN + 1},endLine=2,endColumn={CHARACTER_COLUMN + 15}," in github
    (finding,) = json.loads(run_tf1lint("check", "--format", "json", str(path)).stdout)
    assert (finding["column"], finding["end_column"]) == (BYTE_COLUMN, BYTE_COLUMN + 14)  # pylint's convention
    assert f":2:{BYTE_COLUMN}: E5302" in run_tf1lint("check", str(path)).stdout


def test_notebook_columns_are_characters_in_sarif_too(tmp_path: Path) -> None:
    notebook = write_notebook(tmp_path / "n.ipynb", ["import tensorflow as tf\n", "  " + NON_ASCII.splitlines()[1] + "\n"])
    sarif = json.loads(run_tf1lint("check", "--format", "sarif", str(notebook)).stdout)["runs"][0]
    region = sarif["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startColumn"] == CHARACTER_COLUMN + 3


def test_sarif_paths_are_percent_encoded(tmp_path: Path) -> None:
    folder = tmp_path / "my models"
    folder.mkdir()
    (folder / "net #1 ö.py").write_text("import tensorflow as tf\ntf.Session()\n")
    completed = run_tf1lint("check", "--format", "sarif", "my models", cwd=tmp_path)
    location = json.loads(completed.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "my%20models/net%20%231%20%C3%B6.py"


# -- options and paths -------------------------------------------------------------------------------------


def test_a_select_that_matches_no_rule_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("import tensorflow as tf\ntf.Session()\n")
    completed = run_tf1lint("check", "--select", "tf1-compat-only-api,tf1-remvoed-api", str(tmp_path))
    assert completed.returncode == 2
    assert completed.stderr.startswith("tf1lint: error: --select 'tf1-remvoed-api' matches no rule")
    for selector in ("tf1-compat-only-api", "E5302", "compat-only", "compat-only:Session", "tf.Session", "removed"):
        assert run_tf1lint("check", "--select", selector, str(tmp_path)).returncode in (0, 1), selector


def test_overlapping_paths_are_checked_and_counted_once(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text("import tensorflow as tf\ntf.Session()\n")
    (tmp_path / "src" / "link.py").symlink_to(tmp_path / "src" / "a.py")
    completed = run_tf1lint("check", "--format", "json", "src", "src/a.py", "./src", str(tmp_path / "src"), cwd=tmp_path)
    assert [finding["path"] for finding in json.loads(completed.stdout)] == ["src/a.py"]
    inventory = json.loads(run_tf1lint("inventory", "--format", "json", "src", "src/a.py", cwd=tmp_path).stdout)
    assert inventory["summary"]["files_checked"] == 1


# -- catalogue settings ----------------------------------------------------------------------------------


OVERRIDE = """catalogue: 1
entries:
  - id: compat-only:Session
    api: tf.Session
    kind: compat-only
    severity: warning
    note: Our team keeps sessions for one more quarter.
"""


def test_a_bundled_entry_is_overridden_by_its_id(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text(OVERRIDE)
    (tmp_path / "a.py").write_text("import tensorflow as tf\ntf.Session()\n")
    completed = run_tf1lint("check", "--format", "json", "--catalogue", "team.yaml", "a.py", cwd=tmp_path)
    assert completed.stderr == ""
    (finding,) = json.loads(completed.stdout)
    assert (finding["rule"], finding["severity"]) == ("compat-only:Session", "warning")


def test_the_pyprojects_catalogue_named_again_on_the_command_line_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text(OVERRIDE)
    (tmp_path / "pyproject.toml").write_text('[tool.tf1lint]\ncatalogue = ["team.yaml"]\n')
    (tmp_path / "a.py").write_text("import tensorflow as tf\ntf.Session()\n")
    completed = run_tf1lint("check", "--format", "json", "--catalogue", "team.yaml", "--catalogue", "./team.yaml",
                            "a.py", cwd=tmp_path)
    assert (completed.returncode, completed.stderr) == (1, "")
    assert json.loads(completed.stdout)[0]["severity"] == "warning"


def test_a_user_entry_spelled_tensorflow_dot_is_read_as_tf_dot(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text("catalogue: 1\nentries:\n  - id: team:gone\n    api: tensorflow.team_helper\n"
                                        "    kind: removed\n    note: Gone.\n")
    assert rules_found(tmp_path, "import tensorflow as tf\ntf.team_helper()\n", "--catalogue",
                       str(tmp_path / "team.yaml")) == [(2, "team:gone")]


def test_pylint_resolves_the_pyprojects_catalogue_from_a_sub_folder(tmp_path: Path) -> None:
    (tmp_path / "team.yaml").write_text("catalogue: 1\nentries:\n  - id: team:gone\n    api: teamlib.old\n"
                                        "    kind: removed\n    note: Gone.\n")
    (tmp_path / "pyproject.toml").write_text('[tool.pylint.main]\nload-plugins = ["tf1lint"]\n\n'
                                             '[tool.pylint.tf1lint]\ntf1-catalogue = ["team.yaml"]\n')
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "uses.py").write_text('"""Uses the team library."""\nimport teamlib\n\nteamlib.old()\n')
    completed = run_pylint_with_project_config("--disable=all", "--enable=tf1lint", "--output-format=json2",
                                               "uses.py", cwd=tmp_path / "src")
    assert "tf1lint: error" not in completed.stderr, completed.stderr  # it stopped pylint before
    messages = json.loads(completed.stdout)["messages"]
    assert [(message["line"], message["messageId"]) for message in messages] == [(4, "E5303")]


def test_a_file_reached_through_a_linked_folder_is_checked_once(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.py").write_text("import tensorflow as tf\ntf.Session()\n")
    os.symlink(tmp_path / "real", tmp_path / "alias")
    completed = run_tf1lint("check", "--format", "json", "real", "alias/a.py", cwd=tmp_path)
    assert [finding["path"] for finding in json.loads(completed.stdout)] == ["real/a.py"]
