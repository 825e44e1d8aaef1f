"""TF 1.14 side of tools/measure/ckpt_corpus.py: import each repository's own model-building code from its checkout (added
to sys.path at run time, never copied), build it at small sizes, train a few steps on synthetic inputs with the
optimizer the repository trains with, save with tf.train.Saver, and record predictions on fixed inputs.

Usage: python tf1_side.py OUT_DIR NAME=CHECKOUT [NAME=CHECKOUT ...]   (NAME: cnn-text, mnist-VAE, tf_unet, SeqGAN)
Writes OUT_DIR/NAME/{model.ckpt-N.*, checkpoint, inputs.npy, predictions.npy, about.json} (labels.npy where the
builder can take one more step).

    python tf1_side.py --step OUT_DIR NAME=CHECKOUT ...
restores OUT_DIR/NAME's checkpoint into the same graph, takes one more training step without dropout, and writes
the trainable variables to OUT_DIR/NAME/after_step.npz (optimizer state carried into Keras 3 must give the same).
"""
import importlib
import json
import os
import sys
import types

import numpy as np
import tensorflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_sizes  # beside this file, found through the line above

STEPS = 3


def import_from(checkout, module):
    sys.path.insert(0, checkout)
    try:
        return importlib.import_module(module)
    finally:
        sys.path.remove(checkout)


def cnn_text(checkout, rng):
    """dennybritz/cnn-text-classification-tf: TextCNN as train.py builds and trains it (Adam 1e-3, global_step).
    The repository pins the embedding to /cpu:0; the rest is put on /cpu:1 so the Saver writes shards."""
    sizes = corpus_sizes.TEXT_CNN
    text_cnn = import_from(checkout, "text_cnn")
    with tf.device("/cpu:1"):
        cnn = text_cnn.TextCNN(sequence_length=sizes["sequence_length"], num_classes=sizes["num_classes"],
                               vocab_size=sizes["vocab_size"], embedding_size=sizes["embedding_size"],
                               filter_sizes=sizes["filter_sizes"], num_filters=sizes["num_filters"],
                               l2_reg_lambda=0.1)
    global_step = tf.Variable(0, name="global_step", trainable=False)
    optimizer = tf.train.AdamOptimizer(1e-3)
    train_op = optimizer.apply_gradients(optimizer.compute_gradients(cnn.loss), global_step=global_step)
    words = rng.randint(0, sizes["vocab_size"], size=(sizes["batch"], sizes["sequence_length"])).astype(np.int32)
    labels = np.eye(sizes["num_classes"], dtype=np.float32)[rng.randint(0, sizes["num_classes"], sizes["batch"])]
    return {"train_op": train_op, "output": cnn.scores, "inputs": words, "sharded": True, "optimizer": "Adam",
            "train_feed": {cnn.input_x: words, cnn.input_y: labels, cnn.dropout_keep_prob: 0.5},
            "predict_feed": {cnn.input_x: words, cnn.dropout_keep_prob: 1.0}, "labels": labels,
            "step_feed": {cnn.input_x: words, cnn.input_y: labels, cnn.dropout_keep_prob: 1.0},
            "code": "text_cnn.py:TextCNN (optimizer as in train.py)"}


def mnist_vae(checkout, rng):
    """hwalsuklee/tensorflow-mnist-VAE: vae.autoencoder trained as run_main.py does (Adam on its loss); the
    predictions are the encoder's mean and stddev and vae.decoder of the mean (the sampled z is random)."""
    sizes = corpus_sizes.MNIST_VAE
    vae = import_from(checkout, "vae")
    x_hat = tf.placeholder(tf.float32, [None, sizes["dim_img"]], name="input_img")
    x = tf.placeholder(tf.float32, [None, sizes["dim_img"]], name="target_img")
    keep_prob = tf.placeholder(tf.float32, name="keep_prob")
    _, _, loss, _, _ = vae.autoencoder(x_hat, x, sizes["dim_img"], sizes["dim_z"], sizes["n_hidden"], keep_prob)
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
    with tf.variable_scope(tf.get_variable_scope(), reuse=True):
        mean, stddev = vae.gaussian_MLP_encoder(x_hat, sizes["n_hidden"], sizes["dim_z"], 1.0)
    decoded = vae.decoder(mean, sizes["dim_img"], sizes["n_hidden"])
    images = rng.rand(sizes["batch"], sizes["dim_img"]).astype(np.float32)
    return {"train_op": train_op, "output": tf.concat([mean, stddev, decoded], 1), "inputs": images,
            "sharded": False, "optimizer": "Adam",
            "train_feed": {x_hat: images, x: images, keep_prob: 0.9}, "predict_feed": {x_hat: images},
            "code": "vae.py:autoencoder, gaussian_MLP_encoder, decoder (optimizer as in run_main.py)"}


def tf_unet(checkout, rng):
    """jakeret/tf_unet: unet.Unet (create_conv_net) trained by unet.Trainer's momentum optimizer; predictions are
    Unet.predicter (pixel-wise softmax). tf_unet.util imports PIL for plotting only; absent here, it is stubbed."""
    sizes = corpus_sizes.TF_UNET
    sys.modules.setdefault("PIL", types.ModuleType("PIL"))
    sys.modules["PIL"].Image = None
    unet = import_from(checkout, "tf_unet.unet")
    net = unet.Unet(channels=sizes["channels"], n_class=sizes["n_class"], layers=sizes["layers"],
                    features_root=sizes["features_root"], filter_size=sizes["filter_size"],
                    pool_size=sizes["pool_size"], summaries=False)  # resets the default graph
    tf.set_random_seed(1)
    global_step = tf.Variable(0, name="global_step", trainable=False)
    train_op = unet.Trainer(net, optimizer="momentum")._get_optimizer(training_iters=STEPS, global_step=global_step)
    side = sizes["image"]
    images = rng.rand(sizes["batch"], side, side, sizes["channels"]).astype(np.float32)
    out = side - net.offset
    labels = np.eye(sizes["n_class"], dtype=np.float32)[rng.randint(0, sizes["n_class"], (sizes["batch"], out, out))]
    return {"train_op": train_op, "output": net.predicter, "inputs": images, "sharded": False,
            "optimizer": "Momentum",
            "train_feed": {net.x: images, net.y: labels, net.keep_prob: 0.75},
            "predict_feed": {net.x: images, net.keep_prob: 1.0},
            "code": "tf_unet/unet.py:Unet (create_conv_net), Trainer._get_optimizer"}


def seqgan(checkout, rng):
    """LantaoYu/SeqGAN: discriminator.Discriminator, which builds its own Adam train_op (1e-4). Its highway layer
    uses SeqGAN's `linear`, whose Matrix is [output, input] and multiplied transposed. Embedding pinned to /cpu:0
    by the repository, the rest put on /cpu:1: a sharded Saver."""
    sizes = corpus_sizes.SEQGAN
    discriminator = import_from(checkout, "discriminator")
    with tf.device("/cpu:1"):
        model = discriminator.Discriminator(sequence_length=sizes["sequence_length"], num_classes=sizes["num_classes"],
                                            vocab_size=sizes["vocab_size"], embedding_size=sizes["embedding_size"],
                                            filter_sizes=sizes["filter_sizes"], num_filters=sizes["num_filters"],
                                            l2_reg_lambda=0.2)
    words = rng.randint(0, sizes["vocab_size"], size=(sizes["batch"], sizes["sequence_length"])).astype(np.int32)
    labels = np.eye(sizes["num_classes"], dtype=np.float32)[rng.randint(0, sizes["num_classes"], sizes["batch"])]
    return {"train_op": model.train_op, "output": model.scores, "inputs": words, "sharded": True, "optimizer": "Adam",
            "train_feed": {model.input_x: words, model.input_y: labels, model.dropout_keep_prob: 0.75},
            "predict_feed": {model.input_x: words, model.dropout_keep_prob: 1.0}, "labels": labels,
            "step_feed": {model.input_x: words, model.input_y: labels, model.dropout_keep_prob: 1.0},
            "code": "discriminator.py:Discriminator (its own Adam train_op)"}


BUILDERS = {"cnn-text": cnn_text, "mnist-VAE": mnist_vae, "tf_unet": tf_unet, "SeqGAN": seqgan}


def train_and_save(folder, build, checkout):
    tf.reset_default_graph()
    tf.set_random_seed(1)
    built = build(checkout, np.random.RandomState(0))
    graph = tf.get_default_graph()
    step = [v for v in tf.global_variables() if v.op.name == "global_step"]
    saver = tf.train.Saver(sharded=built["sharded"])
    config = tf.ConfigProto(device_count={"CPU": 2}, intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)
    with tf.Session(graph=graph, config=config) as session:
        session.run(tf.global_variables_initializer())
        for _ in range(STEPS):
            session.run(built["train_op"], built["train_feed"])
        os.makedirs(folder)
        prefix = saver.save(session, os.path.join(folder, "model.ckpt"), global_step=step[0] if step else STEPS)
        np.save(os.path.join(folder, "inputs.npy"), built["inputs"])
        np.save(os.path.join(folder, "predictions.npy"), session.run(built["output"], built["predict_feed"]))
        if "labels" in built:
            np.save(os.path.join(folder, "labels.npy"), built["labels"])
    about = {"code": built["code"], "optimizer": built["optimizer"], "sharded": built["sharded"],
             "prefix": prefix, "data_files": sorted(f for f in os.listdir(folder) if ".data-" in f),
             "variables": len(tf.global_variables()), "trainable": len(tf.trainable_variables())}
    with open(os.path.join(folder, "about.json"), "w") as stream:
        json.dump(about, stream)


def one_more_step(folder, build, checkout):
    tf.reset_default_graph()
    built = build(checkout, np.random.RandomState(0))
    config = tf.ConfigProto(device_count={"CPU": 2}, intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)
    with tf.Session(config=config) as session:
        tf.train.Saver().restore(session, tf.train.latest_checkpoint(folder))
        session.run(built["train_op"], built["step_feed"])
        np.savez(os.path.join(folder, "after_step.npz"), **{v.op.name: session.run(v) for v in tf.trainable_variables()})


def main(arguments):
    action = train_and_save
    if arguments and arguments[0] == "--step":
        action, arguments = one_more_step, arguments[1:]
    out, repositories = arguments[0], arguments[1:]
    for argument in repositories:
        name, _, checkout = argument.partition("=")
        action(os.path.join(out, name), BUILDERS[name], os.path.abspath(checkout))


if __name__ == "__main__":
    main(sys.argv[1:])
