"""One-click unsubscribe (RFC 8058): the link in an optional e-mail turns that mail off with one
POST and no login; it cannot be forged, a GET changes nothing, essential mail has no link."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.services import nudges
from tests.e2e.conftest import PARTICIPANT, csrf_of, log_in_page
from tests.factories import RecordingMailer


def mailed_unsubscribe_link(
    app: Growpath, mailer: RecordingMailer, kind: str, key: str
) -> str | None:
    """Queue and deliver a nudge of a kind to the participant; return its unsubscribe path."""
    now = app.clock.now()
    with app.uow() as uow:
        assert nudges.queue_nudge(
            uow,
            dedupe_key=key,
            kind=kind,
            recipient_email=PARTICIPANT,
            subject="From growpath",
            body="Something for you.",
            due_at=now,
            now=now,
        )
        uow.commit()
    nudges.deliver_nudges(app)
    header = mailer.sent[-1]["List-Unsubscribe"]
    return urlsplit(str(header).strip("<>")).path if header is not None else None


def _opted_out(app: Growpath) -> tuple[bool, bool]:
    with app.uow() as uow:
        person = uow.people.by_email(PARTICIPANT)
        assert person is not None
        return person.digest_opt_out, person.reminder_opt_out


def test_one_post_without_login_or_csrf_token_turns_the_digest_off(
    client: TestClient, seeded: Growpath, mailer: RecordingMailer
) -> None:
    link = mailed_unsubscribe_link(seeded, mailer, "digest", "digest:1")
    assert link is not None
    # Mail scanners follow links: opening one only shows the button.
    shown = client.get(link)
    assert shown.status_code == 200 and "Turn off the weekly digest" in shown.text
    assert _opted_out(seeded) == (False, False)
    client.cookies.clear()
    done = client.post(
        link,
        content=b"List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200 and "no longer receive the weekly digest" in done.text
    assert _opted_out(seeded) == (True, False)
    undone = client.post(f"{link}/undo")
    assert undone.status_code == 200 and _opted_out(seeded) == (False, False)


def test_a_person_who_turned_reminders_off_gets_no_more_reminders_but_still_security_mail(
    client: TestClient, seeded: Growpath, mailer: RecordingMailer
) -> None:
    link = mailed_unsubscribe_link(seeded, mailer, "checkin", "checkin:1")
    assert link is not None and client.post(link).status_code == 200
    assert _opted_out(seeded) == (False, True)
    now = seeded.clock.now()
    with seeded.uow() as uow:
        queued = nudges.queue_nudge(
            uow,
            dedupe_key="checkin:2",
            kind="checkin",
            recipient_email=PARTICIPANT,
            subject="Check-in",
            body="x",
            due_at=now,
            now=now,
        )
        uow.commit()
    assert not queued
    assert mailed_unsubscribe_link(seeded, mailer, "login_throttled", "login-throttled:1") is None
    assert mailer.sent[-1]["Subject"] == "From growpath"  # essential: sent, with no link


def test_a_forged_or_altered_unsubscribe_link_turns_nothing_off(
    client: TestClient, seeded: Growpath, mailer: RecordingMailer
) -> None:
    link = mailed_unsubscribe_link(seeded, mailer, "digest", "digest:1")
    assert link is not None
    token = link.rsplit("/", 1)[1]
    payload, signature = token.split(".")
    for forged in (
        f"{payload}.{signature[:-2]}AA",
        "WzEsImRpZ2VzdCJd.AAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "nothing",
    ):
        answer = client.post(f"/mail/unsubscribe/{forged}")
        assert answer.status_code == 404, answer.text
        assert client.get(f"/mail/unsubscribe/{forged}").status_code == 404
    assert _opted_out(seeded) == (False, False)


def test_reminders_turned_off_by_a_link_are_turned_back_on_from_the_privacy_page(
    client: TestClient, seeded: Growpath, mailer: RecordingMailer
) -> None:
    link = mailed_unsubscribe_link(seeded, mailer, "checkin", "checkin:1")
    assert link is not None and client.post(link).status_code == 200
    log_in_page(client, PARTICIPANT)
    page = client.get("/me/privacy").text
    assert "Turn reminders on" in page
    response = client.post("/me/reminders", data={"csrf": csrf_of(page), "opt_out": "no"})
    assert "Reminder e-mails are on." in response.text
    assert _opted_out(seeded) == (False, False)
