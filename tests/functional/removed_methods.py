"""Methods and properties only TF1 objects have, matched by name on objects that are not imports."""
import tensorflow as tf

dataset = tf.data.Dataset.range(10).batch(2)
iterator = dataset.make_one_shot_iterator()  # [tf1-removed-method-error]
restartable = dataset.make_initializable_iterator()  # [tf1-removed-method-error]
shapes, types = dataset.output_shapes, dataset.output_types  # [tf1-removed-method-error, tf1-removed-method-error]
classes = dataset.output_classes  # [tf1-removed-method-error]


def width(images):
    return images.shape[2].value  # [tf1-removed-method-error]


def height(images):
    return images.get_shape()[1].value  # [tf1-removed-method-error]


# Silent: `.value` on anything but a shape subscript, and TF2 spellings.
value = tf.Variable(1.0).value()  # [tf1-fragile-checkpoint-name]
counter = {"value": 1}
first = images_shape = dataset.element_spec
steps = sum(1 for _ in dataset)


class ShapeTest(tf.test.TestCase):
    def test_width(self):
        with self.test_session() as sess:  # [tf1-removed-method-error]
            self.assertEqual(sess.run(tf.constant(1)), 1)
        session = self.session  # a TF2 method: silent
        other = object()
        other.test_session = None  # not self: silent
