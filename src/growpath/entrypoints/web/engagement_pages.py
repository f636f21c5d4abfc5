"""An engagement's pages: goals with their KPI chart, charter, sessions, actions, growth."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
