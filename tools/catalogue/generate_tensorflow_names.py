"""Write rules/tensorflow_names.json: the public names of each module of the installed TensorFlow.

    python -m tools.catalogue.generate_tensorflow_names            # writes rules/tensorflow_names.json
    python -m tools.catalogue.generate_tensorflow_names --check    # exit 1 if the committed file differs

The pylint plugin keeps astroid away from TensorFlow (tf1lint/pylint_plugin/shield.py), which would also
silence pylint's `no-member` on a plain typo such as `tf.keras.layers.Dnse`. With this list, read
at lint time without importing TensorFlow, the plugin reports such names itself. Only modules of
TensorFlow's public API are listed (tf.compat.v1 and tf.compat.v2 are not: v1 is TF1's own API, v2
is tf itself); a module missing from the list is never judged.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import types
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "rules" / "tensorflow_names.json"
NOT_LISTED = {"tf.compat.v1", "tf.compat.v2"}


def is_public_api(module: types.ModuleType, api_root: Path) -> bool:
    """TF's generated API packages (tensorflow/_api/v2/...) and Keras 3's public modules; not TF's
    implementation packages that `dir(tf)` also shows (tf.dtensor is tensorflow/dtensor, say)."""
    name = getattr(module, "__name__", "")
    if name.startswith("keras.") and not name.startswith("keras.src"):
        return True
    location = getattr(module, "__file__", None)
    return location is not None and Path(location).resolve().is_relative_to(api_root)


def public_names(tensorflow: types.ModuleType) -> dict[str, list[str]]:
    """Module path ('tf.keras.layers') -> its public member names, for every public API module."""
    api_root = Path(tensorflow.__file__).resolve().parent / "_api"
    table: dict[str, list[str]] = {}
    pending: list[tuple[str, types.ModuleType]] = [("tf", tensorflow)]
    while pending:
        path, module = pending.pop()
        members = sorted(name for name in dir(module) if not name.startswith("_"))
        table[path] = members
        for name in members:
            try:
                value = getattr(module, name)
            except Exception:  # noqa: BLE001, S112  # pylint: disable=broad-exception-caught
                # A member that cannot even be read (a broken lazy loader) is listed, not walked.
                continue
            child = f"{path}.{name}"
            if isinstance(value, types.ModuleType) and child not in NOT_LISTED and child not in table \
                    and is_public_api(value, api_root):
                pending.append((child, value))
    return dict(sorted(table.items()))


def render(table: dict[str, list[str]], version: str) -> str:
    """The file's text: stable, sorted JSON."""
    # One module per line: a new TensorFlow shows up as a readable diff.
    lines = [f'  "tensorflow": {json.dumps(version)},', '  "modules": {']
    lines += [f"    {json.dumps(path)}: {json.dumps(members)}," for path, members in table.items()]
    lines[-1] = lines[-1].rstrip(",")
    return "{\n" + "\n".join(lines) + "\n  }\n}\n"


def main() -> int:
    """Write the file, or with --check say whether it is current (exit 1 when not)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing it")
    arguments = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import tensorflow  # pylint: disable=import-outside-toplevel  # only this tool imports it

        text = render(public_names(tensorflow), ".".join(tensorflow.__version__.split(".")[:2]))
    if arguments.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is not what this TensorFlow lists: "
                  "run python -m tools.catalogue.generate_tensorflow_names", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
