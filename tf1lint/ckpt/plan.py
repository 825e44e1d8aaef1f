"""Resolve a map against a checkpoint and a model: where each model weight's value comes from, and every problem
(`verify` reports them; `convert` refuses to write while any remain)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tf1lint.ckpt.bundle import TensorEntry
from tf1lint.ckpt.mapfile import CheckpointMap, Pair
from tf1lint.ckpt.roles import Role
from tf1lint.ckpt.tf_runner import ModelWeight
from tf1lint.ckpt.transforms import TransformError, Transforms, result_shape


@dataclass
class Plan:
    assignments: dict[str, Pair] = field(default_factory=dict)     # model weight path -> its source
    ignored: dict[str, str] = field(default_factory=dict)          # checkpoint name -> why
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _shape(shape: tuple[int, ...] | list[int]) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def resolve(entries: dict[str, TensorEntry], roles: dict[str, Role], weights: list[ModelWeight],
            checkpoint_map: CheckpointMap) -> Plan:
    plan = Plan()
    by_path = {w.path: w for w in weights}
    for path in checkpoint_map.pairs:
        if path not in by_path:
            plan.problems.append(f"map names model weight {path}, which the model does not have")
    renamed: dict[str, str] = {}
    for name in entries:
        target = name
        for rule in checkpoint_map.rules:
            target = rule.rename(target)
        renamed.setdefault(target, name)
    used: set[str] = set()
    carrying = any(weight.slot_of or weight.slot for weight in weights)
    for weight in weights:
        pair = checkpoint_map.pairs.get(weight.path)
        if pair is None and weight.path in renamed:
            source = renamed[weight.path]
            pair = Pair(weight.path, (source,), why="same name" if source == weight.path else "rules")
        if pair is None:
            plan.problems.append(f"unfilled model weight {weight.path} {_shape(weight.shape)} {weight.dtype}: "
                                 "no checkpoint variable maps to it")
            continue
        if weight.slot_of and _layout(pair.transforms) == Transforms():
            pair = _laid_out_as_owner(pair, checkpoint_map.pairs.get(weight.slot_of), roles)
        problem = _check_pair(pair, weight, entries)
        used.update(s for s in pair.sources if s in entries)
        if problem:
            plan.problems.append(problem)
        else:
            plan.assignments[weight.path] = pair
    for name, entry in entries.items():
        rule = checkpoint_map.ignored_by(name, roles[name].group)
        if name in used:
            continue
        if rule is not None:
            plan.ignored[name] = rule.why or f"ignore {rule.kind}: {rule.value}"
            continue
        role = roles[name]
        # With --optimizer the model lists its optimizer's variables: a slot left over has no place there.
        how = "no variable of the compiled optimizer takes it; ignore it" if carrying else \
            "ignore it or carry it with --optimizer"
        what = {"optimizer": f" (optimizer state: {role.slot} of {role.owner or role.optimizer}; {how})",
                "step": " (training step; ignore it)"}.get(role.group, "")
        plan.problems.append(f"unused checkpoint variable {name} {_shape(entry.shape)} {entry.dtype}{what}")
    return plan


def _layout(transforms: Transforms) -> Transforms:
    """Only the changes of layout (concat, split, transpose, reshape), not those of value."""
    return replace(transforms, scale=None, steps_from_power=None)


def _laid_out_as_owner(pair: Pair, owner: Pair | None, roles: dict[str, Role]) -> Pair:
    """An optimizer slot has its variable's layout: where the map transposes or reshapes the owner (a single
    variable), its slots get the same changes unless the map gives them their own (a `scale` stays). A square
    kernel stored transposed passes every shape check, so a slot carried without its owner's transpose would go
    unnoticed."""
    layout = _layout(owner.transforms) if owner is not None else Transforms()
    if layout == Transforms() or len(owner.sources) != 1 or len(pair.sources) != 1:
        return pair
    role = roles.get(pair.sources[0])
    if role is None or role.owner != owner.sources[0]:
        return pair
    return replace(pair, transforms=replace(layout, scale=pair.transforms.scale),
                   why=f"{pair.why}; laid out as its variable ({layout.describe()})".lstrip("; "))


def _counted_steps(weight: ModelWeight, dtypes: set[str], transforms: Transforms) -> bool:
    """Keras 3 counts iterations in int64. A TF1 step counter made with tf.Variable(0) is int32 (widening it loses
    nothing), and a program without one has Adam's float beta1_power, which `steps_from_power` counts from."""
    if weight.slot != "iteration" or weight.dtype != "int64":
        return False
    counted = transforms.steps_from_power is not None and dtypes <= {"float32", "float64"}
    return dtypes <= {"int32", "int64"} or counted


def _check_pair(pair: Pair, weight: ModelWeight, entries: dict[str, TensorEntry]) -> str | None:
    missing = [s for s in pair.sources if s not in entries]
    if missing:
        return (f"model weight {weight.path}: the map takes it from {', '.join(missing)}, which the checkpoint "
                "does not hold")
    unsupported = [f"{s} ({entries[s].unsupported})" for s in pair.sources if entries[s].unsupported]
    if unsupported:
        return f"model weight {weight.path}: cannot read {', '.join(unsupported)}"
    dtypes = {entries[s].dtype for s in pair.sources}
    if dtypes != {weight.dtype} and not _counted_steps(weight, dtypes, pair.transforms):
        return f"dtype mismatch: model weight {weight.path} is {weight.dtype}, {'+'.join(pair.sources)} is " \
               f"{'/'.join(sorted(dtypes))}"
    if pair.transforms.scale is not None and not dtypes <= {"float16", "float32", "float64"}:
        return f"model weight {weight.path}: scale needs floating-point values, {'+'.join(pair.sources)} is " \
               f"{'/'.join(sorted(dtypes))}"
    try:
        shape = result_shape([tuple(entries[s].shape) for s in pair.sources], pair.transforms)
    except TransformError as error:
        return f"model weight {weight.path}: {error}"
    if shape != weight.shape:
        via = f" after {pair.transforms.describe()}" if pair.transforms.describe() else ""
        hint = " (the transpose: add `transpose: [1, 0]` if it is the same weight)" if (
            len(shape) == 2 and shape[::-1] == weight.shape and pair.transforms.transpose is None) else ""
        return (f"shape mismatch: model weight {weight.path} is {_shape(weight.shape)}, {'+'.join(pair.sources)} "
                f"gives {_shape(shape)}{via}{hint}")
    return None
