"""`check --fix` on notebooks: only the cells and lines a fix changes are rewritten; the JSON keeps
its layout everywhere else (indentation, escapes, key order, one-line files, the last newline);
magics stay first; \\r and tab-indented cells are fixed in place; and a notebook `--fix` cannot
handle is named in one line while the run goes on."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from hostile_env import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tf1lint.run.apply_fixes import fix_file
from tf1lint.run.config import Settings
from tf1lint.run.runner import load_index

_, INDEX, _ = load_index(Settings())
TF1_LINE = "y = tf.reduce_sum(x, keep_dims=True)"


def cell(source: object, **extra: object) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source, **extra}


def notebook(cells: list[dict], **top: object) -> dict:
    return {"cells": cells, "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
            "nbformat": 4, "nbformat_minor": 5, **top}


def fixed(raw: bytes, unsafe: bool = False) -> bytes:
    result = fix_file("nb.ipynb", raw, INDEX, unsafe)
    assert result.failure is None, result.failure
    return result.fixed


def sources(raw: bytes) -> list[str]:
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in json.loads(raw)["cells"]]


def test_untouched_cells_and_the_json_layout_are_kept_byte_for_byte() -> None:
    document = notebook([cell(["x = '<b>' & 1\n"]), cell(["import tensorflow as tf\n", TF1_LINE + "\n"]),
                         cell("print('\u00e9')")])
    raw = (json.dumps(document, indent=2).replace("<", "\\u003c").replace(">", "\\u003e") + "\n").encode()
    result = fixed(raw)
    assert result == raw.replace(b"keep_dims", b"keepdims")


def test_a_one_line_colab_notebook_stays_one_line() -> None:
    raw = json.dumps(notebook([cell("import tensorflow as tf\n" + TF1_LINE)]), separators=(",", ":")).encode()
    result = fixed(raw)
    assert b"\n" not in result and result == raw.replace(b"keep_dims", b"keepdims")


@pytest.mark.parametrize("magic", ["%matplotlib inline", "!pip install tensorflow==1.15", "%%time"])
def test_an_inserted_import_never_deletes_a_magic_first_line(magic: str) -> None:
    source = [magic + "\n", "import tensorflow as tf\n", "init = tf.contrib.layers.xavier_initializer()\n"]
    result = fixed(json.dumps(notebook([cell(source)]), indent=1).encode(), unsafe=True)
    text = sources(result)[0]
    assert text.splitlines()[0] == magic, text
    assert "contrib" not in text


def test_a_cell_with_bare_carriage_returns_gets_the_fix_on_its_line() -> None:
    source = "import tensorflow as tf\rz = 1\r" + TF1_LINE + "\rw = 2"
    result = fixed(json.dumps(notebook([cell(source)]), indent=1).encode())
    assert sources(result) == [source.replace("keep_dims", "keepdims")]


def test_a_tab_indented_cell_is_fixed_and_still_parses_as_ipython_would_see_it() -> None:
    source = ["\timport tensorflow as tf\n", "\tinit = tf.contrib.layers.xavier_initializer()\n",
              "\t" + TF1_LINE + "\n"]
    result = fixed(json.dumps(notebook([cell(source)]), indent=1).encode(), unsafe=True)
    text = sources(result)[0]
    assert all(line.startswith("\t") for line in text.splitlines()), text
    assert "keepdims=True" in text and "contrib" not in text
    ast.parse("\n".join(line[1:] for line in text.splitlines()))


@pytest.mark.parametrize(("name", "document"), [
    ("nbformat 3", {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [
        {"cells": [{"cell_type": "code", "input": ["import tensorflow as tf\n", TF1_LINE + "\n"], "outputs": []}]}]}),
    ("lone surrogate in an output", notebook([cell(["import tensorflow as tf\n", TF1_LINE + "\n"],
                                                   outputs=[{"output_type": "stream", "name": "stdout",
                                                             "text": ["\ud800 oops"]}])])),
    ("huge integer in metadata", notebook([cell(["import tensorflow as tf\n", TF1_LINE + "\n"])],
                                          extra_metadata=None)),
])
def test_unusual_notebooks_are_fixed_or_named_and_the_run_goes_on(tmp_path: Path, name: str, document: dict) -> None:
    text = json.dumps(document, indent=1)
    if name == "huge integer in metadata":
        text = text.replace('"extra_metadata": null', '"extra_metadata": ' + "9" * 5000)
    (tmp_path / "a.ipynb").write_text(text)
    (tmp_path / "b.py").write_text("import tensorflow as tf\n" + TF1_LINE + "\n")
    for mode in ("--diff", "--fix"):
        completed = run("check", mode, "--no-cache", str(tmp_path))
        assert completed.returncode in (0, 1, 3), completed.stderr
        assert b"Traceback" not in completed.stderr and b"internal error" not in completed.stderr
    assert "keepdims" in (tmp_path / "b.py").read_text()
    after = (tmp_path / "a.ipynb").read_text()
    assert after == text.replace("keep_dims", "keepdims")


def test_a_notebook_with_one_bad_cell_gets_its_other_cells_fixed() -> None:
    raw = json.dumps(notebook([cell("import tensorflow as tf\n"), cell("def broken(:\n"),
                               cell(TF1_LINE + "\n")]), indent=1).encode()
    result = fix_file("nb.ipynb", raw, INDEX)
    assert result.failure is None and result.fixed == raw.replace(b"keep_dims", b"keepdims")


# Property: any layout json.dumps can produce, and a notebook with nothing to fix comes back unchanged.
_LAYOUT = st.fixed_dictionaries({
    "indent": st.sampled_from([None, 0, 1, 2, 4, "\t"]), "ensure_ascii": st.booleans(),
    "sort_keys": st.booleans(), "newline": st.booleans()})
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LAYOUT, _TEXT, st.booleans(), st.sampled_from(["\n", "\r\n", "\r"]))
def test_json_layout_is_kept_and_only_the_fixed_word_changes(layout: dict, text: str, as_list: bool,
                                                             ending: str) -> None:
    lines = ["import tensorflow as tf", f"s = {text!r}", "tf.Session()", TF1_LINE, "x = '<&>'"]
    source = [line + ending for line in lines] if as_list else ending.join(lines)
    document = notebook([cell(f"# {text}"), cell(source)])
    raw = json.dumps(document, indent=layout["indent"], ensure_ascii=layout["ensure_ascii"],
                     sort_keys=layout["sort_keys"]) + ("\n" if layout["newline"] else "")
    raw_bytes = raw.encode("utf-8")
    no_fix = raw_bytes.replace(b"keep_dims=True", b"keepdims_=True")
    assert fix_file("nb.ipynb", no_fix, INDEX).fixed == no_fix
    assert fixed(raw_bytes) == raw_bytes.replace(b"keep_dims", b"keepdims")
