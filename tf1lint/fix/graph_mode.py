"""Graph mode for a program's entry file: whether the file starts a program, and where
`tf.compat.v1.disable_v2_behavior()` goes in it (right after the statement that binds TensorFlow,
so never above a shebang, docstring or `from __future__` import, and never before the import).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

COMPAT_MODE_CALL = "compat.v1.disable_v2_behavior()"
# Test-case APIs that build graphs in a session: such a test module runs TF1 graph code.
_GRAPH_TEST_APIS = ("test_session", "TestCase")
# Top-level calls a library module makes while being imported: they do not make it a script.
_IMPORT_TIME_CALLS = ("DEFINE", "getLogger", "basicConfig", "setLevel", "set_verbosity", "filterwarnings",
                      "register", "mark_flag_as_required", "declare_key_flag")


@dataclass(frozen=True)
class Insertion:
    """A statement to add at the start of a line."""

    line: int  # 1-based line the new statement goes before (column 0)
    text: str  # the statement(s), indented, each ending with a newline


def entry_point_reason(tree: ast.Module, raw: bytes, notebook: bool) -> str | None:
    """Why this file starts a program (it then gets graph mode when it needs it), or None."""
    if notebook:
        return "a notebook"
    if any(_is_main_guard(statement) for statement in tree.body):
        return "an `if __name__ == \"__main__\":` block"
    for marker in _GRAPH_TEST_APIS:
        if marker.encode() in raw and b"test" in raw:
            return "a test module using TF1 graph test APIs"
    for statement in tree.body:
        if _runs_at_top_level(statement):
            return "top-level code that runs as a script"
    return None


def graph_mode_insertion(tree: ast.Module, raw: bytes) -> Insertion | None:
    """The call, right after the first statement that binds TensorFlow; None when nothing binds it."""
    found = _first_tensorflow_import(tree.body, None)
    if found is None:
        return None
    statement, holder = found
    # An import inside try/except (or an if) at top level: after that whole statement.
    anchor = holder if holder is not None else statement
    lines = raw.split(b"\n")
    first = lines[anchor.lineno - 1]
    indent = first[:len(first) - len(first.lstrip(b" \t"))].decode("utf-8")
    return Insertion((anchor.end_lineno or anchor.lineno) + 1, f"{indent}{_call_for(statement)}\n")


def _call_for(statement: ast.Import | ast.ImportFrom) -> str:
    """The call spelled with the name this statement binds (`tf.compat.v1....`, or the compat.v1 alias's own)."""
    if isinstance(statement, ast.Import):
        for alias in statement.names:
            if alias.name == "tensorflow" or alias.name.startswith("tensorflow.") and alias.asname is None:
                return f"{alias.asname or 'tensorflow'}.{COMPAT_MODE_CALL}"
            if alias.name == "tensorflow.compat.v1" and alias.asname:
                return f"{alias.asname}.disable_v2_behavior()"
    if isinstance(statement, ast.ImportFrom) and statement.module == "tensorflow.compat" and not statement.level:
        for alias in statement.names:
            if alias.name == "v1":
                return f"{alias.asname or 'v1'}.disable_v2_behavior()"
    # `from tensorflow import X` binds no module name: bind one, for this call only.
    return f"import tensorflow\ntensorflow.{COMPAT_MODE_CALL}"


def _first_tensorflow_import(statements: list[ast.stmt], holder: ast.stmt | None
                             ) -> tuple[ast.Import | ast.ImportFrom, ast.stmt | None] | None:
    """The first import binding TensorFlow, in source order, and the top-level try/if holding it."""
    for statement in statements:
        if isinstance(statement, (ast.Import, ast.ImportFrom)) and _binds_tensorflow(statement):
            return statement, holder
        if isinstance(statement, (ast.Try, ast.If)) and holder is None:
            for body in (statement.body, *(handler.body for handler in getattr(statement, "handlers", [])),
                         statement.orelse, getattr(statement, "finalbody", [])):
                found = _first_tensorflow_import(body, statement)
                if found is not None:
                    # A main guard is a body of its own: the call goes after the import inside it.
                    return (found[0], None) if _is_main_guard(statement) else found
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.With)):
            found = _first_tensorflow_import(statement.body, holder)
            if found is not None:
                return found
    return None


def _binds_tensorflow(statement: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(statement, ast.Import):
        return any(alias.name == "tensorflow" or alias.name.startswith("tensorflow.") for alias in statement.names)
    module = statement.module or ""
    return not statement.level and (module == "tensorflow" or module.startswith("tensorflow."))


def _runs_at_top_level(statement: ast.stmt) -> bool:
    """A statement that does work when the module runs: a call (other than import-time set-up), a loop,
    a `with` block."""
    if isinstance(statement, (ast.For, ast.While, ast.With)):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        func = statement.value.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        return not name.startswith(_IMPORT_TIME_CALLS)
    return False


def _is_main_guard(statement: ast.stmt) -> bool:
    test = statement.test if isinstance(statement, ast.If) else None
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
            and len(test.comparators) == 1 and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value == "__main__")
