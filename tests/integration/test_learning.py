"""Learning modules on SQLite and PostgreSQL: completion, training due, admins' own and hidden
modules, a program's onboarding requirement before matching or the first session, and the
resources suggested to a pair."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from growpath.adapters.orm import ModuleCompletionRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from growpath.services import (
    enrolment,
    goals,
    learning,
    matching,
    personal_data,
    programs,
    resources,
    self_service,
    sessions,
    training,
)
from growpath.services.context import Context
from tests.conftest import START, make_account
from tests.factories import started_engagement
from tests.integration.conftest import Pair

MENTEE_ONBOARDING = (
    "driving-the-relationship",
    "preparing-for-meetings",
    "asking-for-what-you-need",
)
MENTOR_ONBOARDING = ("listening-as-a-mentor", "asking-before-advising", "feedback-without-answers")
GOALS = "I want to grow into a staff engineer and learn system design from someone senior."


def _complete(ctx: Context, slugs: tuple[str, ...]) -> None:
    for slug in slugs:
        learning.complete_module(ctx, slug)


def _program(admin: Context, requirement: str) -> int:
    program = programs.create_from_template(admin, "traditional-mentoring", name="Mentoring")
    programs.update_program(admin, program.id, {"training_required": requirement})
    return programs.set_status(admin, program.id, "open").id


def test_completing_a_module_is_recorded_once_and_shown_to_its_reader(org: Growpath) -> None:
    person = make_account(org, "person4@example.com")
    first = learning.complete_module(person, "grow-model")
    again = learning.complete_module(person, "grow-model")
    assert first.completed_at is not None and again.completed_at == first.completed_at
    assert learning.read_module(person, "grow-model").completed_at == first.completed_at
    assert (
        learning.read_module(make_account(org, "person5@example.com"), "grow-model").completed_at
        is None
    )
    with org.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(ModuleCompletionRow)) == 1


def test_an_unknown_module_cannot_be_read_or_completed(org: Growpath) -> None:
    person = make_account(org, "person4@example.com")
    with pytest.raises(NotFound):
        learning.read_module(person, "no-such-module")
    with pytest.raises(NotFound):
        learning.complete_module(person, "no-such-module")


def test_the_training_due_follows_the_roles_a_person_is_enrolled_in(running_pair: Pair) -> None:
    due = {m.slug for m in learning.training_due(running_pair.mentee)}
    assert due == set(MENTEE_ONBOARDING)
    assert {m.slug for m in learning.training_due(running_pair.mentor)} == set(MENTOR_ONBOARDING)
    _complete(running_pair.mentee, MENTEE_ONBOARDING[:2])
    assert [m.slug for m in learning.training_due(running_pair.mentee)] == [MENTEE_ONBOARDING[2]]


def test_a_manager_is_due_the_coaching_skills_track_and_a_report_is_not(org: Growpath) -> None:
    # person0 leads the Platform team in the org fixture; person2 reports to them.
    manager = make_account(org, "person0@example.com")
    report = make_account(org, "person2@example.com")
    assert manager.actor.is_manager
    mine = learning.learning(manager)
    assert mine.audiences == ("manager",)
    assert [m.slug for m in mine.due] == [
        "powerful-questions",
        "active-listening",
        "grow-model",
        "giving-feedback",
        "delegating",
    ]
    learning.complete_module(manager, "powerful-questions")
    assert len(learning.training_due(manager)) == 4
    assert learning.training_due(report) == ()


def test_matching_leaves_out_people_whose_onboarding_is_not_complete(org: Growpath) -> None:
    admin = make_account(org, "admin@example.com", Role.PROGRAM_ADMIN)
    program_id = _program(admin, "before_matching")
    mentee, mentor = (
        make_account(org, "person4@example.com"),
        make_account(org, "person7@example.com"),
    )
    enrolment.enrol(mentee, program_id, "mentee", {"goals": GOALS})
    enrolment.enrol(mentor, program_id, "mentor", {"capacity": 1, "expertise": ["go"]})
    state = training.program_training(admin, program_id)
    assert state.requirement == "before_matching"
    assert [(w.name, w.role, len(w.missing)) for w in state.waiting] == [
        (w.name, w.role, 3) for w in state.waiting
    ]
    assert {w.role for w in state.waiting} == {"mentee", "mentor"}
    _complete(mentor, MENTOR_ONBOARDING)
    with pytest.raises(Conflict, match="1 more wait to complete their onboarding"):
        matching.run_matching(admin, program_id)
    _complete(mentee, MENTEE_ONBOARDING)
    assert training.program_training(admin, program_id).waiting == ()
    counts = {
        r.role: (r.enrolled, r.completed)
        for r in training.program_training(admin, program_id).roles
    }
    assert counts == {"mentee": (1, 1), "mentor": (1, 1)}
    assert len(matching.run_matching(admin, program_id).proposals) == 1


def test_a_first_session_waits_for_both_peoples_onboarding(org: Growpath) -> None:
    admin = make_account(org, "admin@example.com", Role.PROGRAM_ADMIN)
    mentee, mentor = (
        make_account(org, "person4@example.com"),
        make_account(org, "person7@example.com"),
    )
    engagement_id = started_engagement(admin, mentee, mentor)
    (program,) = programs.list_programs(admin)
    programs.update_program(admin, program.id, {"training_required": "before_first_session"})
    when = START + timedelta(days=3)
    _complete(mentor, MENTOR_ONBOARDING)
    with pytest.raises(Conflict) as refused:
        sessions.schedule(mentor, engagement_id, when)
    assert "Preparing for your meetings" in refused.value.message
    assert "Listening as a mentor" not in refused.value.message
    assert sessions.list_sessions(mentor, engagement_id) == []
    _complete(mentee, MENTEE_ONBOARDING)
    first = sessions.schedule(mentor, engagement_id, when)
    assert first.status == "scheduled"


def test_a_hidden_module_is_neither_listed_nor_required(running_pair: Pair, app: Growpath) -> None:
    org_admin = make_account(app, "org@example.com", Role.ORG_ADMIN)
    learning.hide_module(org_admin, "asking-for-what-you-need")
    assert {m.slug for m in learning.training_due(running_pair.mentee)} == set(
        MENTEE_ONBOARDING[:2]
    )
    with pytest.raises(NotFound):
        learning.read_module(running_pair.mentee, "asking-for-what-you-need")
    assert [
        m.hidden for m in learning.admin_modules(org_admin) if m.slug == "asking-for-what-you-need"
    ] == [True]
    learning.show_module(org_admin, "asking-for-what-you-need")
    assert len(learning.training_due(running_pair.mentee)) == 3


def test_an_organisations_own_module_joins_its_audiences_onboarding(
    running_pair: Pair, app: Growpath
) -> None:
    org_admin = make_account(app, "org@example.com", Role.ORG_ADMIN)
    fields = {
        "title": "How mentoring works here",
        "audience": "mentee",
        "kind": "module",
        "themes": ["navigation"],
        "minutes": 5,
        "practice": "Book your first meeting.",
    }
    added = learning.add_module(org_admin, "mentoring-here", fields, "## Our program\n\n<b>Hi</b>")
    assert "&lt;b&gt;Hi&lt;/b&gt;" in added.html and "<b>" not in added.html
    assert "mentoring-here" in {m.slug for m in learning.training_due(running_pair.mentee)}
    with pytest.raises(InvalidInput) as taken:
        learning.add_module(org_admin, "grow-model", fields, "text")
    assert [p.field for p in taken.value.problems] == ["slug"]
    with pytest.raises(InvalidInput) as bad:
        learning.add_module(org_admin, "other", {**fields, "audience": "ceo", "minutes": 0}, "t")
    assert {p.field for p in bad.value.problems} == {"audience", "minutes"}


def test_modules_added_and_hidden_together_are_read_as_the_admins_left_them(
    running_pair: Pair, app: Growpath
) -> None:
    org_admin = make_account(app, "org@example.com", Role.ORG_ADMIN)
    fields = {
        "title": "Our feedback habits",
        "audience": "mentee",
        "kind": "module",
        "themes": ["feedback", "navigation"],
        "minutes": 7,
        "practice": "Ask for one piece of feedback.",
    }
    learning.add_module(org_admin, "feedback-here", fields, "## Feedback")
    learning.add_module(org_admin, "another-here", {**fields, "title": "Another"}, "## Another")
    learning.hide_module(org_admin, "asking-for-what-you-need")
    with app.uow() as uow:
        hidden, added = uow.learning.in_use()
        modules = {m.slug: m for m in learning.catalogue(uow)}
        everything = {m.slug for m in learning.catalogue(uow, with_hidden=True)}
    assert hidden == {"asking-for-what-you-need"}
    assert [m.slug for m in added] == ["another-here", "feedback-here"]
    own = modules["feedback-here"]
    assert (own.title, own.themes, own.minutes, own.shipped) == (
        "Our feedback habits",
        ("feedback", "navigation"),
        7,
        False,
    )
    assert "asking-for-what-you-need" not in modules
    assert "asking-for-what-you-need" in everything and "feedback-here" in everything


def test_only_organisation_admins_add_or_hide_modules(running_pair: Pair) -> None:
    for ctx in (running_pair.admin, running_pair.mentee):
        with pytest.raises(PermissionDenied):
            learning.hide_module(ctx, "grow-model")
        with pytest.raises(PermissionDenied):
            learning.add_module(ctx, "x", {}, "")
    assert learning.read_module(running_pair.mentee, "grow-model").title == "The GROW model"


def test_an_unknown_training_requirement_is_refused_naming_the_field(running_pair: Pair) -> None:
    (program,) = programs.list_programs(running_pair.admin)
    with pytest.raises(InvalidInput) as refused:
        programs.update_program(running_pair.admin, program.id, {"training_required": "always"})
    assert [p.field for p in refused.value.problems] == ["training_required"]
    assert programs.get_program(running_pair.admin, program.id).training_required == "none"


def test_a_pair_is_suggested_resources_that_fit_their_goals(running_pair: Pair) -> None:
    goals.add_goal(
        running_pair.mentee,
        running_pair.engagement_id,
        {
            "title": "Plan my next career step and prepare a promotion conversation",
            "measure": "conversations",
            "target_value": 1,
            "due_on": (START + timedelta(days=60)).date(),
        },
    )
    suggested = resources.suggested_resources(running_pair.mentee, running_pair.engagement_id)
    assert suggested[0].slug == "career-conversation-map"
    assert suggested[0].because
    # The manager's library stays with managers.
    assert "first-ninety-days-as-a-manager" not in {s.slug for s in suggested}
    with pytest.raises(NotFound):
        resources.suggested_resources(running_pair.admin, running_pair.engagement_id)
    # A German reader gets the same suggestions, titled and explained in German.
    german = resources.suggested_resources(
        replace(running_pair.mentee, locale="de"), running_pair.engagement_id
    )
    assert [s.slug for s in german] == [s.slug for s in suggested]
    assert german[0].title == "Eine Landkarte für Karrieregespräche"
    assert german[0].because[0].startswith("nah an Ihren Zielen (")


def test_nobody_but_the_manager_sees_their_progress_through_the_coaching_track(
    org: Growpath,
) -> None:
    # person0 manages the Platform team and enrols as a mentor; person2 reports to them.
    admin = make_account(org, "admin@example.com", Role.PROGRAM_ADMIN)
    org_admin = make_account(org, "org@example.com", Role.ORG_ADMIN)
    program_id = _program(admin, "before_matching")
    manager = make_account(org, "person0@example.com")
    enrolment.enrol(manager, program_id, "mentor", {"capacity": 1, "expertise": ["go"]})
    learning.complete_module(manager, "grow-model")
    for viewer in (admin, org_admin):
        state = training.program_training(viewer, program_id)
        shown = [t for r in state.roles for t in r.modules] + [
            t for w in state.waiting for t in w.missing
        ]
        assert "The GROW model" not in shown
    # Each person's learning page is their own: the report and the admins see no completion.
    for other in (make_account(org, "person2@example.com"), org_admin):
        assert learning.read_module(other, "grow-model").completed_at is None


def test_a_mentee_cannot_request_a_guide_before_completing_their_onboarding(
    org: Growpath,
) -> None:
    admin = make_account(org, "admin@example.com", Role.PROGRAM_ADMIN)
    program_id = _program(admin, "before_matching")
    mentee = make_account(org, "person4@example.com")
    mentor = make_account(org, "person7@example.com")
    enrolment.enrol(mentee, program_id, "mentee", {"goals": GOALS})
    guide = enrolment.enrol(mentor, program_id, "mentor", {"capacity": 1, "expertise": ["go"]})
    _complete(mentor, MENTOR_ONBOARDING)
    with pytest.raises(Conflict, match="Preparing for your meetings"):
        self_service.request_guide(mentee, program_id, guide.id)
    _complete(mentee, MENTEE_ONBOARDING)
    assert self_service.request_guide(mentee, program_id, guide.id).status == "requested"


def test_a_persons_data_download_lists_the_modules_they_completed(org: Growpath) -> None:
    person = make_account(org, "person4@example.com")
    done = learning.complete_module(person, "grow-model")

    (completed,) = personal_data.export_my_data(person)["modules_completed"]

    assert (completed["slug"], completed["completed_at"]) == ("grow-model", done.completed_at)
    assert (
        personal_data.export_my_data(make_account(org, "person5@example.com"))["modules_completed"]
        == []
    )
