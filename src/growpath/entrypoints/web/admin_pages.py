"""Admins' pages: people import, programs, match review, health board, audit."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
