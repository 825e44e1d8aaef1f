"""Code that never imports TensorFlow: the same spellings mean something else, so nothing is reported."""
import keras
from mylib import layers, train


class Variable:
    def __init__(self, value):
        self.value = value


h = layers.dense([1, 2], 4)
v = Variable(0)
saver = train.Saver()
graph = object()
model = keras.layers.Dense(4)
