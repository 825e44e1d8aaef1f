"""`tf1lint check --fix`: what each fix form writes, how fixes are applied, and the command around them.

Fixes are computed by the real engine on real source and applied by the real applier; the
command-line tests run the real `tf1lint` in a subprocess.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from conftest import ROOT, run_tf1lint

from tf1lint.catalogue.fixes import Applicability, Edit, Fix, Span
from tf1lint.catalogue.loader import load_catalogue
from tf1lint.run.apply_fixes import apply_edits, fix_source, non_overlapping
from tf1lint.run.config import Settings
from tf1lint.run.pipeline import Document, analyse
from tf1lint.run.runner import load_index


@pytest.fixture(scope="module")
def index():
    _, loaded, problems = load_index(Settings())
    assert problems == []
    return loaded


def fixed(index, source: str, unsafe: bool = True) -> str:
    result = fix_source(source.encode(), "model.py", index, unsafe=unsafe)
    assert result.failure is None
    return result.fixed.decode()


# -- what each form writes -------------------------------------------------------------------

def test_rename_keeps_the_files_own_module_name(index) -> None:
    source = "import tensorflow as tfx\nf = tfx.gfile.GFile('a')\n"
    assert fixed(index, source, unsafe=False) == "import tensorflow as tfx\nf = tfx.io.gfile.GFile('a')\n"


def test_a_renamed_function_import_is_fixed_at_the_import_not_at_each_use(index) -> None:
    source = "from tensorflow import placeholder as ph\nx = ph('float32')\ny = ph('int32')\n"
    assert fixed(index, source) == "from tensorflow.compat.v1 import placeholder as ph\nx = ph('float32')\ny = ph('int32')\n"


def test_one_name_of_several_in_an_import_gets_its_own_statement(index) -> None:
    source = "from tensorflow import placeholder, float32\nx = placeholder(float32)\n"
    assert fixed(index, source) == (
        "from tensorflow import float32\nfrom tensorflow.compat.v1 import placeholder\nx = placeholder(float32)\n")


def test_keyword_renames_are_safe_and_removed_keywords_are_left_to_people(index) -> None:
    source = "import tensorflow as tf\ns = tf.reduce_sum(x, keep_dims=True)\n"
    assert fixed(index, source, unsafe=False) == "import tensorflow as tf\ns = tf.reduce_sum(x, keepdims=True)\n"
    both = "import tensorflow as tf\ns = tf.reduce_sum(x, keep_dims=True, keepdims=True)\n"
    assert fixed(index, both) == both  # two spellings given: a person must choose


def test_reordered_positionals_become_keywords_in_the_tf1_order(index) -> None:
    source = "import tensorflow as tf\ni = tf.argmax(x, 1, 'best')\n"
    assert fixed(index, source, unsafe=False) == "import tensorflow as tf\ni = tf.argmax(x, 1, name='best')\n"


def test_dropout_keep_prob_becomes_rate_keyword_or_positional(index) -> None:
    source = ("import tensorflow as tf\n"
              "a = tf.nn.dropout(x, keep_prob=k)\n"
              "b = tf.nn.dropout(x, 0.5)\n"
              "c = tf.nn.dropout(x, keep_prob=p - q)\n")
    assert fixed(index, source) == ("import tensorflow as tf\n"
                                    "a = tf.nn.dropout(x, rate=1 - k)\n"
                                    "b = tf.nn.dropout(x, rate=1 - 0.5)\n"
                                    "c = tf.nn.dropout(x, rate=1 - (p - q))\n")
    assert "keep_prob=k" in fixed(index, source, unsafe=False)  # changing meaning is never "safe"


def test_to_helpers_become_casts_with_the_files_spelling(index) -> None:
    source = "import tensorflow as t\ny = t.to_float(x) + t.to_int64(x, name='n')\n"
    assert fixed(index, source, unsafe=False) == \
        "import tensorflow as t\ny = t.cast(x, t.float32) + t.cast(x, t.int64, name='n')\n"


def test_layer_functions_become_keras_layer_objects(index) -> None:
    source = "import tensorflow as tf\nh = tf.layers.dense(x, 8, activation=tf.nn.relu)\n"
    assert fixed(index, source) == "import tensorflow as tf\nh = tf.keras.layers.Dense(8, activation=tf.nn.relu)(x)\n"
    layers = ("import tensorflow as tf\na = tf.layers.conv2d(x, 32, 3, (2, 2), activation=tf.nn.relu)\n"
              "b = tf.layers.flatten(a)\nc = tf.layers.max_pooling2d(a, 2, 2, name='p')\n")
    assert fixed(index, layers) == (
        "import tensorflow as tf\na = tf.keras.layers.Conv2D(32, 3, strides=(2, 2), activation=tf.nn.relu)(x)\n"
        "b = tf.keras.layers.Flatten()(a)\nc = tf.keras.layers.MaxPool2D(2, 2, name='p')(a)\n")
    reused = "import tensorflow as tf\nh = tf.layers.dense(x, 8, reuse=True)\n"
    assert fixed(index, reused) == reused  # Keras layers have no reuse=: left to a person


def test_compat_only_names_move_to_compat_v1_but_never_onto_names_keras_3_removed(index) -> None:
    source = "import tensorflow as tf\nopt = tf.train.AdamOptimizer(0.1)\nb = tf.layers.batch_normalization(x)\n"
    assert fixed(index, source) == "import tensorflow as tf\nopt = tf.compat.v1.train.AdamOptimizer(0.1)\n" \
        "b = tf.layers.batch_normalization(x)\n"
    assert fixed(index, source, unsafe=False) == source


def test_flags_become_compat_v1_flags_at_their_binding_site(index) -> None:
    # Not absl.flags: absl does not parse sys.argv on the first FLAGS access as TF1's flags did.
    source = ('"""Doc."""\nfrom __future__ import annotations\nimport tensorflow as tf\n'
              "from tensorflow.app import flags as f\nflags = tf.app.flags\nflags.DEFINE_string('a', '', 'b')\n")
    assert fixed(index, source) == ('"""Doc."""\nfrom __future__ import annotations\nimport tensorflow as tf\n'
                                    "from tensorflow.compat.v1 import flags as f\nflags = tf.compat.v1.flags\n"
                                    "flags.DEFINE_string('a', '', 'b')\n")


def test_slim_is_swapped_for_tf_slim_and_says_it_adds_a_dependency(index) -> None:
    source = ("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
              "net = slim.conv2d(x, 8, [3, 3])\ninit = tf.contrib.slim.xavier_initializer()\n")
    result = fix_source(source.encode(), "model.py", index, unsafe=True)
    first_pass = [f.fix for f in _findings(index, source) if f.fix is not None]
    assert any("tf-slim" in fix.message for fix in first_pass)
    assert all(fix.applicability is Applicability.UNSAFE for fix in first_pass)
    assert result.fixed.decode() == ("import tensorflow as tf\nimport tf_slim as slim\nimport tf_slim\n"
                                     "net = slim.conv2d(x, 8, [3, 3])\ninit = tf_slim.xavier_initializer()\n")


def test_a_module_swap_waits_when_the_file_uses_members_the_new_module_lacks(index) -> None:
    known = "from tensorflow.contrib import layers\ny = layers.flatten(x)\n"
    assert fixed(index, known) == "import tf_slim as layers\ny = layers.flatten(x)\n"
    unknown = "from tensorflow.contrib import layers\ny = layers.embed_sequence(x)\n"
    assert fixed(index, unknown) == unknown


def test_an_api_with_no_tf2_counterpart_gets_the_stand_in_class_written_into_the_file(index) -> None:
    """tf.contrib.training.HParams: the import becomes the class, after the imports; references through
    `tf.` point at a class added once after the imports. The fixed files run without TensorFlow 1
    and behave as HParams did (typed values, unknown names rejected)."""
    imported = ("from tensorflow.contrib.training import HParams\nimport json\n\n"
                "h = HParams(n_vocab=0, lr=0.1, layers=[64, 32], name='gpt')\n"
                "h.override_from_dict(json.loads('{\"n_vocab\": 50257, \"lr\": 1}'))\n"
                "h.parse('layers=[8,4],name=small')\n"
                "result = (h.n_vocab, h.lr, type(h.lr).__name__, h.layers, h.name, h.values(), 'lr' in h)\n")
    after = fixed(index, imported)
    assert after.startswith("import json\n\n\nclass HParams:\n")  # the import's line goes, the class follows the imports
    assert "tensorflow" not in after
    assert fixed(index, after) == after  # a second pass changes nothing
    namespace: dict = {}
    exec(compile(after, "model.py", "exec"), namespace)  # noqa: S102  # pylint: disable=exec-used  # the fixed program
    assert namespace["result"] == (50257, 1.0, "float", [8, 4], "small",
                                   {"n_vocab": 50257, "lr": 1.0, "layers": [8, 4], "name": "small"}, True)
    with pytest.raises(KeyError):
        namespace["h"].override_from_dict({"unknown": 1})
    with pytest.raises(ValueError, match="expects a int"):
        namespace["h"].set_hparam("n_vocab", "many")

    through_tf = ("import tensorflow as tf\nimport os\n\n\ndef a():\n    return tf.contrib.training.HParams(a=1)\n\n\n"
                  "def b():\n    return tf.contrib.training.HParams(b=2)\n")
    after = fixed(index, through_tf)
    assert after.count("class HParams:") == 1
    assert "return HParams(a=1)" in after and "return HParams(b=2)" in after
    assert after.index("class HParams:") > after.index("import os")
    assert fixed(index, after) == after
    taken = "import tensorflow as tf\nHParams = dict\nh = tf.contrib.training.HParams(a=1)\n"
    assert fixed(index, taken) == taken  # the name means something else here: by hand


def test_a_stand_in_must_name_a_bundled_class(tmp_path: Path) -> None:
    catalogue = tmp_path / "team.yaml"
    catalogue.write_text("catalogue: 1\nentries:\n  - id: team:a\n    api: mylib.Config\n    kind: removed\n"
                         "    note: Gone.\n    fix: {stand_in: Config}\n")
    problems = [str(problem) for problem in load_catalogue([catalogue]).problems]
    expected = (f"{os.path.relpath(catalogue)}:7: team:a: fix stand_in 'Config' has no "
                "rules/stand_ins/Config.py defining that one class")
    assert problems == [expected]


def test_graph_code_in_an_entry_file_gets_compat_mode_once(index) -> None:
    source = ('"""A TF1 program."""\nimport tensorflow as tf\n\nx = tf.placeholder(tf.float32)\n'
              "with tf.Session() as s:\n    pass\n\nif __name__ == '__main__':\n    pass\n")
    once = fixed(index, source)
    assert once.count("tf.compat.v1.disable_v2_behavior()") == 1
    assert once.startswith('"""A TF1 program."""\nimport tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n')
    library = "import tensorflow as tf\n\ndef build():\n    return tf.placeholder(tf.float32)\n"
    assert "disable_v2_behavior" not in fixed(index, library)  # not a program entry file


def test_findings_in_headers_decorators_and_one_line_blocks_are_fixed(index) -> None:
    source = ("import tensorflow as tf\nif not tf.gfile.Exists(d): tf.gfile.MakeDirs(d)\n"
              "try:\n    pass\nexcept tf.log(1):\n    pass\n")
    # gfile.Exists is not the very object io.gfile.exists is: the unsafe fix keeps the TF1 function.
    assert fixed(index, source) == ("import tensorflow as tf\nif not tf.compat.v1.gfile.Exists(d): tf.compat.v1.gfile.MakeDirs(d)\n"
                                    "try:\n    pass\nexcept tf.math.log(1):\n    pass\n")


def test_comments_and_formatting_outside_the_spans_are_kept_byte_for_byte(index) -> None:
    source = "import tensorflow as tf  # tf1\n\n\nx = tf.log(  y )   # natural log\r\n"
    assert fixed(index, source, unsafe=False) == "import tensorflow as tf  # tf1\n\n\nx = tf.math.log(  y )   # natural log\r\n"


def test_suppressed_findings_are_never_fixed(index) -> None:
    source = ("import tensorflow as tf\nx = tf.log(y)  # tf1lint: ignore\nz = tf.log(y)  # noqa: E5301\n"
              "w = tf.log(y)\n")
    assert fixed(index, source) == ("import tensorflow as tf\nx = tf.log(y)  # tf1lint: ignore\n"
                                    "z = tf.log(y)  # noqa: E5301\nw = tf.math.log(y)\n")


# -- applying --------------------------------------------------------------------------------

def test_edits_apply_back_to_front_and_one_insertion_wanted_twice_counts_once() -> None:
    raw = b"ab\ncd\n"
    edits = [Edit(1, 0, 1, 1, "A"), Edit(2, 1, 2, 2, "D"), Edit(2, 0, 2, 0, "+\n"), Edit(2, 0, 2, 0, "+\n")]
    assert apply_edits(raw, edits) == b"Ab\n+\ncD\n"


def test_fixes_isolated_from_one_span_land_together_and_a_fix_editing_it_waits() -> None:
    """Isolation is a property of the fix, not an edit: the span is never edited by it."""
    move = Fix(Applicability.UNSAFE, "move the function", (Edit(1, 0, 1, 5, "other"),))
    first = Fix(Applicability.UNSAFE, "one keyword", (Edit(1, 10, 1, 12, "a"),), isolated_from=Span(1, 0, 1, 5))
    second = Fix(Applicability.UNSAFE, "another keyword", (Edit(1, 14, 1, 16, "b"),), isolated_from=Span(1, 0, 1, 5))
    assert non_overlapping([first, second, move]) == [first, second]
    assert non_overlapping([move, first, second]) == [move]
    # Fixes go in the order of the first place they edit or are isolated from.
    assert non_overlapping([Fix(Applicability.UNSAFE, "inside", (Edit(1, 2, 1, 3, "x"),)), first]) == [first]
    # An insertion where the span starts does not edit it (as an edit of that span would not clash).
    before = Fix(Applicability.UNSAFE, "insert before", (Edit(1, 0, 1, 0, "y"),))
    assert non_overlapping([first, before]) == [before, first]


MOVED_WITH_KEYWORDS = [
    ("tf.multinomial(logits, 1, output_dtype=tf.int32)", "tf.compat.v1.multinomial(logits, 1, output_dtype=tf.int32)"),
    ("tf.nn.ctc_loss(y, x, n, preprocess_collapse_repeated=False, ctc_merge_repeated=True, time_major=True)",
     "tf.compat.v1.nn.ctc_loss(y, x, n, preprocess_collapse_repeated=False, ctc_merge_repeated=True, time_major=True)"),
    ("tf.summary.scalar('a', x, family='f')", "tf.compat.v1.summary.scalar('a', x, family='f')"),
]


@pytest.mark.parametrize(("call", "moved"), MOVED_WITH_KEYWORDS)
def test_a_keyword_fix_never_lands_with_the_move_of_its_function_to_compat_v1(index, call: str, moved: str) -> None:
    """compat.v1 keeps the TF1 keywords: a keyword renamed or dropped in the pass that moves the
    function would call the compat.v1 function with TF2's keywords. The keyword fixes are isolated
    from the function's name, and none of their edits touches it."""
    source = f"import tensorflow as tf\nr = {call}\n"
    assert fixed(index, source) == f"import tensorflow as tf\nr = {moved}\n"
    name = Span(2, 4, 2, 4 + len(call.split("(")[0]))
    keyword_fixes = [finding.fix for finding in _findings(index, source) if finding.keyword is not None]
    assert keyword_fixes and all(fix is not None and fix.isolated_from == name for fix in keyword_fixes)
    assert all((edit.line, edit.column) >= (name.end_line, name.end_column) for fix in keyword_fixes
               for edit in fix.edits if fix is not None)
    # Without the move (the keyword findings alone), they all land, in one pass.
    alone = fix_source(source.encode(), "model.py", index, unsafe=True, selected=lambda finding: finding.keyword is not None)
    assert alone.applied == len(keyword_fixes) and call.split("(")[0] + "(" in alone.fixed.decode()


def test_a_notebooks_keyword_fix_waits_for_the_move_of_its_function(tmp_path: Path) -> None:
    call, moved = MOVED_WITH_KEYWORDS[1]
    cells = [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": ["import tensorflow as tf"]},
             {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [], "source": [f"r = {call}"]}]
    document = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    completed = run_tf1lint("check", "--fix", "--unsafe-fixes", str(notebook))
    assert "left unchanged" not in completed.stderr, completed.stderr
    cells[1]["source"] = [f"r = {moved}"]
    assert notebook.read_text(encoding="utf-8") == json.dumps(document, indent=1) + "\n"


def test_json_carries_the_span_a_fix_is_isolated_from_also_from_the_cache(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("import tensorflow as tf\nr = tf.multinomial(l, 1, output_dtype=tf.int32)\n")
    fresh = run_tf1lint("check", "--format", "json", "m.py", cwd=tmp_path)
    assert list((tmp_path / ".tf1lint_cache").rglob("*.json")), "the second run must be served from the cache"
    cached = run_tf1lint("check", "--format", "json", "m.py", cwd=tmp_path)
    assert cached.stdout == fresh.stdout
    keyword = next(finding["fix"] for finding in json.loads(fresh.stdout) if "keyword" in finding["fix"]["message"])
    assert keyword["isolated_from"] == {"line": 2, "column": 4, "end_line": 2, "end_column": 18}
    assert [edit["text"] for edit in keyword["edits"]] == ["dtype"]


def test_fixing_is_idempotent_and_non_ascii_columns_are_bytes(index) -> None:
    source = "import tensorflow as tf\ns = 'é'; y = tf.log(x) + tf.reduce_sum(x, keep_dims=True)\n"
    once = fixed(index, source)
    assert once == "import tensorflow as tf\ns = 'é'; y = tf.math.log(x) + tf.reduce_sum(x, keepdims=True)\n"
    assert fixed(index, once) == once


def test_a_file_that_does_not_parse_is_never_written(tmp_path: Path) -> None:
    broken = tmp_path / "broken.py"
    broken.write_bytes(b"import tensorflow as tf\nx = tf.log(\n")
    completed = run_tf1lint("check", "--fix", str(broken))
    assert completed.returncode == 3
    assert broken.read_bytes() == b"import tensorflow as tf\nx = tf.log(\n"
    assert f"{broken}:" in completed.stderr


def test_a_fix_that_would_break_the_file_leaves_it_exactly_as_it_was(tmp_path: Path) -> None:
    catalogue = tmp_path / "bad.yaml"
    catalogue.write_text("catalogue: 1\nentries:\n  - id: team:make\n    api: mylib.make\n    kind: removed\n"
                         "    note: Gone.\n    fix: {call: '{x} +', signature: [x]}\n")
    target = tmp_path / "use.py"
    target.write_text("import mylib\nmylib.make(1)\n")
    completed = run_tf1lint("check", "--fix", "--unsafe-fixes", "--catalogue", str(catalogue), str(target))
    assert target.read_text() == "import mylib\nmylib.make(1)\n"
    assert f"{target}: fixing broke the file" in completed.stderr
    assert completed.returncode == 3


# -- the command ----------------------------------------------------------------------------

TF1 = "import tensorflow as tf\nx = tf.log(y)\nopt = tf.train.AdamOptimizer(0.1)\n"


def test_fix_applies_safe_fixes_keeps_permissions_and_reports_what_is_left(tmp_path: Path) -> None:
    target = tmp_path / "model.py"
    target.write_text(TF1)
    os.chmod(target, 0o751)
    completed = run_tf1lint("check", "--fix", str(target))
    assert target.read_text() == "import tensorflow as tf\nx = tf.math.log(y)\nopt = tf.train.AdamOptimizer(0.1)\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o751
    assert completed.stdout.count("\n") == 1 and "tf.train.AdamOptimizer" in completed.stdout
    assert completed.stderr.strip() == "Fixed 1 finding, 1 remaining (1 more with --unsafe-fixes)."
    assert completed.returncode == 1
    again = run_tf1lint("check", "--fix", "--unsafe-fixes", str(target))
    assert again.stderr.strip() == "Fixed 1 finding, 1 remaining."  # the compat.v1 use, reported as info
    assert not list(tmp_path.glob(".*tf1lint-tmp"))


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "model.py"
    target.write_text(TF1)
    completed = run_tf1lint("check", "--diff", "model.py", cwd=tmp_path)
    assert completed.returncode == 1
    assert completed.stdout == ("--- a/model.py\n+++ b/model.py\n@@ -1,3 +1,3 @@\n import tensorflow as tf\n"
                                "-x = tf.log(y)\n+x = tf.math.log(y)\n opt = tf.train.AdamOptimizer(0.1)\n")
    assert target.read_text() == TF1
    clean = tmp_path / "clean.py"
    clean.write_text("import tensorflow as tf\nx = tf.math.log(y)\n")
    assert run_tf1lint("check", "--diff", str(clean)).returncode == 0


def test_text_marks_safe_fixes_and_json_and_sarif_carry_the_edits(tmp_path: Path) -> None:
    target = tmp_path / "model.py"
    target.write_text(TF1)
    text = run_tf1lint("check", str(target)).stdout.splitlines()
    assert ": E5301 [*] tf1-renamed-api tf.log" in text[0] and "[*]" not in text[1]
    records = json.loads(run_tf1lint("check", "--format", "json", str(target)).stdout)
    assert records[0]["fix"] == {"applicability": "safe", "message": "use tf.math.log", "edits": [
        {"line": 2, "column": 4, "end_line": 2, "end_column": 10, "text": "tf.math.log"}]}
    assert records[1]["fix"]["applicability"] == "unsafe"
    sarif = json.loads(run_tf1lint("check", "--format", "sarif", str(target)).stdout)
    change = sarif["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]
    assert change["replacements"] == [{"deletedRegion": {"startLine": 2, "startColumn": 5, "endLine": 2,
                                                         "endColumn": 11},
                                       "insertedContent": {"text": "tf.math.log"}}]


def test_notebooks_are_fixed_cell_by_cell_keeping_their_layout(tmp_path: Path) -> None:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# TF1 notes\n"]},
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
         "source": ["%matplotlib inline\n", "import tensorflow as tf"]},
        {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [],
         "source": ["y = tf.log(x)  # é\n", "s = tf.reduce_sum(y, keep_dims=True)"]},
    ]
    document = {"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    completed = run_tf1lint("check", "--fix", str(notebook))
    assert completed.returncode == 0, completed.stderr
    cells[2]["source"] = ["y = tf.math.log(x)  # é\n", "s = tf.reduce_sum(y, keepdims=True)"]
    assert notebook.read_text(encoding="utf-8") == json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def test_changed_lines_on_both_sides_of_a_cell_boundary_go_back_to_their_own_cells(tmp_path: Path) -> None:
    """The last line of one cell and the first of the next both change: one block for difflib,
    two cells for the notebook (DeepLearningZeroToAll's notebooks were left unfixed over this)."""
    cells = [
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": ["import tensorflow as tf"]},
        {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [], "source": ["a = tf.log(2.0)"]},
        {"cell_type": "markdown", "metadata": {}, "source": ["notes"]},
        {"cell_type": "code", "execution_count": 3, "metadata": {}, "outputs": [], "source": ["b = tf.log(3.0)\n", "c = 1"]},
    ]
    document = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    completed = run_tf1lint("check", "--fix", str(notebook))
    assert completed.returncode == 0, completed.stderr
    assert "left unchanged" not in completed.stderr
    cells[1]["source"] = ["a = tf.math.log(2.0)"]
    cells[3]["source"] = ["b = tf.math.log(3.0)\n", "c = 1"]
    assert notebook.read_text(encoding="utf-8") == json.dumps(document, indent=1) + "\n"


def test_examples_tf2_are_left_alone() -> None:
    completed = run_tf1lint("check", "--diff", "--unsafe-fixes", "examples/tf2/")
    assert (completed.returncode, completed.stdout) == (0, "")


# -- the catalogue's fix forms --------------------------------------------------------------

def test_bad_fix_forms_are_reported_with_file_and_line(tmp_path: Path) -> None:
    catalogue = tmp_path / "team.yaml"
    catalogue.write_text("catalogue: 1\nentries:\n  - id: team:a\n    api: mylib.a\n    kind: removed\n    note: Gone.\n"
                         "    fix: {rename: 'not a name'}\n"
                         "  - id: team:b\n    api: mylib.b\n    kind: removed\n    note: Gone.\n"
                         "    fix: {call: '{y}(1)', signature: [x]}\n")
    problems = [str(problem) for problem in load_catalogue([catalogue]).problems]
    shown = os.path.relpath(catalogue)
    assert problems == [
        f"{shown}:7: team:a: fix rename must be a dotted name, not 'not a name'",
        f"{shown}:12: team:b: fix template field {{y}} is neither a signature parameter nor one of ['rest', 'tf']",
    ]


def test_the_bundled_catalogue_declares_its_fix_forms_validly() -> None:
    result = load_catalogue()
    assert result.problems == ()
    declared = [entry for entry in result.catalogue.entries if entry.fix is not None]
    assert len(declared) >= 15
    assert (ROOT / "rules" / "README.md").read_text(encoding="utf-8").count("`fix:`") >= 1


def _findings(index, source: str):
    from tf1lint.run.pipeline import Document, analyse

    return analyse(Document("model.py", source.encode()), index, fixes=True).findings


# -- the safe tier means the same program ---------------------------------------------------

@pytest.mark.parametrize(("old", "unsafe_new"), [
    ("tf.histogram_summary('w', x)", "tf.compat.v1.summary.histogram('w', x)"),
    ("tf.scalar_summary('loss', x)", "tf.compat.v1.summary.scalar('loss', x)"),
    ("tf.image_summary('i', x)", "tf.compat.v1.summary.image('i', x)"),
    ("tf.audio_summary('a', x, 8000)", "tf.compat.v1.summary.audio('a', x, 8000)"),
    ("tf.train.SummaryWriter('logs', sess.graph)", "tf.compat.v1.summary.FileWriter('logs', sess.graph)"),
    ("tf.select(c, x, y)", "tf.compat.v1.where(c, x, y)"),
    ("tf.image.resize_images(x, [4, 4])", "tf.compat.v1.image.resize_images(x, [4, 4])"),
])
def test_a_rename_that_changes_meaning_is_never_safe_and_its_unsafe_fix_keeps_tf1(index, old, unsafe_new) -> None:
    source = f"import tensorflow as tf\ny = {old}\n"
    assert fixed(index, source, unsafe=False) == source
    assert fixed(index, source) == f"import tensorflow as tf\ny = {unsafe_new}\n"


def test_a_positional_keep_prob_is_not_passed_by_keyword_by_safe_fixes(index) -> None:
    source = "import tensorflow as tf\ny = tf.nn.dropout(x, 0.8)\n"
    assert fixed(index, source, unsafe=False) == source  # keep_prob= alone raises TypeError on TF2
    assert fixed(index, source) == "import tensorflow as tf\ny = tf.nn.dropout(x, rate=1 - 0.8)\n"


def test_no_safe_fix_comes_from_an_entry_that_is_not_mechanical(index) -> None:
    from tf1lint.catalogue.model import Kind
    from tf1lint.fix.targets import name_target

    unsafe_only = []
    for table in (index.exact, index.modules):
        for entry in table.values():
            target = name_target(entry, entry.target_name, index)
            if target is not None and target.applicability is Applicability.SAFE and not entry.mechanical:
                unsafe_only.append(entry.id)
            if entry.kind is Kind.RENAMED and not entry.mechanical and target is not None:
                assert target.applicability is Applicability.UNSAFE, entry.id
    assert unsafe_only == []


# -- unsafe fixes keep TF1 semantics, or there is none -----------------------------------------

def test_flags_move_to_compat_v1_flags_which_parses_argv_as_tf1_did(index) -> None:
    source = ("import tensorflow as tf\nflags = tf.app.flags\nflags.DEFINE_integer('steps', 3, 'n')\n"
              "FLAGS = tf.flags.FLAGS\n")
    assert fixed(index, source) == ("import tensorflow as tf\nflags = tf.compat.v1.flags\n"
                                    "flags.DEFINE_integer('steps', 3, 'n')\nFLAGS = tf.compat.v1.flags.FLAGS\n")


@pytest.mark.parametrize("sharing", [
    "with tf.variable_scope('m', reuse=True):\n    y = tf.layers.dense(x, 8)\n",
    "with tf.variable_scope('m', reuse=tf.AUTO_REUSE):\n    y = tf.layers.dense(x, 8)\n",
    "def net(x):\n    return tf.layers.dense(x, 8)\ntf.get_variable_scope().reuse_variables()\n",
    "y = tf.layers.dense(x, 8)\nsaver = tf.train.Saver()\n",
])
def test_tf_layers_in_a_file_that_shares_variables_get_no_fix_and_say_why(index, sharing) -> None:
    source = "import tensorflow as tf\n" + sharing
    findings = analyse(Document("m.py", source.encode()), index, fixes=True).findings
    dense = [f for f in findings if f.entry.id == "removed:layers.dense"]
    dense = [f for f in analyse(Document("m.py", source.encode()), index, fixes=True).findings if f.entry.id == "removed:layers.dense"]
    assert dense and dense[0].fix is None and "by hand: this file" in dense[0].message


def test_tf_layers_with_a_reuse_argument_get_no_fix(index) -> None:
    source = "import tensorflow as tf\ny = tf.layers.dense(x, 8, name='d', reuse=True)\n"
    assert "keras" not in fixed(index, source)


def test_contrib_layer_advice_carries_the_contrib_defaults(index) -> None:
    source = ("import tensorflow as tf\na = tf.contrib.layers.fully_connected(x, 8)\n"
              "b = tf.contrib.layers.conv2d(x, 8, 3)\n")
    messages = [f.message for f in analyse(Document("m.py", source.encode()), index, fixes=True).findings]
    assert any("Dense(units, activation='relu')" in m for m in messages)
    assert any("padding='same', activation='relu'" in m for m in messages)


@pytest.mark.parametrize(("example", "problem"), [
    ("{before: 'x = 1'}", "a fix example must set result"),
    ("{before: 'result = (', tolerance: 0.1}", "fix example does not parse"),
    ("{before: 'result = 1', tolerance: -1}", "fix example tolerance must be a number of at least 0"),
    ("{before: 'result = 1', compare: exact}", "unknown fix example field 'compare'"),
])
def test_fix_examples_are_validated_with_file_and_line(tmp_path: Path, example: str, problem: str) -> None:
    catalogue = tmp_path / "team.yaml"
    catalogue.write_text("catalogue: 1\nentries:\n  - id: team:a\n    api: mylib.old\n    kind: renamed\n"
                         f"    replacement: mylib.new\n    note: Moved.\n    fix: {{examples: [{example}]}}\n")
    problems = [str(found) for found in load_catalogue([catalogue]).problems]
    assert len(problems) == 1 and problems[0].startswith(f"{os.path.relpath(catalogue)}:8: team:a: {problem}")


def test_the_dynamic_rnn_family_is_by_hand(index) -> None:
    """No stock cell works with tf.compat.v1.nn.dynamic_rnn on TF 2.21: a move there would not run."""
    for call in ("tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)", "tf.nn.bidirectional_dynamic_rnn(f, b, x)",
                 "tf.nn.static_rnn(cell, xs)", "tf.contrib.rnn.static_rnn(cell, xs)", "tf.nn.rnn(cell, xs)"):
        source = f"import tensorflow as tf\ny = {call}\n"
        assert fixed(index, source) == source, call


def test_graph_mode_does_not_give_tf2_datasets_their_tf1_methods(index) -> None:
    """disable_v2_behavior() brings TF1 shapes back, not TF1 datasets: a fixed program still fails
    on dataset.make_initializable_iterator() (morvan-tutorial's 306_dataset.py did), so it stays reported."""
    source = ("import tensorflow as tf\ntf.compat.v1.disable_v2_behavior()\n"
              "iterator = tf.data.Dataset.range(3).make_initializable_iterator()\n"
              "width = tf.zeros([2, 3]).shape[1].value\n")
    rules = [finding.entry.id for finding in analyse(Document("m.py", source.encode()), index, fixes=True).findings]
    assert "removed-method:data.Dataset.make_initializable_iterator" in rules
    assert "removed-method:Dimension.value" not in rules


def test_no_fix_writes_a_tf_slim_function_that_fails_on_tensorflow_2(index) -> None:
    """tf_slim.batch_norm, optimize_loss and recompute_grad raise on TF 2.21 (tf-slim 1.1.0 reads
    ops.Tensor): their contrib spellings get no fix, and a file using one through `slim` keeps its
    import, while the members that work are still swapped (issue 17's edit sample found
    tf.contrib.layers.batch_norm -> tf_slim.batch_norm in DCGAN-tensorflow)."""
    for call in ("tf.contrib.layers.batch_norm(x, is_training=True)", "tf.contrib.slim.batch_norm(x)",
                 "tf.contrib.slim.optimize_loss(loss, step, 0.1, 'SGD')", "tf.contrib.slim.recompute_grad(f)"):
        source = f"import tensorflow as tf\ny = {call}\n"
        assert fixed(index, source) == source, call
    through_slim = ("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
                    "y = slim.conv2d(x, 4, 3)\nz = slim.batch_norm(y, is_training=True)\n")
    assert fixed(index, through_slim) == through_slim
    assert fixed(index, "import tensorflow as tf\ny = tf.contrib.layers.flatten(x)\n") == \
        "import tensorflow as tf\nimport tf_slim\ny = tf_slim.flatten(x)\n"


def test_an_initializer_keeps_its_dtype_under_tf_compat_v1_instead_of_losing_it(index) -> None:
    """Dropping dtype= made tf.constant_initializer(7, dtype=tf.int32) build float32 values on TF 2
    (the fix examples prove it on both TensorFlows); tf.compat.v1's initializer still takes it."""
    source = ("import tensorflow as tf\na = tf.constant_initializer(7, dtype=tf.int32, verify_shape=True)\n"
              "b = tf.zeros_initializer(std)\n")
    assert fixed(index, source) == ("import tensorflow as tf\n"
                                    "a = tf.compat.v1.constant_initializer(7, dtype=tf.int32, verify_shape=True)\n"
                                    "b = tf.compat.v1.zeros_initializer(dtype=std)\n")
    assert fixed(index, source, unsafe=False) == source
