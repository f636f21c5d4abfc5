"""What pages say to their readers: nothing that only a developer could follow."""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "src/growpath/entrypoints/web/templates"


def test_no_page_names_a_file_of_the_repository() -> None:
    named = [p.name for p in TEMPLATES.rglob("*.html") if "docs/" in p.read_text()]
    assert named == [], "a page names a docs/ file, which its reader cannot open"
