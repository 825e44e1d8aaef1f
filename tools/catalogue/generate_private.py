"""Regenerate rules/generated/private.yaml: TensorFlow 1.15's private modules and names gone on TF 2.21.

    python -m tools.catalogue.generate_private --wheel tensorflow_cpu-1.15.0-...whl           # writes the file
    python -m tools.catalogue.generate_private --wheel tensorflow_cpu-1.15.0-...whl --check   # exit 1 if stale

TF1-era code imports `tensorflow.python.*` freely. Most of it still imports on TF 2.21; what
breaks is a module that is gone, or a name a surviving module no longer defines. Both sides are
read statically, nothing is imported from them: the TF 1.15 wheel as a zip (its python tree is
`tensorflow_core/python`, aliased as `tensorflow.python` at run time) and the installed TF 2.21's
`tensorflow/python` files. A module only TF 2.21's compiled extensions define, or one that makes
names at run time (star imports we cannot follow, a module `__getattr__`, `globals()` writes), is
never said to have lost a name. Each candidate is then confirmed by the installed TensorFlow in a
fresh interpreter (tools/catalogue/tf_resolution.py): what still resolves there gets no entry.

Replacements come from TF 1.15's own export tables (`tensorflow_core/_api/v1/...`, including its
`compat/v2` tree): the public name that exported the same object, checked to resolve on TF 2.21.
The wheel is read, never committed; its digest is pinned so that the output is reproducible.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import os
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tools.catalogue.generate_catalogue import suggested_replacement
from tools.catalogue.tf_resolution import FreshResolver

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "rules" / "generated" / "private.yaml"
HAND_WRITTEN = ROOT / "rules" / "private.yaml"
WHEEL_NAME = "tensorflow_cpu-1.15.0-cp37-cp37m-manylinux2010_x86_64.whl"
WHEEL_SHA256 = "2996f18a570790e04689c0c0f1b401c06890861c1b13bc01a6e88e291fd206ea"
WHEEL_ENVIRONMENT = "TF1LINT_TF115_WHEEL"
WHEEL_HELP = (f"pip download --no-deps --only-binary=:all: --python-version 3.7 --platform manylinux2010_x86_64 "
              f"tensorflow-cpu==1.15.0 -d DIR; then pass --wheel DIR/{WHEEL_NAME} or set {WHEEL_ENVIRONMENT}")
TF1_ROOT = "tensorflow_core/"  # the 1.15 wheel's real package; `tensorflow` forwards to it
PRIVATE = "tensorflow.python"
# Folders of TF 1.15's generated export tables -> the public name their folder stands for.
API_TABLES = {TF1_ROOT + "_api/v1/": "tf.", TF1_ROOT + "python/keras/api/_v1/keras/": "tf.keras.",
              TF1_ROOT + "python/keras/api/_v2/keras/": "tf.compat.v2.keras."}


@dataclass
class ModuleNames:
    """What one module binds at top level, read from its source without running it."""

    defined: set[str] = field(default_factory=set)  # def, class, assignment, import of a TF object
    modules_bound: set[str] = field(default_factory=set)  # `import x`, imports of whole modules, lazy loaders
    module_paths: dict[str, str] = field(default_factory=dict)  # name bound to a TensorFlow module -> its path
    foreign: set[str] = field(default_factory=set)  # names imported from outside TensorFlow (numpy, six)
    origins: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (module, name) it came from
    star_sources: list[str] = field(default_factory=list)
    dynamic: bool = False  # the module makes names at run time: what it binds is not known statically

    def all_bound(self) -> set[str]:
        return self.defined | self.modules_bound | self.foreign


# -- reading a module's top level -----------------------------------------------------------------

def _absolute(module: str, is_package: bool, level: int, target: str | None) -> str:
    """`from ..x import y` inside `module`, as an absolute module name."""
    if level == 0:
        return target or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join(base + ([target] if target else []))


def _top_level_statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements that run at import: into if/try/with blocks, not into functions or classes."""
    flat: list[ast.stmt] = []
    for statement in body:
        flat.append(statement)
        if isinstance(statement, (ast.If, ast.For, ast.While)):
            flat += _top_level_statements(statement.body) + _top_level_statements(statement.orelse)
        elif isinstance(statement, ast.With):
            flat += _top_level_statements(statement.body)
        elif isinstance(statement, ast.Try):
            flat += _top_level_statements(statement.body) + _top_level_statements(statement.orelse)
            flat += _top_level_statements(statement.finalbody)
            for handler in statement.handlers:
                flat += _top_level_statements(handler.body)
    return flat


# Statements whose own body is either run later (functions, classes) or already in the flat list.
_NOT_WALKED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For, ast.While, ast.With, ast.Try)


def _targets(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, (ast.Tuple, ast.List)):
        return [name for element in node.elts for name in _targets(element)]
    if isinstance(node, ast.Starred):
        return _targets(node.value)
    return []


def _is_call_of(node: ast.AST, names: tuple[str, ...]) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names


def _makes_names_at_run_time(statements: list[ast.stmt]) -> bool:
    """Does the module write its own namespace at import (`globals()[...] =`, `globals().update`,
    `sys.modules[__name__] = ...`)? Handing `globals()` to a call whose result is bound to a name
    is TensorFlow's lazy-loader idiom (`x = LazyLoader("x", globals(), ...)`) and binds only `x`."""
    for statement in statements:
        if isinstance(statement, _NOT_WALKED):
            continue
        lazy_loader_arguments = set()
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
            lazy_loader_arguments = {id(argument) for argument in statement.value.args}
        for node in ast.walk(statement):
            if _is_call_of(node, ("globals", "vars")) and id(node) not in lazy_loader_arguments:
                return True
            if isinstance(node, ast.Attribute) and node.attr == "modules" and isinstance(node.value, ast.Name) \
                    and node.value.id in ("sys", "_sys"):
                return True
    return False


def _is_lazy_loader(value: ast.expr) -> bool:
    """`name = LazyLoader("name", globals(), "tensorflow.python...")` binds a module, not an object."""
    return isinstance(value, ast.Call) and (
        isinstance(value.func, ast.Name) and value.func.id.endswith("LazyLoader")
        or isinstance(value.func, ast.Attribute) and value.func.attr.endswith("LazyLoader"))


def _alias_source(value: ast.expr, names: ModuleNames, module: str) -> tuple[str, str] | None:
    """Where `X = other_module.Y` or `X = Y` takes its object from, as (module, name)."""
    if isinstance(value, ast.Name) and not value.id.startswith("_"):
        return names.origins.get(value.id, (module, value.id))
    if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) \
            and value.value.id in names.module_paths:
        return names.module_paths[value.value.id], value.attr
    return None


def read_module(source: bytes, module: str, is_package: bool, is_module) -> ModuleNames | None:
    """The top-level names of one module's source; None when the source does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    statements = _top_level_statements(tree.body)
    names = ModuleNames(dynamic=_makes_names_at_run_time(statements))
    for statement in statements:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.defined.add(statement.name)
        elif isinstance(statement, ast.Assign):
            bound = [name for target in statement.targets for name in _targets(target)]
            if _is_lazy_loader(statement.value) or isinstance(statement.value, ast.Name) \
                    and statement.value.id in names.modules_bound:
                names.modules_bound.update(bound)
                continue
            names.defined.update(bound)
            source = _alias_source(statement.value, names, module)
            if source is not None and len(bound) == 1:
                names.origins[bound[0]] = source
        elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
            names.defined.update(_targets(statement.target))
        elif isinstance(statement, (ast.For, ast.With)):
            targets = [statement.target] if isinstance(statement, ast.For) else \
                [item.optional_vars for item in statement.items if item.optional_vars is not None]
            for target in targets:
                names.defined.update(_targets(target))
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                names.modules_bound.add(alias.asname or alias.name.split(".")[0])
                if alias.asname:
                    names.module_paths[alias.asname] = alias.name
        elif isinstance(statement, ast.ImportFrom):
            origin = _absolute(module, is_package, statement.level, statement.module)
            for alias in statement.names:
                if alias.name == "*":
                    names.star_sources.append(origin)
                    continue
                bound = alias.asname or alias.name
                if origin == "__future__" or not origin.startswith("tensorflow"):
                    names.foreign.add(bound)
                elif is_module(f"{origin}.{alias.name}") or alias.name.endswith("_pb2"):
                    names.modules_bound.add(bound)
                    names.module_paths[bound] = f"{origin}.{alias.name}"
                else:
                    names.defined.add(bound)
                    names.origins[bound] = (origin, alias.name)
    # `__getattr__ = deprecation.deprecate_moved_module(...)` answers any name at run time.
    names.dynamic = names.dynamic or "__getattr__" in names.defined
    return names


# -- the two TensorFlow trees ----------------------------------------------------------------------

class Tree:
    """All modules of one TensorFlow's private tree, with what each binds (None: not known)."""

    def __init__(self) -> None:
        self.modules: dict[str, ModuleNames | None] = {}
        self.packages: set[str] = set()
        self.compiled: set[str] = set()  # extension modules (.so): their names are never known here

    def exists(self, module: str) -> bool:
        return module in self.modules

    def children(self, module: str) -> set[str]:
        prefix = module + "."
        return {name[len(prefix):] for name in self.modules if name.startswith(prefix) and "." not in name[len(prefix):]}

    def _read_all(self, sources: dict[str, tuple[bytes | None, bool]]) -> None:
        """sources: module -> (source or None for a compiled extension, is_package)."""
        for module, (_, is_package) in sources.items():
            self.modules[module] = None
            if is_package:
                self.packages.add(module)
            parts = module.split(".")
            for end in range(2, len(parts)):  # namespace packages: a folder imports without __init__.py
                parent = ".".join(parts[:end])
                self.modules.setdefault(parent, None)
                self.packages.add(parent)
        for module, (source, is_package) in sources.items():
            if source is not None:
                self.modules[module] = read_module(source, module, is_package, self.exists)
            elif not is_package:
                self.compiled.add(module)

    def backed_by_compiled(self, module: str, seen: frozenset[str] = frozenset()) -> bool:
        """Is the module an extension, or does it star-import one (directly or through others)?"""
        if module in self.compiled:
            return True
        names = self.modules.get(module)
        if names is None or module in seen:
            return False
        return any(self.backed_by_compiled(origin, seen | {module}) for origin in names.star_sources)

    def bound_names(self, module: str, seen: frozenset[str] = frozenset()) -> set[str] | None:
        """Every name the module has at run time, star imports followed; None if not statically known."""
        names = self.modules.get(module)
        if names is None or names.dynamic or module in seen:
            return None
        bound = names.all_bound() | self.children(module)
        for origin in names.star_sources:
            more = self.bound_names(origin, seen | {module})
            if more is None:
                return None
            bound |= {name for name in more if not name.startswith("_")}
        return bound


class WheelTree(Tree):
    """TF 1.15's `tensorflow_core/python`, read from the wheel's zip, named `tensorflow.python.*`."""

    def __init__(self, wheel: zipfile.ZipFile) -> None:
        super().__init__()
        sources: dict[str, tuple[bytes | None, bool]] = {}
        for name in wheel.namelist():
            if not name.startswith(TF1_ROOT + "python/"):
                continue
            module = _module_name("tensorflow/" + name[len(TF1_ROOT):])
            if module is not None:
                source = wheel.read(name) if name.endswith(".py") else None
                sources[module[0]] = (source, module[1])
        self._read_all(sources)


class InstalledTree(Tree):
    """The installed TensorFlow 2's `tensorflow/python`, read from its files."""

    def __init__(self, site_packages: Path) -> None:
        super().__init__()
        sources: dict[str, tuple[bytes | None, bool]] = {}
        base = site_packages / "tensorflow" / "python"
        for path in sorted(base.rglob("*")):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            relative = path.relative_to(site_packages).as_posix()
            module = _module_name(relative)
            if module is not None:
                source = path.read_bytes() if path.suffix == ".py" else None
                sources[module[0]] = (source, module[1])
        self._read_all(sources)


def _module_name(path: str) -> tuple[str, bool] | None:
    """`tensorflow/python/ops/array_ops.py` -> ("tensorflow.python.ops.array_ops", False)."""
    if path.endswith("/__init__.py"):
        return path[: -len("/__init__.py")].replace("/", "."), True
    if path.endswith(".py"):
        return path[: -len(".py")].replace("/", "."), False
    if path.endswith(".so"):  # _foo.cpython-311-x86_64-linux-gnu.so or _foo.so
        stem = path[: -len(".so")].split("/")
        stem[-1] = stem[-1].split(".")[0]
        return ".".join(stem), False
    return None


# -- the public names TF 1.15 exported ---------------------------------------------------------------

def public_exports(wheel: zipfile.ZipFile) -> dict[tuple[str, str], list[str]]:
    """(private module, name) -> the public `tf.` names TF 1.15 exported that object under.

    Read from the generated API tree: `tensorflow_core/__init__.py` is `tf`, `_api/v1/a/b/__init__.py`
    is `tf.a.b`, and `_api/v1/compat/v2/...` (TF2's names as 1.15 knew them) is `tf.compat.v2....`;
    tf.keras has its own tables under `python/keras/api/_v1` (TF1) and `_v2` (TF2)."""
    exports: dict[tuple[str, str], list[str]] = {}
    for name in sorted(wheel.namelist()):
        if name == TF1_ROOT + "__init__.py":
            public = "tf"
        elif name.endswith("__init__.py") and name.startswith(tuple(API_TABLES)):
            table = next(table for table in API_TABLES if name.startswith(table))
            folder = name[len(table): -len("__init__.py")].strip("/").replace("/", ".")
            public = (API_TABLES[table] + folder).rstrip(".")
        else:
            continue
        try:
            tree = ast.parse(wheel.read(name))
        except SyntaxError:
            continue
        for statement in tree.body:
            if isinstance(statement, ast.ImportFrom) and statement.level == 0 and statement.module \
                    and statement.module.startswith(PRIVATE):
                for alias in statement.names:
                    exported = alias.asname or alias.name
                    if not exported.startswith("_"):
                        exports.setdefault((statement.module, alias.name), []).append(f"{public}.{exported}")
    return exports


def tf2_spellings(public: str) -> list[str]:
    """The ways a 1.15 public name may be spelled on TF 2, in order of preference."""
    if public.startswith("tf.compat.v2."):
        return ["tf." + public[len("tf.compat.v2."):]]
    if public.startswith("tf.compat.v1."):
        return [public]
    return [public, "tf.compat.v1." + public[len("tf."):]]


# -- the verdicts --------------------------------------------------------------------------------------

def public_api(name: str) -> str:
    return "tf." + name[len("tensorflow."):]


@dataclass
class Verdicts:
    gone_modules: list[str] = field(default_factory=list)
    gone_names: list[tuple[str, str]] = field(default_factory=list)
    static_candidates: int = 0
    still_resolving: list[str] = field(default_factory=list)
    names_not_judged: int = 0  # names of TF 2.21 modules backed by compiled extensions: never claimed
    names_at_run_time: set[tuple[str, str]] = field(default_factory=set)  # gone names judged by the resolver only


def _plausible(module: str) -> bool:
    """Modules TF1-era code could have imported: no private or test parts."""
    parts = module.split(".")
    return not any(part.startswith("_") or part.endswith("_test") for part in parts[2:])


def judge(old: Tree, new: Tree, fresh: FreshResolver) -> Verdicts:
    verdicts = Verdicts()
    for module in sorted(old.modules):
        if not module.startswith(PRIVATE + ".") or not _plausible(module):
            continue
        if not new.exists(module):
            verdicts.static_candidates += 1
            if fresh.resolves(public_api(module)):
                verdicts.still_resolving.append(module)
            else:
                verdicts.gone_modules.append(module)
            continue
        names = old.modules[module]
        if names is None:
            continue
        present = new.bound_names(module)
        public = sorted(name for name in names.defined if not name.startswith("_"))
        if present is None and new.backed_by_compiled(module):
            verdicts.names_not_judged += len(public)
            continue
        for name in public:
            if present is not None and name in present:
                continue
            if present is not None:
                verdicts.static_candidates += 1
            if fresh.resolves(f"{public_api(module)}.{name}"):
                if present is not None:
                    verdicts.still_resolving.append(f"{module}.{name}")
            else:
                verdicts.gone_names.append((module, name))
                if present is None:
                    # A module that makes its names at import (star imports of Python code we do not read,
                    # a module __getattr__): only the installed TensorFlow can say.
                    verdicts.names_at_run_time.add((module, name))
    return verdicts


class Replacements:
    """The public TF 2.21 name of a 1.15 private object, from 1.15's export tables."""

    def __init__(self, old: Tree, exports: dict[tuple[str, str], list[str]], fresh: FreshResolver) -> None:
        self.old = old
        self.exports = exports
        self.fresh = fresh

    def origin(self, module: str, name: str) -> tuple[str, str]:
        """Follow `from x import name` chains in 1.15 to where the object was defined."""
        seen = set()
        while (module, name) not in seen:
            seen.add((module, name))
            names = self.old.modules.get(module)
            if names is None or name not in names.origins or (module, name) in self.exports:
                break
            module, name = names.origins[name]
        return module, name

    def for_name(self, module: str, name: str) -> str | None:
        publics = self.exports.get((module, name)) or self.exports.get(self.origin(module, name), [])
        spellings = []
        for public in publics:
            spellings += tf2_spellings(public)
        # TF2 names first (from compat.v2 or a plain name still there), then the compat.v1 stop-gap.
        ordered = sorted(set(spellings), key=lambda s: (s.startswith("tf.compat.v1."), s.count("."), s))
        for candidate in ordered:
            if self.fresh.resolves(candidate):
                return candidate
        # The public TF1 name is gone too (tf.layers.*, tf.train.*Optimizer): the TF2 way of that family.
        for candidate in ordered:
            suggestion = suggested_replacement(candidate, self)
            # Only a checked TF2 name: that module's guidance sentences are about the TF1 public name's use.
            if suggestion and suggestion.startswith("tf.") and self.fresh.resolves(suggestion):
                return suggestion
        return None

    def resolves(self, name: str) -> bool:
        """For generate_catalogue.suggested_replacement, which checks its suggestions this way."""
        return self.fresh.resolves(name)

    def for_module(self, module: str) -> str | None:
        """The public module where most of this module's exported objects live on TF 2.21."""
        homes: Counter[str] = Counter()
        for (private, _), publics in sorted(self.exports.items()):
            if private != module and not private.startswith(module + "."):
                continue
            for public in publics:
                spelled = tf2_spellings(public)[0]
                if not spelled.startswith("tf.compat.v1.") and self.fresh.resolves(spelled):
                    homes[spelled.rpartition(".")[0]] += 1
        for home, _ in sorted(homes.items(), key=lambda item: (-item[1], item[0])):
            if home != "tf":
                return home
        return None


# -- the catalogue file ----------------------------------------------------------------------------------

MODULE_NOTE = "This private module is gone from TensorFlow 2.21, with everything below it."
NAME_NOTE = "Its private module still imports on TensorFlow 2.21, but no longer defines this name."
RUN_TIME_NOTE = ("Its private module still imports on TensorFlow 2.21 and makes its names at import; this one is not"
                 " among them there.")
NO_PUBLIC_MODULE = ("no public tf.* module exported its contents in TF 1.15: rewrite the code with the public TF2 API,"
                    " or keep a copy of what you need in your own code")
# Gone packages whose way out is not a module of exports.
MODULE_ADVICE = {
    "tensorflow.python.estimator": "tf.keras Model.fit or a custom training loop (tf.estimator is gone from TF 2.16)",
    "tensorflow.python.keras.estimator": "tf.keras Model.fit or a custom training loop (tf.estimator is gone from TF 2.16)",
}
NO_PUBLIC_NAME = ("no public tf.* name for it resolves on TF 2.21: rewrite the code with the public TF2 API, or keep"
                  " a copy of the helper in your own code")


def hand_written_apis() -> set[str]:
    document = yaml.safe_load(HAND_WRITTEN.read_text(encoding="utf-8")) or {}
    return {item["api"] for item in document.get("entries", []) or [] if isinstance(item, dict) and "api" in item}


def entries(verdicts: Verdicts, replacements: Replacements, hand_written: set[str],
            covered: list[str] | None = None) -> list[dict]:
    """The catalogue records; `covered` collects hand-written APIs that a generated verdict duplicates."""
    covered = [] if covered is None else covered
    records = []
    for module in verdicts.gone_modules:
        api = public_api(module) + ".*"
        if api in hand_written:
            covered.append(api)
            continue
        advice = next((text for package, text in MODULE_ADVICE.items()
                       if module == package or module.startswith(package + ".")), None)
        replacement = advice or replacements.for_module(module) or NO_PUBLIC_MODULE
        records.append({"id": f"removed:{module[len('tensorflow.'):]}", "api": api, "kind": "removed",
                        "replacement": replacement, "note": MODULE_NOTE})
    for module, name in verdicts.gone_names:
        api = f"{public_api(module)}.{name}"
        if api in hand_written:
            covered.append(api)
            continue
        replacement = replacements.for_name(module, name)
        records.append({"id": f"removed:{api[len('tf.'):]}", "api": api, "kind": "removed",
                        "replacement": replacement or NO_PUBLIC_NAME,
                        "note": RUN_TIME_NOTE if (module, name) in verdicts.names_at_run_time else NAME_NOTE})
    return sorted(records, key=lambda record: record["api"])


HEADER = """# GENERATED by tools/catalogue/generate_private.py from the TensorFlow 1.15.0 wheel ({wheel}) and the
# installed TensorFlow {version}: private modules and names TF1-era code could import that are gone.
# Do not edit: change rules/private.yaml (which wins over this file) or the generator.
"""


def render(records: list[dict], version: str) -> str:
    body = yaml.safe_dump({"catalogue": 1, "tensorflow": version, "entries": records},
                          sort_keys=False, width=120, allow_unicode=True)
    return HEADER.format(wheel=WHEEL_NAME, version=version) + body


def find_wheel(given: str | None) -> Path | None:
    candidate = given or os.environ.get(WHEEL_ENVIRONMENT)
    if candidate:
        return Path(candidate)
    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tf1lint" / WHEEL_NAME
    return default if default.exists() else None


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", help=f"the TF 1.15.0 wheel ({WHEEL_NAME}); default ${WHEEL_ENVIRONMENT}"
                                        " or ~/.cache/tf1lint/")
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    arguments = parser.parse_args()
    wheel_path = find_wheel(arguments.wheel)
    if wheel_path is None or not wheel_path.is_file():
        print(f"generate_private: no TF 1.15 wheel found; {WHEEL_HELP}", file=sys.stderr)
        return 2
    if sha256(wheel_path) != WHEEL_SHA256:
        print(f"generate_private: {wheel_path}: not the pinned {WHEEL_NAME} (sha256 differs)", file=sys.stderr)
        return 2
    import tensorflow

    version = ".".join(tensorflow.__version__.split(".")[:2])
    fresh = FreshResolver()
    with zipfile.ZipFile(wheel_path) as wheel:
        old = WheelTree(wheel)
        exports = public_exports(wheel)
    new = InstalledTree(Path(tensorflow.__file__).resolve().parent.parent)
    verdicts = judge(old, new, fresh)
    covered: list[str] = []
    records = entries(verdicts, Replacements(old, exports, fresh), hand_written_apis(), covered)
    text = render(records, version)
    kinds = Counter("module" if record["api"].endswith(".*") else "name" for record in records)
    with_public = sum(1 for record in records if record["replacement"] not in (NO_PUBLIC_NAME, NO_PUBLIC_MODULE))
    print(f"TF 1.15 private modules {sum(1 for m in old.modules if m.startswith(PRIVATE + '.'))}; "
          f"gone modules {len(verdicts.gone_modules)}, gone names {len(verdicts.gone_names)}; "
          f"static candidates {verdicts.static_candidates}, of which still resolving {len(verdicts.still_resolving)}; "
          f"names judged by the installed TF only (made at import) {len(verdicts.names_at_run_time)}; "
          f"names not judged (TF 2.21 module backed by a compiled extension) {verdicts.names_not_judged}; "
          f"entries {dict(kinds)}, with a public replacement {with_public}")
    if covered:
        print("judged here too, but the hand-written entry in rules/private.yaml wins: " + ", ".join(covered))
    if arguments.check:
        if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != text:
            print(f"out of date: {OUTPUT.relative_to(ROOT)}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
