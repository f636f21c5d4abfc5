"""The competency framework's categories."""

from __future__ import annotations

CATEGORIES = ("technical", "leadership", "communication")
