"""Start the TensorFlow child process (tf_child.py) with the chosen interpreter and read its answer."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

CHILD = Path(__file__).with_name("tf_child.py")
_TIMEOUT = 1800


class ModelError(Exception):
    """The model could not be imported, built or written; the message is one line for the user."""


@dataclass(frozen=True)
class ModelWeight:
    path: str
    shape: tuple[int, ...]
    dtype: str
    order: int
    trainable: bool
    slot_of: str = ""     # optimizer variables (--optimizer): the model weight it belongs to
    slot: str = ""        # and its Keras 3 slot name (momentum, velocity...) or "iteration"


@dataclass(frozen=True)
class OptimizerSettings:
    """The compiled Keras 3 optimizer's settings (asked for with --optimizer)."""
    name: str                       # the Keras class: Adam, SGD, RMSprop...
    learning_rate: float | None     # None when a schedule sets it per step
    momentum: float = 0.0
    nesterov: bool = False


@dataclass(frozen=True)
class ModelListing:
    weights: list[ModelWeight]
    optimizer: OptimizerSettings | None = None


def _ask(python: str, request: dict) -> dict:
    with tempfile.TemporaryDirectory(prefix="tf1lint-ckpt-") as folder:
        answer_path = Path(folder) / "answer.json"
        request_path = Path(folder) / "request.json"
        request_path.write_text(json.dumps({**request, "answer": str(answer_path)}), encoding="utf-8")
        env = dict(os.environ)
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        try:
            completed = subprocess.run([python, str(CHILD), str(request_path)], capture_output=True, text=True,
                                       env=env, timeout=_TIMEOUT, check=False)
        except FileNotFoundError:
            raise ModelError(f"{python}: no such Python interpreter (give one with TensorFlow 2: --python)") from None
        except subprocess.TimeoutExpired:
            raise ModelError(f"the TensorFlow child process ran longer than {_TIMEOUT} s") from None
        if not answer_path.is_file():
            last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
            raise ModelError(f"the TensorFlow child process ({python}) ended without an answer: {last}")
        answer = json.loads(answer_path.read_text(encoding="utf-8"))
    if "error" in answer:
        raise ModelError(answer["error"])
    return answer


def list_model_weights(python: str, model: str, optimizer: bool = False) -> ModelListing:
    answer = _ask(python, {"action": "list", "model": str(_absolute_model(model)), "optimizer": optimizer})
    weights = [ModelWeight(w["path"], tuple(w["shape"]), w["dtype"], order, w["trainable"], w.get("slot_of", ""),
                           w.get("slot", "")) for order, w in enumerate(answer["weights"])]
    settings = answer.get("optimizer")
    if settings is None:
        return ModelListing(weights)
    return ModelListing(weights, OptimizerSettings(settings["class"], settings["learning_rate"],
                                                   settings["momentum"], settings["nesterov"]))


def write_model_weights(python: str, model: str, values_file: Path, output: Path, optimizer: bool = False) -> str:
    answer = _ask(python, {"action": "write", "model": str(_absolute_model(model)), "values": str(values_file),
                           "output": str(output.absolute()), "optimizer": optimizer})
    return answer["written"]


def _absolute_model(model: str) -> str:
    path, separator, function = model.rpartition(":")
    if not separator:
        raise ModelError(f"{model}: expected FILE.py:FUNCTION")
    return f"{Path(path).absolute()}:{function}"
