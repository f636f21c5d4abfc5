"""Mail in its recipient's language: every kind of e-mail growpath sends is marked for
translation, and a recipient whose language is German reads German."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import Engine, select

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import NudgeRow, PersonRow, ProgramRow, SessionRow
from growpath.bootstrap import Growpath, bootstrap
from growpath.domain.accounts import Role
from growpath.domain.errors import DomainError
from growpath.i18n import PSEUDO_LOCALE
from growpath.services import (
    accounts,
    find_time,
    invitations,
    login_email,
    nudges,
    pair_support,
    password_resets,
)
from growpath.services.context import Context, operator_context
from growpath.services.demo import seed_demo
from growpath.services.engagements import my_engagements
from growpath.services.jobs import run_periodic_jobs
from tests.conftest import START, make_account, settings_for
from tests.factories import RecordingMailer, plain_text

MESSAGE = "Please meet before the quarter ends."
# What a mail may show outside its marked text: the values people and the calendar supply.
DATES = (
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December UTC"
).split()
MARKED = re.compile(r"⟦[^⟦⟧]*⟧")
DATA = re.compile(r"https?://\S+|[\w.+-]+@[\w.-]+|\d+")


def _app(engine: Engine, tmp_path: Path, locale: str, mailer: RecordingMailer) -> Growpath:
    # The pseudo-locale is no setting an operator picks, so the test sets it past validation.
    settings = settings_for(engine, tmp_path).model_copy(update={"default_locale": locale})
    return bootstrap(settings, clock=FixedClock(START), mailer=mailer, engine=engine)


def _visible(message: EmailMessage) -> list[str]:
    """Return every text a recipient reads: subject, plain text, HTML text, calendar event."""
    texts = [str(message["Subject"]), plain_text(message)]
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    texts.append(html.unescape(re.sub(r"<[^>]+>", " ", str(part.get_content()))))
    for attachment in message.walk():
        if attachment.get_content_type() == "text/calendar":
            for event in Calendar.from_ical(attachment.get_content()).walk("VEVENT"):
                texts += [str(event.get("summary", "")), str(event.get("description", ""))]
    return texts


def _unmarked(text: str, data: set[str]) -> list[str]:
    """Return the words of text outside the ⟦…⟧ markers that are no data."""
    while MARKED.search(text):  # a marked value inside a marked sentence: innermost first
        text = MARKED.sub(" ", text)
    return [word for word in re.findall(r"[^\W\d_]+", DATA.sub(" ", text)) if word not in data]


def _data(app: Growpath) -> set[str]:
    """Every word of a name, time zone, program title or session place: data, never
    translated."""
    with app.uow() as uow:
        values: Iterable[str | None] = [
            *uow.session.scalars(select(PersonRow.name)),
            *uow.session.scalars(select(PersonRow.timezone)),
            *uow.session.scalars(select(ProgramRow.name)),
            *uow.session.scalars(select(SessionRow.location)),
        ]
        return (
            {word for value in values for word in re.findall(r"[^\W\d_]+", value or "")}
            | set(DATES)
            | set(MESSAGE.split())
            | {w.strip(".") for w in MESSAGE.split()}
        )


def _kinds(app: Growpath, sent: list[EmailMessage]) -> dict[str, str]:
    """Return the kind of nudge behind each Message-ID."""
    with app.uow() as uow:
        kinds = {
            row.id: row.kind for row in uow.session.execute(select(NudgeRow.id, NudgeRow.kind))
        }
    found = {}
    for message in sent:
        nudge = re.match(r"<nudge-(\d+)\.", str(message["Message-ID"]))
        assert nudge is not None
        found[str(message["Message-ID"])] = kinds[int(nudge.group(1))]
    return found


def _send_one_of_each(app: Growpath) -> None:
    """Send what the demo year and the periodic jobs do not: account mail and pair outreach."""
    seed = seed_demo(app)
    logins = {login.role: login for login in seed.logins}
    operator = operator_context(app)
    password_resets.request_reset(app, logins["participant"].email)
    invitations.invite(operator, "newcomer@example.com", {Role.PARTICIPANT})
    participant = make_account(app, "mover@example.com")
    login_email.request_my_change(participant, "moved@example.com")
    for _ in range(accounts.MAX_FAILED_LOGINS):
        with pytest.raises(DomainError):
            accounts.authenticate(app, logins["mentor"].email, "wrong-password-1", "192.0.2.7")
    mentor_actor = accounts.authenticate(app, logins["mentor"].email, logins["mentor"].password)
    mentor = Context(app=app, actor=mentor_actor, source_address="test")
    engagement = next(e for e in my_engagements(mentor) if e.status in ("active", "renewed"))
    pair_support.nudge_pair(operator, engagement.id)
    pair_support.message_pair(operator, engagement.id, MESSAGE)
    slots = find_time.find_slots(mentor, engagement.id)
    find_time.propose_slot(mentor, engagement.id, slots.slots[0].starts_at)
    # Weeks of the periodic jobs: practice nudges, digests, health nudges, reminders.
    for _ in range(2):
        app.clock.advance(timedelta(days=7))  # type: ignore[attr-defined]
        run_periodic_jobs(app)


def test_every_kind_of_mail_shows_only_marked_text_and_data_in_the_pseudo_locale(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    mailer = RecordingMailer()
    app = _app(sqlite_engine, tmp_path, PSEUDO_LOCALE, mailer)
    _send_one_of_each(app)
    data = _data(app)
    kinds = _kinds(app, mailer.sent)
    unmarked = {
        kinds[str(message["Message-ID"])]: words
        for message in mailer.sent
        for text in _visible(message)
        if (words := _unmarked(text, data))
    }
    assert unmarked == {}
    expected = {
        "session_invite", "checkin", "reflection", "practice", "digest", "invitation",
        "health.inactivity", "password_reset", "email_change", "account_notice",
        "login_throttled", "admin.message", "slot_proposal",
    }  # fmt: skip
    assert expected <= set(kinds.values())


def test_mail_to_a_recipient_whose_language_is_german_arrives_in_german(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    mailer = RecordingMailer()
    app = _app(sqlite_engine, tmp_path, "de", mailer)
    make_account(app, "lea@example.com")
    password_resets.request_reset(app, "lea@example.com")
    nudges.deliver_due_nudges(app)
    (message,) = mailer.sent
    assert message["Subject"] == "Neues growpath-Passwort wählen"
    text = plain_text(message)
    assert "Jemand (hoffentlich Sie) möchte das Passwort Ihres growpath-Kontos" in text
    assert "Öffnen Sie diesen Link innerhalb von" in text
    part = message.get_body(preferencelist=("html",))
    assert part is not None and '<html lang="de">' in str(part.get_content())
