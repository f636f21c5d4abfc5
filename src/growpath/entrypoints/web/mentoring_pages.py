"""Guides' and managers' pages: my mentees and coachees, my team's trajectories."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
