"""`tf1lint ckpt inspect` output: every variable with its shape, dtype and size, grouped by role, and totals."""

from __future__ import annotations

import json

from tf1lint.ckpt.bundle import CheckpointReader, TensorEntry
from tf1lint.ckpt.roles import Role, classify

_GROUP_TITLES = {"model": "Model variables", "optimizer": "Optimizer state", "step": "Training step"}


def inspect_data(reader: CheckpointReader) -> dict:
    roles = classify(reader.entries)
    variables = [_variable(entry, roles[name]) for name, entry in reader.entries.items()]
    totals = {}
    for group in _GROUP_TITLES:
        members = [v for v in variables if v["group"] == group]
        totals[group] = {"variables": len(members), "values": sum(v["values"] for v in members),
                         "bytes": sum(v["bytes"] for v in members)}
    totals["all"] = {"variables": len(variables), "values": sum(v["values"] for v in variables),
                     "bytes": sum(v["bytes"] for v in variables)}
    return {
        "checkpoint": str(reader.prefix),
        "data_files": reader.num_shards,
        "variables": variables,
        "optimizers": sorted({v["optimizer"] for v in variables if v["optimizer"]}),
        "totals": totals,
        "not_readable": [{"name": v["name"], "reason": v["not_readable"]} for v in variables if v["not_readable"]],
    }


def _variable(entry: TensorEntry, role: Role) -> dict:
    return {
        "name": entry.name, "shape": list(entry.shape), "dtype": entry.dtype, "values": entry.elements,
        "bytes": entry.size, "group": role.group, "optimizer": role.optimizer, "slot": role.slot,
        "slot_of": role.owner, "shard": entry.shard, "not_readable": entry.unsupported or "",
    }


def render_json(data: dict) -> str:
    return json.dumps(data, indent=2) + "\n"


def render_text(data: dict) -> str:
    lines = [f"checkpoint {data['checkpoint']} ({_count(data['data_files'], 'data file')})"]
    for group, title in _GROUP_TITLES.items():
        members = [v for v in data["variables"] if v["group"] == group]
        if not members:
            continue
        if group == "optimizer":
            title += f" ({', '.join(data['optimizers'])})"
        lines += ["", f"{title}: {_count(len(members), 'variable')}"]
        width = max(len(v["name"]) for v in members)
        shape_width = max(len(_shape(v["shape"])) for v in members)
        for variable in sorted(members, key=_grouping_key):
            note = f"  {variable['slot']} of {variable['slot_of']}" if variable["slot_of"] else (
                f"  {variable['slot']}" if variable["slot"] else "")
            lines.append(f"  {variable['name']:<{width}}  {_shape(variable['shape']):<{shape_width}}  "
                         f"{variable['dtype']:<8}  {_size(variable['bytes']):>9}{note}")
    if data["not_readable"]:
        lines += ["", "Listed but not readable here:"]
        lines += [f"  {item['name']}: {item['reason']}" for item in data["not_readable"]]
    lines.append("")
    for group, title in (*_GROUP_TITLES.items(), ("all", "Total")):
        total = data["totals"][group]
        if total["variables"] or group == "all":
            lines.append(f"{title}: {_count(total['variables'], 'variable')}, {_count(total['values'], 'value')}, "
                         f"{_size(total['bytes'])}")
    return "\n".join(lines) + "\n"


def _grouping_key(variable: dict) -> tuple[str, str]:
    # Slots sit next to each other under their owner, in the optimizer's creation order.
    return (variable["slot_of"] or variable["name"], variable["name"])


def _shape(shape: list[int]) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _size(size: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"
