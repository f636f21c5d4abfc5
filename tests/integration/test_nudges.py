"""The nudge outbox through a real local SMTP server: once per key, never twice, retried."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, select

from growpath.adapters.clock import FixedClock
from growpath.adapters.mailer import SmtpMailer
from growpath.adapters.orm import NudgeRow, UserRoleRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services import digests, engagements, jobs, nudges, program_admins, programs, sessions
from growpath.services.context import operator_context
from tests.conftest import make_account
from tests.factories import RecordingMailer, free_port, plain_text
from tests.integration.conftest import Pair


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Keep the message."""
        message = message_from_bytes(envelope.content, _class=EmailMessage, policy=policy.default)
        self.messages.append(message)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on a free local port."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def _queue(app: Growpath, key: str, minutes: int = 0) -> bool:
    now = app.clock.now()
    with app.uow() as uow:
        added = nudges.queue_nudge(
            uow,
            dedupe_key=key,
            kind="checkin",
            recipient_email="ada@example.com",
            subject=f"Nudge {key}",
            body="Time for your check-in.",
            due_at=now + timedelta(minutes=minutes),
            now=now,
        )
        uow.commit()
    return added


def _status(app: Growpath, key: str) -> str:
    with app.uow() as uow:
        return uow.session.scalar(select(NudgeRow.status).where(NudgeRow.dedupe_key == key)) or ""


def test_each_nudge_is_written_once_and_delivered_once(
    app: Growpath, smtp: tuple[Inbox, int], clock: FixedClock
) -> None:
    inbox, port = smtp
    app.mailer = SmtpMailer("127.0.0.1", port, security="none")
    assert _queue(app, "a") and _queue(app, "b") and _queue(app, "later", minutes=60)
    assert not _queue(app, "a")
    assert nudges.deliver_due_nudges(app) == 2
    assert nudges.deliver_due_nudges(app) == 0
    assert sorted(m["Subject"] for m in inbox.messages) == ["Nudge a", "Nudge b"]
    clock.advance(timedelta(hours=1))
    assert nudges.deliver_due_nudges(app) == 1
    assert len(inbox.messages) == 3


def test_a_nudge_waits_while_smtp_is_down_and_goes_out_later(
    app: Growpath, clock: FixedClock
) -> None:
    port = free_port()  # nothing listens here yet
    app.mailer = SmtpMailer("127.0.0.1", port, security="none", timeout=2)
    _queue(app, "waiting")
    assert nudges.deliver_due_nudges(app) == 0
    assert _status(app, "waiting") == "retrying"
    assert nudges.deliver_due_nudges(app) == 0  # backoff: not yet time to retry
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        clock.advance(nudges.FIRST_RETRY)
        assert nudges.deliver_due_nudges(app) == 1
    finally:
        controller.stop()
    assert len(inbox.messages) == 1 and _status(app, "waiting") == "sent"


def _invite(message: EmailMessage) -> bool:
    """Tell a session's invite (mailed when it is scheduled) from the digests and nudges."""
    return str(message["Subject"]).startswith("Session scheduled")


KILLED_WORKER = textwrap.dedent("""
    import os, sys
    from datetime import datetime
    from growpath.adapters.clock import FixedClock
    from growpath.adapters.mailer import SmtpMailer
    from growpath.bootstrap import bootstrap
    from growpath.services import nudges
    from growpath.settings import Settings

    class DiesAfterSending(SmtpMailer):
        def send(self, message):
            super().send(message)
            os._exit(137)  # killed after the send, before the commit

    # The app's own secret: every worker opens the outbox with the same notes key.
    settings = Settings(environment="test", secret_key=sys.argv[4], database_url=sys.argv[1])
    now = datetime.fromisoformat(sys.argv[3])
    app = bootstrap(settings, clock=FixedClock(now),
                    mailer=DiesAfterSending("127.0.0.1", int(sys.argv[2]), security="none"))
    nudges.deliver_due_nudges(app)
""")


def test_a_worker_killed_between_send_and_commit_loses_nothing_and_never_resends(
    app: Growpath, engine: Engine, smtp: tuple[Inbox, int], clock: FixedClock
) -> None:
    inbox, port = smtp
    _queue(app, "fragile")
    url = engine.url.render_as_string(hide_password=False)
    worker = subprocess.run(  # noqa: S603 - our own interpreter running our own code
        [
            sys.executable,
            "-c",
            KILLED_WORKER,
            url,
            str(port),
            clock.now().isoformat(),
            app.settings.secret_key,
        ],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert worker.returncode == 137, worker.stderr.decode()
    assert len(inbox.messages) == 1  # delivered once: not lost
    assert _status(app, "fragile") == "sending"
    app.mailer = SmtpMailer("127.0.0.1", port, security="none")
    clock.advance(nudges.STALE_ATTEMPT + timedelta(minutes=1))
    assert nudges.deliver_due_nudges(app) == 0
    assert len(inbox.messages) == 1  # and never sent twice
    assert _status(app, "fragile") == "unconfirmed"


def test_a_guide_receives_a_weekly_digest_once_and_may_opt_out(
    app: Growpath, running_pair: Pair, smtp: tuple[Inbox, int], clock: FixedClock
) -> None:
    inbox, port = smtp
    app.mailer = SmtpMailer("127.0.0.1", port, security="none")
    sessions.schedule(
        running_pair.mentor, running_pair.engagement_id, clock.now() + timedelta(days=3)
    )
    assert digests.queue_weekly_digests(app) >= 1
    assert digests.queue_weekly_digests(app) == 0  # once a week
    nudges.deliver_due_nudges(app)
    # The session's invite went to the mentor too; the digest comes on its own.
    to_mentor = [m for m in inbox.messages if m["To"] == "person17@example.com" and not _invite(m)]
    assert len(to_mentor) == 1 and to_mentor[0]["Subject"] == "Your growpath week"
    assert "session on" in plain_text(to_mentor[0])
    digests.set_digest(running_pair.mentor, opt_out=True)
    clock.advance(timedelta(days=7))
    digests.queue_weekly_digests(app)
    nudges.deliver_due_nudges(app)
    assert len([m for m in inbox.messages if m["To"] == "person17@example.com"]) == 2


def test_a_guide_who_is_also_an_admin_gets_one_digest_with_both_parts(
    app: Growpath, running_pair: Pair, clock: FixedClock, mailer: RecordingMailer
) -> None:
    engagement = engagements.get_engagement(running_pair.mentor, running_pair.engagement_id)
    with app.uow() as uow:
        uow.session.add(
            UserRoleRow(
                user_id=running_pair.mentor.actor.user_id,
                role="program_admin",
                program_id=engagement.program_id,
            )
        )
        uow.commit()
    clock.advance(timedelta(days=70))  # the pair misses its cadence: at risk
    sessions.schedule(
        running_pair.mentor, running_pair.engagement_id, clock.now() + timedelta(days=2)
    )
    digests.queue_weekly_digests(app)
    nudges.deliver_due_nudges(app)
    (digest,) = [m for m in mailer.sent if m["To"] == "person17@example.com" and not _invite(m)]
    body = plain_text(digest)
    assert "session on" in body and "is at risk" in body


def test_a_guides_digest_never_carries_the_actions_the_participant_owns(
    app: Growpath, running_pair: Pair, clock: FixedClock, mailer: RecordingMailer
) -> None:
    # Before, the digest listed every open action of the pair: a participant's own action
    # items (their content) went to the guide's mailbox, or to whoever redirected it.
    session = sessions.schedule(running_pair.mentor, running_pair.engagement_id, clock.now())
    due = clock.now().date() + timedelta(days=3)
    mentee, mentor = running_pair.mentee.actor.person_id, running_pair.mentor.actor.person_id
    sessions.hold(
        running_pair.mentor,
        session.id,
        actions=[
            {
                "description": "Tell my manager I am leaving",
                "owner_person_id": mentee,
                "due_on": due,
            },
            {"description": "Send the design guide", "owner_person_id": mentor, "due_on": due},
        ],
    )
    digests.queue_weekly_digests(app)
    nudges.deliver_due_nudges(app)
    (digest,) = [m for m in mailer.sent if m["To"] == "person17@example.com" and not _invite(m)]
    body = plain_text(digest)
    assert "Send the design guide" in body
    assert "leaving" not in body


def test_a_program_admin_hears_only_of_the_pairs_of_the_programs_they_administer(
    app: Growpath, running_pair: Pair, clock: FixedClock, mailer: RecordingMailer
) -> None:
    # Before, every program admin's digest listed the at-risk pairs of every program.
    operator = operator_context(app)
    ours = engagements.get_engagement(running_pair.mentor, running_pair.engagement_id).program_id
    elsewhere = programs.create_from_template(operator, "peer-circles").id
    for email, program_id in (("person10@example.com", ours), ("person3@example.com", elsewhere)):
        make_account(app, email, Role.PROGRAM_ADMIN)
        program_admins.change_program_admins(operator, program_id, add=[email])
    make_account(app, "person11@example.com", Role.ORG_ADMIN)
    clock.advance(timedelta(days=70))  # the pair misses its cadence: at risk
    digests.queue_weekly_digests(app)
    nudges.deliver_due_nudges(app)
    told = {m["To"]: plain_text(m) for m in mailer.sent}
    assert "is at risk" in told["person10@example.com"]  # runs the pair's program
    assert "is at risk" in told["person11@example.com"]  # runs every program
    assert "person3@example.com" not in told  # runs another program: nothing to tell


def test_a_line_break_in_a_stored_name_fails_its_nudge_alone_and_the_job_goes_on(
    app: Growpath, smtp: tuple[Inbox, int]
) -> None:
    # A name stored before names were checked reaches a subject; the job must not stop on it.
    inbox, port = smtp
    app.mailer = SmtpMailer("127.0.0.1", port, security="none")
    _queue(app, "before")
    now = app.clock.now()
    with app.uow() as uow:
        nudges.queue_nudge(
            uow,
            dedupe_key="injected",
            kind="checkin",
            recipient_email="ada@example.com",
            subject="Check-in for Leaders\r\nBcc: eve@example.com",
            body="Time for your check-in.",
            due_at=now,
            now=now,
        )
        uow.commit()
    _queue(app, "after")
    report = jobs.run_periodic_jobs(app)
    assert (report.sent, report.failed) == (2, 1)
    assert sorted(m["Subject"] for m in inbox.messages) == ["Nudge after", "Nudge before"]
    assert all(m["Bcc"] is None for m in inbox.messages)
    assert _status(app, "injected") == "failed"
    with app.uow() as uow:
        error = uow.session.scalar(
            select(NudgeRow.last_error).where(NudgeRow.dedupe_key == "injected")
        )
    assert error and "linefeed" in error
    # Failed for good: the next run neither sends it nor counts it again.
    assert jobs.run_periodic_jobs(app).failed == 0
    assert len(inbox.messages) == 2
