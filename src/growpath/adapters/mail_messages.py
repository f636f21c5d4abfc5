"""E-mails as people's mail programs expect them: text and HTML, a unique Message-ID, a
one-click unsubscribe (RFC 8058) on optional mail, and a calendar invite where one travels.

Everything in a nudge's text may come from people (names, action items), so the HTML part is
rendered with autoescaping and only links to our own pages become anchors.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from growpath.i18n import Translator
from growpath.template_gettext import install_gettext

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).parent / "mail_templates"
TRAILING_PUNCTUATION = ".,;:!?"


@dataclass(frozen=True)
class Unsubscribe:
    """Where one POST turns this kind of mail off, and what the person calls it."""

    url: str
    what: str


@dataclass(frozen=True)
class Envelope:
    """The headers of one e-mail."""

    sender: str
    recipient: str
    subject: str
    date: datetime
    message_id: str


def message_id(
    secret_key: str, nudge_id: int, dedupe_key: str, created_at: datetime, domain: str
) -> str:
    """Return the nudge's Message-ID: the same on every retry, unique across installations.

    make_msgid() would draw a new random id on every call, and the outbox keeps no column for
    it; an HMAC of what identifies the nudge under this installation's secret is as unique and
    comes out the same each time it is computed.
    """
    mac = hmac.new(
        secret_key.encode(),
        f"message-id\0{nudge_id}\0{dedupe_key}\0{created_at.isoformat()}".encode(),
        hashlib.sha256,
    ).digest()
    tag = base64.b32encode(mac[:15]).decode().lower()
    return f"<nudge-{nudge_id}.{tag}@{domain}>"


def compose(
    envelope: Envelope,
    text: str,
    site: str,
    unsubscribe: Unsubscribe | None,
    calendar: str | None = None,
    *,
    locale: str,
) -> EmailMessage:
    """Return the e-mail: plain text and HTML alternatives, with unsubscribe headers if optional.

    site is the base URL: only links that start with it become anchors in the HTML part.
    locale is the recipient's language: of the footer and the HTML part's frame.
    A calendar (an iCalendar REQUEST or CANCEL) joins the alternatives as text/calendar and
    comes again as an invite.ics attachment: Outlook reads the first, Google and Apple
    Calendar either, and a mail program without calendar support offers the file.
    """
    message = EmailMessage()
    message["From"] = envelope.sender
    message["To"] = envelope.recipient
    message["Subject"] = envelope.subject
    message["Date"] = format_datetime(envelope.date)
    message["Message-ID"] = envelope.message_id
    # RFC 3834: vacation responders and ticket systems should not answer a machine.
    message["Auto-Submitted"] = "auto-generated"
    if unsubscribe is not None:
        message["List-Unsubscribe"] = f"<{unsubscribe.url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        _ = Translator(locale)
        footer = _(
            "You receive this because %(what)s is on for you. Turn it off: %(url)s",
            what=unsubscribe.what,
            url=unsubscribe.url,
        )
        text = f"{text.rstrip()}\n\n--\n{footer}\n"
    message.set_content(text)
    message.add_alternative(
        _html(envelope.subject, text, site, unsubscribe, locale), subtype="html"
    )
    if calendar is not None:
        # Imported here, as Jinja is below: every command and page that can queue a nudge
        # imports this module, and most never send one.
        from icalendar import Calendar

        method = str(Calendar.from_ical(calendar).get("method", "PUBLISH"))
        message.add_alternative(calendar, subtype="calendar", params={"method": method})
        message.add_attachment(
            calendar.encode(), maintype="application", subtype="ics", filename="invite.ics"
        )
    return message


def _html(subject: str, text: str, site: str, unsubscribe: Unsubscribe | None, locale: str) -> str:
    if unsubscribe is not None:
        text = text.rsplit("\n\n--\n", 1)[0]  # the HTML part has its own footer
    # A path must follow the site, so https://site.evil.example or https://site@evil.example
    # never starts a match: an anchor points at our own pages or is not made at all.
    links = re.compile(re.escape(site.rstrip("/")) + r"[/?#][^\s<>()\"']*")
    return (
        _environment()
        .get_template("message.html")
        .render(
            subject=subject,
            blocks=[_block(paragraph, links) for paragraph in re.split(r"\n\s*\n", text.strip())],
            unsubscribe_url=unsubscribe.url if unsubscribe else "",
            what=unsubscribe.what if unsubscribe else "",
            locale=locale,
        )
    )


@cache
def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"])
    )
    install_gettext(environment)
    return environment


def _block(paragraph: str, links: re.Pattern[str]) -> dict[str, list[Markup]]:
    lines = paragraph.splitlines()
    if all(line.startswith("- ") for line in lines):
        return {"bullets": [_linked(line[2:], links) for line in lines], "lines": []}
    return {"bullets": [], "lines": [_linked(line, links) for line in lines]}


def _linked(line: str, links: re.Pattern[str]) -> Markup:
    """Return the line escaped, with each of our own URLs in it made an anchor."""
    pieces: list[Markup] = []
    position = 0
    for found in links.finditer(line):
        url = found.group().rstrip(TRAILING_PUNCTUATION)
        pieces.append(escape(line[position : found.start()]))
        pieces.append(Markup('<a href="{0}">{0}</a>').format(url))
        position = found.start() + len(url)
    pieces.append(escape(line[position:]))
    return Markup("").join(pieces)
