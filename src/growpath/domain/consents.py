"""Consents a person can give and take back: what each lets others see."""

from __future__ import annotations

from growpath.i18n import N_

MANAGER_TRAJECTORY = "manager_trajectory"
LAYERING = "layering"
# What each consent lets others see, in words translated where shown.
KINDS = {
    MANAGER_TRAJECTORY: N_(
        "my manager sees my trajectory: sessions held, goals met, competency "
        "growth (never what was said)"
    ),
    LAYERING: N_(
        "my coach and my mentor see each other's focus areas with me: goals and "
        "competencies (never notes)"
    ),
}
