"""Templates: the form macros need the request's context to carry the CSRF token."""

from __future__ import annotations

import re

from growpath.entrypoints.web.rendering import TEMPLATES

IMPORT = re.compile(r"{%-?\s*from\s+\"_forms\.html\"\s+import[^%]*%}")
SCROLLING = re.compile(r"<div[^>]*class=\"usa-table-container--scrollable\"[^>]*>")


def test_every_template_imports_the_form_macros_with_context() -> None:
    without = [
        f"{path.relative_to(TEMPLATES)}: {found}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for found in IMPORT.findall(path.read_text())
        if "with context" not in found
    ]
    assert without == [], "an imported csrf() would render an empty token"


def test_every_scrolling_table_can_be_reached_and_named_by_keyboard_users() -> None:
    wrappers = [
        f"{path.relative_to(TEMPLATES)}: {tag}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for tag in SCROLLING.findall(path.read_text())
        if 'tabindex="0"' not in tag or "aria-label=" not in tag
    ]
    assert wrappers == [], "axe: scrollable-region-focusable"


def test_every_macro_import_carries_the_context_that_says_the_language() -> None:
    # Without it a macro renders English whatever the reader's language.
    found = [
        f"{path.relative_to(TEMPLATES)}: {line.strip()}"
        for path in TEMPLATES.rglob("*.html")
        for line in path.read_text().splitlines()
        if re.search(r"{%-? (from|import) ", line) and "with context" not in line
    ]
    assert found == []
