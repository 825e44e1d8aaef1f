"""Run in a child process with TensorFlow 2 (any Python that has it): build the user's model, list its weights,
or assign converted values and write them. Self-contained on purpose: the chosen interpreter need not have tf1lint.

Usage: python tf_child.py REQUEST.json; the answer goes to the request's `answer` file as JSON.
"""

import importlib.util
import json
import os
import sys
import traceback


class UserError(Exception):
    pass


def build_model(spec):
    path, _, function = spec.rpartition(":")
    if not path or not function:
        raise UserError(f"{spec}: expected FILE.py:FUNCTION")
    if not os.path.isfile(path):
        raise UserError(f"{path}: no such file")
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    module_spec = importlib.util.spec_from_file_location("tf1lint_user_model", path)
    module = importlib.util.module_from_spec(module_spec)
    try:
        module_spec.loader.exec_module(module)
    except Exception as error:  # pylint: disable=broad-exception-caught  # the user's file: one line
        raise UserError(f"{path}: importing it failed: {type(error).__name__}: {error}") from None
    if not callable(getattr(module, function, None)):
        raise UserError(f"{path}: no function named {function}")
    try:
        model = getattr(module, function)()
    except Exception as error:  # pylint: disable=broad-exception-caught
        raise UserError(f"{spec}: calling it failed: {type(error).__name__}: {error}") from None
    return model


def named_weights(model):
    """(path, variable) in construction order: Keras paths for Keras models, attribute paths for tf.Module."""
    import tensorflow as tf

    if hasattr(model, "weights") and all(hasattr(w, "path") for w in model.weights):
        pairs, kind = [(w.path, w) for w in model.weights], "keras"
    elif isinstance(model, tf.Module):
        found = model._flatten(with_path=True, predicate=lambda v: isinstance(v, tf.Variable))
        pairs, kind = [("/".join(str(p) for p in path), v) for path, v in found], "module"
    else:
        raise UserError(f"the function returned a {type(model).__name__}, not a Keras model or tf.Module")
    seen, unique = {}, []
    for path, variable in pairs:
        seen[path] = seen.get(path, 0) + 1
        unique.append((path if seen[path] == 1 else f"{path}#{seen[path]}", variable))
    return unique, kind


def optimizer_weights(model, weights):
    """The compiled model's optimizer variables, built, each with the model weight and slot it belongs to."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not hasattr(optimizer, "build"):
        raise UserError("--optimizer needs the function to return a model compiled with a Keras optimizer")
    optimizer.build(model.trainable_variables)
    owners = {path.replace("/", "_"): path for path, variable in weights if variable.trainable}
    listed = []
    for variable in optimizer.variables:
        local = variable.path.split("/", 1)[-1]
        owner, slot = "", local
        for flat, path in owners.items():
            if local.startswith(flat + "_") and len(flat) > len(owner.replace("/", "_")):
                owner, slot = path, local[len(flat) + 1:]
        if local == "learning_rate":
            continue  # a hyperparameter of the new code, not training state
        listed.append((f"optimizer/{variable.path}", variable, owner, slot))
    return optimizer, listed


def optimizer_settings(optimizer):
    """What the proposal needs to carry TF1 state whose scale differs in Keras 3: the learning rate (None when it
    is a schedule, whose value depends on the step) and the momentum settings."""
    import keras
    import numpy

    rate = getattr(optimizer, "_learning_rate", None)
    constant = not isinstance(rate, keras.optimizers.schedules.LearningRateSchedule) and not callable(rate)
    return {"class": type(optimizer).__name__,
            # The shortest decimal of the float32 rate (0.01, not 0.009999999776): the map shows it to a reviewer.
            "learning_rate": float(str(numpy.float32(optimizer.learning_rate))) if constant else None,
            "momentum": float(getattr(optimizer, "momentum", 0.0) or 0.0),
            "nesterov": bool(getattr(optimizer, "nesterov", False))}


def dtype_name(variable):
    import tensorflow as tf

    return tf.as_dtype(variable.dtype).name


def list_weights(request):
    model = build_model(request["model"])
    weights, kind = named_weights(model)
    listed = [{"path": path, "shape": [int(d) for d in variable.shape], "dtype": dtype_name(variable),
               "trainable": bool(getattr(variable, "trainable", True))} for path, variable in weights]
    answer = {"kind": kind, "weights": listed}
    if request.get("optimizer"):
        optimizer, slots = optimizer_weights(model, weights)
        answer["optimizer"] = optimizer_settings(optimizer)
        listed += [{"path": path, "shape": [int(d) for d in variable.shape], "dtype": dtype_name(variable),
                    "trainable": False, "slot_of": owner, "slot": slot} for path, variable, owner, slot in slots]
    return answer


def write_weights(request):
    import numpy as np
    import tensorflow as tf

    values = np.load(request["values"], allow_pickle=False)
    model = build_model(request["model"])
    weights, kind = named_weights(model)
    if request.get("optimizer"):
        _, slots = optimizer_weights(model, weights)
        weights += [(path, variable) for path, variable, _, _ in slots]
    for path, variable in weights:
        variable.assign(values[path])
    output = request["output"]
    if output.endswith(".weights.h5"):
        if kind != "keras":
            raise UserError(f"{output}: .weights.h5 needs a Keras model; this function returns a tf.Module")
        # Written beside the target and renamed into place once read back: never a half-written OUT.
        staging = f"{output[:-len('.weights.h5')]}.partial-{os.getpid()}.weights.h5"
        try:
            model.save_weights(staging)
            fresh = build_model(request["model"])
            reloaded, _ = named_weights(fresh)
            if request.get("optimizer"):
                _, slots = optimizer_weights(fresh, reloaded)
                reloaded += [(path, variable) for path, variable, _, _ in slots]
            fresh.load_weights(staging)
            check_read_back(weights, reloaded, values, output)
            os.replace(staging, output)
        finally:
            if os.path.exists(staging):
                os.remove(staging)
    else:
        tracked = {"optimizer": model.optimizer} if request.get("optimizer") else {}
        written = tf.train.Checkpoint(model=model, **tracked).write(output)
        fresh = build_model(request["model"])
        reloaded, _ = named_weights(fresh)
        if request.get("optimizer"):
            _, slots = optimizer_weights(fresh, reloaded)
            reloaded += [(path, variable) for path, variable, _, _ in slots]
            tracked = {"optimizer": fresh.optimizer}
        tf.train.Checkpoint(model=fresh, **tracked).read(written).assert_existing_objects_matched().expect_partial()
        check_read_back(weights, reloaded, values, written)
        output = written
    return {"written": output, "weights": len(weights)}


def check_read_back(weights, reloaded, values, output):
    """Every weight of a fresh model loaded from the output holds exactly what was converted."""
    import numpy as np

    # A second build auto-increments Keras names (sequential_1/...): compare in construction order.
    differing = [path for (path, _), (_, variable) in zip(weights, reloaded)
                 if not np.array_equal(variable.numpy(), values[path])]
    if differing:
        raise UserError(f"{output}: read back differs for {', '.join(differing)}")


def main():
    with open(sys.argv[1], encoding="utf-8") as stream:
        request = json.load(stream)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        answer = {"list": list_weights, "write": write_weights}[request["action"]](request)
    except UserError as error:
        answer = {"error": str(error)}
    except Exception as error:  # pylint: disable=broad-exception-caught  # a bug or environment problem
        answer = {"error": f"{type(error).__name__}: {error}", "detail": traceback.format_exc()}
    with open(request["answer"], "w", encoding="utf-8") as stream:
        json.dump(answer, stream)


if __name__ == "__main__":
    main()
