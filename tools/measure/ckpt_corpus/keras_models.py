"""The Keras 3 side of tools/measure/ckpt_corpus.py: each repository's model rewritten as new TF2 code would be (our own
code, at the sizes in corpus_sizes.py). Functions take no argument, as `tf1lint ckpt --model FILE.py:FUNCTION`
wants; layer names are the new code's own, so the map must pair them with the TF1 names."""

import corpus_sizes
import keras
from keras import ops


def cnn_text(l2=None):
    """TextCNN: embedding, one convolution + max-pool per filter size, concatenated, then the scores layer
    (with `l2`, regularized as TextCNN's loss does: l2 x sum of squares of its kernel and bias)."""
    sizes = corpus_sizes.TEXT_CNN
    length, width, filters = sizes["sequence_length"], sizes["embedding_size"], sizes["num_filters"]
    words = keras.Input((length,), dtype="int32")
    embedded = keras.layers.Embedding(sizes["vocab_size"], width, name="embedding")(words)
    image = keras.layers.Reshape((length, width, 1))(embedded)
    pooled = []
    for size in sizes["filter_sizes"]:
        conv = keras.layers.Conv2D(filters, (size, width), activation="relu", name=f"conv_{size}")(image)
        pooled.append(keras.layers.MaxPooling2D((length - size + 1, 1))(conv))
    total = filters * len(sizes["filter_sizes"])
    flat = keras.layers.Reshape((total,))(keras.layers.Concatenate(axis=3)(pooled))
    scores = keras.layers.Dense(sizes["num_classes"], name="scores", kernel_regularizer=l2, bias_regularizer=l2)
    return keras.Model(words, scores(flat), name="text_cnn")


def cnn_text_compiled():
    """cnn_text trained as cnn-text's train.py trains TextCNN: Adam(1e-3) with TF1's epsilon (1e-8), mean softmax
    cross-entropy on one-hot labels plus l2_reg_lambda (0.1 in tf1_side.py) x tf.nn.l2_loss, half the sum of squares,
    of the scores layer's weights."""
    model = cnn_text(keras.regularizers.L2(0.1 / 2))
    model.compile(optimizer=keras.optimizers.Adam(1e-3, epsilon=1e-8),
                  loss=keras.losses.CategoricalCrossentropy(from_logits=True))
    return model


def mnist_vae():
    """The VAE's deterministic path: encoder mean and stddev, and the decoder applied to the mean."""
    sizes = corpus_sizes.MNIST_VAE
    dim_z, hidden = sizes["dim_z"], sizes["n_hidden"]
    images = keras.Input((sizes["dim_img"],))
    net = keras.layers.Dense(hidden, activation="elu", name="encoder_hidden")(images)
    net = keras.layers.Dense(hidden, activation="tanh", name="encoder_hidden_2")(net)
    gaussian = keras.layers.Dense(2 * dim_z, name="encoder_gaussian")(net)
    mean = gaussian[:, :dim_z]
    stddev = 1e-6 + ops.softplus(gaussian[:, dim_z:])
    net = keras.layers.Dense(hidden, activation="tanh", name="decoder_hidden")(mean)
    net = keras.layers.Dense(hidden, activation="elu", name="decoder_hidden_2")(net)
    decoded = keras.layers.Dense(sizes["dim_img"], activation="sigmoid", name="decoder_bernoulli")(net)
    return keras.Model(images, keras.layers.Concatenate(axis=1)([mean, stddev, decoded]), name="vae")


class PixelWiseSoftmax(keras.layers.Layer):
    """Softmax over channels written out as the U-Net computes it (max subtracted, exp, normalized)."""

    def call(self, logits):
        exponential = ops.exp(logits - ops.max(logits, axis=3, keepdims=True))
        return exponential / ops.sum(exponential, axis=3, keepdims=True)


def tf_unet():
    """U-Net with valid convolutions: two convolutions per level down, transposed convolution, crop and concat up."""
    sizes = corpus_sizes.TF_UNET
    levels, root, kernel, pool = sizes["layers"], sizes["features_root"], sizes["filter_size"], sizes["pool_size"]
    images = keras.Input((sizes["image"], sizes["image"], sizes["channels"]))
    net, skips = images, []
    for level in range(levels):
        features = 2 ** level * root
        net = keras.layers.Conv2D(features, kernel, activation="relu", name=f"down{level}_a")(net)
        net = keras.layers.Conv2D(features, kernel, activation="relu", name=f"down{level}_b")(net)
        skips.append(net)
        if level < levels - 1:
            net = keras.layers.MaxPooling2D(pool)(net)
    for level in range(levels - 2, -1, -1):
        features = 2 ** (level + 1) * root
        up = keras.layers.Conv2DTranspose(features // 2, pool, strides=pool, activation="relu",
                                          name=f"up{level}_transposed")(net)
        margin = skips[level].shape[1] - up.shape[1]
        crop = (margin // 2, margin - margin // 2)
        net = keras.layers.Concatenate(axis=3)([keras.layers.Cropping2D((crop, crop))(skips[level]), up])
        net = keras.layers.Conv2D(features // 2, kernel, activation="relu", name=f"up{level}_a")(net)
        net = keras.layers.Conv2D(features // 2, kernel, activation="relu", name=f"up{level}_b")(net)
    logits = keras.layers.Conv2D(sizes["n_class"], 1, activation="relu", name="output_map")(net)
    return keras.Model(images, PixelWiseSoftmax()(logits), name="unet")


def seqgan(l2=None):
    """SeqGAN's discriminator: TextCNN-like convolutions with their own filter counts, one highway layer (gate bias
    0, as the repository calls it), then the scores layer (regularized like cnn_text's with `l2`)."""
    sizes = corpus_sizes.SEQGAN
    length, width = sizes["sequence_length"], sizes["embedding_size"]
    words = keras.Input((length,), dtype="int32")
    embedded = keras.layers.Embedding(sizes["vocab_size"], width, name="embedding")(words)
    image = keras.layers.Reshape((length, width, 1))(embedded)
    pooled = []
    for size, filters in zip(sizes["filter_sizes"], sizes["num_filters"]):
        conv = keras.layers.Conv2D(filters, (size, width), activation="relu", name=f"conv_{size}")(image)
        pooled.append(keras.layers.MaxPooling2D((length - size + 1, 1))(conv))
    total = sum(sizes["num_filters"])
    flat = keras.layers.Reshape((total,))(keras.layers.Concatenate(axis=3)(pooled))
    transform = keras.layers.Dense(total, activation="relu", name="highway_transform")(flat)
    gate = keras.layers.Dense(total, activation="sigmoid", name="highway_gate")(flat)
    highway = gate * transform + (1.0 - gate) * flat
    scores = keras.layers.Dense(sizes["num_classes"], name="scores", kernel_regularizer=l2, bias_regularizer=l2)
    return keras.Model(words, scores(highway), name="discriminator")


def seqgan_compiled():
    """seqgan trained as Discriminator's own train_op trains it: Adam(1e-4), TF1's epsilon, l2_reg_lambda 0.2."""
    model = seqgan(keras.regularizers.L2(0.2 / 2))
    model.compile(optimizer=keras.optimizers.Adam(1e-4, epsilon=1e-8),
                  loss=keras.losses.CategoricalCrossentropy(from_logits=True))
    return model
