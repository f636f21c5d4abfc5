"""The demo organisation's programs: enrolments, a matching run and engagements in every state."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from growpath.adapters.clock import FixedClock
from growpath.domain.accounts import Actor, Role
from growpath.services import checkins, engagements, enrolment, goals, matching, programs, sessions
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import Context, operator_context
from growpath.services.demo_questions import DEMO_SCHEDULE, add_demo_questions, answer_due_checkins

MENTEE_GOALS = [
    "Grow into a staff engineer and get better at system design reviews.",
    "Learn how decisions really get made here and build a network outside my team.",
    "Prepare for my first management role: feedback, delegation and one-to-ones.",
    "Get confident presenting technical proposals to senior leadership.",
    "Move from backend work into data engineering and machine learning.",
    "Handle conflict in my team calmly and turn disagreement into decisions.",
]
COMPETENCIES = [
    "system-design",
    "feedback",
    "delegation",
    "presenting",
    "strategic-thinking",
    "stakeholder-management",
    "conflict",
    "technical-depth",
]
HISTORY = timedelta(days=60)
THEMES = [
    "career-growth",
    "feedback",
    "delegation",
    "influence",
    "technical-direction",
    "prioritisation",
    "navigation",
]
GROW_EXAMPLES = [
    {
        "goal": "Lead the next design review",
        "reality": "Reviews stall on naming debates",
        "options": "Send a pre-read; timebox naming",
        "will": "Draft the pre-read by Friday",
    },
    {
        "goal": "Delegate the on-call rota",
        "reality": "Still doing it myself every week",
        "options": "Hand it to the most senior engineer",
        "will": "Talk to her on Tuesday",
    },
    {
        "goal": "Get a clear promotion path",
        "reality": "Unsure what staff means here",
        "options": "Read the ladder; ask two staff engineers",
        "will": "Book two coffees",
    },
]
MENTORING, COACHING, DRAFT = (
    "Engineering mentoring 2026",
    "First-time managers 2026",
    "Senior leaders (draft)",
)
# The programs the demo program admin runs: not the coaching one, so the scoping shows.
PROGRAM_ADMIN_RUNS = (MENTORING, DRAFT)
FOCUS = [["feedback", "delegation"], ["executive presence", "influence"], ["conflict", "feedback"]]


@dataclass(frozen=True)
class DemoPrograms:
    """What seeding the demo programs produced."""

    programs: int
    proposals: int
    engagements: int


@dataclass(frozen=True)
class _Member:
    id: int
    email: str
    level: int
    title: str
    skills: tuple[str, ...]


def demo_actor(app: Growpath, person_id: int, email: str) -> Context:
    """A demo person acting as themselves without logging in: the seed speaks for them."""
    actor = Actor(user_id=0, email=email, person_id=person_id, roles=frozenset({Role.PARTICIPANT}))
    return Context(app=app, actor=actor, source_address="demo")


def seed_demo_programs(app: Growpath, seed: int = 11) -> DemoPrograms:
    """Create two open programs with enrolments, an approved run and engagements in every state."""
    operator = operator_context(app)
    ensure_catalogue(operator)
    with app.uow() as uow:
        if uow.demo.has_programs():
            return DemoPrograms(programs=0, proposals=0, engagements=0)
        rows = uow.demo.people_with_skills()
        people = [
            _Member(p.id, p.email, p.seniority_level or 0, p.title, tuple(s.name for s in p.skills))
            for p in rows
        ]
        managing = {p.manager_id for p in rows if p.manager_id is not None}
    rng = random.Random(seed)
    # The programs opened some weeks ago, so engagements have a history to show; the run is
    # approved today, so the proposals still waiting can be answered in the demo.
    today_app = app
    app = app.with_clock(FixedClock(app.clock.now() - HISTORY - timedelta(days=7)))
    operator = operator_context(app)
    mentoring = programs.create_from_template(operator, "traditional-mentoring", name=MENTORING)
    coaching = programs.create_from_template(operator, "first-time-managers", name=COACHING)
    programs.create_from_template(operator, "senior-leaders", name=DRAFT)
    for program in (mentoring, coaching):
        programs.set_status(operator, program.id, "open")
        # Checked in on every four weeks; the mentoring program asks three questions of its own.
        programs.update_program(operator, program.id, {"checkin_schedule": DEMO_SCHEDULE})
    add_demo_questions(operator, mentoring.id)
    juniors = [p for p in people if p.level <= 3]
    seniors = [p for p in people if 5 <= p.level <= 8]
    new_managers = [p for p in people if p.title == "Engineering Manager"]
    rng.shuffle(juniors)
    rng.shuffle(seniors)
    for person in juniors[:30]:
        enrolment.enrol(
            demo_actor(app, person.id, person.email),
            mentoring.id,
            "mentee",
            {
                "goals": rng.choice(MENTEE_GOALS),
                "desired_competencies": rng.sample(COMPETENCIES, k=2),
            },
        )
    for person in seniors[:12]:
        enrolment.enrol(
            demo_actor(app, person.id, person.email),
            mentoring.id,
            "mentor",
            {
                "capacity": rng.randint(1, 3),
                "expertise": list(person.skills[:3]) or ["career growth"],
            },
        )
    for person in new_managers[:10]:
        enrolment.enrol(
            demo_actor(app, person.id, person.email),
            coaching.id,
            "coachee",
            {"goals": MENTEE_GOALS[2], "desired_competencies": ["feedback", "delegation"]},
        )
    # Coaches who manage nobody: the demo coach's login then opens on their coachees, as a
    # coach's day starts, rather than on a manager's team.
    for person in [p for p in seniors[12:] if p.id not in managing][:4]:
        enrolment.enrol(
            demo_actor(app, person.id, person.email),
            coaching.id,
            "coach",
            {"capacity": 3, "focus_areas": rng.choice(FOCUS), "certifications": ["ICF PCC"]},
        )
    proposals = engagements_made = 0
    for program in (mentoring, coaching):
        run_id = matching.run_matching(operator, program.id).id
        run = matching.approve(operator_context(today_app), run_id)
        proposals += len(run.proposals)
        for index, proposal in enumerate(run.proposals):
            engagements_made += _play_out(app, proposal, index, today_app.clock.now())
    return DemoPrograms(programs=3, proposals=proposals, engagements=engagements_made)


def _acting(app: Growpath, person_id: int) -> Context:
    with app.uow() as uow:
        person = uow.people.get(person_id, with_skills=False)
        if person is None:
            raise LookupError(f"demo person {person_id} vanished while seeding")
        return demo_actor(app, person.id, person.email)


def _play_out(app: Growpath, proposal: matching.ProposalView, index: int, today: datetime) -> int:
    """Answer a proposal and live through its engagement so the demo shows every state."""
    if index % 7 == 6:
        return 0  # left waiting for an answer
    participant = _acting(app, proposal.mentee_person_id)
    guide = _acting(app, proposal.mentor_person_id)
    matching.respond(participant, proposal.id, accept=True)
    if index % 7 == 5:
        matching.respond(guide, proposal.id, accept=False)
        return 0
    matching.respond(guide, proposal.id, accept=True)
    (engagement, *_) = engagements.my_engagements(participant)
    if index % 7 == 0:
        return 1  # accepted, not started yet
    # Each engagement replays its own past weeks on a clock of its own, then stops where the
    # demo wants it: running, renewed, paused, completed or ended early.
    clock = FixedClock(app.clock.now() + timedelta(days=1))
    past = app.with_clock(clock)
    participant, guide = replace(participant, app=past), replace(guide, app=past)
    engagements.change_engagement(guide, engagement.id, "start")
    _first_weeks(clock, participant, guide, engagement.id, engagement.kind, index, today)
    ending = {2: "pause", 3: "complete"}.get(index % 7)
    if ending:
        engagements.change_engagement(guide, engagement.id, ending)
    if index % 7 == 1 and engagement.kind == "mentoring":
        renewal = clock.now().date() + timedelta(days=400)
        engagements.change_engagement(guide, engagement.id, "renew", end_on=renewal)
    if index % 7 == 4:
        engagements.change_engagement(
            guide, engagement.id, "end_early", reason="the mentee moved to another company"
        )
    return 1


def _first_weeks(
    clock: FixedClock,
    participant: Context,
    guide: Context,
    engagement_id: int,
    kind: str,
    index: int,
    today: datetime,
) -> None:
    """Ratings, a goal or charter, three held sessions with notes and themes, what comes next."""
    competency = COMPETENCIES[index % len(COMPETENCIES)]
    for rater, level in ((participant, 2), (guide, 2)):
        goals.rate(rater, engagement_id, competency, "baseline", level)
    if kind == "coaching":
        goal = goals.add_goal(
            participant,
            engagement_id,
            {
                "title": "Give specific feedback every week",
                "measure": "feedback moments per week",
                "baseline_value": 0,
                "target_value": 3,
                "due_on": clock.now().date() + timedelta(days=150),
                "competency_keys": ["feedback"],
            },
        )
    else:
        goals.set_charter(
            participant,
            engagement_id,
            {
                "purpose": "Context and a wider network",
                "goals": "Prepare for a staff role",
                "meeting_frequency": "every two weeks",
                "success": "leads a design review",
            },
        )
        for side in (participant, guide):
            goals.confirm_charter(side, engagement_id)
    for week in range(3):
        clock.advance(timedelta(days=14))
        session = sessions.schedule(
            guide, engagement_id, clock.now() + timedelta(hours=2), 45, "Video call"
        )
        clock.advance(timedelta(hours=3))
        sessions.hold(
            guide,
            session.id,
            shared_notes=GROW_EXAMPLES[(index + week) % len(GROW_EXAMPLES)],
            private_notes={"reality": "Energy was lower than last time."},
            # The last session leaves an action: due soon, or (every third pair) overdue.
            actions=[
                {
                    "description": "Try one thing from today before we meet again",
                    "owner_person_id": participant.actor.person_id,
                    "due_on": today.date() + timedelta(days=-2 if index % 3 == 0 else 4),
                }
            ]
            if week == 2
            else [],
            themes=[THEMES[(index + week) % len(THEMES)]],
        )
        if kind == "coaching":
            goals.record_measurement(participant, goal.id, clock.now().date(), week + 1)
    goals.rate(participant, engagement_id, competency, "midpoint", 3)
    goals.rate(guide, engagement_id, competency, "midpoint", 3)
    # The first check-in fell due two weeks ago: both answer it (the next one waits today).
    checkins.schedule_checkins(participant.app)
    answer_due_checkins(participant, index)
    answer_due_checkins(guide, index + 1)
    # The pair met yesterday and the guide has not logged it yet; the next meeting is set.
    afternoon = today.replace(hour=15, minute=0, second=0, microsecond=0)
    for when in (afternoon - timedelta(days=1), afternoon + timedelta(days=6 + index % 8)):
        sessions.schedule(guide, engagement_id, when, 45, "Video call")
