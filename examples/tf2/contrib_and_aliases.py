"""The conv + LSTM video model of the TF1 example rebuilt with core Keras layers: Conv2D and
Flatten replace slim and tf.contrib.layers, GlorotUniform replaces xavier_initializer, LSTM replaces contrib.rnn.
"""
import numpy as np
import tensorflow as tf

FRAMES, HEIGHT, WIDTH, CHANNELS = 8, 32, 32, 3


def conv_features():
    init = tf.keras.initializers.GlorotUniform()
    return tf.keras.Sequential([
        tf.keras.Input(shape=(HEIGHT, WIDTH, CHANNELS)),
        tf.keras.layers.Conv2D(16, 3, padding="same", activation="relu",
                               kernel_initializer=init, name="conv1"),
        tf.keras.layers.MaxPooling2D(2, name="pool1"),
        tf.keras.layers.Conv2D(32, 3, padding="same", activation="relu",
                               kernel_initializer=init, name="conv2"),
        tf.keras.layers.Flatten(),
    ], name="frame_features")


def build_model(hidden_size=64, num_classes=5):
    frames = tf.keras.Input(shape=(FRAMES, HEIGHT, WIDTH, CHANNELS), name="frames")
    per_frame = tf.keras.layers.TimeDistributed(conv_features())(frames)
    # tf.keras.layers.LSTM(hidden_size) would do the same; RNN(LSTMCell) mirrors the TF1 cell API.
    last = tf.keras.layers.RNN(tf.keras.layers.LSTMCell(hidden_size))(per_frame)
    logits = tf.keras.layers.Dense(num_classes, name="logits")(last)
    return tf.keras.Model(frames, logits)


def main():
    model = build_model()
    clip = np.random.rand(2, FRAMES, HEIGHT, WIDTH, CHANNELS).astype(np.float32)
    print(model(clip).shape)


if __name__ == "__main__":
    main()
