"""The small sizes both sides of tools/measure/ckpt_corpus.py build each repository's model at (Python 3.7 and 3.11)."""

TEXT_CNN = {"sequence_length": 12, "num_classes": 3, "vocab_size": 40, "embedding_size": 8,
            "filter_sizes": [3, 4, 5], "num_filters": 4, "batch": 6}
MNIST_VAE = {"dim_img": 20, "dim_z": 3, "n_hidden": 16, "batch": 8}
TF_UNET = {"channels": 1, "n_class": 2, "layers": 3, "features_root": 4, "filter_size": 3, "pool_size": 2,
           "image": 44, "batch": 2}
SEQGAN = {"sequence_length": 10, "num_classes": 2, "vocab_size": 30, "embedding_size": 6, "filter_sizes": [2, 3],
          "num_filters": [3, 5], "batch": 6}
