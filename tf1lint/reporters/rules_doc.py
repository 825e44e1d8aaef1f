"""The catalogue as a Markdown reference page: one section per kind, written the way ruff
documents a rule (what it does, why, example, use instead), then every entry of that kind."""

from __future__ import annotations

from collections import defaultdict

from tf1lint.catalogue import Catalogue, CatalogueEntry, Kind
from tf1lint.messages import message_for

# (what it does, why it matters, TF1 example, TF2 instead) for each kind.
_KIND_DOCS: dict[Kind, tuple[str, str, str, str]] = {
    Kind.RENAMED: (
        "Finds TF1 names that TF2 moved to another module or spelling.",
        "The old name does not exist in TF2, so the line fails with AttributeError. The fix is mechanical.",
        "y = tf.log(x)",
        "y = tf.math.log(x)",
    ),
    Kind.COMPAT_ONLY: (
        "Finds TF1 APIs that TF2 keeps only under `tf.compat.v1`.",
        ("The plain `tf.` name is gone (AttributeError). `tf.compat.v1` keeps it running with TF1 semantics, but the "
        "TF2 way (eager code, Keras objects, tf.function) is what the migration is for."),
        "x = tf.placeholder(tf.float32, [None, 3])\nwith tf.Session() as sess:\n    sess.run(y, {x: data})",
        "@tf.function\ndef model(x):\n    return ...\nmodel(tf.constant(data))",
    ),
    Kind.REMOVED: (
        ("Finds APIs that do not exist at all on the target TensorFlow: `tf.contrib`, `tf.layers`, `tf.estimator` "
        "from 2.16, the Keras 2-only parts of `tf.compat.v1`."),
        ("Importing or calling them fails (ImportError, AttributeError). Some live on in a separate package, named in "
        "the entry."),
        "import tensorflow.contrib.slim as slim\nnet = slim.conv2d(images, 32, 3)",
        "net = tf.keras.layers.Conv2D(32, 3)(images)   # or: import tf_slim as slim",
    ),
    Kind.KEYWORD_CHANGED: (
        "Finds keyword arguments that TF2 renamed or removed, at the keyword itself.",
        ("The call raises TypeError for an unexpected keyword. Renames are mechanical; removed keywords need thought "
        "(`keep_prob` became `rate = 1 - keep_prob`)."),
        "tf.reduce_sum(x, axis=1, keep_dims=True)\ntf.nn.dropout(x, keep_prob=0.8)",
        "tf.reduce_sum(x, axis=1, keepdims=True)\ntf.nn.dropout(x, rate=0.2)",
    ),
    Kind.DEPRECATED: (
        "Finds APIs that still work on the target TensorFlow but are deprecated.",
        "They work today and break in a later release (e.g. `tf.estimator` until 2.15).",
        "estimator = tf.estimator.Estimator(model_fn)",
        "model = tf.keras.Model(...); model.fit(dataset)",
    ),
    Kind.BEHAVIOUR_CHANGED: (
        "Finds APIs whose name survived but whose defaults or semantics changed in TF2.",
        "The code runs but may compute something else; the note of each entry says what to check.",
        "loss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=z)",
        "loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), logits=z)",
    ),
    Kind.ARGUMENTS_REORDERED: (
        "Finds calls that pass arguments by position to APIs whose parameters changed order in TF2.",
        "The values land in other parameters: a TypeError at best, a silently wrong result at worst.",
        "tf.nn.softmax_cross_entropy_with_logits(labels, logits)",
        "tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)",
    ),
    Kind.COMPAT_V1: (
        "Finds explicit use of TF1 APIs through `tf.compat.v1` (information).",
        ("It runs on TF2 with TF1 semantics; every use is work left in the migration, so it belongs in the inventory. "
        "Members that are plain TF2 (`tf.compat.v1.float32`) are not reported. Turn off with `--no-compat-v1`."),
        "import tensorflow.compat.v1 as tf\nx = tf.placeholder(tf.float32)",
        "import tensorflow as tf   # and rewrite the graph code the TF2 way",
    ),
    Kind.MEANING_CHANGED: (
        "Finds calls whose arguments TF2 reads with another meaning, by the way they are passed.",
        ("Nothing fails: the code runs and computes something else. A positional `0.8` given to `tf.nn.dropout` "
        "kept 80% of the units in TF1 and drops 80% in TF2."),
        "y = tf.nn.dropout(x, 0.8)",
        "y = tf.nn.dropout(x, rate=1 - 0.8)",
    ),
    Kind.REMOVED_METHOD: (
        ("Finds methods and properties only TF1 objects have, by their name, on objects that are not imported "
        "names (a dataset, a tensor's shape)."),
        ("TF2 objects do not have them (AttributeError). The receiver's type cannot be known statically, so only "
        "distinctive names are catalogued and the rule has its own message to turn it off."),
        "iterator = dataset.make_one_shot_iterator()\nwidth = images.shape[2].value",
        "for batch in dataset: ...\nwidth = images.shape[2]",
    ),
}


def render(catalogue: Catalogue) -> str:
    by_kind: dict[Kind, list[CatalogueEntry]] = defaultdict(list)
    for entry in catalogue.entries:
        by_kind[entry.kind].append(entry)
    lines = [
        "# tf1lint rules",
        "",
        (f"Generated from the catalogue by `tf1lint rules --format markdown`: {len(catalogue.entries)} entries,"
        f" checked against TensorFlow {catalogue.newest_known}. Do not edit by hand; edit `rules/*.yaml`."),
        "",
        "| kind | message | entries |",
        "| --- | --- | --- |",
    ]
    for kind in Kind:
        message = message_for(kind, kind.default_severity)
        lines.append(f"| [{kind.value}](#{kind.value}) | {message.code} `{message.symbol}` | {len(by_kind[kind])} |")
    for kind in Kind:
        what, why, example, instead = _KIND_DOCS[kind]
        message = message_for(kind, kind.default_severity)
        lines += [
            "", f"## {kind.value}", "",
            f"Message {message.code} `{message.symbol}`, severity {kind.default_severity.value} by default.", "",
            f"**What it does.** {what}", "", f"**Why is this bad?** {why}", "",
            "**Example**", "", "```python", example, "```", "", "**Use instead**", "", "```python", instead, "```", "",
        ]
        entries = by_kind[kind]
        if not entries:
            lines.append("No entries of this kind in the loaded catalogue.")
            continue
        lines += ["| id | API | severity | versions | replacement | note |", "| --- | --- | --- | --- | --- | --- |"]
        lines += [_row(entry) for entry in entries]
    lines += _examples(catalogue)
    return "\n".join(lines) + "\n"


def _examples(catalogue: Catalogue) -> list[str]:
    """The catalogue's fix examples: each runs as written on TensorFlow 1.14 and, fixed, on TensorFlow 2."""
    proven = [entry for entry in catalogue.entries if entry.fix is not None and entry.fix.examples]
    if not proven:
        return []
    lines = ["", "## Fix examples", "",
             ("Each program below runs as written on TensorFlow 1.14 and, after `tf1lint check --fix` (and again "
              "after `--fix --unsafe-fixes`), on TensorFlow 2; `tests/test_fix_examples_tensorflow.py` compares the "
              "`result` both sides compute.")]
    for entry in proven:
        for example in entry.fix.examples:  # type: ignore[union-attr]
            detail = f" (tolerance {example.tolerance:g})" if example.tolerance else ""
            detail += f" (arguments `{' '.join(example.argv)}`)" if example.argv else ""
            lines += ["", f"`{entry.id}`{detail}:", "", "```python", "import tensorflow as tf",
                      example.before.rstrip("\n"), "```"]
    return lines


def _row(entry: CatalogueEntry) -> str:
    versions = f"{entry.since}+" if entry.until is None else f"{entry.since} to <{entry.until}"
    replacement = entry.replacement or ""
    if entry.keywords:
        replacement = ", ".join(f"{old}= → {new}=" if new else f"{old}= removed" for old, new in entry.keywords.items())
        if entry.replacement:
            replacement += f"; {entry.replacement}"
    if entry.package:
        replacement += f" (`pip install {entry.package}`)"
    note = entry.note
    if entry.when:
        calls = " or ".join(condition.describe() for condition in entry.when)
        note = f"Flags only calls {calls}{' (and the API passed as a value)' if entry.as_value else ''}. {note}"
    if entry.drop_in:
        note += " Drop-in: reported once where it is bound, with the number of uses."
    cells = [f"`{entry.id}`", f"`{entry.api}`", entry.severity.value, versions, _cell(replacement), _cell(note)]
    return "| " + " | ".join(cells) + " |"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
