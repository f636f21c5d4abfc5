"""A random secret kept in the working folder, so a development install never signs cookies
or derives the notes key from the secret published in the source code."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_FILE = "growpath-secret.key"  # noqa: S105 - a file name, not a secret


def load_or_create_secret(folder: Path) -> str:
    """Return the secret stored in folder, creating a random one (readable by the owner only)."""
    path = folder / SECRET_FILE
    for _ in range(2):
        try:
            stored = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            stored = ""
        if stored:
            return stored
        secret = secrets.token_urlsafe(48)
        try:
            # O_EXCL: two processes starting at once agree on whichever secret was written first.
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(secret + "\n")
        return secret
    raise OSError(f"{path} exists but holds no secret; delete it or set GROWPATH_SECRET_KEY")
