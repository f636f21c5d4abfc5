"""Confirmation pages for what cannot be undone: say what will happen, then ask once more.

A button that destroys something leads (GET) to a page built from a ``Confirmation``; its
primary button posts back with ``confirm=yes``. A post without that field acts on nothing
and shows the same page, so an old form or a script cannot skip the question.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from starlette.responses import Response

from growpath.domain.errors import Problem
from growpath.entrypoints.web.rendering import render

CONFIRM_FIELD = "confirm"
CONFIRMED = "yes"


@dataclass(frozen=True)
class TypedCheck:
    """A word the person must type before the button works (an e-mail before an erasure)."""

    name: str
    label: str
    hint: str = ""
    # "password" for a secret (a password or a current code), so the screen never shows it.
    input_type: str = "text"


@dataclass(frozen=True)
class Confirmation:
    """The question a confirmation page asks, what answering yes does, and the way back."""

    title: str
    consequences: list[str]
    action: str
    button: str
    back: str
    # Empty: the page's own "Keep it", in the reader's language.
    back_label: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    undoable: bool = False
    typed: TypedCheck | None = None


def is_confirmed(value: str) -> bool:
    """Whether a posted ``confirm`` field says yes."""
    return value == CONFIRMED


def ask(
    request: Request,
    confirmation: Confirmation,
    problems: list[Problem] | None = None,
    status_code: int = 200,
) -> Response:
    """Render the confirmation page; nothing has changed yet."""
    return render(
        request,
        "confirm.html",
        {
            "confirmation": confirmation,
            "confirm_field": CONFIRM_FIELD,
            "confirmed": CONFIRMED,
            "problems": problems or [],
        },
        status_code=422 if problems else status_code,
    )
