"""Sessions, GROW notes, actions, goals, charter and ratings on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import select

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import NoteRow
from growpath.adapters.repositories.sessions import SessionRepository
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import Conflict, InvalidInput, NotFound
from growpath.services import audit, consents, goals, guides, sessions
from growpath.services.consents import MANAGER_TRAJECTORY
from growpath.services.context import Context
from growpath.services.engagement_page import engagement_page
from tests.conftest import make_account
from tests.factories import at_once
from tests.integration.conftest import Pair

SHARED = {
    "goal": "Lead the design review",
    "reality": "Reviews stall on naming",
    "options": "Pre-read; timebox",
    "will": "Send a pre-read on Monday",
}


def test_a_session_is_scheduled_with_an_invite_calendars_accept(
    running_pair: Pair, clock: FixedClock
) -> None:
    when = clock.now() + timedelta(days=2)
    session = sessions.schedule(
        running_pair.mentee, running_pair.engagement_id, when, 45, "https://meet.example.com/abc"
    )
    calendar = Calendar.from_ical(sessions.invite(running_pair.mentor, session.id))
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == when
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=45)
    assert str(event["location"]) == "https://meet.example.com/abc"
    attendees = {str(a) for a in event.get("attendee", [])}
    assert attendees == {"mailto:person13@example.com", "mailto:person17@example.com"}
    assert str(calendar["method"]) == "REQUEST"
    cancelled = sessions.cancel(running_pair.mentor, session.id)
    assert cancelled.status == "cancelled"
    again = Calendar.from_ical(sessions.invite(running_pair.mentee, session.id))
    assert str(again["method"]) == "CANCEL"
    with pytest.raises(Conflict, match="already cancelled"):
        sessions.hold(running_pair.mentor, session.id)


def test_held_session_notes_are_encrypted_and_private_notes_stay_with_their_author(
    app: Growpath, running_pair: Pair, clock: FixedClock
) -> None:
    session = sessions.schedule(
        running_pair.mentor, running_pair.engagement_id, clock.now() + timedelta(hours=1)
    )
    held = sessions.hold(
        running_pair.mentor,
        session.id,
        shared_notes=SHARED,
        private_notes={"reality": "Seems anxious about the reorg"},
        actions=[
            {
                "description": "Send the pre-read",
                "owner_person_id": running_pair.mentee.actor.person_id,
                "due_on": clock.now().date() + timedelta(days=3),
            }
        ],
        themes=["technical-direction", "communication"],
    )
    assert held.status == "held" and held.themes == ("communication", "technical-direction")
    with app.uow() as uow:
        stored = b"".join(n.ciphertext for n in uow.session.scalars(select(NoteRow)))
    assert b"design review" not in stored and b"reorg" not in stored
    mentor_view = sessions.read_notes(running_pair.mentor, session.id)
    assert mentor_view["private"][0]["reality"] == "Seems anxious about the reorg"
    mentee_view = sessions.read_notes(running_pair.mentee, session.id)
    assert mentee_view["shared"][0]["will"] == "Send a pre-read on Monday"
    assert mentee_view["private"] == []
    with pytest.raises(NotFound):
        sessions.read_notes(running_pair.admin, session.id)
    with pytest.raises(NotFound):
        sessions.read_notes(make_account(app, "person3@example.com"), session.id)
    (action,) = sessions.open_actions(running_pair.mentee, running_pair.engagement_id)
    assert action.description == "Send the pre-read"
    sessions.complete_action(running_pair.mentee, action.id)
    assert sessions.open_actions(running_pair.mentee, running_pair.engagement_id) == []


def test_bad_session_input_names_each_field_and_changes_nothing(
    running_pair: Pair, clock: FixedClock
) -> None:
    with pytest.raises(InvalidInput) as refused:
        sessions.schedule(
            running_pair.mentor, running_pair.engagement_id, clock.now() - timedelta(days=1), 5
        )
    assert {p.field for p in refused.value.problems} == {"scheduled_at", "duration_minutes"}
    session = sessions.schedule(
        running_pair.mentor, running_pair.engagement_id, clock.now() + timedelta(hours=1)
    )
    with pytest.raises(InvalidInput) as bad_hold:
        sessions.hold(
            running_pair.mentor,
            session.id,
            shared_notes={"gaol": "typo"},
            actions=[{"description": "", "owner_person_id": 999}],
            themes=["astrology"],
        )
    fields = {p.field for p in bad_hold.value.problems}
    assert fields == {"shared_notes.gaol"}
    with pytest.raises(InvalidInput) as bad_rest:
        sessions.hold(
            running_pair.mentor, session.id, actions=[{"description": "", "owner_person_id": 999}]
        )
    assert {p.field for p in bad_rest.value.problems} == {
        "actions[0].description",
        "actions[0].owner_person_id",
    }
    assert (
        sessions.list_sessions(running_pair.mentor, running_pair.engagement_id)[0].status
        == "scheduled"
    )


def test_a_smart_goal_tracks_its_kpi_and_ratings_show_growth(
    running_pair: Pair, clock: FixedClock
) -> None:
    goal = goals.add_goal(
        running_pair.mentee,
        running_pair.engagement_id,
        {
            "title": "Run design reviews",
            "measure": "reviews led per month",
            "baseline_value": 0,
            "target_value": 4,
            "due_on": date(2026, 6, 30),
            "competency_keys": ["system-design"],
        },
    )
    goals.record_measurement(running_pair.mentee, goal.id, clock.now().date(), 1)
    updated = goals.record_measurement(running_pair.mentor, goal.id, clock.now().date(), 2)
    assert [m.value for m in updated.measurements] == [1, 2]
    assert goals.set_goal_status(running_pair.mentee, goal.id, "met").status == "met"
    goals.rate(running_pair.mentee, running_pair.engagement_id, "system-design", "baseline", 2)
    goals.rate(running_pair.mentor, running_pair.engagement_id, "system-design", "baseline", 2)
    growth = goals.rate(
        running_pair.mentee, running_pair.engagement_id, "system-design", "final", 4
    )
    assert [(g.rater_role, g.change) for g in growth] == [("self", 2)]


def test_the_page_shows_each_goal_with_its_own_readings_earliest_first(
    running_pair: Pair, clock: FixedClock
) -> None:
    spec = {"measure": "reviews", "target_value": 4, "due_on": date(2026, 6, 30)}
    measured, unmeasured, later = (
        goals.add_goal(running_pair.mentee, running_pair.engagement_id, {**spec, "title": title})
        for title in ("Measured", "Not measured yet", "Measured later")
    )
    today = clock.now().date()
    for goal_id, days_ago, value in (
        (measured.id, 1, 2),
        (later.id, 3, 7),
        (measured.id, 5, 1),
        (measured.id, 1, 3),
    ):
        goals.record_measurement(
            running_pair.mentee, goal_id, today - timedelta(days=days_ago), value
        )

    work = engagement_page(running_pair.mentor, running_pair.engagement_id).work

    assert work is not None
    assert [
        (goal.title, [(m.measured_on, m.value) for m in goal.measurements]) for goal in work.goals
    ] == [
        (
            "Measured",
            [
                (today - timedelta(days=5), 1),
                (today - timedelta(days=1), 2),
                (today - timedelta(days=1), 3),
            ],
        ),
        ("Not measured yet", []),
        ("Measured later", [(today - timedelta(days=3), 7)]),
    ]
    assert unmeasured.measurements == ()


def _in_zone(ctx: Context, zone: str) -> Context:
    return replace(ctx, actor=replace(ctx.actor, time_zone=zone))


def test_a_reading_is_dated_by_the_calendar_of_whoever_records_it(
    running_pair: Pair, clock: FixedClock
) -> None:
    goal = goals.add_goal(
        running_pair.mentee,
        running_pair.engagement_id,
        {
            "title": "Ship weekly",
            "measure": "releases",
            "target_value": 4,
            "due_on": date(2026, 6, 30),
        },
    )
    # Monday 5 January, 12:00 UTC: Tuesday 02:00 in Kiritimati, Monday 02:00 in Honolulu.
    clock.advance(timedelta(hours=3))
    tuesday = date(2026, 1, 6)
    kiritimati = _in_zone(running_pair.mentee, "Pacific/Kiritimati")
    recorded = goals.record_measurement(kiritimati, goal.id, tuesday, 1)
    assert [m.measured_on for m in recorded.measurements] == [tuesday]
    for zone in ("Pacific/Honolulu", ""):
        with pytest.raises(InvalidInput) as refused:
            goals.record_measurement(_in_zone(running_pair.mentor, zone), goal.id, tuesday, 2)
        assert refused.value.problems[0].field == "measured_on"
    (kept,) = goals.list_goals(running_pair.mentor, running_pair.engagement_id)
    assert [m.value for m in kept.measurements] == [1]


def test_a_goal_without_measure_target_or_date_is_refused(running_pair: Pair) -> None:
    with pytest.raises(InvalidInput) as refused:
        goals.add_goal(
            running_pair.mentee,
            running_pair.engagement_id,
            {"title": "Be better", "competency_keys": ["juggling"]},
        )
    assert {p.field for p in refused.value.problems} == {
        "measure",
        "target_value",
        "due_on",
        "competency_keys",
    }


def test_the_charter_needs_both_sides_and_a_change_asks_again(running_pair: Pair) -> None:
    charter = {
        "purpose": "Grow into staff",
        "goals": "Lead reviews",
        "meeting_frequency": "every two weeks",
        "success": "leads two reviews",
    }
    goals.set_charter(running_pair.mentee, running_pair.engagement_id, charter)
    goals.confirm_charter(running_pair.mentee, running_pair.engagement_id)
    assert not goals.confirm_charter(running_pair.mentee, running_pair.engagement_id)["confirmed"]
    assert goals.confirm_charter(running_pair.mentor, running_pair.engagement_id)["confirmed"]
    changed = goals.set_charter(
        running_pair.mentor, running_pair.engagement_id, {**charter, "meeting_frequency": "monthly"}
    )
    assert not changed["confirmed"]
    with pytest.raises(InvalidInput, match="purpose"):
        goals.set_charter(running_pair.mentor, running_pair.engagement_id, {"goals": "x"})


def test_a_manager_cannot_learn_a_reports_growth_or_engagements_by_rating(
    app: Growpath, running_pair: Pair
) -> None:
    manager = make_account(app, "person4@example.com")  # person 13 reports to person 4
    goals.rate(running_pair.mentee, running_pair.engagement_id, "feedback", "baseline", 2)
    # Without the report's consent the engagement answers exactly as one that is not theirs.
    with pytest.raises(NotFound, match=f"no engagement with id {running_pair.engagement_id}"):
        goals.rate(manager, running_pair.engagement_id, "feedback", "baseline", 3)
    with pytest.raises(NotFound, match="no engagement with id 999"):
        goals.rate(manager, 999, "feedback", "baseline", 3)
    consents.set_consent(running_pair.mentee, MANAGER_TRAJECTORY, True)
    # With it, the rating is taken, and the answer still carries nobody's growth.
    assert goals.rate(manager, running_pair.engagement_id, "feedback", "baseline", 3) == []
    root = make_account(app, "root@example.com", Role.ORG_ADMIN)
    (recorded,) = audit.query_audit(root, action="rating.by_manager")
    assert (recorded.actor_email, recorded.target_id) == (
        "person4@example.com",
        str(running_pair.engagement_id),
    )


def test_a_manager_may_rate_their_report_but_sees_no_session_content(
    app: Growpath, running_pair: Pair, clock: FixedClock
) -> None:
    manager = make_account(app, "person4@example.com")  # person 13 reports to person 4
    consents.set_consent(running_pair.mentee, MANAGER_TRAJECTORY, True)
    growth = goals.rate(manager, running_pair.engagement_id, "feedback", "baseline", 2)
    assert growth == []
    session = sessions.schedule(
        running_pair.mentor, running_pair.engagement_id, clock.now() + timedelta(hours=1)
    )
    sessions.hold(running_pair.mentor, session.id, shared_notes=SHARED)
    with pytest.raises(NotFound):
        sessions.read_notes(manager, session.id)
    with pytest.raises(NotFound):
        goals.rate(
            make_account(app, "person5@example.com"),
            running_pair.engagement_id,
            "feedback",
            "baseline",
            2,
        )


def test_the_conversation_guide_draws_topics_from_the_pairs_goals(running_pair: Pair) -> None:
    guide = guides.conversation_guide(running_pair.mentor, running_pair.engagement_id, "goal")
    assert list(guide["questions"]) == ["goal"]
    assert any(t.theme == "technical-direction" for t in guide["topics"])  # "system design"
    with pytest.raises(NotFound):
        guides.conversation_guide(running_pair.admin, running_pair.engagement_id)


def test_a_session_still_to_come_moves_to_another_time_and_its_invite_updates(
    running_pair: Pair, clock: FixedClock
) -> None:
    planned = sessions.schedule(running_pair.mentor, running_pair.engagement_id, clock.now())
    later = clock.now() + timedelta(days=2)

    moved = sessions.reschedule(running_pair.mentee, planned.id, later, 45)

    assert (moved.scheduled_at, moved.duration_minutes) == (later, 45)
    assert b"SEQUENCE:1" in sessions.invite(running_pair.mentee, planned.id)
    with pytest.raises(InvalidInput, match="scheduled_at: must not be in the past"):
        sessions.reschedule(running_pair.mentee, planned.id, clock.now() - timedelta(days=1))
    sessions.hold(running_pair.mentor, planned.id)
    with pytest.raises(Conflict, match="cannot reschedule the session: it is already held"):
        sessions.reschedule(running_pair.mentee, planned.id, later)
    with pytest.raises(NotFound):
        sessions.reschedule(running_pair.admin, planned.id, later)


def test_open_actions_come_soonest_due_first_and_undated_last_on_every_page(
    running_pair: Pair, clock: FixedClock
) -> None:
    session = sessions.schedule(
        running_pair.mentor, running_pair.engagement_id, clock.now() + timedelta(hours=1)
    )
    owner = running_pair.mentee.actor.person_id
    today = clock.now().date()
    sessions.hold(
        running_pair.mentor,
        session.id,
        actions=[
            {"description": "Whenever", "owner_person_id": owner, "due_on": None},
            {"description": "Next week", "owner_person_id": owner, "due_on": today + timedelta(7)},
            {"description": "Tomorrow", "owner_person_id": owner, "due_on": today + timedelta(1)},
        ],
    )
    expected = ["Tomorrow", "Next week", "Whenever"]
    listed = sessions.open_actions(running_pair.mentee, running_pair.engagement_id)
    assert [action.description for action in listed] == expected
    page = engagement_page(running_pair.mentee, running_pair.engagement_id)
    assert page.work is not None
    assert [action.description for action in page.work.actions] == expected


def test_logging_a_session_twice_is_refused_and_keeps_the_first_log(
    running_pair: Pair, clock: FixedClock
) -> None:
    session = sessions.schedule(
        running_pair.mentor, running_pair.engagement_id, clock.now() + timedelta(hours=1)
    )
    owner = running_pair.mentee.actor.person_id
    first = sessions.hold(
        running_pair.mentor,
        session.id,
        actions=[{"description": "Send the pre-read", "owner_person_id": owner}],
        themes=["feedback"],
    )
    with pytest.raises(Conflict, match="cannot mark the session held: it is already held"):
        sessions.hold(
            running_pair.mentee,
            session.id,
            actions=[{"description": "Something else", "owner_person_id": owner}],
            themes=["delegation"],
        )
    (stored,) = sessions.list_sessions(running_pair.mentee, running_pair.engagement_id)
    assert stored == first


def _scheduled_on_postgresql(app: Growpath, pair: Pair, clock: FixedClock) -> sessions.SessionView:
    """Schedule a session of the pair in an hour, for a race only PostgreSQL can run."""
    if app.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time: nothing can interleave")
    return sessions.schedule(pair.mentor, pair.engagement_id, clock.now() + timedelta(hours=1))


def test_both_members_logging_a_session_at_once_store_one_log(
    app: Growpath, running_pair: Pair, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _scheduled_on_postgresql(app, running_pair, clock)
    owner = running_pair.mentee.actor.person_id
    # Both read the session as still scheduled before either writes.
    both_read = threading.Barrier(2, timeout=10)
    members = SessionRepository.members

    def members_once_both_read(self: SessionRepository, ids: Iterable[int]) -> Any:
        both_read.wait()
        return members(self, ids)

    monkeypatch.setattr(SessionRepository, "members", members_once_both_read)

    def log(ctx: Context, words: str) -> Callable[[], object]:
        return lambda: sessions.hold(
            ctx,
            session.id,
            shared_notes={"will": words},
            actions=[{"description": words, "owner_person_id": owner}],
            themes=["feedback"],
        )

    outcomes = at_once(log(running_pair.mentor, "mentor"), log(running_pair.mentee, "mentee"))
    monkeypatch.undo()
    assert outcomes == ["Conflict", "done"]
    (stored,) = sessions.list_sessions(running_pair.mentee, running_pair.engagement_id)
    assert stored.status == "held" and len(stored.actions) == 1
    notes = sessions.read_notes(running_pair.mentor, session.id)
    assert [note["will"] for note in notes["shared"]] == [stored.actions[0].description]


def test_a_session_called_off_while_it_is_being_logged_stays_logged(
    app: Growpath, running_pair: Pair, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _scheduled_on_postgresql(app, running_pair, clock)
    marked = threading.Event()
    add_notes = SessionRepository.add_notes

    def add_notes_slowly(self: SessionRepository, *args: Any) -> None:
        # Marked held, not committed yet: the cancel below reads the session meanwhile.
        marked.set()
        time.sleep(0.5)
        add_notes(self, *args)

    monkeypatch.setattr(SessionRepository, "add_notes", add_notes_slowly)

    def cancel_once_marked() -> None:
        assert marked.wait(10)
        sessions.cancel(running_pair.mentor, session.id)

    outcomes = at_once(
        lambda: sessions.hold(running_pair.mentee, session.id, shared_notes={"will": "Ship"}),
        cancel_once_marked,
    )
    monkeypatch.undo()
    assert outcomes == ["Conflict", "done"]
    (stored,) = sessions.list_sessions(running_pair.mentor, running_pair.engagement_id)
    assert stored.status == "held"
