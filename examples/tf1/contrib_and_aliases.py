"""A small conv + temporal max-pool model written with the import forms that tf_upgrade_v2 cannot follow:
an aliased tensorflow module, tf.contrib submodules imported by name, and a renamed function import.
"""
import numpy as np
import tensorflow as tfx
import tensorflow.contrib.slim as slim
from tensorflow.contrib import layers
from tensorflow import placeholder as ph


def conv_features(images):
    with slim.arg_scope([slim.conv2d],
                        weights_initializer=tfx.contrib.layers.xavier_initializer(),
                        activation_fn=tfx.nn.relu):
        net = slim.conv2d(images, 16, [3, 3], scope="conv1")
        net = slim.max_pool2d(net, [2, 2], scope="pool1")
        net = slim.conv2d(net, 32, [3, 3], scope="conv2")
    return layers.flatten(net)


def sequence_head(frame_features):
    # Max over time, then a linear read-out: reduction_indices is the TF1 spelling of axis.
    pooled = tfx.reduce_max(frame_features, reduction_indices=1)
    return layers.fully_connected(pooled, 5, activation_fn=None)


def main():
    frames = ph(tfx.float32, [None, 8, 32, 32, 3], name="frames")
    batch = tfx.shape(frames)[0]
    images = tfx.reshape(frames, [-1, 32, 32, 3])
    per_frame = conv_features(images)
    per_frame = tfx.reshape(per_frame, [batch, 8, per_frame.shape[-1].value])
    logits = sequence_head(per_frame)

    with tfx.Session() as sess:
        sess.run(tfx.global_variables_initializer())
        clip = np.random.rand(2, 8, 32, 32, 3).astype(np.float32)
        print(sess.run(logits, feed_dict={frames: clip}).shape)


if __name__ == "__main__":
    main()
