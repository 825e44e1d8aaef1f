import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import sys
sys.path.insert(0, os.path.dirname(__file__))
import tensorflow as tf

x = tf.placeholder(tf.float32, [2])

if __name__ == "__main__":
    with tf.Session() as sess:
        print(sess.run(x, {x: [1.0, 2.0]}))
