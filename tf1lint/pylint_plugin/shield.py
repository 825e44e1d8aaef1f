"""Keeps pylint's inference away from TensorFlow when our plugin is loaded, without hiding typos.

TensorFlow builds its API from lazy loaders that astroid cannot follow: inferring `tf.*` costs
seconds per file and ends in false `no-member`, `no-name-in-module` and `import-error` messages,
while tf1lint (from its catalogue) is the authority on which TensorFlow names exist. So, unless the
user turns it off (`tf1-shield-tensorflow=no`), the plugin treats these packages as pylint's
`ignored-modules` do, for the whole package tree, not just the top-level name.

That would also silence pylint on a plain typo (`tf.keras.layers.Dnse`). So the shield reports
pylint's own `no-member` and `no-name-in-module` itself for a name that is neither in the
catalogue nor among the public names of TensorFlow 2.21, read from rules/tensorflow_names.json
(written from the installed TensorFlow by tools/catalogue/generate_tensorflow_names.py; TensorFlow is never
imported here).
"""

from __future__ import annotations

import difflib
import functools
import json
from typing import TYPE_CHECKING

from astroid import MANAGER, nodes
from astroid.manager import AstroidManager
from pylint.checkers import BaseChecker, typecheck, utils, variables
from pylint.interfaces import INFERENCE

from tf1lint.catalogue.api_names import canonical_name, module_name
from tf1lint.catalogue.files import bundled_rules

if TYPE_CHECKING:
    from pylint.lint import PyLinter

SHIELDED_PACKAGES = ("tensorflow", "tf_keras", "keras")
NAMES_FILE = "tensorflow_names.json"


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
    if not shield_is_on(linter):
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


def shield_is_on(linter: PyLinter) -> bool:
    """The `tf1-shield-tensorflow` option (on unless the user says no)."""
    return bool(getattr(linter.config, "tf1_shield_tensorflow", True))


@functools.cache
def tensorflow_modules() -> dict[str, frozenset[str]]:
    """Canonical module name ('tf.keras.layers') -> its public names on TensorFlow 2.21."""
    folder = bundled_rules()
    if folder is None or not (folder / NAMES_FILE).is_file():
        return {}
    listed = json.loads((folder / NAMES_FILE).read_text(encoding="utf-8"))["modules"]
    return {module: frozenset(names) for module, names in listed.items()}


@functools.cache
def catalogued_names() -> tuple[frozenset[str], frozenset[str]]:
    """(every name the catalogue has an entry for, and every dotted prefix of one): a TF1 name is
    tf1lint's to report, with the TF2 way, not pylint's."""
    from tf1lint.catalogue.loader import load_catalogue  # pylint: disable=import-outside-toplevel  # only for TF code

    names = frozenset(entry.target_name for entry in load_catalogue().catalogue.entries)
    prefixes = frozenset(name.rsplit(".", depth)[0] for name in names for depth in range(1, name.count(".") + 1))
    return names, prefixes


def is_catalogued(name: str) -> bool:
    """`name`, a prefix of it or a name below it has a catalogue entry."""
    names, prefixes = catalogued_names()
    if name in prefixes:
        return True
    parts = name.split(".")
    return any(".".join(parts[:end]) in names for end in range(1, len(parts) + 1))


def imported_path(statement: nodes.NodeNG, name: str) -> str | None:
    """The dotted path an import statement binds `name` to, or None for any other binding."""
    if isinstance(statement, nodes.Import):
        for module, alias in statement.names:
            if alias == name:
                return module
            if alias is None and module.split(".", 1)[0] == name:
                return name
    elif isinstance(statement, nodes.ImportFrom) and not statement.level:
        for member, alias in statement.names:
            if (alias or member) == name and member != "*":
                return f"{statement.modname}.{member}"
    return None


def qualified_name(node: nodes.NodeNG) -> str | None:
    """'tf.keras.layers' with tf imported as tensorflow -> 'tensorflow.keras.layers'; None when any
    binding of the root name on the way is not that one import (a parameter, a reassignment)."""
    attributes: list[str] = []
    while isinstance(node, nodes.Attribute):
        attributes.append(node.attrname)
        node = node.expr
    if not isinstance(node, nodes.Name):
        return None
    _, statements = node.lookup(node.name)
    paths = {imported_path(statement, node.name) for statement in statements}
    if len(paths) != 1 or None in paths:
        return None
    return ".".join([paths.pop(), *reversed(attributes)])


def unknown_member(module: str, member: str) -> bool:
    """Whether `member` of the TensorFlow module `module` (importable spelling) is a name TensorFlow
    2.21 does not have and the catalogue does not know. Unlisted modules are never judged."""
    canonical = canonical_name(module)
    members = tensorflow_modules().get(canonical)
    return (members is not None and not member.startswith("_") and member not in members
            and not is_catalogued(f"{canonical}.{member}"))


def _pylint_own_messages() -> dict[str, tuple]:
    """pylint's own definitions, shared with its checkers: the user sees (and disables) the
    messages they know."""
    return {
        "E1101": (*typecheck.MSGS["E1101"][:3], {**typecheck.MSGS["E1101"][3], "shared": True}),
        "E0611": (*variables.MSGS["E0611"][:3], {"shared": True}),
    }


class TensorFlowNamesChecker(BaseChecker):
    """pylint's own `no-member` / `no-name-in-module` on TensorFlow names, answered from the list of
    TensorFlow 2.21's names instead of astroid's inference (which the shield turns off)."""

    name = "tf1lint-tensorflow-names"
    msgs = _pylint_own_messages()

    @utils.only_required_for_messages("no-member")
    def visit_attribute(self, node: nodes.Attribute) -> None:
        """`tf.keras.layers.Dnse`: the first attribute on the chain that the module lacks."""
        if not shield_is_on(self.linter):
            return
        module = qualified_name(node.expr)
        if module is None or not unknown_member(module, node.attrname):
            return
        if utils.node_ignores_exception(node, AttributeError):
            return
        self.add_message("no-member", node=node, confidence=INFERENCE,
                         args=("Module", module_name(canonical_name(module)), node.attrname,
                               self._hint(module, node.attrname)))

    @utils.only_required_for_messages("no-name-in-module")
    def visit_importfrom(self, node: nodes.ImportFrom) -> None:
        """`from tensorflow.keras.layers import Dnse`."""
        if not shield_is_on(self.linter) or node.level or utils.node_ignores_exception(node, ImportError):
            return
        for member, _ in node.names:
            if unknown_member(node.modname, member):
                self.add_message("no-name-in-module", node=node, args=(member, node.modname))

    def _hint(self, module: str, member: str) -> str:
        """pylint's '; maybe ...?' suggestion, from the listed names."""
        config = self.linter.config
        if not getattr(config, "missing_member_hint", True):
            return ""
        close = sorted(difflib.get_close_matches(member, tensorflow_modules()[canonical_name(module)],
                                                 n=getattr(config, "missing_member_max_choices", 1)))
        if not close:
            return ""
        quoted = [repr(name) for name in close]
        if len(quoted) == 1:
            return f"; maybe {quoted[0]}?"
        return f"; maybe one of {', '.join(quoted[:-1])} or {quoted[-1]}?"


def register(linter: PyLinter) -> None:
    """Called from tf1lint.register when pylint loads the plugin."""
    linter.register_checker(TensorFlowNamesChecker(linter))
