"""The editor server's incremental parser gives, for every version of a document, the very tree
(positions included) that `ast.parse` gives for the whole text, or the same SyntaxError."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tf1lint.lsp.incremental_parse import IncrementalParser

pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")  # `1x` typed into the text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "tf1"
BASE = "".join(path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.py")))
BASE = "".join(line for line in BASE.splitlines(keepends=True) if not line.startswith("from __future__"))

# Fragments that cross statement boundaries: brackets, strings, continuations, clauses, indents.
FRAGMENTS = ["\n", "\r\n", "\r", "    ", "x", " = ", "1", "(", ")", "[", "#", "'''", '"', "\\\n",
             "def f():\n", "@tf.function\n", "else:\n", "if a:\n", "class C:\n    pass\n",
             "import tensorflow as tf\n", "tf.placeholder(tf.float32)\n", "; y = 2", "\f", "é", "中文"]


def whole(text: str) -> str:
    try:
        return ast.dump(ast.parse(text), include_attributes=True)
    except SyntaxError as error:
        return f"SyntaxError at {error.lineno}"


def incremental(parser: IncrementalParser, text: str) -> str:
    try:
        return ast.dump(parser.parse(text), include_attributes=True)
    except SyntaxError as error:
        return f"SyntaxError at {error.lineno}"


edits = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40), st.lists(st.sampled_from(FRAGMENTS), max_size=4)),
                 min_size=1, max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_every_version_parses_as_the_whole_text_would(changes):
    parser = IncrementalParser()
    text = BASE
    assert incremental(parser, text) == whole(text)
    for where, removed, inserted in changes:
        at = int(where * len(text))
        text = text[:at] + "".join(inserted) + text[at + removed:]
        assert incremental(parser, text) == whole(text)


def test_an_edit_inside_one_statement_reparses_only_that_statement():
    parser = IncrementalParser()
    parser.parse(BASE)
    lines = BASE.splitlines(keepends=True)
    target = [number for number, line in enumerate(lines) if line.startswith("import tensorflow as tf")][1]
    lines[target] = "import tensorflow as tf1\n"
    lines.insert(target, "\n")  # and one line more: every statement after it moves down
    text = "".join(lines)
    tree = parser.parse(text)
    assert ast.dump(tree, include_attributes=True) == whole(text)
    assert parser.reused_lines >= len(lines) - 8  # the statements around the edit, with their comment lines


def test_an_edit_that_opens_a_bracket_falls_back_to_the_whole_text():
    parser = IncrementalParser()
    parser.parse("a = 1\nb = 2\nc = 3\n")
    text = "a = 1\nb = (2\nc = 3\n)\n"
    assert incremental(parser, text) == whole(text)
    assert parser.reused_lines == 0
