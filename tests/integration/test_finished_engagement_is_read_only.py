"""A completed or ended engagement is read-only: every write is refused and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from growpath.adapters.clock import FixedClock
from growpath.domain.errors import Conflict
from growpath.services import engagements, goals, sessions
from tests.integration.conftest import Pair

CHARTER = {
    "purpose": "Context and a wider network",
    "goals": "Prepare for a staff role",
    "meeting_frequency": "every two weeks",
    "success": "leads a design review",
}


@pytest.mark.parametrize(
    ("ending", "said"), [("complete", "was completed on"), ("end_early", "ended early on")]
)
def test_every_write_to_a_finished_engagement_is_refused_and_changes_nothing(
    running_pair: Pair, clock: FixedClock, ending: str, said: str
) -> None:
    pair, eid = running_pair, running_pair.engagement_id
    now = clock.now()
    goals.set_charter(pair.mentee, eid, CHARTER)
    goal = goals.add_goal(
        pair.mentee,
        eid,
        {
            "title": "Lead reviews",
            "measure": "reviews",
            "target_value": 2,
            "due_on": now.date() + timedelta(days=30),
        },
    )
    held = sessions.schedule(pair.mentor, eid, now + timedelta(hours=1))
    sessions.hold(
        pair.mentor,
        held.id,
        shared_notes={"goal": "Lead the design review"},
        actions=[
            {"description": "Send the pre-read", "owner_person_id": pair.mentee.actor.person_id}
        ],
    )
    past = sessions.schedule(pair.mentor, eid, now + timedelta(hours=2))
    (action,) = sessions.open_actions(pair.mentee, eid)
    clock.advance(timedelta(hours=3))  # the second session is in the past and was never logged
    engagements.change_engagement(pair.mentor, eid, ending, reason="we agreed to stop")
    before = (
        goals.get_charter(pair.mentee, eid),
        goals.list_goals(pair.mentee, eid),
        sessions.list_sessions(pair.mentee, eid),
        sessions.open_actions(pair.mentee, eid),
        goals.engagement_growth(pair.mentee, eid),
    )
    later = clock.now() + timedelta(days=2)
    writes: list[Callable[[], object]] = [
        lambda: goals.add_goal(pair.mentee, eid, {"title": "More", "measure": "m"}),
        lambda: goals.record_measurement(pair.mentee, goal.id, clock.now().date(), 1.0),
        lambda: goals.set_goal_status(pair.mentee, goal.id, "met"),
        lambda: goals.set_charter(pair.mentee, eid, {**CHARTER, "purpose": "Changed"}),
        lambda: goals.confirm_charter(pair.mentor, eid),
        lambda: goals.rate(pair.mentee, eid, "feedback", "final", 4),
        lambda: sessions.schedule(pair.mentor, eid, later),
        lambda: sessions.hold(pair.mentor, past.id, shared_notes={"goal": "late"}),
        lambda: sessions.cancel(pair.mentor, past.id, no_show=True),
        lambda: sessions.reschedule(pair.mentor, past.id, later),
        lambda: sessions.complete_action(pair.mentee, action.id),
    ]
    for write in writes:
        with pytest.raises(Conflict, match=f"{said} .*read-only"):
            write()
    after = (
        goals.get_charter(pair.mentee, eid),
        goals.list_goals(pair.mentee, eid),
        sessions.list_sessions(pair.mentee, eid),
        sessions.open_actions(pair.mentee, eid),
        goals.engagement_growth(pair.mentee, eid),
    )
    assert after == before
    (note,) = sessions.read_notes(pair.mentee, held.id)["shared"]  # reading still works
    assert note["goal"] == "Lead the design review"
