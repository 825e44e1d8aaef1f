#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Train a tiny model."""
from __future__ import print_function

import tensorflow as tf
tf.compat.v1.disable_v2_behavior()

x = tf.compat.v1.placeholder(tf.float32, [None, 2])
with tf.compat.v1.Session() as sess:
    print(sess.run(x * 2, {x: [[1.0, 2.0]]}))
