"""`tf1lint ckpt verify`: does the map fill every model weight with a value of its shape and dtype, and use or
ignore every checkpoint variable? Reads no tensor values (only the index and the data files' sizes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tf1lint.ckpt.bundle import CheckpointReader
from tf1lint.ckpt.mapfile import CheckpointMap, load_map
from tf1lint.ckpt.plan import Plan, resolve
from tf1lint.ckpt.propose import propose
from tf1lint.ckpt.roles import classify
from tf1lint.ckpt.tf_runner import ModelWeight, list_model_weights


@dataclass
class Verification:
    reader: CheckpointReader
    weights: list[ModelWeight]
    plan: Plan
    map_source: str


def verify(checkpoint: str, model: str, map_path: str | None, python: str,
           optimizer: bool = False) -> Verification:
    reader = CheckpointReader(checkpoint)
    roles = classify(reader.entries)
    listing = list_model_weights(python, model, optimizer)
    weights = listing.weights
    if map_path:
        checkpoint_map, source = load_map(Path(map_path)), map_path
    else:
        # Without a reviewed map only what needs no guessing: the same names; optimizer state and step ignored.
        proposal = propose(reader.entries, roles, weights, optimizer, optimizer_settings=listing.optimizer)
        checkpoint_map = CheckpointMap({p.weight: p for p in proposal.pairs.values() if not p.guess},
                                       ignore=proposal.ignore)
        source = "names alone (no --map given)"
    plan = resolve(reader.entries, roles, weights, checkpoint_map)
    plan.problems = reader.check_shards() + plan.problems
    return Verification(reader, weights, plan, source)


def render(verification: Verification) -> str:
    plan = verification.plan
    lines = [f"checkpoint {verification.reader.prefix}: {len(verification.reader.entries)} variables; model: "
             f"{len(verification.weights)} weights; map: {verification.map_source}"]
    if plan.ok:
        lines.append(f"ok: all {len(plan.assignments)} model weights filled with the same shape and dtype; "
                     f"{len(plan.ignored)} checkpoint variables ignored by the map")
    else:
        lines += [f"  {problem}" for problem in plan.problems]
        lines.append(f"{len(plan.problems)} problem{'s' if len(plan.problems) != 1 else ''}: "
                     f"{len(plan.assignments)} of {len(verification.weights)} model weights filled")
    return "\n".join(lines) + "\n"
