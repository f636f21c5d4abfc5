"""Find a time: working hours, busy calendars at rest and in cache, and the propose-confirm flow."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.errors import Conflict, InvalidInput, NotFound
from growpath.services import busy_calendars, find_time, nudges, sessions, working_hours
from growpath.services.context import Context
from tests.calendar_servers import IcsServer, event_ics, ics_server
from tests.conftest import make_account
from tests.factories import RecordingMailer
from tests.integration.conftest import Pair
from tests.integration.test_notes_at_rest import raw_database

__all__ = ["ics_server"]  # a fixture, used by name below

SECRET_PATH = "/calendar/ical/private-7f3a9c1e5b2d/basic.ics"
CALDAV_PASSWORD = "app-password-q8z4-unseen"  # noqa: S105 - a test's own marker
TUESDAY_TEN = datetime(2026, 1, 6, 10, tzinfo=UTC)


def local(ctx: Context) -> Context:
    """The same actor on an app allowed to fetch from this machine's test servers."""
    assert isinstance(ctx.app, Growpath)
    settings = ctx.app.settings.model_copy(update={"calendar_fetch_allow": "127.0.0.1"})
    return Context(app=replace(ctx.app, settings=settings), actor=ctx.actor, source_address="t")


def test_working_hours_default_to_weekdays_nine_to_five_and_can_be_set(
    running_pair: Pair,
) -> None:
    hours = working_hours.my_working_hours(running_pair.mentee)
    assert (hours.days, hours.starts, hours.ends) == ((0, 1, 2, 3, 4), time(9), time(17))
    assert hours.is_default and hours.time_zone == "Europe/London"
    changed = working_hours.set_working_hours(running_pair.mentee, [1, 3], time(13), time(18))
    assert changed.days == (1, 3) and not changed.is_default
    assert working_hours.my_working_hours(running_pair.mentee) == changed
    with pytest.raises(InvalidInput) as refused:
        working_hours.set_working_hours(running_pair.mentee, [], time(18), time(8))
    assert {p.field for p in refused.value.problems} == {"days", "ends"}
    assert working_hours.my_working_hours(running_pair.mentee) == changed


def test_slots_respect_both_working_hours_and_both_peoples_sessions(
    running_pair: Pair,
) -> None:
    working_hours.set_working_hours(running_pair.mentee, [1, 2], time(10), time(12))
    sessions.schedule(running_pair.mentor, running_pair.engagement_id, TUESDAY_TEN, 60)
    found = find_time.find_slots(running_pair.mentee, running_pair.engagement_id, 60)
    assert 3 <= len(found.slots) <= 5
    for slot in found.slots:
        assert slot.starts_at.weekday() in (1, 2)
        assert time(10) <= slot.starts_at.time() and slot.ends_at.time() <= time(12)
        # The session at 10:00 on Tuesday and its 15-minute buffer keep that morning busy.
        assert slot.starts_at.date() != TUESDAY_TEN.date()
    assert found.slots[0].local.startswith("Wednesday 7 January 2026, 10:00–11:00")


def test_a_busy_calendars_address_and_password_are_sealed_at_rest(
    running_pair: Pair, engine: Engine, tmp_path: Path
) -> None:
    busy_calendars.add_busy_calendar(
        running_pair.mentee, "ics", f"https://calendar.example.com{SECRET_PATH}"
    )
    added = busy_calendars.add_busy_calendar(
        running_pair.mentor,
        "caldav",
        "https://dav.example.com/remote.php/dav/calendars/robin/",
        "robin",
        CALDAV_PASSWORD,
    )
    assert added.host == "dav.example.com" and added.kind_name == "CalDAV account"
    (mine,) = busy_calendars.my_busy_calendars(running_pair.mentee)
    assert mine.host == "calendar.example.com" and mine.fetched_at is None
    raw = raw_database(engine, tmp_path)
    assert SECRET_PATH.encode() not in raw
    assert b"private-7f3a9c1e5b2d" not in raw
    assert CALDAV_PASSWORD.encode() not in raw
    assert b"remote.php/dav" not in raw


def test_a_busy_calendar_is_refused_naming_the_field_and_belongs_to_its_owner(
    running_pair: Pair,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        busy_calendars.add_busy_calendar(running_pair.mentee, "caldav", "file:///etc/passwd")
    assert {p.field for p in refused.value.problems} == {"url", "username", "password"}
    with pytest.raises(InvalidInput) as refused:
        busy_calendars.add_busy_calendar(running_pair.mentee, "exchange", "https://x.example")
    assert [p.field for p in refused.value.problems] == ["kind"]
    assert busy_calendars.my_busy_calendars(running_pair.mentee) == []
    added = busy_calendars.add_busy_calendar(running_pair.mentee, "ics", "https://a.example/x")
    with pytest.raises(NotFound):
        busy_calendars.remove_busy_calendar(running_pair.mentor, added.id)
    busy_calendars.remove_busy_calendar(running_pair.mentee, added.id)
    assert busy_calendars.my_busy_calendars(running_pair.mentee) == []


def test_busy_times_are_cached_for_a_quarter_hour_replaced_on_refresh_and_expire(
    running_pair: Pair, ics_server: IcsServer, clock: FixedClock, app: Growpath
) -> None:
    mentee = local(running_pair.mentee)
    ics_server.files["/busy.ics"] = event_ics(
        TUESDAY_TEN, TUESDAY_TEN + timedelta(hours=3)
    ).encode()
    busy_calendars.add_busy_calendar(mentee, "ics", ics_server.url("/busy.ics"))
    person = mentee.actor.person_id
    assert person is not None
    assert busy_calendars.refresh_busy_times(mentee.app, [person]) == []
    window = (clock.now(), clock.now() + timedelta(days=15))
    with app.uow() as uow:
        assert uow.busy_times.busy([person], *window, clock.now()) == [
            (TUESDAY_TEN, TUESDAY_TEN + timedelta(hours=3))
        ]
    # Within a quarter hour the calendar is not asked again, even though it changed.
    ics_server.files["/busy.ics"] = event_ics(
        TUESDAY_TEN + timedelta(days=1), TUESDAY_TEN + timedelta(days=1, hours=1)
    ).encode()
    clock.advance(timedelta(minutes=10))
    busy_calendars.refresh_busy_times(mentee.app, [person])
    assert ics_server.requests == ["/busy.ics"]
    # Later it is, and what it gives replaces what it gave.
    clock.advance(timedelta(minutes=6))
    busy_calendars.refresh_busy_times(mentee.app, [person])
    assert ics_server.requests == ["/busy.ics", "/busy.ics"]
    with app.uow() as uow:
        assert uow.busy_times.busy([person], *window, clock.now()) == [
            (TUESDAY_TEN + timedelta(days=1), TUESDAY_TEN + timedelta(days=1, hours=1))
        ]
    # A calendar that stops answering keeps its last busy times for a day, then they expire.
    del ics_server.files["/busy.ics"]
    clock.advance(timedelta(hours=2))
    (problem,) = busy_calendars.refresh_busy_times(mentee.app, [person])
    assert problem.host == "127.0.0.1" and "404" in problem.reason
    with app.uow() as uow:
        assert len(uow.busy_times.busy([person], *window, clock.now())) == 1
    clock.advance(timedelta(days=1))
    busy_calendars.refresh_busy_times(mentee.app, [person])
    with app.uow() as uow:
        assert uow.busy_times.busy([person], *window, clock.now()) == []
        left = uow.session.execute(text("SELECT count(*) FROM busy_intervals")).scalar()
    assert left == 0
    (mine,) = busy_calendars.my_busy_calendars(mentee)
    assert "404" in mine.last_error and mine.fetched_at == clock.now()


def test_a_failing_calendar_says_so_and_does_not_block_the_slots(
    running_pair: Pair, ics_server: IcsServer
) -> None:
    mentee, mentor = local(running_pair.mentee), local(running_pair.mentor)
    busy_calendars.add_busy_calendar(mentor, "ics", ics_server.url("/gone.ics"))
    # Not on the allow list of the plain app: refused before any connection.
    busy_calendars.add_busy_calendar(running_pair.mentee, "ics", "http://127.0.0.1:9/x.ics")
    found = find_time.find_slots(mentee, running_pair.engagement_id)
    assert len(found.slots) == 5
    assert any(
        p.startswith("Your calendar at 127.0.0.1 could not be read")
        for p in found.calendar_problems
    )
    assert any(
        "A calendar of" in p and "could not be read just now" in p for p in found.calendar_problems
    )
    # The mentor hears of their own calendar's reason; the mentee never does.
    seen_by_mentor = find_time.find_slots(mentor, running_pair.engagement_id).calendar_problems
    assert any("404" in p for p in seen_by_mentor)
    assert not any("404" in p for p in found.calendar_problems)


def test_one_proposes_the_other_confirms_and_both_get_the_invite(
    running_pair: Pair, app: Growpath, mailer: RecordingMailer
) -> None:
    found = find_time.find_slots(running_pair.mentee, running_pair.engagement_id, 45)
    slot = found.slots[1]
    proposal = find_time.propose_slot(
        running_pair.mentee, running_pair.engagement_id, slot.starts_at, 45
    )
    assert proposal.status == "proposed" and proposal.proposed_by_me
    nudges.deliver_due_nudges(app)
    (asked,) = [m for m in mailer.sent if m["To"] == "person17@example.com"]
    assert "proposes a session" in str(asked["Subject"])
    seen = find_time.find_slots(running_pair.mentor, running_pair.engagement_id, 45)
    assert seen.open_proposal is not None and not seen.open_proposal.proposed_by_me
    with pytest.raises(Conflict, match="you proposed this time"):
        find_time.confirm_slot(running_pair.mentee, proposal.id)
    confirmed = find_time.confirm_slot(running_pair.mentor, proposal.id)
    assert confirmed.status == "confirmed" and confirmed.session_id is not None
    session = sessions.get_session(running_pair.mentee, confirmed.session_id)
    assert (session.scheduled_at, session.duration_minutes) == (slot.starts_at, 45)
    before = len(mailer.sent)
    nudges.deliver_due_nudges(app)
    invited = sorted(str(m["To"]) for m in mailer.sent[before:])
    assert invited == ["person13@example.com", "person17@example.com"]
    # Twice: the second confirmation changes nothing and says why.
    with pytest.raises(Conflict, match="already confirmed"):
        find_time.confirm_slot(running_pair.mentor, proposal.id)
    assert len(sessions.list_sessions(running_pair.mentor, running_pair.engagement_id)) == 1
    # The new session is busy time now: no fresh slot overlaps it.
    fresh = find_time.find_slots(running_pair.mentee, running_pair.engagement_id, 45)
    assert slot.starts_at not in [s.starts_at for s in fresh.slots]
    assert fresh.open_proposal is None


def test_a_slot_taken_meanwhile_is_refused_and_fresh_slots_avoid_it(
    running_pair: Pair,
) -> None:
    slot = find_time.find_slots(running_pair.mentor, running_pair.engagement_id).slots[0]
    proposal = find_time.propose_slot(
        running_pair.mentor, running_pair.engagement_id, slot.starts_at
    )
    # Meanwhile the mentee schedules something else at that very time.
    sessions.schedule(running_pair.mentee, running_pair.engagement_id, slot.starts_at, 30)
    with pytest.raises(Conflict, match="no longer free"):
        find_time.confirm_slot(running_pair.mentee, proposal.id)
    assert find_time.get_proposal(running_pair.mentee, proposal.id).status == "taken"
    fresh = find_time.find_slots(running_pair.mentee, running_pair.engagement_id)
    assert slot.starts_at not in [s.starts_at for s in fresh.slots] and len(fresh.slots) == 5
    with pytest.raises(Conflict, match="stopped being free"):
        find_time.confirm_slot(running_pair.mentee, proposal.id)


def test_when_both_propose_the_later_proposal_replaces_the_earlier(running_pair: Pair) -> None:
    first, second = find_time.find_slots(running_pair.mentee, running_pair.engagement_id).slots[:2]
    mine = find_time.propose_slot(running_pair.mentee, running_pair.engagement_id, first.starts_at)
    theirs = find_time.propose_slot(
        running_pair.mentor, running_pair.engagement_id, second.starts_at
    )
    with pytest.raises(Conflict, match="a newer proposal replaced it"):
        find_time.confirm_slot(running_pair.mentor, mine.id)
    declined = find_time.decline_slot(running_pair.mentee, theirs.id)
    assert declined.status == "declined"
    with pytest.raises(Conflict, match="it was declined"):
        find_time.confirm_slot(running_pair.mentee, theirs.id)
    assert sessions.list_sessions(running_pair.mentee, running_pair.engagement_id) == []


def test_a_time_already_past_or_not_free_cannot_be_proposed(
    running_pair: Pair, clock: FixedClock
) -> None:
    with pytest.raises(Conflict, match="less than an hour"):
        find_time.propose_slot(running_pair.mentee, running_pair.engagement_id, clock.now())
    saturday = datetime(2026, 1, 10, 10, tzinfo=UTC)
    with pytest.raises(Conflict, match="no longer free"):
        find_time.propose_slot(running_pair.mentee, running_pair.engagement_id, saturday)
    with pytest.raises(InvalidInput) as refused:
        find_time.find_slots(running_pair.mentee, running_pair.engagement_id, 5)
    assert [p.field for p in refused.value.problems] == ["duration_minutes"]


def test_a_program_that_auto_confirms_schedules_the_picked_slot_at_once(
    running_pair: Pair, app: Growpath
) -> None:
    with app.uow() as uow:
        engagement = uow.engagements.get(running_pair.engagement_id)
        assert engagement is not None
        program = uow.programs.get(engagement.program_id)
        assert program is not None
        program.auto_confirm_slots = True
        uow.commit()
    found = find_time.find_slots(running_pair.mentor, running_pair.engagement_id)
    assert found.auto_confirm
    picked = find_time.propose_slot(
        running_pair.mentor, running_pair.engagement_id, found.slots[2].starts_at
    )
    assert picked.status == "confirmed" and picked.session_id is not None


def test_admins_and_outsiders_cannot_find_a_time_for_a_pair(
    running_pair: Pair, app: Growpath
) -> None:
    outsider = make_account(app, "person3@example.com")
    slot = find_time.find_slots(running_pair.mentee, running_pair.engagement_id).slots[0]
    proposal = find_time.propose_slot(
        running_pair.mentee, running_pair.engagement_id, slot.starts_at
    )
    for stranger in (running_pair.admin, outsider):
        with pytest.raises(NotFound):
            find_time.find_slots(stranger, running_pair.engagement_id)
        with pytest.raises(NotFound):
            find_time.propose_slot(stranger, running_pair.engagement_id, slot.starts_at)
        with pytest.raises(NotFound):
            find_time.confirm_slot(stranger, proposal.id)
        with pytest.raises(NotFound):
            find_time.get_proposal(stranger, proposal.id)


def test_a_calendar_address_inside_the_network_is_refused_and_said_so(
    running_pair: Pair,
) -> None:
    # The cloud metadata service: a calendar address must not become a way into the network.
    busy_calendars.add_busy_calendar(
        running_pair.mentee, "ics", "http://169.254.169.254/latest/meta-data/"
    )
    found = find_time.find_slots(running_pair.mentee, running_pair.engagement_id)
    (said,) = found.calendar_problems
    assert said.startswith("Your calendar at 169.254.169.254 could not be read")
    assert "refused" in said and "meta-data" not in said
    assert len(found.slots) == 5
    (mine,) = busy_calendars.my_busy_calendars(running_pair.mentee)
    assert "refused" in mine.last_error


def test_a_proposal_found_open_and_answered_before_it_was_read_is_not_shown_as_open(
    running_pair: Pair,
) -> None:
    (slot,) = find_time.find_slots(running_pair.mentee, running_pair.engagement_id).slots[:1]
    proposed = find_time.propose_slot(
        running_pair.mentee, running_pair.engagement_id, slot.starts_at
    )
    with running_pair.mentor.uow() as uow:
        shown = find_time.open_proposal_view(uow, running_pair.mentor, proposed.id)
    assert shown is not None and shown.id == proposed.id
    # The page found it open; the other side declines it before the page reads it.
    find_time.decline_slot(running_pair.mentor, proposed.id)
    with running_pair.mentor.uow() as uow:
        assert find_time.open_proposal_view(uow, running_pair.mentor, proposed.id) is None
        assert find_time.open_proposal_view(uow, running_pair.mentor, proposed.id + 1000) is None
