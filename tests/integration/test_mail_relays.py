"""Mail through a real relay that requires AUTH over TLS, as Microsoft 365, Gmail, SES and
SendGrid do: aiosmtpd with a certificate authority made by the test (issue 16, section 2)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import NudgeRow
from growpath.bootstrap import Growpath, smtp_mailer
from growpath.services import digests, nudges, sessions
from growpath.settings import Settings
from tests.factories import plain_text
from tests.integration.conftest import Pair
from tests.relay import (
    RELAY_PASSWORD,
    RELAY_USER,
    Certificates,
    Relay,
    make_certificates,
    running_relay,
)

MARKUP = '<script>alert("owned")</script><a href="https://evil.example">reset here</a>'


@pytest.fixture
def certificates(tmp_path: Path) -> Certificates:
    """A private relay's CA and certificate, made for this test."""
    return make_certificates(tmp_path)


@pytest.fixture
def relay(certificates: Certificates) -> Iterator[Relay]:
    """A relay on a free port that offers AUTH only after STARTTLS, and requires it."""
    with running_relay(certificates) as running:
        yield running


def _relay_settings(
    certificates: Certificates, relay: Relay, tmp_path: Path, **overrides: object
) -> Settings:
    secret = tmp_path / "smtp-password"
    secret.write_text(f"{RELAY_PASSWORD}\n")
    values: dict[str, object] = {
        "environment": "test",
        "secret_key": "test-secret-key-that-is-long-enough-0123456789",
        "mail_backend": "smtp",
        "smtp_host": "127.0.0.1",
        "smtp_port": relay.port,
        "smtp_security": "starttls",
        "smtp_username": RELAY_USER,
        "smtp_password_file": secret,
        "smtp_ca_file": certificates.ca,
    }
    return Settings(**{**values, **overrides})  # type: ignore[arg-type]


def _queue(app: Growpath, key: str, to: str = "ada@example.com", kind: str = "checkin") -> None:
    now = app.clock.now()
    with app.uow() as uow:
        nudges.queue_nudge(
            uow,
            dedupe_key=key,
            kind=kind,
            recipient_email=to,
            subject=f"Nudge {key}",
            body=f"Time for your check-in: {app.settings.page_url('/checkins/1')}",
            due_at=now,
            now=now,
        )
        uow.commit()


def _message(subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", subject
    message.set_content("x")
    return message


def _row(app: Growpath, key: str) -> NudgeRow:
    with app.uow() as uow:
        row = uow.session.scalar(select(NudgeRow).where(NudgeRow.dedupe_key == key))
        assert row is not None
        uow.session.expunge(row)
        return row


def _digest(message: EmailMessage) -> bool:
    """Tell the weekly digest from the session invites that share the outbox."""
    return str(message["Subject"]) == "Your growpath week"


def test_a_digest_goes_through_a_relay_that_requires_auth_over_starttls(
    app: Growpath,
    running_pair: Pair,
    relay: Relay,
    certificates: Certificates,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    app.mailer = smtp_mailer(_relay_settings(certificates, relay, tmp_path))
    sessions.schedule(
        running_pair.mentor, running_pair.engagement_id, clock.now() + timedelta(days=3)
    )
    assert digests.queue_weekly_digests(app) >= 1
    delivery = nudges.deliver_nudges(app)
    assert delivery.sent >= 1 and delivery.failures == () and not delivery.relay_refused
    (digest,) = [m for m in relay.received if m["To"] == "person17@example.com" and _digest(m)]
    assert relay.logins and relay.tls_sessions == len(relay.received)  # AUTH, over TLS
    # The session's invites went through the same relay, each with its calendar intact.
    invites = [m for m in relay.received if not _digest(m)]
    assert sorted(m["To"] for m in invites) == ["person13@example.com", "person17@example.com"]
    for invite in invites:
        calendar = invite.get_body(preferencelist=("calendar",))
        assert calendar is not None and calendar.get_param("method") == "REQUEST"
        assert "BEGIN:VEVENT" in calendar.get_content()
    assert digest.get_content_type() == "multipart/alternative"
    assert "session on" in plain_text(digest)
    html = digest.get_body(preferencelist=("html",))
    assert html is not None and '<html lang="en">' in html.get_content()
    # Optional mail: RFC 8058 one-click unsubscribe, and the same link in the footer.
    link = str(digest["List-Unsubscribe"]).strip("<>")
    assert link.startswith(app.settings.page_url("/mail/unsubscribe/"))
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in plain_text(digest) and link in html.get_content()
    assert str(digest["Message-ID"]).endswith("@127.0.0.1>")


def test_a_wrong_smtp_password_stops_the_run_loudly_and_burns_no_retries(
    app: Growpath, relay: Relay, certificates: Certificates, tmp_path: Path
) -> None:
    app.mailer = smtp_mailer(
        _relay_settings(
            certificates,
            relay,
            tmp_path,
            smtp_password="not-the-password",
            smtp_password_file=None,
        )
    )
    for key in ("one", "two", "three"):
        _queue(app, key)
    delivery = nudges.deliver_nudges(app)
    assert delivery.sent == 0 and delivery.failures == ()
    assert "refused the login" in delivery.relay_refused and "535" in delivery.relay_refused
    assert "not-the-password" not in delivery.relay_refused
    rows = [_row(app, key) for key in ("one", "two", "three")]
    # Not one nudge failed for good or spent an attempt: the password is wrong, not the mail.
    assert [row.status for row in rows] == ["retrying", "pending", "pending"]
    assert [row.attempts for row in rows] == [0, 0, 0]
    assert "relay refuses our set-up" in rows[0].last_error
    assert relay.received == []
    # Once the password is put right, everything goes out at the next run.
    app.mailer = smtp_mailer(_relay_settings(certificates, relay, tmp_path))
    assert nudges.deliver_nudges(app).sent == 3


def test_a_relay_that_requires_auth_is_a_configuration_error_without_a_user_name(
    app: Growpath, relay: Relay, certificates: Certificates, tmp_path: Path
) -> None:
    # The day-one symptom: nudges sat "retrying" while `nudges run` exited 0.
    app.mailer = smtp_mailer(
        _relay_settings(
            certificates,
            relay,
            tmp_path,
            smtp_username=None,
            smtp_password_file=None,
        )
    )
    _queue(app, "waiting")
    delivery = nudges.deliver_nudges(app)
    assert "530" in delivery.relay_refused and _row(app, "waiting").attempts == 0


def test_a_recipient_the_relay_rejects_for_good_fails_that_nudge_alone(
    app: Growpath, relay: Relay, certificates: Certificates, tmp_path: Path
) -> None:
    app.mailer = smtp_mailer(_relay_settings(certificates, relay, tmp_path))
    _queue(app, "before")
    _queue(app, "bounced", to=relay.rejected_recipient)
    _queue(app, "after")
    delivery = nudges.deliver_nudges(app)
    assert delivery.sent == 2 and not delivery.relay_refused
    (failure,) = delivery.failures
    assert failure.kind == "checkin" and "550" in failure.reason
    assert failure.nudge_id == _row(app, "bounced").id
    assert _row(app, "bounced").status == "failed" and _row(app, "bounced").attempts == 1
    assert sorted(m["Subject"] for m in relay.received) == ["Nudge after", "Nudge before"]
    assert relay.logins == [RELAY_USER]  # one connection and one login for the whole pass


def test_a_relay_that_dropped_an_idle_connection_gets_a_new_one_and_no_message_is_lost(
    app: Growpath, certificates: Certificates, tmp_path: Path
) -> None:
    with running_relay(certificates) as relay:
        mailer = smtp_mailer(_relay_settings(certificates, relay, tmp_path))
        app.mailer = mailer
        _queue(app, "first")
        _queue(app, "second")
        mailer.send(_message("kept open"))  # the connection stays open after a send
    with running_relay(certificates, port=relay.port) as restarted:  # it dropped every client
        assert nudges.deliver_nudges(app).sent == 2
    assert [m["Subject"] for m in restarted.received] == ["Nudge first", "Nudge second"]
    assert restarted.logins == [RELAY_USER]


def test_mail_goes_through_a_relay_on_its_implicit_tls_port(
    app: Growpath, certificates: Certificates, tmp_path: Path
) -> None:
    with running_relay(certificates, implicit_tls=True) as relay:
        app.mailer = smtp_mailer(
            _relay_settings(certificates, relay, tmp_path, smtp_security="tls")
        )
        _queue(app, "over-tls")
        assert nudges.deliver_nudges(app).sent == 1
    assert relay.logins == [RELAY_USER] and len(relay.received) == 1


def test_a_relay_whose_certificate_nobody_vouches_for_never_gets_the_password(
    app: Growpath, relay: Relay, certificates: Certificates, tmp_path: Path
) -> None:
    # Without the private CA, the system store does not trust the relay: it could be anyone.
    app.mailer = smtp_mailer(_relay_settings(certificates, relay, tmp_path, smtp_ca_file=None))
    _queue(app, "impostor")
    delivery = nudges.deliver_nudges(app)
    assert "not trusted" in delivery.relay_refused and "GROWPATH_SMTP_CA_FILE" in (
        delivery.relay_refused
    )
    assert relay.logins == [] and _row(app, "impostor").attempts == 0


def test_a_retried_nudge_keeps_its_message_id(
    app: Growpath, relay: Relay, certificates: Certificates, clock: FixedClock, tmp_path: Path
) -> None:
    app.mailer = smtp_mailer(_relay_settings(certificates, relay, tmp_path))
    relay.deferrals_left = 1  # "451 try again later" once
    _queue(app, "deferred")
    first = nudges.deliver_nudges(app)
    assert (first.sent, first.retrying, first.failures) == (0, 1, ())
    assert _row(app, "deferred").status == "retrying"
    clock.advance(nudges.FIRST_RETRY)
    assert nudges.deliver_nudges(app).sent == 1
    (deferred,), (delivered,) = relay.deferred, relay.received
    assert deferred["Message-ID"] == delivered["Message-ID"]
    assert str(delivered["Message-ID"]).startswith(f"<nudge-{_row(app, 'deferred').id}.")


def test_markup_typed_into_an_action_reaches_the_html_part_of_a_digest_only_as_text(
    app: Growpath,
    running_pair: Pair,
    relay: Relay,
    certificates: Certificates,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    app.mailer = smtp_mailer(_relay_settings(certificates, relay, tmp_path))
    held = sessions.schedule(running_pair.mentor, running_pair.engagement_id, clock.now())
    action = {
        "description": MARKUP,
        "owner_person_id": running_pair.mentor.actor.person_id,
        "due_on": (clock.now() + timedelta(days=1)).date(),
    }
    sessions.hold(running_pair.mentor, held.id, actions=[action])
    clock.advance(timedelta(days=2))  # the action is overdue: it goes into the digest
    digests.queue_weekly_digests(app)
    nudges.deliver_nudges(app)
    (digest,) = [m for m in relay.received if m["To"] == "person17@example.com" and _digest(m)]
    html = digest.get_body(preferencelist=("html",))
    assert html is not None
    body = html.get_content()
    assert "<script" not in body and 'evil.example">' not in body
    assert "&lt;script&gt;" in body and "&lt;a href=" in body
    # Our own links are links; the one typed in is text.
    assert f'<a href="{app.settings.page_url(f"/engagements/{running_pair.engagement_id}")}"' in (
        body
    )
    assert MARKUP in plain_text(digest)
