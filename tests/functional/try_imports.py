"""try/except imports: on TF2 the body's import wins unless it fails there."""
try:
    import tensorflow.compat.v1 as tf  # [tf1-compat-v1-api]
except ImportError:
    import tensorflow as tf

x = tf.placeholder(tf.float32)  # [tf1-compat-v1-api]

try:
    from tensorflow.contrib import slim  # [tf1-removed-api-info]
except ImportError:
    import tf_slim as slim

net = slim.conv2d(x, 8, 3)
