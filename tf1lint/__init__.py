"""tf1lint: find TensorFlow 1.x API use that is gone, moved or changed in TensorFlow 2.

As a pylint plugin (`pylint --load-plugins tf1lint`) pylint calls `register` and
`load_configuration` below; the standalone command lives in tf1lint.cli.main.
"""

from __future__ import annotations

__version__ = "0.2.0"

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `tf1lint --version` stays instant
if TYPE_CHECKING:  # pylint is only imported when pylint loads us
    from pylint.lint import PyLinter


def register(linter: PyLinter) -> None:
    from tf1lint.pylint_plugin.checker import register as register_checker
    from tf1lint.pylint_plugin.shield import register as register_shield

    register_checker(linter)
    register_shield(linter)


def load_configuration(linter: PyLinter) -> None:
    from tf1lint.pylint_plugin.checker import validate_configuration
    from tf1lint.pylint_plugin.shield import shield_tensorflow

    validate_configuration(linter)
    shield_tensorflow(linter)
