"""Propose a map from names, scopes, shapes and construction order; every inferred pair says why. It never pairs
two dtypes, nor two shapes except through the reshape or split it writes in the pair (whole layers, stage 3).

Stages, each over what the earlier left unpaired:
  1. the same name;
  2. the same layer and weight name under another outer scope (`mlp/hidden/kernel` -> `sequential/hidden/kernel`);
  3. whole layers with the same weight shapes: the one scope named like the layer, else in construction order;
     a layer no scope holds so, through another layout (layouts.py): unit axes, or fused with the layers after it;
  4. single weights of the same shape, in construction order (unnamed `Variable`, `Variable_1`...).
Throughout, vectors keep to their kind (bias, norm scale or offset, moving statistic) where their names say it.
"Construction order" on the checkpoint side is the order the TF1 graph created its variables (the `.meta` file,
meta_graph.py) when known, else name order with auto-increment numbers sorted naturally: `w0`, `b0` of an encoder
and of a decoder scope sort decoder-first by name, but the program built the encoder first.
"""

from __future__ import annotations

import re
from collections import Counter

from tf1lint.ckpt import layouts
from tf1lint.ckpt.bundle import TensorEntry
from tf1lint.ckpt.mapfile import CheckpointMap, Ignore, Pair
from tf1lint.ckpt.roles import Role
from tf1lint.ckpt.tf_runner import ModelWeight, OptimizerSettings
from tf1lint.ckpt.transforms import Transforms

# TF1 code names the same weights differently from Keras: slim and contrib use weights/biases, many
# repositories W/b. Comparing through these aliases is how stage 2 and the in-layer pairing see them as one.
_LEAF_ALIASES = {"w": "kernel", "weights": "kernel", "kernel": "kernel", "b": "bias", "biases": "bias",
                 "bias": "bias", "embeddings": "embeddings", "gamma": "gamma", "beta": "beta",
                 "moving_mean": "moving_mean", "moving_variance": "moving_variance"}


def _leaf(name: str) -> str:
    last = name.rsplit("/", 1)[-1].split(":")[0]
    return _LEAF_ALIASES.get(last.lower(), last)


def _layer(name: str) -> str:
    return name.rsplit("/", 1)[0] if "/" in name else ""


def _natural_key(name: str) -> list:
    # `dense` < `dense_1` < `dense_2` < `dense_10`: the order TF1 gave auto-incremented names.
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _shape(shape: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def _ordinal(number: int) -> str:
    return f"{number}{'th' if 10 <= number % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th')}"


class _CheckpointOrder:
    """Sort key and wording for the checkpoint's construction order: creation order where the graph gives it."""

    def __init__(self, created: list[str]) -> None:
        self.rank = {name: position for position, name in enumerate(created)}
        self.words = "creation order (.meta graph)" if created else "name order"

    def key(self, name: str) -> tuple:
        return (0, self.rank[name], []) if name in self.rank else (1, 0, _natural_key(name))

    def scope_key(self, scope: str, members: list[str]) -> tuple:
        """A scope comes where its first variable was created; by name (naturally sorted) when unknown."""
        return min(self.key(name) for name in members) if self.rank else (1, 0, _natural_key(scope))


def propose(entries: dict[str, TensorEntry], roles: dict[str, Role], weights: list[ModelWeight],
            carry_optimizer: bool = False, created: list[str] | None = None,
            optimizer_settings: OptimizerSettings | None = None) -> CheckpointMap:
    """`created`: the checkpoint's variable names in the order the TF1 graph created them (meta_graph.py);
    `optimizer_settings`: the compiled Keras optimizer's, where state must be rescaled (SGD momentum)."""
    result = CheckpointMap()
    order = _CheckpointOrder(created or [])
    groups = Counter(role.group for role in roles.values())
    if groups["optimizer"] and not carry_optimizer:
        optimizers = sorted({role.optimizer for role in roles.values() if role.group == "optimizer"})
        result.ignore.append(Ignore("group", "optimizer", f"{groups['optimizer']} variables of optimizer state "
                                    f"({', '.join(optimizers)}): not carried"))
    if groups["step"] and not carry_optimizer:
        result.ignore.append(Ignore("group", "step", "training step counter"))
    optimizer_weights = [w for w in weights if w.path.startswith("optimizer/")]
    weights = [w for w in weights if not w.path.startswith("optimizer/")]
    candidates = {name: entry for name, entry in entries.items()
                  if roles[name].group == "model" and not entry.unsupported}
    kinds = {name: _kind(name) for name in [*candidates, *(w.path for w in weights)]}
    fits = {(w.path, name) for w in weights for name, e in candidates.items()
            if tuple(e.shape) == w.shape and e.dtype == w.dtype and _same_kind(kinds[w.path], kinds[name])}
    unpaired = sorted(candidates, key=order.key)
    open_weights = list(weights)

    def take(weight: ModelWeight, name: str, why: str = "", guess: str = "",
             transforms: Transforms | None = None) -> None:
        result.pairs[weight.path] = Pair(weight.path, (name,), transforms or Transforms(), why=why, guess=guess)
        if name in unpaired:  # one fused variable fills several layers
            unpaired.remove(name)
        open_weights.remove(weight)

    for weight in list(open_weights):                                   # 1. the same name
        if weight.path in unpaired and (weight.path, weight.path) in fits:
            take(weight, weight.path, why="same name")
    for weight in list(open_weights):                                   # 2. same layer/leaf, other scope
        tail = _tail(weight.path)
        matches = [n for n in unpaired if _tail(n) == tail and (weight.path, n) in fits] if tail else []
        rivals = [w for w in open_weights if _tail(w.path) == tail]
        if len(matches) == 1 and len(rivals) == 1:
            take(weight, matches[0], why=f"same layer and weight name {'/'.join(tail)} under another scope")
    _pair_layers(open_weights, unpaired, fits, take, order, candidates)   # 3. whole layers
    for weight in list(open_weights):                                   # 4. single weights by order
        same_shape = [n for n in unpaired if (weight.path, n) in fits]
        if not same_shape:
            continue
        rivals = [w for w in open_weights if any((w.path, n) in fits for n in same_shape)]
        if len(same_shape) == 1 and len(rivals) == 1:
            take(weight, same_shape[0], guess=f"the only unpaired checkpoint variable of shape {_shape(weight.shape)}")
        elif (closest := _closest_by_name(weight.path, same_shape))[0]:
            take(weight, closest[0], guess=f"of the {len(same_shape)} unpaired variables of shape "
                 f"{_shape(weight.shape)}, the only one whose name shares {', '.join(closest[1])}")
        else:
            position = rivals.index(weight) + 1
            take(weight, same_shape[0], guess=f"{_ordinal(position)} unpaired weight of shape {_shape(weight.shape)} "
                 f"in construction order gets the first such variable in {order.words} ({len(same_shape)} left)")
    if carry_optimizer:
        _pair_optimizer(result, optimizer_weights, entries, roles, open_weights, optimizer_settings)
    for weight in open_weights:
        hint = next((f"; {n} has the transposed shape {_shape(entries[n].shape)} (add transpose)" for n in unpaired
                     if len(weight.shape) == 2 and tuple(entries[n].shape) == weight.shape[::-1]), "")
        hint = hint or layouts.hint(weight.shape, [(n, tuple(entries[n].shape)) for n in unpaired], _shape)
        result.notes.append(f"model weight {weight.path} {_shape(weight.shape)} {weight.dtype}: no checkpoint "
                            f"variable of that shape and dtype{hint}")
    result.notes += [f"checkpoint variable {n} {_shape(entries[n].shape)} {entries[n].dtype}: no model weight "
                     "takes it" for n in unpaired]
    result.notes += [f"checkpoint variable {n}: {e.unsupported}, cannot be carried"
                     for n, e in entries.items() if e.unsupported]
    return result


def _tail(name: str) -> tuple[str, ...]:
    parts = name.split(":")[0].split("/")
    return (parts[-2], _leaf(name)) if len(parts) >= 2 else ()


def _pair_layers(open_weights: list[ModelWeight], unpaired: list[str], fits: set, take,
                 order: _CheckpointOrder, variables: dict[str, TensorEntry]) -> None:
    """Pair model layers with checkpoint scopes holding exactly the same weight shapes, first with first; a layer
    no scope holds so gets the first scope holding its weights in another layout (layouts.py)."""
    model_layers: dict[str, list[ModelWeight]] = {}
    for weight in open_weights:
        model_layers.setdefault(_layer(weight.path), []).append(weight)
    scopes: dict[str, list[str]] = {}
    for name in unpaired:
        if _layer(name):
            scopes.setdefault(_layer(name), []).append(name)
    used: set[str] = set()
    layers = list(model_layers.items())
    for position, (layer, members) in enumerate(layers):
        if any(weight not in open_weights for weight in members):
            continue  # filled from a fused scope with the layers before it
        signature = sorted(w.shape for w in members)
        same = [s for s in sorted(scopes, key=lambda scope: order.scope_key(scope, scopes[scope]))
                if s not in used and sorted(_entry_shape(n, fits, members) for n in scopes[s]) == signature]
        # A scope named like the layer (numbers aside: highway_gate_0 for highway_gate) comes first when it is the
        # only one: a Keras model lists weights in graph order, which for parallel branches is not the order the
        # new code built them in.
        named = [s for s in same if _base_name(s) == _base_name(layer)]
        closest, shared = _closest_by_name(layer, same) if len(named) != 1 else ("", [])
        candidates = named if len(named) == 1 else [closest] if closest else same
        pairing = next(((scope, p) for scope in candidates if (p := _pair_within(members, scopes[scope], fits))), None)
        if not pairing:
            _pair_through_layout(layers[position:], scopes, used, take, order, variables, open_weights)
            continue
        scope, within = pairing
        used.add(scope)
        how = "the only checkpoint scope" if len(same) == 1 else "the checkpoint scope named like it" \
            if candidates is named else f"the only checkpoint scope whose name shares {', '.join(shared)}" \
            if closest else f"the first unpaired checkpoint scope ({order.words})"
        for weight, name in within:
            take(weight, name, guess=f"layer {layer or '(top)'} and {how} with the same weight shapes, {scope}")


def _pair_through_layout(layers: list[tuple[str, list[ModelWeight]]], scopes: dict[str, list[str]], used: set[str],
                         take, order: _CheckpointOrder, variables: dict[str, TensorEntry],
                         open_weights: list[ModelWeight]) -> None:
    """The first layer of `layers`, and as many of the same shapes after it as a fused scope holds, against the
    first unused scope (in the checkpoint's order) holding their weights with other axes or side by side."""
    members = layers[0][1]
    signature = sorted(w.shape for w in members)
    run = [members]
    for _, more in layers[1:]:
        if sorted(w.shape for w in more) != signature or any(w not in open_weights for w in more):
            break
        run.append(more)
    described = [[(w.path, w.shape, _kind(w.path)) for w in layer] for layer in run]
    for scope in sorted(scopes, key=lambda scope: order.scope_key(scope, scopes[scope])):
        names = scopes[scope]
        if scope in used or any(variables[n].dtype != members[0].dtype for n in names):
            continue
        laid_out = layouts.pair_laid_out(described, [(n, tuple(variables[n].shape), _kind(n)) for n in names])
        if laid_out is None:
            continue
        used.add(scope)
        for part, pairs in enumerate(laid_out):
            what = ("the same values with other axes of size 1" if len(laid_out) == 1 else
                    f"part {part + 1} of {len(laid_out)} side by side in it, by the layers' order")
            for index, name, transforms in pairs:
                take(run[part][index], name, transforms=transforms,
                     guess=f"layer {_layer(run[part][index].path) or '(top)'} and the first unpaired checkpoint "
                           f"scope ({order.words}) holding its weights in another layout, {scope}: {what}")
        return


# Vectors of one shape abound (biases, norm scales and offsets, moving statistics): a leaf name that says which
# it is keeps a bias from pairing with a norm's scale. A norm scope's `b` and `g` (openai/gpt-2's ln_1) are its
# offset and scale.
_VECTOR_KINDS = {"bias", "gamma", "beta", "moving_mean", "moving_variance"}
_NORM_WORDS = {"ln", "norm", "layernorm", "normalization", "batchnorm", "bn"}  # ln_f, LayerNorm, batch_norm_2
_NORM_LEAVES = {"b": "beta", "bias": "beta", "offset": "beta", "g": "gamma", "scale": "gamma"}


def _kind(name: str) -> str:
    last = name.rsplit("/", 1)[-1].split(":")[0].lower()
    scope_words = re.split(r"[_\d]+", _layer(name).rsplit("/", 1)[-1].lower())
    if last in _NORM_LEAVES and _NORM_WORDS.intersection(scope_words):
        return _NORM_LEAVES[last]
    leaf = _leaf(name)
    return leaf if leaf in _VECTOR_KINDS else ""


def _same_kind(ours: str, theirs: str) -> bool:
    return not ours or not theirs or ours == theirs


def _name_words(name: str) -> set[str]:
    return {word for word in re.split(r"[/_:]+", name.lower()) if word}


def _closest_by_name(weight: str, names: list[str]) -> tuple[str, list[str]]:
    """The one variable sharing more scope words with the weight than every other (slim's `conv3/BatchNorm/beta`
    for a Keras `conv3/beta`, not `shortcut/BatchNorm/beta`), with the words only it shares; ("", []) when no
    single one does and construction order must decide."""
    ours = _name_words(weight)
    ranked = sorted(((len(ours & _name_words(name)), name) for name in names), reverse=True)
    if len(ranked) < 2 or ranked[0][0] == ranked[1][0]:
        return "", []
    best = ranked[0][1]
    others = set().union(*(_name_words(name) for _, name in ranked[1:]))
    return best, sorted((ours & _name_words(best)) - others)


def _base_name(scope: str) -> str:
    """The last part of a scope without an auto-increment or index number: `highway_gate_0` -> `highway_gate`."""
    return re.sub(r"_\d+$", "", scope.rsplit("/", 1)[-1])


def _entry_shape(name: str, fits: set, members: list[ModelWeight]) -> tuple[int, ...]:
    shapes = [w.shape for w in members if (w.path, name) in fits]
    return shapes[0] if shapes else (-1,)


def _pair_within(members: list[ModelWeight], names: list[str], fits: set) -> list[tuple[ModelWeight, str]] | None:
    """Weights of one layer against one scope: by shape when shapes differ, by weight name when they repeat."""
    pairs = []
    for weight in members:
        options = [n for n in names if (weight.path, n) in fits]
        if len(options) > 1:
            options = [n for n in options if _leaf(n) == _leaf(weight.path)]
        if len(options) != 1 or any(options[0] == taken for _, taken in pairs):
            return None
        pairs.append((weight, options[0]))
    return pairs


# Per Keras class name prefix: Keras 3 slot name -> the TF1 optimizers and slot (roles.KNOWN_SLOTS names them)
# holding the same quantity. BERT's AdamWeightDecayOptimizer keeps Adam's two moments under its own slot names.
_ADAM_MOMENTS = {"momentum": ({"Adam", "AdamWeightDecay"}, "m"), "velocity": ({"Adam", "AdamWeightDecay"}, "v")}
_SAME_STATE = {"adam": _ADAM_MOMENTS, "adamw": _ADAM_MOMENTS,
               "rmsprop": {"velocity": ({"RMSProp"}, "rms"), "momentum": ({"RMSProp"}, "momentum"),
                           "average_gradient": ({"RMSProp"}, "mg")}}
# Keras 3 SGD keeps m = momentum * m - lr * g and adds m; TF1 Momentum keeps a = momentum * a + g and subtracts
# lr * a (Nesterov's variants too): the same state, m = -lr * a, for a learning rate that stayed constant.
_SCALED_STATE = {"sgd": {"momentum": ({"Momentum"}, "momentum")}}


_TF1_ADAM_BETA1 = 0.9


def _slot_pair(weight: ModelWeight, family: str, owner_pair: Pair | None, slots_of: dict, entries: dict,
               settings: OptimizerSettings | None) -> tuple[Pair | None, str]:
    """The TF1 slot of the variable the weight's owner came from that holds the same state, if any; or, where
    only the reviewer can finish the pair, a note saying how."""
    same, scaled = _SAME_STATE.get(family, {}).get(weight.slot), _SCALED_STATE.get(family, {}).get(weight.slot)
    wanted = same or scaled
    if owner_pair is None or wanted is None:
        return None, ""
    optimizers, tf1_slot = wanted
    owner = owner_pair.sources[0]
    sources = [name for (optimizer, slot), name in slots_of.get(owner, {}).items()
               if optimizer in optimizers and slot == tf1_slot]
    if len(sources) != 1 or entries[sources[0]].shape != tuple(weight.shape) or \
            entries[sources[0]].dtype != weight.dtype:
        return None, ""
    source = sources[0]
    why = f"TF1 slot {tf1_slot} of {owner} -> Keras 3 {weight.slot} of {weight.slot_of}"
    if same:
        return Pair(weight.path, (source,), why=why), ""
    rate = settings.learning_rate if settings else None
    if rate is None:  # a schedule: which rate the TF1 program last used is for the reviewer to say
        return None, (f"{source} holds it times -learning_rate, and the compiled optimizer has no constant rate "
                      f"(a schedule): add `from: {source}` with `scale: -RATE`, RATE the TF1 program's last "
                      "learning rate")
    return Pair(weight.path, (source,), Transforms(scale=-rate),
                guess=f"{why}: Keras keeps -learning_rate times TF1's accumulator; learning rate {rate:.9g} is the "
                      "compiled optimizer's, put the TF1 program's last one if it differs"), ""


def _optimizer_family(prefix: str) -> str:
    """Keras 3 names optimizer variables under its class name in snake case, numbered when repeated: `adam`,
    `adam_1`, and `rm_sprop` for RMSprop."""
    return re.sub(r"_\d+$", "", prefix).replace("_", "")


def _pair_optimizer(result: CheckpointMap, optimizer_weights: list[ModelWeight], entries: dict[str, TensorEntry],
                    roles: dict[str, Role], open_weights: list[ModelWeight],
                    settings: OptimizerSettings | None) -> None:
    slots_of: dict[str, dict[tuple[str, str], str]] = {}
    for name, role in roles.items():
        if role.group == "optimizer" and role.owner:
            slots_of.setdefault(role.owner, {})[role.optimizer, role.slot] = name
    steps = [name for name, role in roles.items() if role.group == "step"]
    for weight in optimizer_weights:
        family = weight.path.split("/")[1].lower() if weight.path.count("/") >= 2 else ""
        if weight.slot == "iteration":
            powers = [name for name, role in roles.items() if role.slot == "beta1_power"]
            if steps:
                result.pairs[weight.path] = Pair(weight.path, (steps[0],), why="TF1 training step -> Keras 3 "
                                                 "optimizer iteration (TF1 code must pass global_step to minimize)")
            elif _optimizer_family(family) == "adam" and len(powers) == 1:
                result.pairs[weight.path] = Pair(
                    weight.path, (powers[0],), Transforms(steps_from_power=_TF1_ADAM_BETA1),
                    guess=f"no global_step saved: the step count from Adam's {powers[0]} = beta1^(steps + 1), with "
                          f"beta1 {_TF1_ADAM_BETA1} (TF1's default: put the TF1 program's)")
            else:
                open_weights.append(weight)
            continue
        pair, note = _slot_pair(weight, _optimizer_family(family), result.pairs.get(weight.slot_of), slots_of,
                                entries, settings)
        if pair is not None:
            result.pairs[weight.path] = pair
        elif note:
            result.notes.append(f"model weight {weight.path} {_shape(weight.shape)} {weight.dtype}: {note}")
        else:
            open_weights.append(weight)
    if any(role.slot in ("beta1_power", "beta2_power") for role in roles.values()):
        result.ignore.append(Ignore("regex", r"(^|/)beta[12]_power(_\d+)?$",
                                    "Adam's running beta powers: Keras 3 recomputes them from iteration"))
