"""Typed values out of text form fields, naming the field when one cannot be read."""

from __future__ import annotations

import re
from datetime import date

from growpath.domain.errors import Problem


def form_date(raw: str, name: str, problems: list[Problem]) -> date | None:
    """Read an ISO date from a form field (empty: None); note a problem when it is no date."""
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        problems.append(Problem("must be a date like 2026-02-01", name))
        return None


def form_int(raw: str, name: str, problems: list[Problem]) -> int | None:
    """Read a whole number from a form field (empty: None); note a problem when it is none."""
    text = raw.strip()
    if not text:
        return None
    # Digits only and at most nine: "1_000" or "+5" are no typed numbers, and anything longer
    # would overflow the database's integers.
    if not re.fullmatch(r"-?\d{1,9}", text):
        problems.append(Problem("must be a whole number", name))
        return None
    return int(text)
