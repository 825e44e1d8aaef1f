"""The map file: reviewed, committed YAML saying which checkpoint variable fills which model weight.

    weights:                      # model weight -> where its value comes from
      dense/kernel: {from: Variable, guess: "only [10, 16] variable"}
      merged/kernel: {from: [a/W, b/W], concat: 1}
      out/kernel: {from: logits/W, transpose: [1, 0]}
      optimizer/sgd/out_kernel_momentum: {from: logits/W/Momentum, transpose: [1, 0], scale: -0.01}
    rules:                        # applied in order to checkpoint names not listed above
      - {prefix: "mlp/", to: "sequential/"}
      - {regex: "^tower_\\d+/(.*)$", to: "\\1"}
    ignore:                       # checkpoint variables deliberately not carried
      - {group: optimizer, why: "optimizer slots"}
      - {name: global_step}
      - {regex: "/ExponentialMovingAverage$"}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tf1lint.ckpt.transforms import Transforms


class MapError(ValueError):
    """A map file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Pair:
    weight: str
    sources: tuple[str, ...]
    transforms: Transforms = Transforms()
    why: str = ""
    guess: str = ""


@dataclass(frozen=True)
class Rule:
    kind: str          # "prefix" or "regex"
    pattern: str
    replacement: str

    def rename(self, name: str) -> str:
        if self.kind == "prefix":
            return self.replacement + name[len(self.pattern):] if name.startswith(self.pattern) else name
        return re.sub(self.pattern, self.replacement, name)


@dataclass(frozen=True)
class Ignore:
    kind: str          # "name", "regex" or "group"
    value: str
    why: str = ""

    def matches(self, name: str, group: str) -> bool:
        if self.kind == "group":
            return group == self.value
        if self.kind == "name":
            return name == self.value
        return re.search(self.value, name) is not None


@dataclass
class CheckpointMap:
    pairs: dict[str, Pair] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    ignore: list[Ignore] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # comments written into the file for the reviewer

    def ignored_by(self, name: str, group: str) -> Ignore | None:
        return next((rule for rule in self.ignore if rule.matches(name, group)), None)


def load_map(path: Path) -> CheckpointMap:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise MapError(f"{path}: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise MapError(f"{path}: not valid YAML: {str(error).splitlines()[0]}") from None
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise MapError(f"{path}: expected a mapping with weights:, rules: and ignore:")
    unknown = set(document) - {"checkpoint", "model", "weights", "rules", "ignore"}
    if unknown:
        raise MapError(f"{path}: unknown key {sorted(unknown)[0]!r}")
    for key, kind in (("weights", dict), ("rules", list), ("ignore", list)):
        if document.get(key) is not None and not isinstance(document[key], kind):
            raise MapError(f"{path}: {key}: expected a {'mapping' if kind is dict else 'list'}")
    result = CheckpointMap()
    for weight, spec in (document.get("weights") or {}).items():
        result.pairs[str(weight)] = _pair(path, str(weight), spec)
    for index, spec in enumerate(document.get("rules") or []):
        result.rules.append(_rule(path, index, spec))
    for index, spec in enumerate(document.get("ignore") or []):
        result.ignore.append(_ignore(path, index, spec))
    return result


def _pair(path: Path, weight: str, spec: object) -> Pair:
    if isinstance(spec, str):
        spec = {"from": spec}
    if not isinstance(spec, dict) or "from" not in spec:
        raise MapError(f"{path}: weights: {weight}: needs `from: CHECKPOINT_NAME`")
    unknown = set(spec) - {"from", "concat", "split", "transpose", "reshape", "scale", "steps_from_power", "why",
                          "guess"}
    if unknown:
        raise MapError(f"{path}: weights: {weight}: unknown key {sorted(unknown)[0]!r}")
    sources = spec["from"] if isinstance(spec["from"], list) else [spec["from"]]
    try:
        split = spec.get("split")
        transforms = Transforms(
            concat=None if spec.get("concat") is None else int(spec["concat"]),
            split=None if split is None else (int(split["axis"]), int(split["parts"]), int(split["index"])),
            transpose=None if spec.get("transpose") is None else tuple(int(a) for a in spec["transpose"]),
            reshape=None if spec.get("reshape") is None else tuple(int(d) for d in spec["reshape"]),
            scale=None if spec.get("scale") is None else float(spec["scale"]),
            steps_from_power=None if spec.get("steps_from_power") is None else float(spec["steps_from_power"]),
        )
    except (TypeError, ValueError, KeyError) as error:
        raise MapError(f"{path}: weights: {weight}: malformed transform ({error}); split needs "
                       "{axis, parts, index}, transpose and reshape need lists of integers, scale and "
                       "steps_from_power a number") from None
    return Pair(weight, tuple(str(s) for s in sources), transforms, str(spec.get("why", "")),
                str(spec.get("guess", "")))


def _rule(path: Path, index: int, spec: object) -> Rule:
    if not isinstance(spec, dict) or "to" not in spec or len({"prefix", "regex"} & set(spec)) != 1:
        raise MapError(f"{path}: rules[{index}]: expected {{prefix: OLD, to: NEW}} or {{regex: PATTERN, to: NEW}}")
    kind = "prefix" if "prefix" in spec else "regex"
    if kind == "regex":
        try:
            re.compile(spec["regex"])
        except re.error as error:
            raise MapError(f"{path}: rules[{index}]: bad regex: {error}") from None
    return Rule(kind, str(spec[kind]), str(spec["to"]))


def _ignore(path: Path, index: int, spec: object) -> Ignore:
    if isinstance(spec, str):
        spec = {"name": spec}
    kinds = {"name", "regex", "group"} & set(spec) if isinstance(spec, dict) else set()
    if len(kinds) != 1:
        raise MapError(f"{path}: ignore[{index}]: expected one of name:, regex: or group:")
    kind = kinds.pop()
    if kind == "group" and spec[kind] not in ("optimizer", "step", "model"):
        raise MapError(f"{path}: ignore[{index}]: group is one of optimizer, step, model")
    return Ignore(kind, str(spec[kind]), str(spec.get("why", "")))


def dump_map(checkpoint_map: CheckpointMap, checkpoint: str, model: str) -> str:
    """The map as YAML, guesses flagged so a reviewer finds every one."""
    guesses = sum(1 for pair in checkpoint_map.pairs.values() if pair.guess)
    lines = ["# tf1lint ckpt map: which checkpoint variable fills which model weight.",
             f"# {len(checkpoint_map.pairs)} pairs, {guesses} of them guesses: review every `guess:` line, "
             "then run `tf1lint ckpt verify`.",
             "# Per weight you may add concat: AXIS (several from:), split: {axis, parts, index}, "
             "transpose: [..], reshape: [..], scale: FACTOR.",
             f"checkpoint: {_scalar(checkpoint)}", f"model: {_scalar(model)}", "weights:"]
    for pair in checkpoint_map.pairs.values():
        lines.append(f"  {_scalar(pair.weight)}:")
        source = pair.sources[0] if len(pair.sources) == 1 else list(pair.sources)
        lines.append(f"    from: {_scalar(source)}")
        for name, value in vars(pair.transforms).items():
            if value is not None:
                shown = {"axis": value[0], "parts": value[1], "index": value[2]} if name == "split" else value
                lines.append(f"    {name}: {_scalar(list(shown) if isinstance(shown, tuple) else shown)}")
        if pair.guess:
            lines.append(f"    guess: {_scalar(pair.guess)}")
        elif pair.why:
            lines.append(f"    why: {_scalar(pair.why)}")
    if not checkpoint_map.pairs:
        lines[-1] = "weights: {}"
    lines.append("rules: []" if not checkpoint_map.rules else "rules:")
    # Block style: a regex's brackets and braces would end a flow mapping early.
    for rule in checkpoint_map.rules:
        lines += [f"  - {rule.kind}: {_scalar(rule.pattern)}", f"    to: {_scalar(rule.replacement)}"]
    lines.append("ignore: []" if not checkpoint_map.ignore else "ignore:")
    for rule in checkpoint_map.ignore:
        lines += [f"  - {rule.kind}: {_scalar(rule.value)}", f"    why: {_scalar(rule.why)}"]
    if checkpoint_map.notes:
        lines.append("# Left unpaired (verify fails until these are settled):")
        lines += [f"#   {note}" for note in checkpoint_map.notes]
    return "\n".join(lines) + "\n"


def _scalar(value: object) -> str:
    return yaml.safe_dump(value, default_flow_style=True, width=1 << 16).strip().removesuffix("\n...").strip()
