"""What each checkpoint variable is for: a model weight, optimizer state (slots and accumulators) or the step counter.

TF1 names slots `VARIABLE/OPTIMIZER_NAME` (`dense/kernel/Adam`, `dense/kernel/Adam_1`), so a variable
whose parent name is itself a variable of the same shape is a slot of it, whatever the optimizer was called.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tf1lint.ckpt.bundle import TensorEntry

# The slot names TF1's optimizers give, in creation order, and what Keras 3 calls the same state.
KNOWN_SLOTS = {
    "Adam": ("Adam", "m"), "Adam_1": ("Adam", "v"),
    "adam_m": ("AdamWeightDecay", "m"), "adam_v": ("AdamWeightDecay", "v"),  # google-research/bert optimization.py
    "Momentum": ("Momentum", "momentum"),
    "RMSProp": ("RMSProp", "rms"), "RMSProp_1": ("RMSProp", "momentum"), "RMSProp_2": ("RMSProp", "momentum"),
    "Adagrad": ("Adagrad", "accumulator"),
    "Adadelta": ("Adadelta", "accum"), "Adadelta_1": ("Adadelta", "accum_update"),
    "Ftrl": ("Ftrl", "accum"), "Ftrl_1": ("Ftrl", "linear"),
    "ExponentialMovingAverage": ("ExponentialMovingAverage", "average"),
}
_ACCUMULATOR = re.compile(r"(^|/)(beta1_power|beta2_power)(_\d+)?$")
_STEP = re.compile(r"(^|/)global_step$")


@dataclass(frozen=True)
class Role:
    group: str                 # "model", "optimizer" or "step"
    optimizer: str = ""        # Adam, Momentum, RMSProp...; the slot's own name when unknown
    slot: str = ""             # m, v, momentum, rms...; "beta1_power" for Adam's accumulators
    owner: str = ""            # the model variable a slot belongs to


def classify(entries: dict[str, TensorEntry]) -> dict[str, Role]:
    roles = {}
    for name, entry in entries.items():
        roles[name] = _role(name, entry, entries)
    return _centered_rmsprop(roles)


def _centered_rmsprop(roles: dict[str, Role]) -> dict[str, Role]:
    """Centered RMSProp makes three slots, rms, mg (the mean gradient), momentum, named RMSProp, RMSProp_1,
    RMSProp_2: where an owner has a third, its RMSProp_1 is mg, not the momentum it is in the plain optimizer."""
    centered = {role.owner for name, role in roles.items() if role.optimizer == "RMSProp" and role.owner
                and name == f"{role.owner}/RMSProp_2"}
    for owner in centered:
        name = f"{owner}/RMSProp_1"
        if name in roles:
            roles[name] = Role("optimizer", "RMSProp", "mg", owner)
    return roles


def _role(name: str, entry: TensorEntry, entries: dict[str, TensorEntry]) -> Role:
    if _STEP.search(name):
        return Role("step")
    accumulator = _ACCUMULATOR.search(name)
    if accumulator:
        return Role("optimizer", "Adam", accumulator.group(2))
    owner, _, last = name.rpartition("/")
    parent = entries.get(owner)
    if parent is not None and parent.shape == entry.shape:
        optimizer, slot = KNOWN_SLOTS.get(last, (last, last))
        return Role("optimizer", optimizer, slot, owner)
    if last in KNOWN_SLOTS and owner:
        # A slot whose owner is not saved (a Saver given only the slots) is still optimizer state.
        optimizer, slot = KNOWN_SLOTS[last]
        return Role("optimizer", optimizer, slot, owner)
    return Role("model")
