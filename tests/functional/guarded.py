"""TF1 fallbacks next to a TF2 way already work on TF2: information, marked guarded."""
import tensorflow as tf

try:
    set_seed = tf.random.set_seed
except AttributeError:
    set_seed = tf.set_random_seed  # [tf1-compat-only-api-info]

try:
    summary_writer = tf.summary.FileWriter  # [tf1-compat-only-api-info]
except (ImportError, AttributeError):
    summary_writer = tf.summary.create_file_writer

if hasattr(tf, "contrib"):
    rnn = tf.contrib.rnn  # [tf1-removed-api-info]
else:
    rnn = tf.keras.layers

if tf.__version__.startswith("1."):
    init = tf.global_variables_initializer()  # [tf1-compat-only-api-info]
else:
    init = None

if int(tf.version.VERSION.split(".")[0]) >= 2:
    gfile = tf.io.gfile
else:
    gfile = tf.gfile  # [tf1-compat-only-api-info]

# Not guarded: both sides are TF1, or the exception says nothing about a missing API.
try:
    session = tf.Session()  # [tf1-compat-only-api]
except ImportError:
    session = tf.InteractiveSession()  # [tf1-compat-only-api]

try:
    log = tf.log  # [tf1-renamed-api]
except ValueError:
    log = tf.math.log

# Unguarded uses in the same file keep their severity.
x = tf.placeholder(tf.float32)  # [tf1-compat-only-api]

# Not guarded: the other side is no TF2 way ("TensorFlow is missing", logging a failure).
try:
    import tensorflow as tf2
    tf2.set_random_seed(0)  # [tf1-compat-only-api]
except ImportError:
    tf2 = None

try:
    value = compute()
except:  # noqa: E722
    tf.logging.info("failed")  # [tf1-compat-only-api]
