"""Write rules/checkpoint_names.yaml, the fragile-name entries, from real TensorFlow 1.14 signatures.

    /work/tf114/venv/bin/python -m tools.catalogue.generate_checkpoint_names           # writes the file
    /work/tf114/venv/bin/python -m tools.catalogue.generate_checkpoint_names --check   # exit 1 if it differs

For each TF1 API that names the variables it creates by construction order when it is not given a
name, TF 1.14 itself says which parameter names them and at which position (`inspect.signature`;
`self` left out), and, for the tf.layers classes, the name an unnamed layer gets. The API lists below
are the only hand-decided part. Runs on Python 3.7 (TF 1.14): no YAML library is needed.
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUTPUT = Path(__file__).resolve().parents[2] / "rules" / "checkpoint_names.yaml"

# tf.layers: function -> the class it builds (the class's unnamed instance gives the default name).
LAYER_FUNCTIONS = {
    "dense": "Dense", "conv1d": "Conv1D", "conv2d": "Conv2D", "conv3d": "Conv3D",
    "conv2d_transpose": "Conv2DTranspose", "conv3d_transpose": "Conv3DTranspose",
    "separable_conv1d": "SeparableConv1D", "separable_conv2d": "SeparableConv2D",
    "batch_normalization": "BatchNormalization",
}
# tf.contrib.layers (and the same functions through tf.contrib.slim) that create variables in a
# variable scope named `scope`, or after the function when it is None.
CONTRIB_LAYERS = (
    "fully_connected", "linear", "relu", "relu6", "conv1d", "conv2d", "conv3d", "convolution", "convolution1d",
    "convolution2d", "convolution3d", "conv2d_transpose", "convolution2d_transpose", "conv3d_transpose",
    "convolution3d_transpose", "separable_conv2d", "separable_convolution2d", "conv2d_in_plane",
    "convolution2d_in_plane", "batch_norm", "layer_norm", "instance_norm", "group_norm", "embed_sequence",
    "bias_add",
)
ADVICE = "pass {keyword}= before converting checkpoints (the name it gets today keeps old checkpoints loadable)"
SAVER_ADVICE = "pass var_list= (the model's variables) before converting checkpoints"


def position_of(function, keyword: str):
    """The 0-based position of `keyword` among the positional parameters (`self` left out), or None
    when it can only be passed by keyword (a functools.partial binding an earlier one by keyword)."""
    parameters = inspect.signature(function).parameters
    if keyword not in parameters:
        raise SystemExit(f"{function} has no parameter {keyword}=: {list(parameters)}")
    positional = [p.name for p in parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "self"]
    return positional.index(keyword) if keyword in positional else None


def entry(api: str, keyword: str, position, note: str, advice: str, other_graphs: bool = False) -> str:
    """One catalogue entry, as YAML lines: the call is fragile while `keyword` (at `position`) is not given."""
    ident = "fragile-name:" + api[len("tf."):]
    lines = ["  - id: " + ident, "    api: " + api, "    kind: fragile-name"]
    at = "" if position is None else f", position: {position}"
    lines.append(f"    when: {{unnamed: {{keyword: {keyword}{at}}}}}")
    if other_graphs:
        lines.append("    other_graphs: true")
    lines.append("    replacement: " + advice.format(keyword=keyword))
    lines.append("    note: >-")
    lines.append("      " + note)
    return "\n".join(lines)


def variable_scope_entry(api: str, scope_class) -> str:
    """variable_scope is fragile when it has no name but a default_name (by keyword or at its place)."""
    position = position_of(scope_class.__init__, "name_or_scope")
    default_position = position_of(scope_class.__init__, "default_name")
    unnamed = f"unnamed: {{keyword: name_or_scope, position: {position}}}"
    note = (f"{api}(None, default_name=x) is numbered by construction order (x, x_1, ...), and so is every variable "
            "in it, so tf1lint ckpt map can pair them only by order")
    return "\n".join([
        "  - id: fragile-name:" + api[len("tf."):], "    api: " + api, "    kind: fragile-name",
        "    when:",
        f"      - {{{unnamed}, keywords: [default_name]}}",
        f"      - {{{unnamed}, positional: \">={default_position + 1}\"}}",
        "    replacement: " + ADVICE.format(keyword="name_or_scope"),
        "    note: >-", "      " + note,
    ])


# The input rank each layer class is built on, to read the name an unnamed layer really gets.
INPUT_RANK = {"Dense": 2, "BatchNormalization": 2, "Conv1D": 3, "SeparableConv1D": 3, "Conv2D": 4,
              "Conv2DTranspose": 4, "SeparableConv2D": 4, "Conv3D": 5, "Conv3DTranspose": 5}


def unnamed_layer_scope(tf, layer_class, class_name: str) -> str:
    """The scope of the variables of the first unnamed layer of this class in a new graph ('dense')."""
    with tf.Graph().as_default():
        arguments = ({"units": 1} if class_name == "Dense" else {} if class_name == "BatchNormalization"
                     else {"filters": 1, "kernel_size": 1})
        layer_class(**arguments)(tf.zeros([1] + [2] * (INPUT_RANK[class_name] - 1)))
        return tf.global_variables()[0].name.split("/")[0]


def build() -> str:
    """The whole file, from the installed TensorFlow 1.14."""
    import tensorflow as tf  # pylint: disable=import-outside-toplevel  # TF 1.14, in this tool only
    from tensorflow.contrib import slim  # pylint: disable=import-outside-toplevel

    blocks = []
    for prefix, module in (("tf.layers", tf.layers), ("tf.compat.v1.layers", tf.compat.v1.layers)):
        for function_name, class_name in LAYER_FUNCTIONS.items():
            layer_class = getattr(module, class_name)
            default = unnamed_layer_scope(tf, layer_class, class_name)
            for api, function in ((f"{prefix}.{function_name}", getattr(module, function_name)),
                                  (f"{prefix}.{class_name}", layer_class.__init__)):
                note = (f"{api} without name= is named by construction order ({default}, {default}_1, ...), "
                        "so tf1lint ckpt map can pair its variables only by order")
                blocks.append(entry(api, "name", position_of(function, "name"), note, ADVICE))
    for prefix, module in (("tf.contrib.layers", tf.contrib.layers), ("tf.contrib.slim", slim)):
        for function_name in CONTRIB_LAYERS:
            api = f"{prefix}.{function_name}"
            note = (f"{api} without scope= gets a scope numbered by construction order (a second call adds _1), so "
                    "tf1lint ckpt map can pair its variables only by order")
            blocks.append(entry(api, "scope", position_of(getattr(module, function_name), "scope"), note, ADVICE))
    for api, variable in (("tf.Variable", tf.Variable), ("tf.compat.v1.Variable", tf.compat.v1.Variable)):
        note = (f"{api} without name= is named by construction order (Variable, Variable_1, ...), so tf1lint ckpt map "
                "can pair it only by order")
        blocks.append(entry(api, "name", position_of(variable.__init__, "name"), note, ADVICE))
    for api, scope in (("tf.variable_scope", tf.variable_scope),
                       ("tf.compat.v1.variable_scope", tf.compat.v1.variable_scope)):
        blocks.append(variable_scope_entry(api, scope))
    for api, saver in (("tf.train.Saver", tf.train.Saver), ("tf.compat.v1.train.Saver", tf.compat.v1.train.Saver)):
        note = (f"{api} without var_list= saves whatever the default graph holds when it is built, and this module "
                "builds other graphs too, so what its checkpoint holds depends on the order the code runs")
        blocks.append(entry(api, "var_list", position_of(saver.__init__, "var_list"), note, SAVER_ADVICE,
                            other_graphs=True))
    header = ("# Written by tools/catalogue/generate_checkpoint_names.py from TensorFlow 1.14's own signatures; do not edit.\n"
              "# Calls that name the variables they create by construction order when not given a name: checkpoint\n"
              "# names then change with what was built before, so `tf1lint ckpt map` can only pair them by order.\n"
              "catalogue: 1\ntensorflow: \"2.21\"\nentries:\n")
    return header + "\n".join(blocks) + "\n"


def main() -> int:
    """Write the file, or with --check say whether the committed one is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    text = build()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} differs from what TensorFlow 1.14's signatures give", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
