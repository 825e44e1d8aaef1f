#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Train a tiny model."""
from __future__ import print_function

import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
with tf.Session() as sess:
    print(sess.run(x * 2, {x: [[1.0, 2.0]]}))
