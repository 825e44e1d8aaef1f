# Runs before every judging case, under TF 1.14 (Python 3.7) and TF 2 alike (prepended as text by
# judge.py; tests/fix_example_runner.py gives each case a fresh graph). Data is made by numpy, the same
# on both sides, and carried into the graph: no random seed decides a compared value.
import numpy as np
import tensorflow as tf

_v1 = tf.compat.v1


class Namespace:
    """Stands for the repository's object (`self.x = ...`)."""


self = Namespace()


def data(*shape, low=-1.0, high=1.0, seed=0, dtype="float32"):
    return np.random.RandomState(seed).uniform(low, high, size=shape).astype(dtype)


def const(*shape, low=-1.0, high=1.0, seed=0, dtype="float32"):
    return tf.constant(data(*shape, low=low, high=high, seed=seed, dtype=dtype))


def stats(tensor):
    """What a random op's values must keep: shape, dtype and their distribution (not the draw)."""
    values = tf.cast(tensor, tf.float32)
    mean = tf.reduce_mean(values)
    return {"shape": tensor.shape.as_list(), "dtype": tensor.dtype.name, "mean": mean,
            "std": tf.sqrt(tf.reduce_mean(tf.square(values - mean))),
            "min": tf.reduce_min(values), "max": tf.reduce_max(values)}


def _static(tensor):
    shape = tensor.shape.as_list() if tensor.shape.ndims is not None else None
    return {"dtype": tensor.dtype.name, "shape": shape}  # the op's type is TensorFlow's business (Add/AddV2)


def _text(value):
    """Bytes as text that any byte survives (a serialized proto is not UTF-8)."""
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, np.ndarray) and value.dtype.kind in "OS":
        return np.array([item.decode("latin-1") for item in value.ravel()]).reshape(value.shape)
    return value


def _describe(value, session, feed):
    if isinstance(value, dict):
        return {str(key): _describe(item, session, feed) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_describe(item, session, feed) for item in value]
    if isinstance(value, tf.SparseTensor):
        return {"sparse": _describe([value.indices, value.values, value.dense_shape], session, feed)}
    if isinstance(value, tf.Operation):
        session.run(value, feed_dict=feed)
        return {"ran": value.type}
    if isinstance(value, (tf.Tensor, tf.Variable)):
        described = _static(value)
        if value.op.type in ("Placeholder", "PlaceholderV2") and not feed:
            return described  # nothing to compute without a feed: its declaration is its meaning
        described["value"] = _text(session.run(value, feed_dict=feed))
        return described
    if isinstance(value, (np.ndarray, np.generic, bytes)):
        return _text(value)
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    return {"object": type(value).__name__}


def finish(value, feed=None):
    """The statement's values, then every variable (name, shape, dtype, trainable, value), the
    summaries and update ops collected: what a TF1 program sees of a statement."""
    graph = _v1.get_default_graph()
    session = _v1.Session(graph=graph)
    variables = sorted(_v1.global_variables(), key=lambda variable: variable.name)
    trainable = {variable.name for variable in _v1.trainable_variables()}
    session.run([_v1.global_variables_initializer(), _v1.local_variables_initializer()])
    # Carry data into the trainable variables instead of trusting random initializers; the others
    # (optimizer slots, moving averages, counters) keep their initial values, which are constants.
    for number, variable in enumerate(variables):
        if variable.dtype.base_dtype.is_floating and variable.name in trainable:
            variable.load(data(*variable.shape.as_list(), seed=100 + number,
                               dtype=variable.dtype.base_dtype.as_numpy_dtype), session)
    threads = []
    coordinator = _v1.train.Coordinator()
    if _v1.get_collection(_v1.GraphKeys.QUEUE_RUNNERS):
        threads = _v1.train.start_queue_runners(session, coord=coordinator)
    try:
        described = _describe(value, session, feed)
        return {
            "value": described,
            "variables": [[variable.name, variable.shape.as_list(), variable.dtype.base_dtype.name,
                           variable.name in trainable, session.run(variable)] for variable in variables],
            "summaries": len(_v1.get_collection(_v1.GraphKeys.SUMMARIES)),
            "update_ops": len(_v1.get_collection(_v1.GraphKeys.UPDATE_OPS)),
        }
    finally:
        coordinator.request_stop()
        coordinator.join(threads, stop_grace_period_secs=5)
        session.close()
