"""The two spellings of a TensorFlow API: the catalogue's (`tf.x`) and the importable one
(`tensorflow.x`). Nothing else here, so the pylint plugin can ask it without loading the catalogue."""

from __future__ import annotations


def module_name(api: str) -> str:
    """Canonical catalogue spelling -> importable module path ('tf.x' -> 'tensorflow.x')."""
    if api == "tf" or api.startswith("tf."):
        return "tensorflow" + api[2:]
    return api


def canonical_name(qualified: str) -> str:
    """Importable path -> catalogue spelling ('tensorflow.compat.v2.x' -> 'tf.x')."""
    if qualified == "tensorflow" or qualified.startswith("tensorflow."):
        name = "tf" + qualified[len("tensorflow"):]
        # compat.v2 is TF2 itself; the v1 API lives on under compat.v1.
        if name == "tf.compat.v2" or name.startswith("tf.compat.v2."):
            name = "tf" + name[len("tf.compat.v2"):]
        return name
    return qualified
