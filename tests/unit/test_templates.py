"""Templates: the form macros need the request's context to carry the CSRF token."""

from __future__ import annotations

import re

from growpath.entrypoints.web.rendering import TEMPLATES

IMPORT = re.compile(r"{%-?\s*from\s+\"_forms\.html\"\s+import[^%]*%}")


def test_every_template_imports_the_form_macros_with_context() -> None:
    without = [
        f"{path.relative_to(TEMPLATES)}: {found}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for found in IMPORT.findall(path.read_text())
        if "with context" not in found
    ]
    assert without == [], "an imported csrf() would render an empty token"
