"""Does a dotted `tf.` name resolve on the installed TensorFlow, as a fresh program would see it?

TensorFlow's lazy loaders are stateful: touching one Keras path can make another appear, and
importing a public path by module name replaces a loader. So every name is resolved in a
forked child of an interpreter that has only imported TensorFlow; the parent is never touched.
Used by tools/catalogue/generate_catalogue.py, tools/measure/measure_recall.py and the catalogue tests.
"""

from __future__ import annotations

import importlib
import os
import warnings

PRIVATE_TREES = {"tensorflow.python", "tensorflow.tools", "tensorflow.core"}


def walk(name: str) -> object:
    """Resolve in this process (it may change TF's lazy state: use FreshResolver for verdicts)."""
    current: object = importlib.import_module("tensorflow")
    path = "tensorflow"
    for part in name.split(".")[1:]:
        path += "." + part
        try:
            current = getattr(current, part)
        except AttributeError:
            if ".".join(path.split(".")[:2]) not in PRIVATE_TREES:
                raise  # a public name that is not there; importing it would replace a lazy loader
            current = importlib.import_module(path)
    return current


MISSING = object()
_here: dict[str, object] = {}


def resolve_here(name: str) -> object:
    """The object itself, in this process and cached (for signatures and docstrings), or MISSING.
    Ask FreshResolver for verdicts: resolving here may change what later names resolve to."""
    if name not in _here:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _here[name] = walk(name)
        except Exception:  # noqa: BLE001 - any failure to resolve is the answer
            _here[name] = MISSING
    return _here[name]


class FreshResolver:
    def __init__(self) -> None:
        import tensorflow  # noqa: F401 - imported once, before any fork

        self._answers: dict[str, tuple[bool, str]] = {}

    def check(self, name: str) -> tuple[bool, str]:
        """(resolves, reason it does not) for `tf.a.b` or `tensorflow.a.b`."""
        if name not in self._answers:
            self._answers[name] = self._in_child(name)
        return self._answers[name]

    def resolves(self, name: str) -> bool:
        return self.check(name)[0]

    def members(self, name: str) -> list[str]:
        """Public attribute names of the module `name` as a fresh program lists them; [] when it
        cannot be listed (a Keras 3 stub raises even for dir())."""
        listed = self._in_child(name, list_members=True)
        return listed[1].split() if listed[0] else []

    @staticmethod
    def _in_child(name: str, list_members: bool = False) -> tuple[bool, str]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: answer, then leave without running any cleanup
            os.close(read_end)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    value = walk(name)
                    listing = " ".join(sorted(n for n in dir(value) if not n.startswith("_"))) if list_members else ""
                message = b"1" + listing.encode()
            except BaseException as error:  # noqa: BLE001 - the failure is the answer
                message = b"0" + f"{type(error).__name__}: {error}".encode("utf-8", "replace")[:500]
            os.write(write_end, message)
            os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            answer = pipe.read()
        os.waitpid(pid, 0)
        return (answer[:1] == b"1", answer[1:].decode("utf-8", "replace"))
