"""With consent, a person's coach and mentor see each other's focus areas, never notes."""

from __future__ import annotations

from datetime import date

import pytest

from growpath.bootstrap import Growpath
from growpath.domain.errors import NotFound, PermissionDenied
from growpath.services import consents, engagements, enrolment, goals, layering, matching, programs
from tests.conftest import make_account
from tests.integration.conftest import Pair


def test_the_mentor_sees_the_coaching_focus_only_with_consent(
    app: Growpath, running_pair: Pair
) -> None:
    coach = make_account(app, "person16@example.com")
    program = programs.create_program(
        running_pair.admin,
        {
            "name": "Skills coaching",
            "kind": "coaching",
            "format": "one_to_one",
            "default_length_months": 6,
        },
    )
    programs.set_status(running_pair.admin, program.id, "open")
    enrolment.enrol(
        running_pair.mentee,
        program.id,
        "coachee",
        {"goals": "Give clearer feedback to my peers.", "desired_competencies": ["feedback"]},
    )
    enrolment.enrol(coach, program.id, "coach", {"capacity": 1, "focus_areas": ["feedback"]})
    run = matching.approve(
        running_pair.admin, matching.run_matching(running_pair.admin, program.id).id
    )
    for ctx in (running_pair.mentee, coach):
        matching.respond(ctx, run.proposals[0].id, accept=True)
    coaching = next(e for e in engagements.my_engagements(coach))
    engagements.change_engagement(coach, coaching.id, "start")
    goals.add_goal(
        running_pair.mentee,
        coaching.id,
        {
            "title": "Weekly feedback",
            "measure": "moments",
            "target_value": 3,
            "due_on": date(2026, 5, 1),
            "competency_keys": ["feedback"],
        },
    )
    with pytest.raises(PermissionDenied, match="has not chosen"):
        layering.layered_focus(running_pair.mentor, running_pair.engagement_id)
    consents.set_consent(running_pair.mentee, consents.LAYERING, granted=True)
    (focus,) = layering.layered_focus(running_pair.mentor, running_pair.engagement_id)
    assert (focus.kind, focus.guide_name) == ("coaching", "Person 16")
    assert focus.goal_titles == ("Weekly feedback",)
    assert focus.competencies == ("feedback",)
    (back,) = layering.layered_focus(coach, coaching.id)
    assert back.kind == "mentoring"
    with pytest.raises(NotFound):
        layering.layered_focus(running_pair.admin, running_pair.engagement_id)
