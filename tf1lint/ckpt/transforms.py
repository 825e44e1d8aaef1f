"""Layout changes a map may ask for between a checkpoint variable and a model weight, on shapes and on values.

Applied in this order: `concat` (when a weight takes several variables), `split`, `transpose`, `reshape`,
`scale` (a factor on every value: Keras 3 SGD keeps -learning_rate times TF1 Momentum's accumulator).
`steps_from_power` stands alone: it turns TF1 Adam's `beta1_power` into the step count Keras 3 keeps instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


class TransformError(ValueError):
    """A transform that cannot apply to the shape it is given."""


@dataclass(frozen=True)
class Transforms:
    concat: int | None = None                      # axis joining several sources
    split: tuple[int, int, int] | None = None      # (axis, parts, index): keep one equal part
    transpose: tuple[int, ...] | None = None       # axis permutation
    reshape: tuple[int, ...] | None = None         # new shape (-1 allowed once)
    scale: float | None = None                     # multiply every value (floating-point sources only)
    steps_from_power: float | None = None          # beta1: beta1_power = beta1^(steps + 1) -> steps (int64)

    def describe(self) -> str:
        return ", ".join(f"{name} {value}" for name, value in vars(self).items() if value is not None)


def result_shape(shapes: list[tuple[int, ...]], transforms: Transforms) -> tuple[int, ...]:
    shape = _joined_shape(shapes, transforms.concat)
    if transforms.steps_from_power is not None and shape != ():
        raise TransformError(f"steps_from_power: needs a scalar (Adam's beta1_power), not {list(shape)}")
    if transforms.split is not None:
        axis, parts, index = transforms.split
        _check_axis(axis, shape, "split")
        if parts <= 0 or shape[axis] % parts or not 0 <= index < parts:
            raise TransformError(f"split: cannot take part {index} of {parts} along axis {axis} of {list(shape)}")
        shape = shape[:axis] + (shape[axis] // parts,) + shape[axis + 1:]
    if transforms.transpose is not None:
        if sorted(transforms.transpose) != list(range(len(shape))):
            raise TransformError(f"transpose: {list(transforms.transpose)} is not a permutation of the axes "
                                 f"of {list(shape)}")
        shape = tuple(shape[axis] for axis in transforms.transpose)
    if transforms.reshape is not None:
        shape = _reshaped(shape, transforms.reshape)
    if transforms.scale is not None and not math.isfinite(transforms.scale):
        raise TransformError(f"scale: {transforms.scale} is not a finite number")
    return shape


def apply(values: list[Any], transforms: Transforms) -> Any:
    import numpy  # pylint: disable=import-outside-toplevel

    if len(values) > 1:
        value = numpy.concatenate(values, axis=transforms.concat or 0)
    else:
        value = values[0]
    if transforms.split is not None:
        axis, parts, index = transforms.split
        value = numpy.split(value, parts, axis=axis)[index]
    if transforms.transpose is not None:
        value = numpy.transpose(value, transforms.transpose)
    if transforms.reshape is not None:
        value = numpy.reshape(value, transforms.reshape)
    if transforms.scale is not None:
        if value.dtype.kind != "f":
            raise TransformError(f"scale: needs floating-point values, not {value.dtype}")
        value = value * value.dtype.type(transforms.scale)  # in the variable's own precision, as the optimizer
    if transforms.steps_from_power is not None:
        return numpy.array(steps_from_power(float(value), transforms.steps_from_power), dtype=numpy.int64)
    return numpy.array(value, order="C")  # ascontiguousarray would turn a scalar into shape [1]


def steps_from_power(power: float, beta: float) -> int:
    """The steps TF1 Adam took, from its beta1_power: it starts at beta1 and is multiplied by beta1 (in float32)
    after each step. Exact while the power is far from float32's smallest numbers (about 650 steps for beta1
    0.9); beyond, the count cannot be told and the map must take it from a step counter."""
    import numpy  # pylint: disable=import-outside-toplevel

    factor = float(numpy.float32(beta))
    if not 0 < factor < 1:
        raise TransformError(f"steps_from_power: beta1 must lie between 0 and 1, not {beta}")
    if not 1e-30 <= power <= factor * (1 + 1e-6):
        raise TransformError(f"steps_from_power: beta1_power {power:.3g} cannot give the step count with beta1 "
                             f"{beta} (too many steps, or another beta1); take the iteration from a step counter")
    exponent = math.log(power) / math.log(factor)
    if abs(exponent - round(exponent)) > 1e-3:
        raise TransformError(f"steps_from_power: beta1_power {power:.9g} is not a power of beta1 {beta}")
    return round(exponent) - 1


def _joined_shape(shapes: list[tuple[int, ...]], axis: int | None) -> tuple[int, ...]:
    if len(shapes) == 1:
        return shapes[0]
    if axis is None:
        raise TransformError("several sources need `concat: AXIS`")
    first = shapes[0]
    _check_axis(axis, first, "concat")
    for shape in shapes[1:]:
        if len(shape) != len(first) or any(a != b for i, (a, b) in enumerate(zip(shape, first)) if i != axis):
            raise TransformError(f"concat: {list(shape)} does not join {list(first)} along axis {axis}")
    return first[:axis] + (sum(s[axis] for s in shapes),) + first[axis + 1:]


def _check_axis(axis: int, shape: tuple[int, ...], name: str) -> None:
    if not 0 <= axis < len(shape):
        raise TransformError(f"{name}: axis {axis} out of range for {list(shape)}")


def _reshaped(shape: tuple[int, ...], target: tuple[int, ...]) -> tuple[int, ...]:
    total = math.prod(shape)
    if target.count(-1) > 1:
        raise TransformError("reshape: at most one -1")
    known = math.prod(d for d in target if d != -1)
    if -1 in target:
        if known == 0 or total % known:
            raise TransformError(f"reshape: cannot reshape {list(shape)} to {list(target)}")
        target = tuple(total // known if d == -1 else d for d in target)
    if math.prod(target) != total:
        raise TransformError(f"reshape: cannot reshape {list(shape)} ({total} values) to {list(target)}")
    return target
