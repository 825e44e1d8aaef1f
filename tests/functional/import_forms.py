"""Every way of importing TensorFlow resolves to the same catalogue entries."""
import tensorflow as tf
import tensorflow as tfx
import tensorflow
import tensorflow.compat.v1 as v1  # [tf1-compat-v1-api]
from tensorflow.compat import v1 as compat_v1  # [tf1-compat-v1-api]
from tensorflow import placeholder as ph  # [tf1-compat-only-api]
from tensorflow import layers  # [tf1-removed-api]
from tensorflow.train import AdamOptimizer  # [tf1-compat-only-api]

x = tf.placeholder(tf.float32)  # [tf1-compat-only-api]
y = tfx.placeholder(tfx.float32)  # [tf1-compat-only-api]
z = tensorflow.placeholder(tensorflow.float32)  # [tf1-compat-only-api]
w = v1.placeholder(v1.float32)  # [tf1-compat-v1-api-warning]
u = compat_v1.placeholder(tf.float32)  # [tf1-compat-v1-api-warning]
v = ph(tf.float32)  # counted on the import of ph, where the fix is made
d = layers.dense(x, 3)  # [tf1-removed-api, tf1-fragile-checkpoint-name]
optimizer = AdamOptimizer(0.01)  # counted on the import of AdamOptimizer
both = (tf.Session(), tf.random_normal([2]))  # [tf1-compat-only-api, tf1-renamed-api]


def build():
    import tensorflow as inner_tf
    return inner_tf.Session()  # [tf1-compat-only-api]


class Model:
    import tensorflow as class_tf
    session_class = class_tf.Session  # [tf1-compat-only-api]

    def method(self):
        from tensorflow import Session as S  # [tf1-compat-only-api]
        return S()  # counted on the import of S


def uses_module_level_binding():
    return tf.get_variable("w", [3])  # [tf1-compat-only-api]
