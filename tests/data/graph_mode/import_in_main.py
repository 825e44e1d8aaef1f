"""The import is inside main()."""
import argparse


def main():
    parser = argparse.ArgumentParser()
    parser.parse_args()
    import tensorflow as tf
    x = tf.placeholder(tf.float32, [2])
    with tf.Session() as sess:
        print(sess.run(x, {x: [1.0, 2.0]}))


if __name__ == "__main__":
    main()
