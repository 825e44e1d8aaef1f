"""Programs that may build graphs: a graph's as_default() anywhere in the file (here entered through a
helper), or a graph-mode test decorator. Graph-only APIs stay warnings and test_session is deprecated."""
import tensorflow as tf
from tensorflow.python.framework import test_util  # [tf1-deprecated-api-info]


def build():
    return tf.compat.v1.placeholder(tf.float32)  # [tf1-compat-v1-api-warning]


class GraphTest(tf.test.TestCase):
    @test_util.run_deprecated_v1
    def test_build(self):
        with self.test_session() as sess:  # [tf1-removed-method]
            sess.run(build())


if __name__ == "__main__":
    graph = tf.Graph()
    with graph.as_default():
        build()
    tf.test.main()
