"""Idiomatic TensorFlow 2 code: nothing here may be reported."""
import tensorflow as tf
import tensorflow.compat.v2 as tf2
from tensorflow import keras

model = tf.keras.Sequential([tf.keras.layers.Dense(4), keras.layers.Dropout(rate=0.1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer)
x = tf.random.normal([2, 3])
total = tf.reduce_sum(x, axis=1, keepdims=True)
y = tf2.math.log(x)
compat_but_plain = tf.compat.v1.float32


@tf.function
def step(inputs):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(model(inputs))
    return tape.gradient(loss, model.trainable_variables)
