"""Read growpath's mail as its recipients do: deliver the outbox, then look in the mailer."""

from __future__ import annotations

import re

from growpath.bootstrap import Growpath
from growpath.services import nudges
from tests.factories import RecordingMailer, plain_text


def mail_to(app: Growpath, address: str) -> list[str]:
    """Deliver what is due and return the bodies of every e-mail sent to an address."""
    nudges.deliver_due_nudges(app)
    assert isinstance(app.mailer, RecordingMailer)
    return [plain_text(m) for m in app.mailer.sent if m["To"] == address]


def mailed_token(app: Growpath, address: str, page: str) -> str:
    """Return the token of the newest link to a page (e.g. "/invitations") mailed to an
    address."""
    pattern = re.escape(app.settings.page_url(page)) + r"/([A-Za-z0-9_-]{20,})"
    for body in reversed(mail_to(app, address)):
        if found := re.search(pattern, body):
            return found.group(1)
    raise AssertionError(f"no link to {page} was mailed to {address}")
