"""The import is inside main()."""
import argparse


def main():
    parser = argparse.ArgumentParser()
    parser.parse_args()
    import tensorflow as tf
    tf.compat.v1.disable_v2_behavior()
    x = tf.compat.v1.placeholder(tf.float32, [2])
    with tf.compat.v1.Session() as sess:
        print(sess.run(x, {x: [1.0, 2.0]}))


if __name__ == "__main__":
    main()
