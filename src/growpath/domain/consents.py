"""Consents a person can give and take back: what each lets others see."""

from __future__ import annotations

MANAGER_TRAJECTORY = "manager_trajectory"
LAYERING = "layering"
KINDS = {
    MANAGER_TRAJECTORY: "my manager sees my trajectory: sessions held, goals met, competency "
    "growth (never what was said)",
    LAYERING: "my coach and my mentor see each other's focus areas with me: goals and "
    "competencies (never notes)",
}
