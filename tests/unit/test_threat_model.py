"""docs/security.md names a test for every attack of the threat model, and each test exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ATTACKS = range(1, 11)  # the ten attacks of ../shared/THREAT_MODEL.md
SECTION = "## The threat model, and the test that makes each attack fail"


def _attack_rows() -> dict[str, list[str]]:
    text = (ROOT / "docs" / "security.md").read_text()
    assert SECTION in text
    table = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 2 and "::" in cells[1]:
            rows[cells[0]] = re.findall(r"`([^`]+::[^`]+)`", cells[1])
    return rows


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def test_every_attack_of_the_threat_model_names_its_tests() -> None:
    numbered = {row.split(".", 1)[0] for row in _attack_rows() if row[0].isdigit()}
    assert numbered == {str(n) for n in ATTACKS}
    assert all(_attack_rows().values())


def test_every_test_the_threat_model_names_exists() -> None:
    missing = []
    for tests in _attack_rows().values():
        for reference in tests:
            file, name = reference.split("::")
            path = ROOT / file
            if not path.exists() or name not in _test_names(path):
                missing.append(reference)
    assert missing == []
