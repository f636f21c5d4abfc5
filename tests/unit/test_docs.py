"""Every setting and every CLI command is documented (one source of truth)."""

from __future__ import annotations

from pathlib import Path

import typer.main

from growpath.entrypoints.cli import app
from growpath.settings import Settings

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _command_paths() -> list[str]:
    root = typer.main.get_command(app)
    paths: list[str] = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        children = getattr(command, "commands", None)
        if children:
            paths.extend(f"growpath {name} {child}" for child in children)
        else:
            paths.append(f"growpath {name}")
    return paths


def test_every_setting_is_documented() -> None:
    text = (DOCS / "settings.md").read_text()
    missing = [
        f"GROWPATH_{name.upper()}"
        for name in Settings.model_fields
        if f"`GROWPATH_{name.upper()}`" not in text
    ]
    assert missing == []


def test_every_cli_command_is_documented() -> None:
    text = (DOCS / "cli.md").read_text()
    missing = [path for path in _command_paths() if f"`{path}" not in text]
    assert missing == []
    assert len(_command_paths()) >= 8
