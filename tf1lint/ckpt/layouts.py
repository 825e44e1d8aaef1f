"""Layouts in which a checkpoint variable may hold a model weight, beyond the same shape.

Two layouts occur in real TF1 code:
- extra axes of size 1: openai/gpt-2's conv1d keeps a dense kernel as [1, in, out];
- several weights side by side on one axis: its c_attn holds query, key and value at once.

The proposal pairs whole layers through these layouts. It never pairs a single weight this way, because which
part is which comes from the order of the layers. It also names the layouts in its notes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tf1lint.ckpt.transforms import Transforms

Shape = tuple[int, ...]
UNIT_AXES = 1   # `parts` when the variable holds the weight alone, laid out with other axes of size 1


def _squeezed(shape: Shape) -> Shape:
    return tuple(d for d in shape if d != 1)


def parts_of(stored: Shape, wanted: Shape) -> tuple[int, int] | None:
    """(axis of `stored`, parts) when `stored` holds `parts` weights of shape `wanted` side by side on that axis,
    axes of size 1 aside; (-1, UNIT_AXES) when it holds one in another layout of unit axes; None otherwise
    (also for the same shape: that is no layout change)."""
    kept = [(axis, d) for axis, d in enumerate(stored) if d != 1]
    want = _squeezed(wanted)
    if not want or len(kept) != len(want) or tuple(stored) == tuple(wanted):
        return None
    wider = [i for i, ((_, d), w) in enumerate(zip(kept, want)) if d != w]
    if not wider:
        return -1, UNIT_AXES
    if len(wider) == 1 and kept[wider[0]][1] % want[wider[0]] == 0:
        return kept[wider[0]][0], kept[wider[0]][1] // want[wider[0]]
    return None


def transforms_for(stored: Shape, wanted: Shape, index: int = 0) -> Transforms:
    """The split (part `index`) and reshape that turn `stored` into `wanted`; parts_of must have found a layout."""
    if tuple(stored) == tuple(wanted):
        return Transforms()
    found = parts_of(stored, wanted)
    if found is None:
        raise ValueError(f"{list(stored)} does not hold {list(wanted)}")
    axis, parts = found
    shape = tuple(stored)
    split = None
    if parts > UNIT_AXES:
        split = (axis, parts, index)
        shape = shape[:axis] + (shape[axis] // parts,) + shape[axis + 1:]
    return Transforms(split=split, reshape=tuple(wanted) if shape != tuple(wanted) else None)


def hint(wanted: Shape, unpaired: Sequence[tuple[str, Shape]], describe: Callable[[Shape], str]) -> str:
    """A note's tail naming the first variable holding the weight alone and the first holding several of it.
    A weight of [16, 16] may be either; only review can say which."""
    alone = several = ""
    for name, stored in unpaired:
        found = parts_of(stored, wanted)
        if found is None:
            continue
        reshape = f"reshape: {list(wanted)}" if transforms_for(stored, wanted).reshape is not None else ""
        axis, parts = found
        if parts == UNIT_AXES and not alone:
            alone = f"; {name} {describe(stored)} holds the same values (add {reshape})"
        elif parts > UNIT_AXES and not several:
            then = f" then {reshape}" if reshape else ""
            several = (f"; {name} {describe(stored)} holds {parts} of these side by side on axis {axis} (add split: "
                       f"{{axis: {axis}, parts: {parts}, index: N}}{then})")
    return alone + several


def pair_laid_out(run: Sequence[Sequence[tuple[str, Shape, str]]], scope: Sequence[tuple[str, Shape, str]]
                  ) -> list[list[tuple[int, str, Transforms]]] | None:
    """Pair a run of consecutive layers of the same weight shapes with one checkpoint scope through a layout.

    `run`: the layers, each a list of (weight, shape, kind); `scope`: its variables as (name, shape, kind).
    One layer pairs when the scope holds each of its weights alone. Several pair when the scope holds each
    weight that many times side by side on one axis; the first layer takes the first part. The kinds come
    from the leaf names (kernel, bias, gamma...). When two variables fit one weight, the one of the weight's
    kind is taken.

    Returns, per paired layer, (index of the weight in the layer, variable name, transforms), or None."""
    first = run[0]
    if len(first) != len(scope):
        return None
    counts = {_parts(stored, shape) for _, shape, _ in first for _, stored, _ in scope}
    for parts in sorted(count for count in counts if count is not None):
        if parts > len(run):
            continue
        pairing = _pair_parts(first, scope, parts)
        if pairing is None:
            continue
        laid_out = [[(i, name, transforms_for(stored, first[i][1], part)) for i, name, stored in pairing]
                    for part in range(parts)]
        if any(transforms != Transforms() for _, _, transforms in laid_out[0]):  # else: the same shapes
            return laid_out
    return None


def _parts(stored: Shape, wanted: Shape) -> int | None:
    """How many weights of shape `wanted` the variable holds (1 also for the same shape), or None."""
    if tuple(stored) == tuple(wanted):
        return UNIT_AXES
    found = parts_of(stored, wanted)
    return None if found is None else found[1]


def _pair_parts(layer: Sequence[tuple[str, Shape, str]], scope: Sequence[tuple[str, Shape, str]],
                parts: int) -> list[tuple[int, str, Shape]] | None:
    pairs: list[tuple[int, str, Shape]] = []
    for index, (_, shape, kind) in enumerate(layer):
        options = [(name, stored, their_kind) for name, stored, their_kind in scope if _parts(stored, shape) == parts]
        if len(options) > 1:
            options = [option for option in options if option[2] == kind]
        if len(options) != 1 or any(options[0][0] == taken for _, taken, _ in pairs):
            return None
        pairs.append((index, options[0][0], options[0][1]))
    return pairs
