"""Keeps pylint's inference away from TensorFlow when our plugin is loaded.

TensorFlow builds its API from lazy loaders that astroid cannot follow: inferring `tf.*` costs
seconds per file and ends in false `no-member`, `no-name-in-module` and `import-error` messages,
while tf1lint (from its catalogue) is the authority on which TensorFlow names exist. So, unless the
user turns it off (`tf1-shield-tensorflow=no`), the plugin treats these packages as pylint's
`ignored-modules` do, for the whole package tree, not just the top-level name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import MANAGER
from astroid.manager import AstroidManager

if TYPE_CHECKING:
    from pylint.lint import PyLinter

SHIELDED_PACKAGES = ("tensorflow", "tf_keras", "keras")


class PackageDenylist(set):
    """astroid's module denylist matches whole names only; this one also denies every submodule of
    the shielded packages (`tensorflow.compat.v1`, `tensorflow.keras.layers`...)."""

    def __init__(self, names: set[str], packages: tuple[str, ...]) -> None:
        super().__init__(names)
        self.packages = frozenset(packages)

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str) and name.split(".", 1)[0] in self.packages:
            return True
        return super().__contains__(name)


def shield_tensorflow(linter: PyLinter) -> None:
    """Called once pylint has read its options, before it checks anything."""
    if not getattr(linter.config, "tf1_shield_tensorflow", True):
        return
    ignored = list(linter.config.ignored_modules or ())
    # pylint's checkers (typecheck, imports) read these patterns to stay quiet about the modules.
    for package in SHIELDED_PACKAGES:
        for pattern in (package, f"{package}.*"):
            if pattern not in ignored:
                ignored.append(pattern)
    linter.config.ignored_modules = tuple(ignored)
    denylist = MANAGER.module_denylist
    if not isinstance(denylist, PackageDenylist):
        # The manager's state is shared through its class-level `brain`; replace it in both places.
        denylist = PackageDenylist(set(denylist), SHIELDED_PACKAGES)
        AstroidManager.brain["module_denylist"] = denylist
        MANAGER.module_denylist = denylist
