"""A participant's pages: home, triage, programs and enrolment, proposals, check-ins, privacy."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
