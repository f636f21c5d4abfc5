"""Attack 7: what participants write is unreadable in the database, its WAL, free pages, backups
and the outbox, and erasing a person leaves nothing of them there."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from growpath.adapters import backup, migrate
from growpath.adapters.clock import FixedClock
from growpath.adapters.crypto import NoteCipher, decode_key, kek_from_settings, new_key
from growpath.adapters.database import create_database_engine
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import AuthenticationFailed, Conflict, InvalidInput
from growpath.services import (
    accounts,
    digests,
    engagements,
    enrolment,
    goals,
    keys,
    personal_data,
    reflection,
    sessions,
)
from growpath.services.context import operator_context
from growpath.services.nudges import deliver_nudges, queue_nudge
from growpath.services.sealing import SealedTextUnavailable
from tests.conftest import make_account
from tests.factories import RecordingMailer, plain_text
from tests.integration.conftest import Pair
from tests.integration.test_notes_at_rest import raw_database

MENTEE_EMAIL, MENTEE_NAME = "person13@example.com", "Person 13"
ENROLMENT_GOALS = "Grow into a staff engineer"  # what started_engagement enrols with
MARKERS = {
    "charter.purpose": "Quokka-purpose-marker",
    "charter.goals": "Quokka-charter-goals-marker",
    "charter.meeting_frequency": "Quokka-frequency-marker",
    "charter.success": "Quokka-success-marker",
    "goal.title": "Quokka-goal-title-marker",
    "goal.specific": "Quokka-goal-specific-marker",
    "goal.measure": "Quokka-goal-measure-marker",
    "action.description": "Quokka-action-marker",
    "note.reality": "Quokka-note-marker",
    "nudge.subject": "Quokka-subject-marker",
    "nudge.body": "Quokka-body-marker",
    "engagement.end_reason": "Quokka-end-reason-marker",
    "journal.entry": "Quokka-journal-marker",
}


def _write_through_every_field(app: Growpath, pair: Pair, clock: FixedClock) -> int:
    """Write a marker through every text field a participant fills; return the session id."""
    goals.set_charter(
        pair.mentee,
        pair.engagement_id,
        {
            "purpose": MARKERS["charter.purpose"],
            "goals": MARKERS["charter.goals"],
            "meeting_frequency": MARKERS["charter.meeting_frequency"],
            "success": MARKERS["charter.success"],
        },
    )
    goals.add_goal(
        pair.mentee,
        pair.engagement_id,
        {
            "title": MARKERS["goal.title"],
            "specific": MARKERS["goal.specific"],
            "measure": MARKERS["goal.measure"],
            "baseline_value": 1,
            "target_value": 4,
            "due_on": clock.now().date() + timedelta(days=60),
        },
    )
    session = sessions.schedule(pair.mentor, pair.engagement_id, clock.now() + timedelta(hours=1))
    sessions.hold(
        pair.mentor,
        session.id,
        shared_notes={"reality": MARKERS["note.reality"]},
        actions=[
            {
                "description": MARKERS["action.description"],
                "owner_person_id": pair.mentor.actor.person_id,
                "due_on": clock.now().date() + timedelta(days=3),
            }
        ],
    )
    assert digests.queue_weekly_digests(app) == 1  # the mentor's, quoting the action
    with app.uow() as uow:
        for status, key in (("pending", "waiting"), ("sent", "sent")):
            queue_nudge(
                uow,
                dedupe_key=f"test:{key}",
                kind="test",
                recipient_email=MENTEE_EMAIL,
                subject=MARKERS["nudge.subject"],
                body=MARKERS["nudge.body"],
                due_at=clock.now() + timedelta(days=30 if status == "pending" else 0),
                now=clock.now(),
            )
        uow.commit()
    deliver_nudges(app)  # sends the one due now
    reflection.write_entry(pair.mentee, pair.engagement_id, MARKERS["journal.entry"], shared=True)
    engagements.change_engagement(
        pair.mentor, pair.engagement_id, "end_early", reason=MARKERS["engagement.end_reason"]
    )
    return session.id


def _raw_files(engine: Engine, tmp_path: Path, name: str) -> bytes:
    """Return the raw database (file and WAL, or a plain dump) and, on SQLite, a backup of it."""
    raw = raw_database(engine, tmp_path)
    if engine.dialect.name == "sqlite":
        # A PostgreSQL backup is a compressed archive: the plain dump above stands for it.
        target = tmp_path / f"{name}.backup"
        backup.backup(engine, target)
        raw += target.read_bytes()
    return raw


def test_an_operator_reading_the_raw_database_wal_and_backup_finds_no_participant_text(
    app: Growpath, engine: Engine, running_pair: Pair, clock: FixedClock, tmp_path: Path
) -> None:
    session_id = _write_through_every_field(app, running_pair, clock)
    raw = _raw_files(engine, tmp_path, "written")
    for field, marker in MARKERS.items():
        assert marker.encode() not in raw, field
    assert ENROLMENT_GOALS.encode() not in raw
    # Those entitled still read every field.
    charter = goals.get_charter(running_pair.mentor, running_pair.engagement_id)
    assert charter["purpose"] == MARKERS["charter.purpose"]
    assert charter["meeting_frequency"] == MARKERS["charter.meeting_frequency"]
    (goal,) = goals.list_goals(running_pair.mentee, running_pair.engagement_id)
    assert (goal.title, goal.measure) == (MARKERS["goal.title"], MARKERS["goal.measure"])
    (action,) = sessions.open_actions(running_pair.mentee, running_pair.engagement_id)
    assert action.description == MARKERS["action.description"]
    notes = sessions.read_notes(running_pair.mentee, session_id)
    assert notes["shared"][0]["reality"] == MARKERS["note.reality"]
    (mine,) = enrolment.list_enrolments(running_pair.mentee, mine=True)
    assert mine.goals.startswith(ENROLMENT_GOALS)
    view = engagements.get_engagement(running_pair.mentor, running_pair.engagement_id)
    assert view.end_reason == MARKERS["engagement.end_reason"]


def test_the_logs_carry_no_participant_text(
    app: Growpath, running_pair: Pair, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _write_through_every_field(app, running_pair, clock)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for field, marker in MARKERS.items():
        assert marker not in logged, field


def test_the_mail_job_opens_sealed_subjects_and_bodies_to_send_them(
    app: Growpath, running_pair: Pair, clock: FixedClock, mailer: RecordingMailer
) -> None:
    _write_through_every_field(app, running_pair, clock)
    sent = [m for m in mailer.sent if m["Subject"] == MARKERS["nudge.subject"]]
    assert len(sent) == 1
    assert MARKERS["nudge.body"] in plain_text(sent[0])


def test_an_operator_without_the_notes_key_gets_a_conflict_not_text(
    app: Growpath, running_pair: Pair, clock: FixedClock
) -> None:
    _write_through_every_field(app, running_pair, clock)
    app.cipher = NoteCipher(decode_key(new_key()))
    with pytest.raises(SealedTextUnavailable, match="GROWPATH_NOTES_PREVIOUS_KEYS"):
        goals.get_charter(running_pair.mentor, running_pair.engagement_id)
    with pytest.raises(Conflict):
        goals.list_goals(running_pair.mentee, running_pair.engagement_id)
    with pytest.raises(Conflict):
        sessions.open_actions(running_pair.mentee, running_pair.engagement_id)


def test_texts_stay_readable_through_a_key_rotation(
    app: Growpath, running_pair: Pair, clock: FixedClock
) -> None:
    old = decode_key(new_key())
    app.cipher = NoteCipher(old)
    _write_through_every_field(app, running_pair, clock)
    new = decode_key(new_key())
    # The pair's enrolment goals were sealed under the test settings' key before the swap.
    configured = kek_from_settings(app.settings.notes_key, app.settings.secret_key)
    app.cipher = NoteCipher(new, previous=[old, configured])
    assert keys.rotate_data_keys(operator_context(app)) > 0
    app.cipher = NoteCipher(new)
    charter = goals.get_charter(running_pair.mentor, running_pair.engagement_id)
    assert charter["success"] == MARKERS["charter.success"]
    (goal,) = goals.list_goals(running_pair.mentee, running_pair.engagement_id)
    assert goal.specific == MARKERS["goal.specific"]
    assert keys.rotate_data_keys(operator_context(app)) == 0


def test_an_erased_person_leaves_no_trace_in_the_database_wal_backup_outbox_or_audit(
    app: Growpath, engine: Engine, running_pair: Pair, clock: FixedClock, tmp_path: Path
) -> None:
    _write_through_every_field(app, running_pair, clock)
    org_admin = make_account(app, "root@example.com", Role.ORG_ADMIN)
    person_id = running_pair.mentee.actor.person_id
    assert person_id is not None
    with app.uow() as uow:  # events that name the person, as an e-mail change records them
        uow.audit.record(clock.now(), None, "person.update", "person", MENTEE_EMAIL)
        uow.audit.record(
            clock.now(),
            None,
            "person.update",
            "person",
            str(person_id),
            detail={"email": [MENTEE_EMAIL, "new@example.com"], "name": MENTEE_NAME},
        )
        uow.commit()
    result = personal_data.erase_person(org_admin, person_id)
    # To them, waiting and sent; the digest quoting them; the session's invite to them, and the
    # one to the mentor, which names them and carries their address in its calendar; the
    # reflection prompt to them.
    assert result["nudges_removed"] == 6
    assert result["audit_events_pseudonymised"] >= 2
    raw = _raw_files(engine, tmp_path, "erased")
    for trace in [MENTEE_EMAIL, MENTEE_NAME, "Bio of person 13", *MARKERS.values()]:
        assert trace.encode() not in raw, trace
    with app.uow() as uow:
        events = uow.audit.events(limit=1000)
        assert not [e for e, _ in events if MENTEE_EMAIL in f"{e.target_id}{e.detail}"]
        assert f"erased-person-{person_id}" in {e.target_id for e, _ in events}
        assert not uow.nudges.keys_like("test:%")
        assert not uow.nudges.keys_like("digest:%")
        assert not uow.nudges.keys_like("session-invite:%")


def test_text_fields_refuse_a_nul_naming_the_field(running_pair: Pair) -> None:
    with pytest.raises(InvalidInput) as refused:
        goals.set_charter(
            running_pair.mentee,
            running_pair.engagement_id,
            {"purpose": "a\x00b", "goals": "g", "meeting_frequency": "weekly", "success": "s"},
        )
    assert [p.field for p in refused.value.problems] == ["purpose"]
    with pytest.raises(InvalidInput, match="NUL"):
        engagements.change_engagement(
            running_pair.mentor, running_pair.engagement_id, "end_early", reason="x\x00"
        )


def test_a_long_unknown_e_mail_in_the_audit_trail_fits(app: Growpath) -> None:
    long_email = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.example.com"
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(app, long_email, "whatever", "203.0.113.9")
    with app.uow() as uow:
        assert [e.target_id for e, _ in uow.audit.events(limit=1)] == [long_email.lower()]


def test_a_mail_sealed_under_a_lost_key_waits_and_stops_no_other(
    app: Growpath, clock: FixedClock, mailer: RecordingMailer
) -> None:
    for n in (1, 2):
        if n == 2:
            app.cipher = NoteCipher(decode_key(new_key()))
        with app.uow() as uow:
            queue_nudge(
                uow,
                dedupe_key=f"test:{n}",
                kind="test",
                recipient_email=f"person{n}@example.com",
                subject=f"subject {n}",
                body=f"body {n}",
                due_at=clock.now(),
                now=clock.now(),
            )
            uow.commit()
    delivery = deliver_nudges(app)
    assert (delivery.sent, delivery.retrying, delivery.failed) == (1, 1, 0)
    assert [m["Subject"] for m in mailer.sent] == ["subject 2"]


def test_upgrading_an_older_database_seals_its_plain_text_and_loses_none(
    app: Growpath, engine: Engine, running_pair: Pair, clock: FixedClock, tmp_path: Path
) -> None:
    _write_through_every_field(app, running_pair, clock)
    migrate.downgrade(engine, "0010")  # opens every sealed text again, with the app's key
    try:
        assert MARKERS["charter.purpose"].encode() in raw_database(engine, tmp_path)
        # A database holding text is not converted by a migration run without the notes key.
        keyless = create_database_engine(engine.url.render_as_string(hide_password=False))
        with pytest.raises(RuntimeError, match="needs the notes key"):
            migrate.upgrade(keyless)
        keyless.dispose()
        assert migrate.current_revision(engine) == "0010"
    finally:
        migrate.upgrade(engine)  # the PostgreSQL test database is shared by later tests
    raw = raw_database(engine, tmp_path)
    for field, marker in MARKERS.items():
        assert marker.encode() not in raw, field
    charter = goals.get_charter(running_pair.mentor, running_pair.engagement_id)
    assert charter["success"] == MARKERS["charter.success"]
    (goal,) = goals.list_goals(running_pair.mentee, running_pair.engagement_id)
    assert goal.title == MARKERS["goal.title"]


def test_a_downgrade_without_the_notes_key_is_refused_and_changes_nothing(
    app: Growpath, engine: Engine, running_pair: Pair, clock: FixedClock
) -> None:
    _write_through_every_field(app, running_pair, clock)
    keyless = create_database_engine(engine.url.render_as_string(hide_password=False))
    try:
        with pytest.raises(RuntimeError, match="needs the notes key"):
            migrate.downgrade(keyless, "0010")
    finally:
        keyless.dispose()
    assert migrate.is_up_to_date(engine)
    (goal,) = goals.list_goals(running_pair.mentee, running_pair.engagement_id)
    assert goal.measure == MARKERS["goal.measure"]
