"""Data that ships with growpath: track templates, triage, competencies, themes."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> Any:
    """Return the parsed JSON data file `name` shipped in growpath/data."""
    return json.loads(resources.files("growpath.data").joinpath(f"{name}.json").read_text("utf-8"))
