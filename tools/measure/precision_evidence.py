"""Evidence for judging a precision sample: what the installed TensorFlow says about each finding.

For every finding of tools/measure/results/precision/sample-LABEL.jsonl:
  - the name as used (the first dotted `tf.` name of the message), and whether it resolves on the
    installed TensorFlow in a fresh interpreter state (tools/catalogue/tf_resolution.py), with the reason
    when it does not; the same for its `tf.compat.v1.` form and for dotted `tf.` names in the
    suggested replacement;
  - when the flagged name is called: the number of positional arguments, the keywords, and
    whether `inspect.signature(...).bind` accepts them on the installed TensorFlow (for the used
    name, else for its compat.v1 form), with the signature.
Findings are handled in batches, each in a fresh interpreter (TF's lazy loaders are stateful).
Writes tools/measure/results/precision/evidence-LABEL.jsonl (one object a line, keyed like the sample).

Usage: python -m tools.measure.precision_evidence LABEL [--batch N]   (needs TensorFlow installed)
"""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import os
import re
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
TOOLS = Path(__file__).resolve().parent
PRECISION_DIR = TOOLS / "results" / "precision"
from tf1lint.files.atomic import write_atomically

DOTTED_TF = re.compile(r"\btf(?:\.[A-Za-z_]\w*)+")


def used_name(finding: dict) -> str | None:
    """The API as the code uses it, canonical `tf.` form: the first dotted tf. name of the message."""
    match = DOTTED_TF.search(finding.get("message", ""))
    return match.group(0) if match else None


def call_at(finding: dict, repos: Path) -> dict | None:
    """The call whose callee ends where the finding's span ends, if the flagged name is called."""
    path = repos / finding["repo"] / finding["relpath"]
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
        if finding.get("cell"):
            cells = json.loads(raw)["cells"]
            source = cells[finding["cell"] - 1]["source"]
            raw = "".join(source) if isinstance(source, list) else source
            raw = "\n".join(line if not line.lstrip().startswith(("%", "!")) else "" for line in raw.split("\n"))
        tree = ast.parse(raw)
    except (OSError, SyntaxError, ValueError, KeyError, IndexError):
        return None
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and node.func.end_lineno == finding.get("end_line")
                and node.func.end_col_offset == finding.get("end_column")):
            return {"positional": len(node.args), "star_args": any(isinstance(a, ast.Starred) for a in node.args),
                    "keywords": [k.arg for k in node.keywords if k.arg],
                    "star_kwargs": any(k.arg is None for k in node.keywords),
                    "text": ast.get_source_segment(raw, node)[:200] if ast.get_source_segment(raw, node) else None}
    return None


def work_out(batch: list[dict]) -> list[dict]:
    """In this (fresh) interpreter: resolve names and bind call arguments."""
    # TensorFlow is imported here, in the worker only, and once, before the resolver forks.
    import tensorflow  # noqa: F401  # pylint: disable=unused-import,import-outside-toplevel

    from tools.catalogue.tf_resolution import MISSING, FreshResolver, resolve_here  # pylint: disable=import-outside-toplevel

    fresh = FreshResolver()

    def verdict(name: str) -> dict:
        resolves, reason = fresh.check(name)
        answer = {"name": name, "resolves": resolves, **({} if resolves else {"reason": reason[:200]})}
        owner = name[:name.index(".FLAGS.") + len(".FLAGS")] if ".FLAGS." in name else ""
        if (not resolves and owner and fresh.resolves(owner)
                and "FlagValues" in type(resolve_here(owner)).__name__):  # absl FlagValues or TF's wrapper
            answer["note"] = "a flag the program defines itself: this resolves when the program runs"
        return answer

    answers = []
    for item in batch:
        answer: dict = {"key": item["key"]}
        name = item["name"]
        if name:
            answer["used"] = verdict(name)
            if not name.startswith("tf.compat."):
                answer["compat_v1"] = verdict("tf.compat.v1." + name[len("tf."):])
        replacements = sorted(set(DOTTED_TF.findall(item.get("replacement") or "")))
        if replacements:
            answer["replacement"] = [verdict(r) for r in replacements]
        call = item.get("call")
        if call and name:
            for candidate in (answer.get("used"), answer.get("compat_v1")):
                if not candidate or not candidate["resolves"]:
                    continue
                value = resolve_here(candidate["name"])
                if value is MISSING or not callable(value):
                    continue
                try:
                    signature = inspect.signature(value)
                except (TypeError, ValueError):
                    call["bind"] = {"against": candidate["name"], "signature": None}
                    break
                try:
                    signature.bind(*([None] * call["positional"]), **{k: None for k in call["keywords"]})
                    bound = "accepted"
                except TypeError as error:
                    bound = f"TypeError: {error}"
                # Default values print with their memory address: drop it so that reruns compare equal.
                shown = re.sub(r" at 0x[0-9a-f]+", "", str(signature))[:300]
                call["bind"] = {"against": candidate["name"], "result": bound, "signature": shown}
                break
            answer["call"] = call
        answers.append(answer)
    return answers


def main() -> int:
    """Gather the evidence batch by batch, or, as a worker, answer one batch."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("label", nargs="?")
    parser.add_argument("--batch", type=int, default=40, help="findings per fresh interpreter")
    parser.add_argument("--repos", type=Path, default=Path("/work/repos"),
                        help="where the sampled trees are checked out")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:  # a batch on stdin, answers on stdout
        sys.argv = sys.argv[:1]  # absl parses argv when FLAGS is first read: keep our options out of it
        json.dump(work_out(json.load(sys.stdin)), sys.stdout)
        return 0
    if not arguments.label:
        parser.error("LABEL is required")
    sample_path = PRECISION_DIR / f"sample-{arguments.label}.jsonl"
    if not sample_path.is_file():
        raise SystemExit(f"{sample_path}: no such file (run precision_sample.py sample first)")
    findings = [json.loads(line) for line in sample_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [{"key": f["key"], "name": used_name(f), "replacement": f.get("replacement"),
              "call": call_at(f, arguments.repos)} for f in findings]
    answers: list[dict] = []
    for start in range(0, len(items), arguments.batch):
        batch = items[start:start + arguments.batch]
        completed = subprocess.run([sys.executable, "-m", "tools.measure.precision_evidence", "--worker"],
                                   input=json.dumps(batch), cwd=TOOLS.parents[1], capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise SystemExit(f"evidence batch {start // arguments.batch + 1} failed: "
                             f"{(completed.stderr.strip().splitlines() or ['no message'])[-1]}")
        answers.extend(json.loads(completed.stdout))
        print(f"{len(answers)}/{len(items)}", file=sys.stderr)
    target = PRECISION_DIR / f"evidence-{arguments.label}.jsonl"
    write_atomically(target, "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in answers))
    print(f"{len(answers)} findings -> {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
