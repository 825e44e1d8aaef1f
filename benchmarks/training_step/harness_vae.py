"""Issue 17 table: one training step of mnist-VAE's autoencoder (the fixed vae.py) on synthetic inputs,
as run_main.py builds it, and its decoder with reuse=True sharing the decoder's weights.
Usage: python harness_vae.py FIXED_TREE"""
import sys

import numpy as np
import tensorflow as tf

tf.compat.v1.disable_v2_behavior()  # what the fixed run_main.py starts with
sys.path.insert(0, sys.argv[1])
import vae

x_hat = tf.compat.v1.placeholder(tf.float32, shape=[None, 784], name="input_img")
x = tf.compat.v1.placeholder(tf.float32, shape=[None, 784], name="target_img")
keep_prob = tf.compat.v1.placeholder(tf.float32, name="keep_prob")
z_in = tf.compat.v1.placeholder(tf.float32, shape=[None, 2], name="latent_variable")
y, z, loss, neg_marginal_likelihood, KL_divergence = vae.autoencoder(x_hat, x, 784, 2, 32, keep_prob)
train_op = tf.compat.v1.train.AdamOptimizer(1e-3).minimize(loss)
before = len(tf.compat.v1.global_variables())
decoded = vae.decoder(z_in, 784, 32)
assert len(tf.compat.v1.global_variables()) == before, "the decoder made new weights instead of sharing"
with tf.compat.v1.Session() as sess:
    sess.run(tf.compat.v1.global_variables_initializer())
    batch = (np.random.RandomState(0).rand(8, 784) > 0.5).astype(np.float32)
    _, value = sess.run([train_op, loss], {x_hat: batch, x: batch, keep_prob: 0.9})
    sess.run(decoded, {z_in: np.zeros((1, 2), np.float32)})
    print("loss", value, "trainable", len(tf.compat.v1.trainable_variables()))
