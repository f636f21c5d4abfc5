"""The demo's mentoring lineage and lessons: last year's mentoring circle, whose former mentees
now mentor others (two generations deep, so its report shows lineage over k people next to its
outcomes), and lessons mentors published, which the demo participant follows."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

from growpath.adapters.clock import FixedClock
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.enrolment import MAX_CAPACITY
from growpath.domain.outcomes import Person, Stratum, level_on, tenure_band
from growpath.services import engagements, enrolment, lessons, matching, programs
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import Context, operator_context
from growpath.services.demo_programs import MENTEE_GOALS, demo_actor

# Two cohorts after the circle, each started later than the one before: the circle's former
# mentees mentor the first, some of whose mentees mentor the second (names the demo looks
# itself up by): (name, started this many days ago, mentees).
COHORTS = (
    ("Pay it forward: autumn 2025", 200, 11),
    ("Pay it forward: spring 2026", 60, 6),
)
MENTORED_FOR = timedelta(days=180)  # a finished pair met this long before completing
SENIOR = 5  # the circle's mentors: levels above every level its mentees are compared at
LESSONS = (
    (
        "Silence is a question too",
        "For a year I filled every pause in our conversations with advice. Months later my "
        "mentee told me the pauses were where she did her thinking, and that my answers had "
        "mostly been to questions she was not asking.",
        "Count to five after asking a question, and ask what they already tried first.",
        ["communication", "feedback"],
    ),
    (
        "Delegating the thing you are proud of",
        "I kept the release process to myself because I had built it. It became the team's "
        "bottleneck, and the person I finally handed it to improved it within a month.",
        "Hand over what I am proudest of first: it is usually what I hold on to longest.",
        ["delegation", "team-building"],
    ),
    (
        "Promotion is a story others tell",
        "I prepared my mentee's promotion case as a list of tickets. It went nowhere until we "
        "rewrote it as the story of the problems she solved for other teams, in their words.",
        "Start collecting what others say about the work from the first month, not the last.",
        ["career-growth", "influence"],
    ),
    (
        "Saying no to the urgent",
        "A coachee and I spent three sessions on time management before noticing that every "
        "week's plan was undone by requests nobody had prioritised. The fix was a conversation "
        "with her manager, not a better calendar.",
        "Ask early whose priorities the week is really built from.",
        ["prioritisation", "navigation"],
    ),
)


def _acting(app: Growpath, person_id: int) -> Context:
    with app.uow() as uow:
        person = uow.people.get(person_id, with_skills=False)
        if person is None:
            raise LookupError(f"demo person {person_id} vanished while seeding")
        return demo_actor(app, person.id, person.email)


def _stratum(uow: UnitOfWork, person_id: int, day: date) -> Stratum | None:
    row = uow.people.get(person_id, with_skills=False)
    if row is None:
        return None
    seen = tuple(uow.outcomes.levels_of(person_id))
    person = Person(False, row.department or "", row.hire_date, row.leave_date, None, seen)
    level = level_on(person, day)
    return (person.department, str(level), tenure_band(row.hire_date, day))


def free_people(app: Growpath) -> list[tuple[int, int]]:
    """Return (level, id) of everyone still employed, in no program, who may join the demo's
    pairs: managers and the People department stay out, as the demo's manager and admin logins
    come from them and their own pages must show no pair of theirs (the insider walk)."""
    with app.uow() as uow:
        enrolled = {row.person_id for row, _ in uow.enrolments.listed()}
        people = uow.demo.people_with_skills()
        managing = {p.manager_id for p in people}
        return [
            (p.seniority_level or 0, p.id)
            for p in people
            if p.id not in enrolled
            and p.id not in managing
            and p.department != "People"
            and p.manager_id is not None
        ]


def pair_up(app: Growpath, program_id: int, mentors: list[int], finish: bool) -> list[int]:
    """Enrol the mentors in an open program whose mentees are enrolled, match and start every
    pair on the app's clock (complete them when finish); return the mentees matched."""
    with app.uow() as uow:
        enrolled = uow.enrolments.listed(program_id=program_id)
        mentees = sum(row.role == "mentee" for row, _ in enrolled)
    if not mentees or not mentors:
        return []  # a small demo organisation: nobody to pair
    # Few free seniors (a mid-sized demo) would otherwise ask more than a mentor may take on:
    # the mentees beyond their capacity stay unmatched.
    capacity = min(MAX_CAPACITY, max(1, math.ceil(mentees / max(1, len(mentors)))))
    for person in mentors:
        fields = {"capacity": capacity, "expertise": ["career growth"]}
        enrolment.enrol(_acting(app, person), program_id, "mentor", fields)
    operator = operator_context(app)
    run = matching.approve(operator, matching.run_matching(operator, program_id).id)
    clock = FixedClock(app.clock.now())
    later = app.with_clock(clock)
    matched = []
    for proposal in run.proposals:
        mentee = _acting(app, proposal.mentee_person_id)
        mentor = _acting(app, proposal.mentor_person_id)
        for side in (mentee, mentor):
            matching.respond(side, proposal.id, accept=True)
        engagement = next(
            e
            for e in engagements.my_engagements(mentee)
            if e.program_id == program_id and e.status == "proposed"
        )
        clock.current = app.clock.now() + timedelta(days=3)
        engagements.change_engagement(replace(mentor, app=later), engagement.id, "start")
        if finish:
            clock.current = app.clock.now() + MENTORED_FOR
            engagements.change_engagement(replace(mentor, app=later), engagement.id, "complete")
        matched.append(proposal.mentee_person_id)
    return matched


def _cohort(app: Growpath, name: str, mentees: list[int], mentors: list[int]) -> list[int]:
    """Run one mentoring cohort on the app's clock; return the mentees who were matched."""
    operator = operator_context(app)
    program = programs.create_from_template(operator, "traditional-mentoring", name=name)
    programs.set_status(operator, program.id, "open")
    for n, person in enumerate(mentees):
        goal = MENTEE_GOALS[n % len(MENTEE_GOALS)]
        enrolment.enrol(_acting(app, person), program.id, "mentee", {"goals": goal})
    return pair_up(app, program.id, mentors, finish=False)


def seed_demo_lineage(app: Growpath, root: str) -> int:
    """Play two cohorts after the root program, each mentored by the one before; return the
    engagements started."""
    with app.uow() as uow:
        if uow.programs.named(COHORTS[0][0]) is not None:
            return 0
        root_id = uow.programs.named(root)
        if root_id is None:
            raise LookupError(f"the demo program {root!r} is missing")
        program = uow.programs.get(root_id)
        index = uow.outcomes.index_date(root_id, program.starts_on if program else None)
        if index is None:
            raise LookupError(f"the demo program {root!r} has no participants")
        mentored = sorted(
            {m.participant_id for m in uow.lineage.mentorings() if m.program_id == root_id}
        )
        mentees = [
            row.person_id for row, _ in uow.enrolments.listed(root_id) if row.role == "mentee"
        ]
        compared = {_stratum(uow, person, index) for person in mentees}
        still = {p.id for p in uow.demo.people_with_skills()}
    free = free_people(app)
    former = [person for person in mentored if person in still]
    # A small demo organisation runs no circle: seniors guide its first cohort instead.
    seniors = [person for level, person in free if level >= SENIOR]
    former += seniors[: max(0, COHORTS[0][2] - len(former))]
    with app.uow() as uow:
        # The later mentees come from outside the strata the root's participants are compared
        # in, so the comparison keeps the people it matches them with.
        outside = [
            person
            for _, person in sorted(free)
            if person not in former and _stratum(uow, person, index) not in compared
        ]
    now = app.clock.now()
    (first, first_ago, first_size), (second, second_ago, second_size) = COHORTS
    at = app.with_clock(FixedClock(now - timedelta(days=first_ago)))
    guided = _cohort(at, first, outside[:first_size], former[:first_size])
    at = app.with_clock(FixedClock(now - timedelta(days=second_ago)))
    last = _cohort(at, second, outside[first_size : first_size + second_size], guided[:second_size])
    return len(guided) + len(last)


def seed_demo_lessons(app: Growpath, mentor_email: str, participant_email: str) -> int:
    """Publish the demo lessons (two by the demo mentor) and let the demo participant follow
    the demo mentor; return how many lessons were published."""
    with app.uow() as uow:
        mentor = uow.people.by_email(mentor_email)
        participant = uow.people.by_email(participant_email)
        if mentor is None or participant is None:
            raise LookupError("the demo mentor or participant is missing")
        mentor_id, participant_id = mentor.id, participant.id
        if uow.lessons.has_published(mentor_id):
            return 0
        authors = [mentor_id, mentor_id]
        others = uow.lineage.mentorings()
        authors += sorted({m.guide_id for m in others} - {mentor_id})[: len(LESSONS) - 2]
        who = {person_id: _acting(app, person_id) for person_id in authors}
    published = 0
    for n, (title, story, differently, themes) in enumerate(LESSONS):
        author = who[authors[n]]
        owned = lessons.programs_to_publish_in(author)
        lessons.publish_lesson(author, title, story, differently, themes, min(owned))
        published += 1
    lessons.follow_mentor(_acting(app, participant_id), mentor_id)
    return published
