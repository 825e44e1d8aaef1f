"""Version tests written with a project's own helper or variable guard their TF1 side too."""
import tensorflow as tf

TF_version = tuple(int(part) for part in tf.__version__.split(".")[:2])


def get_tf_version_tuple():
    return TF_version


if get_tf_version_tuple() <= (1, 12):
    kernel_init = tf.contrib.layers.variance_scaling_initializer()  # [tf1-removed-api-info]
else:
    kernel_init = tf.keras.initializers.VarianceScaling(2.0)

if TF_version <= (1, 12):
    log = tf.log(x)  # [tf1-renamed-api-info]
else:
    log = tf.math.log(x)

if "concat_v2" in dir(tf):
    joined = tf.concat_v2([a, b], 1)  # [tf1-renamed-api-info]
else:
    joined = tf.concat([a, b], 1)

# Not a version test: a comparison with a number, and a name that does not say version.
if model_version == 2:
    log = tf.log(x)  # [tf1-renamed-api]
else:
    log = tf.math.log(x)

# A bare except guards a TF1 way only when the other side does the same work the TF2 way.
try:
    log = tf.math.log(x)
except:  # noqa: E722
    log = tf.log(x)  # [tf1-renamed-api-info]

try:
    saver.restore(session, tf.train.latest_checkpoint(save_dir))
except:  # noqa: E722 - a failed restore, not a missing API
    session.run(tf.global_variables_initializer())  # [tf1-compat-only-api]

try:
    loss = tf.nn.sigmoid_cross_entropy_with_logits(logits=x, labels=y)
except:  # noqa: E722 - the pre-1.0 keyword, for TensorFlow before 1.0
    loss = tf.nn.sigmoid_cross_entropy_with_logits(logits=x, targets=y)  # [tf1-changed-keyword-info]
