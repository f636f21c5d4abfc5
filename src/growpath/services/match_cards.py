"""Cards of possible pairs: a guide as a participant choosing sees them, and the reverse.

A participant sees a guide's public profile (what the people directory shows anyone, less the
seniority level) and how the two fit. A guide asked to take someone on also reads that
participant's goal statement, as the enrol form promises, while the offer waits for answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from growpath.adapters.orm import EnrolmentRow, PersonRow
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.errors import NotFound
from growpath.domain.languages import language_name
from growpath.domain.match_cards import (
    PairFacts,
    Translate,
    initials,
    shared_working_hours,
    skill_label,
    top_reasons,
)
from growpath.domain.proposals import PENDING
from growpath.i18n import N_
from growpath.services import seats
from growpath.services.access import access_own_participation, access_proposal
from growpath.services.audit import record_read
from growpath.services.context import Context
from growpath.services.match_inputs import EXPERTISE_LEVEL
from growpath.services.matching import ProposalView, proposals_of
from growpath.services.programs import load_program
from growpath.services.self_service import Recommendation


@dataclass(frozen=True)
class GuideCard:
    """A mentor or coach as a participant choosing one sees them."""

    person_id: int
    name: str
    role: str  # mentor or coach
    initials: str
    title: str
    bio: str
    skills: tuple[tuple[str, int], ...]  # strongest first
    expertise: tuple[str, ...]  # what they offer in this program
    languages: tuple[str, ...]
    overlap_hours: float | None
    seats_left: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ParticipantCard:
    """A mentee or coachee as the guide asked to take them on sees them."""

    person_id: int
    name: str
    initials: str
    title: str
    goal_statement: str
    wants: tuple[str, ...]
    languages: tuple[str, ...]
    overlap_hours: float | None
    reasons: tuple[str, ...]


def _skill_key(name: str) -> str:
    # Read as the optimiser reads skills (services.match_inputs), so reasons name what scored.
    return name.replace("-", " ").strip().lower()


def _language(code: str, translate: Translate | None) -> str:
    # A language's name in the reader's words where the page gives them, English otherwise.
    return language_name(code, translate) if translate is not None else language_name(code)


def _person(uow: UnitOfWork, person_id: int) -> PersonRow:
    # An erased person keeps an anonymised row: their card shows that, not an error page.
    person = uow.people.get(person_id)
    if person is None:
        raise NotFound(N_("no person with id %(id)s"), id=person_id)
    return person


def _facts(
    ctx: Context,
    mentee: EnrolmentRow,
    participant: PersonRow,
    mentor: EnrolmentRow,
    guide: PersonRow,
    translate: Translate | None,
) -> PairFacts:
    offered = {_skill_key(s.name): s.level for s in guide.skills}
    for area in [*mentor.expertise, *mentor.focus_areas]:
        offered[_skill_key(area)] = max(offered.get(_skill_key(area), 0), EXPERTISE_LEVEL)
    return PairFacts(
        wanted=tuple(_skill_key(k) for k in mentee.desired_competencies),
        offered=offered,
        focus_areas=tuple(_skill_key(a) for a in mentor.focus_areas),
        shared_languages=tuple(
            _language(code, translate) for code in participant.languages if code in guide.languages
        ),
        shared_interests=tuple(i for i in participant.interests if i in guide.interests),
        overlap_hours=shared_working_hours(participant.timezone, guide.timezone, ctx.now.date()),
        shared_department=(
            participant.department
            if participant.department and participant.department == guide.department
            else None
        ),
        shared_job_family=(
            participant.job_family
            if participant.job_family and participant.job_family == guide.job_family
            else None
        ),
    )


def _guide_card(
    uow: UnitOfWork,
    ctx: Context,
    mentee: EnrolmentRow,
    mentor: EnrolmentRow,
    explanation: dict[str, object],
    translate: Translate | None,
) -> GuideCard:
    participant, guide = _person(uow, mentee.person_id), _person(uow, mentor.person_id)
    facts = _facts(ctx, mentee, participant, mentor, guide, translate)
    contributions = explanation.get("contributions")
    return GuideCard(
        person_id=guide.id,
        name=guide.name,
        role=mentor.role,
        initials=initials(guide.name),
        title=guide.title,
        bio=guide.bio,
        skills=tuple(
            (skill_label(s.name), s.level)
            for s in sorted(guide.skills, key=lambda s: (-s.level, s.name))
        ),
        expertise=tuple(skill_label(a) for a in [*mentor.expertise, *mentor.focus_areas]),
        languages=tuple(_language(code, translate) for code in guide.languages),
        overlap_hours=facts.overlap_hours,
        seats_left=seats.seats_of(uow, [mentor.id])[mentor.id].open,
        reasons=top_reasons(
            contributions if isinstance(contributions, list) else [],
            facts,
            to_guide=False,
            translate=translate,
        ),
    )


def _participant_card(
    uow: UnitOfWork,
    ctx: Context,
    proposal: ProposalView,
    mentee: EnrolmentRow,
    mentor: EnrolmentRow,
    translate: Translate | None,
) -> ParticipantCard:
    participant, guide = _person(uow, mentee.person_id), _person(uow, mentor.person_id)
    facts = _facts(ctx, mentee, participant, mentor, guide, translate)
    contributions = proposal.explanation.get("contributions")
    return ParticipantCard(
        person_id=participant.id,
        name=participant.name,
        initials=initials(participant.name),
        title=participant.title,
        goal_statement=mentee.goals,
        wants=tuple(skill_label(skill) for skill in facts.wanted),
        languages=tuple(_language(code, translate) for code in participant.languages),
        overlap_hours=facts.overlap_hours,
        reasons=top_reasons(
            contributions if isinstance(contributions, list) else [],
            facts,
            to_guide=True,
            translate=translate,
        ),
    )


def recommendation_cards(
    ctx: Context,
    program_id: int,
    found: Sequence[Recommendation],
    translate: Translate | None = None,
) -> dict[int, GuideCard]:
    """Return the card of each recommended guide, by their enrolment, for the participant
    (its reasons in the words translate gives, English without it)."""
    with ctx.uow() as uow:
        mentee = access_own_participation(uow, ctx, load_program(uow, program_id))
        cards = {}
        for r in found:
            mentor = uow.proposals.enrolment(r.mentor_enrolment_id)
            if mentor is not None:
                cards[mentor.id] = _guide_card(uow, ctx, mentee, mentor, r.explanation, translate)
        return cards


def guide_cards_of_proposals(
    ctx: Context, proposals: Sequence[ProposalView], translate: Translate | None = None
) -> dict[int, GuideCard]:
    """Return, by proposal, the card of the guide of each waiting offer made to the actor
    (its reasons in the words translate gives, English without it)."""
    with ctx.uow() as uow:
        cards = {}
        for p in proposals:
            if p.status not in PENDING or p.mentee_person_id != ctx.actor.person_id:
                continue
            _, mentee, mentor = access_proposal(uow, ctx, p.id)
            cards[p.id] = _guide_card(uow, ctx, mentee, mentor, p.explanation, translate)
        return cards


def offers_to_guide(
    ctx: Context, translate: Translate | None = None
) -> list[tuple[ProposalView, ParticipantCard]]:
    """Return the offers and requests waiting on the actor as guide, each with who asks (the
    reasons in the words translate gives, English without it).

    The participant's goal statement goes to this guide only, and each showing is audited.
    """
    with ctx.uow() as uow:
        waiting = [
            p
            for p in proposals_of(uow, ctx.actor.person_id)
            if p.status in PENDING and p.mentor_person_id == ctx.actor.person_id
        ]
        offers = []
        for p in waiting:
            _, mentee, mentor = access_proposal(uow, ctx, p.id)
            offers.append((p, _participant_card(uow, ctx, p, mentee, mentor, translate)))
            record_read(uow, ctx, "enrolment_goals.read", "match_proposal", p.id)
        uow.commit()
        return offers
