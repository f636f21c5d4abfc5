"""The layers import one way: pages and API share entrypoints.http, services never bootstrap."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import growpath

PACKAGE = Path(growpath.__file__).parent


def _imports(path: Path) -> set[str]:
    """Return every module a file imports, with `from a import b` counted as a and a.b."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _reaching(folder: str, forbidden: str) -> list[str]:
    """Return "file: module" for each import under folder of forbidden or inside it."""
    return sorted(
        f"{path.relative_to(PACKAGE)}: {module}"
        for path in (PACKAGE / folder).rglob("*.py")
        for module in _imports(path)
        if module == forbidden or module.startswith(f"{forbidden}.")
    )


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("entrypoints/web", "growpath.entrypoints.api"),
        ("entrypoints/api", "growpath.entrypoints.web"),
        ("entrypoints/http", "growpath.entrypoints.web"),
        ("entrypoints/http", "growpath.entrypoints.api"),
    ],
)
def test_pages_and_api_share_entrypoints_http_and_never_import_each_other(
    folder: str, forbidden: str
) -> None:
    assert _reaching(folder, forbidden) == []


def test_no_service_imports_the_composition_root() -> None:
    assert _reaching("services", "growpath.bootstrap") == []


def test_the_import_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from growpath.entrypoints import api\nimport growpath.bootstrap\n")
    assert {"growpath.entrypoints.api", "growpath.bootstrap"} <= _imports(module)


def test_services_hold_no_sql_and_go_through_the_unit_of_works_repositories() -> None:
    assert _reaching("services", "sqlalchemy") == []
    touching = sorted(
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "services").rglob("*.py")
        if re.search(r"uow\.session\b", path.read_text(encoding="utf-8"))
    )
    assert touching == []


def test_the_domain_knows_no_database_web_or_command_line() -> None:
    for framework in ("sqlalchemy", "fastapi", "typer", "starlette"):
        assert _reaching("domain", framework) == []


def test_membership_is_decided_only_in_services_access() -> None:
    # The membership lookup is the engagement repository's role_of: only access.py asks it.
    asking = sorted(
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "services").rglob("*.py")
        if "engagements.role_of(" in path.read_text(encoding="utf-8")
    )
    assert asking == ["services/access.py"]
