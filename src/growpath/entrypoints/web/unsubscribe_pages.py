"""One-click unsubscribe (RFC 8058): the link in an optional e-mail turns that mail off.

No login and no CSRF token: the mail program POSTs to the link with no cookie, and the signed
token in the path is the only authority, naming one person and one kind of mail. A GET only
shows the button, since mail scanners open links on their own.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from growpath.domain.nudges import CATEGORY_TEXT, MailCategory
from growpath.entrypoints.http.context import app_of, optional_actor
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.web.rendering import render
from growpath.services import mail_preferences

router = APIRouter(include_in_schema=False)


@router.get("/mail/unsubscribe/{unsubscribe_token}")
def confirm_unsubscribe(request: Request, unsubscribe_token: str) -> Response:
    """Show what the link turns off, with the button that does it."""
    category = mail_preferences.category_of_link(app_of(request), unsubscribe_token)
    return _page(request, unsubscribe_token, category, done=False)


@router.post("/mail/unsubscribe/{unsubscribe_token}")
def unsubscribe(request: Request, unsubscribe_token: str) -> Response:
    """Turn the mail off (the button, or the mail program's one-click POST)."""
    category = mail_preferences.unsubscribe(app_of(request), unsubscribe_token)
    return _page(request, unsubscribe_token, category, done=True)


@router.post("/mail/unsubscribe/{unsubscribe_token}/undo")
def resubscribe(request: Request, unsubscribe_token: str) -> Response:
    """Turn the mail back on, for a click made by mistake."""
    category = mail_preferences.resubscribe(app_of(request), unsubscribe_token)
    return _page(request, unsubscribe_token, category, done=False, undone=True)


def _page(
    request: Request, token: str, category: MailCategory, *, done: bool, undone: bool = False
) -> Response:
    # The page needs no login: a logged-in reader's choice, else the browser's language.
    what = translator(request, optional_actor(request))(CATEGORY_TEXT[category])
    return render(
        request, "unsubscribe.html", {"token": token, "what": what, "done": done, "undone": undone}
    )
