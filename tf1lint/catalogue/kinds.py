"""Every fact about a kind of finding in one table: its message number and symbol, default
severity, the aspect of a use it judges, pylint's help text, the words hover uses, its section of
the rules page and its colour in the HTML report. Adding a kind is one edit here (and its line in
`Kind`); tests/test_kinds.py proves every kind has every fact."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more serious; used for --fail-on and sorting."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Aspect(enum.Enum):
    """What part of a use an entry judges: two entries may share an API if their aspects differ."""

    NAME = "name"
    KEYWORDS = "keywords"
    POSITIONAL = "positional"
    MEANING = "meaning"  # what a call's arguments mean (positional keep_prob of tf.nn.dropout)
    METHOD = "method"  # a method only TF1 objects have, whatever the receiver's name
    NAMING = "naming"  # how a call names the variables it creates (what a checkpoint is keyed by)


class Kind(enum.Enum):
    RENAMED = "renamed"
    COMPAT_ONLY = "compat-only"
    REMOVED = "removed"
    DEPRECATED = "deprecated"
    BEHAVIOUR_CHANGED = "behaviour-changed"
    KEYWORD_CHANGED = "keyword-changed"
    ARGUMENTS_REORDERED = "arguments-reordered"
    COMPAT_V1 = "compat-v1"
    MEANING_CHANGED = "meaning-changed"
    REMOVED_METHOD = "removed-method"
    FRAGILE_NAME = "fragile-name"

    @property
    def facts(self) -> KindFacts:
        return KINDS[self]

    @property
    def default_severity(self) -> Severity:
        return KINDS[self].severity

    @property
    def aspect(self) -> Aspect:
        return KINDS[self].aspect


@dataclass(frozen=True)
class KindDoc:
    """The kind's section of the rules page, written the way ruff documents a rule."""

    what: str  # what it finds
    why: str  # why it matters
    example: str  # TF1 code
    instead: str  # the TF2 way


@dataclass(frozen=True)
class KindFacts:
    """Every fact about one kind of finding (one row of KINDS)."""

    number: int  # the last two digits of the message code (E53NN); severity siblings add an offset
    symbol: str  # pylint's message symbol
    severity: Severity  # the default; an entry may say otherwise
    aspect: Aspect  # what part of a use it judges (which table of the index holds its entries)
    help: str  # pylint's help text for the message
    hover: str  # "`tf.foo` is ...": what the editor's hover calls it
    doc: KindDoc
    colour: str  # in the HTML report's charts


KINDS: dict[Kind, KindFacts] = {
    Kind.RENAMED: KindFacts(
        1, "tf1-renamed-api", Severity.ERROR, Aspect.NAME,
        "The TF1 name is gone in TF2; the same API lives on under the new name.",
        "renamed in TF2",
        KindDoc(
            "Finds TF1 names that TF2 moved to another module or spelling.",
            "The old name does not exist in TF2, so the line fails with AttributeError. The fix is mechanical.",
            "y = tf.log(x)",
            "y = tf.math.log(x)",
        ),
        "#af601a",
    ),
    Kind.COMPAT_ONLY: KindFacts(
        2, "tf1-compat-only-api", Severity.ERROR, Aspect.NAME,
        "TF2 keeps this API only under tf.compat.v1; rewrite it the TF2 way shown in the message.",
        "kept only in tf.compat.v1",
        KindDoc(
            "Finds TF1 APIs that TF2 keeps only under `tf.compat.v1`.",
            ("The plain `tf.` name is gone (AttributeError). `tf.compat.v1` keeps it running with TF1 semantics, "
             "but the TF2 way (eager code, Keras objects, tf.function) is what the migration is for."),
            "x = tf.placeholder(tf.float32, [None, 3])\nwith tf.Session() as sess:\n    sess.run(y, {x: data})",
            "@tf.function\ndef model(x):\n    return ...\nmodel(tf.constant(data))",
        ),
        "#e74c3c",
    ),
    Kind.REMOVED: KindFacts(
        3, "tf1-removed-api", Severity.ERROR, Aspect.NAME,
        "This API does not exist on the target TensorFlow; move to the replacement or package named.",
        "removed",
        KindDoc(
            ("Finds APIs that do not exist at all on the target TensorFlow: `tf.contrib`, `tf.layers`, `tf.estimator` "
            "from 2.16, the Keras 2-only parts of `tf.compat.v1`."),
            ("Importing or calling them fails (ImportError, AttributeError). Some live on in a separate package, "
             "named in the entry."),
            "import tensorflow.contrib.slim as slim\nnet = slim.conv2d(images, 32, 3)",
            "net = tf.keras.layers.Conv2D(32, 3)(images)   # or: import tf_slim as slim",
        ),
        "#c0392b",
    ),
    Kind.DEPRECATED: KindFacts(
        5, "tf1-deprecated-api", Severity.WARNING, Aspect.NAME,
        "Still works on the target TensorFlow but is deprecated; plan its replacement.",
        "deprecated",
        KindDoc(
            "Finds APIs that still work on the target TensorFlow but are deprecated.",
            "They work today and break in a later release (e.g. `tf.estimator` until 2.15).",
            "estimator = tf.estimator.Estimator(model_fn)",
            "model = tf.keras.Model(...); model.fit(dataset)",
        ),
        "#d68910",
    ),
    Kind.BEHAVIOUR_CHANGED: KindFacts(
        6, "tf1-behaviour-changed", Severity.WARNING, Aspect.NAME,
        "Same name in TF2 but different defaults or semantics; check the call's results.",
        "behaviour changed",
        KindDoc(
            "Finds APIs whose name survived but whose defaults or semantics changed in TF2.",
            "The code runs but may compute something else; the note of each entry says what to check.",
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=z)",
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), logits=z)",
        ),
        "#b7950b",
    ),
    Kind.KEYWORD_CHANGED: KindFacts(
        4, "tf1-changed-keyword", Severity.ERROR, Aspect.KEYWORDS,
        "This keyword argument was renamed or removed in TF2; the call raises TypeError.",
        "keyword renamed or removed",
        KindDoc(
            "Finds keyword arguments that TF2 renamed or removed, at the keyword itself.",
            ("The call raises TypeError for an unexpected keyword. Renames are mechanical; removed keywords need "
             "thought (`keep_prob` became `rate = 1 - keep_prob`)."),
            "tf.reduce_sum(x, axis=1, keep_dims=True)\ntf.nn.dropout(x, keep_prob=0.8)",
            "tf.reduce_sum(x, axis=1, keepdims=True)\ntf.nn.dropout(x, rate=0.2)",
        ),
        "#ca6f1e",
    ),
    Kind.ARGUMENTS_REORDERED: KindFacts(
        7, "tf1-reordered-arguments", Severity.WARNING, Aspect.POSITIONAL,
        "The positional parameters changed order in TF2; pass the arguments by keyword.",
        "positional arguments reordered",
        KindDoc(
            "Finds calls that pass arguments by position to APIs whose parameters changed order in TF2.",
            "The values land in other parameters: a TypeError at best, a silently wrong result at worst.",
            "tf.nn.softmax_cross_entropy_with_logits(labels, logits)",
            "tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)",
        ),
        "#7d6608",
    ),
    Kind.COMPAT_V1: KindFacts(
        8, "tf1-compat-v1-api", Severity.INFO, Aspect.NAME,
        "Explicit tf.compat.v1 use: runs on TF2 with TF1 semantics; part of the migration inventory.",
        "TF1 API through tf.compat.v1",
        KindDoc(
            "Finds explicit use of TF1 APIs through `tf.compat.v1` (information).",
            ("It runs on TF2 with TF1 semantics; every use is work left in the migration, so it belongs in the "
             "inventory. Members that are plain TF2 (`tf.compat.v1.float32`) are not reported. Turn off with "
             "`--no-compat-v1`."),
            "import tensorflow.compat.v1 as tf\nx = tf.placeholder(tf.float32)",
            "import tensorflow as tf   # and rewrite the graph code the TF2 way",
        ),
        "#2e86c1",
    ),
    # Severity: the code runs and silently computes something else, as serious as a crash.
    Kind.MEANING_CHANGED: KindFacts(
        9, "tf1-changed-meaning", Severity.ERROR, Aspect.MEANING,
        ("The call still runs in TF2 but an argument now means something else, so it silently"
            " computes another result; rewrite the argument as the message says."),
        "called with arguments that mean something else in TF2",
        KindDoc(
            "Finds calls whose arguments TF2 reads with another meaning, by the way they are passed.",
            ("Nothing fails: the code runs and computes something else. A positional `0.8` given to `tf.nn.dropout` "
            "kept 80% of the units in TF1 and drops 80% in TF2."),
            "y = tf.nn.dropout(x, 0.8)",
            "y = tf.nn.dropout(x, rate=1 - 0.8)",
        ),
        "#922b21",
    ),
    # Severity: matched by method name alone (the receiver's type is unknown statically), so users can
    # turn it off.
    Kind.REMOVED_METHOD: KindFacts(
        10, "tf1-removed-method", Severity.WARNING, Aspect.METHOD,
        ("A method or property only TF1 objects have (datasets' iterators, Dimension.value); TF2"
            " objects raise AttributeError. Matched by name, so it can be turned off."),
        "a method only TF1 objects have",
        KindDoc(
            ("Finds methods and properties only TF1 objects have, by their name, on objects that are not imported "
            "names (a dataset, a tensor's shape)."),
            ("TF2 objects do not have them (AttributeError). The receiver's type cannot be known statically, so only "
            "distinctive names are catalogued and the rule has its own message to turn it off."),
            "iterator = dataset.make_one_shot_iterator()\nwidth = images.shape[2].value",
            "for batch in dataset: ...\nwidth = images.shape[2]",
        ),
        "#a04000",
    ),
    # Severity: advice for carrying checkpoints, not a TF2 break; it must not weigh like one.
    Kind.FRAGILE_NAME: KindFacts(
        11, "tf1-fragile-checkpoint-name", Severity.INFO, Aspect.NAMING,
        ("The variables this call creates are named by construction order (dense_1/kernel), so a checkpoint"
            " can only be carried by order; give the call a name before converting checkpoints."),
        "a call whose checkpoint names depend on construction order",
        KindDoc(
            ("Finds calls whose variables get names by construction order: unnamed `tf.layers` and slim layers, "
             "`tf.Variable` without `name=`, `tf.variable_scope(None, default_name=...)`; and `tf.train.Saver()` "
             "without `var_list` in a module that builds graphs of its own, outside any graph's `with` block "
             "(information)."),
            ("The second unnamed `tf.layers.dense` is `dense_1`, so a checkpoint's names change when layers are "
             "added, removed or built in another order, and `tf1lint ckpt map` can pair such variables with the "
             "TF2 model's weights only by their order. A Saver without `var_list` saves whatever the default graph "
             "holds when it is built. Name them before converting checkpoints; the name the call gets today "
             "(`name=\"dense_1\"`) keeps existing checkpoints loadable. No automatic fix: a name changes the "
             "checkpoint's keys."),
            "h = tf.layers.dense(x, 64)\nlogits = tf.layers.dense(h, 10)\nsaver = tf.train.Saver()",
            ("h = tf.layers.dense(x, 64, name=\"dense\")\nlogits = tf.layers.dense(h, 10, name=\"dense_1\")\n"
             "saver = tf.train.Saver(var_list=tf.global_variables(scope=\"model\"))"),
        ),
        "#5d6d7e",
    ),
}
