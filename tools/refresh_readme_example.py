"""Rewrite the README's example block with what `tf1lint check` prints today (after a reviewed change)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_BLOCK = re.compile(r"(<!-- begin: tf1lint check (\S+) -->\n```text\n\$ [^\n]*\n)(.*?)(```\n<!-- end -->)", re.DOTALL)


def main() -> None:
    readme_path = ROOT / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    match = _BLOCK.search(readme)
    if match is None:
        sys.exit("README.md has no example block")
    output = subprocess.run([sys.executable, "-m", "tf1lint", "check", match.group(2)], cwd=ROOT,
                            capture_output=True, text=True, check=False).stdout
    readme_path.write_text(readme[: match.start(3)] + output + readme[match.end(3):], encoding="utf-8")


if __name__ == "__main__":
    main()
