"""SARIF 2.1.0 output validates against the official schema and carries exact regions.

tests/data/sarif-schema-2.1.0.json is the standard's own schema file, unchanged, as OASIS publishes it
(https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import EXAMPLES, ROOT, run_tf1lint

SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)  # the draft the schema names (04)


@pytest.mark.parametrize("command", ["check", "inventory"])
def test_sarif_validates_against_the_official_schema(validator, command: str) -> None:
    completed = run_tf1lint(command, "--format", "sarif", str(EXAMPLES), str(ROOT / "tests" / "data"))
    document = json.loads(completed.stdout)
    errors = sorted(validator.iter_errors(document), key=str)
    assert errors == []
    run = document["runs"][0]
    assert len(run["results"]) > 40
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert all(result["ruleId"] == rule_ids[result["ruleIndex"]] for result in run["results"])
    assert all(rule["help"]["text"] and rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
               for rule in run["tool"]["driver"]["rules"])


def test_regions_are_one_based_and_exact(validator, tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("import tensorflow as tf\nx = tf.placeholder(tf.float32)\n")
    document = json.loads(run_tf1lint("check", "--format", "sarif", "m.py", cwd=tmp_path).stdout)
    (result,) = document["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "m.py"
    assert location["region"] == {"startLine": 2, "startColumn": 5, "endLine": 2, "endColumn": 19}
    assert result["level"] == "error"
