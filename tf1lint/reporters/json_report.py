"""A JSON array with one object per finding (the shape documented in the README)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from tf1lint.analysis.findings import Finding


def render(findings: Iterable[Finding]) -> str:
    return json.dumps([finding.as_dict() for finding in findings], indent=2) + "\n"
