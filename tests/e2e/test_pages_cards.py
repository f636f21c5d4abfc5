"""Cards of possible pairs on the demo: a guide as a participant choosing sees them, and the
participant's goal statement as the guide asked to take them on (and nobody else) reads it."""

from __future__ import annotations

import re
from html import escape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from growpath.adapters.orm import AuditEventRow, MatchProposalRow, PersonRow
from growpath.bootstrap import Growpath
from growpath.domain.languages import language_name
from growpath.domain.match_cards import initials, skill_label
from growpath.entrypoints.app import create_app
from growpath.services import matching, self_service
from growpath.services.demo import DemoOrganisation
from growpath.services.demo_programs import demo_actor
from growpath.services.matching import ProposalView
from tests.conftest import make_account
from tests.e2e.conftest import log_in_page

GOAL_STATEMENT = "Lead the payments migration & learn to say no <kindly>."
SHOWN_GOAL = escape(GOAL_STATEMENT, quote=False)


def _login(demo: DemoOrganisation, role: str) -> tuple[str, str]:
    login = next(login for login in demo.logins if login.role == role)
    return login.email, login.password


def _person(app: Growpath, person_id: int) -> PersonRow:
    with app.uow() as uow:
        person = uow.people.get(person_id)
        assert person is not None
        uow.session.expunge(person)
        return person


def _person_id(app: Growpath, email: str) -> int:
    with app.uow() as uow:
        person = uow.people.by_email(email)
        assert person is not None
        return person.id


def _waiting_offer(app: Growpath) -> ProposalView:
    """An offer of the demo that nobody answered yet, its goal statement made recognisable."""
    with app.uow() as uow:
        row = uow.session.scalars(
            select(MatchProposalRow).where(MatchProposalRow.status == "approved").limit(1)
        ).one()
        mentee = uow.proposals.enrolment(row.mentee_enrolment_id)
        assert mentee is not None and row.mentee_response is None
        mentee.goals = GOAL_STATEMENT
        uow.commit()
        return matching.proposal_views(uow, [row])[0]


def _goal_reads(app: Growpath) -> list[tuple[int | None, str]]:
    """Who was shown a goal statement on which proposal, as the audit trail recorded it."""
    with app.uow() as uow:
        return [
            (user, target)
            for user, target in uow.session.execute(
                select(AuditEventRow.actor_user_id, AuditEventRow.target_id)
                .where(AuditEventRow.action == "enrolment_goals.read")
                .order_by(AuditEventRow.id)
            )
        ]


@pytest.fixture
def web(sqlite_app: Growpath, demo: DemoOrganisation) -> TestClient:
    """A browser-like client on the demo organisation."""
    return TestClient(create_app(sqlite_app))


def test_recommended_guides_show_profile_skills_languages_hours_seats_and_reasons_in_words(
    sqlite_app: Growpath, demo: DemoOrganisation, web: TestClient
) -> None:
    email, password = _login(demo, "participant")
    me = demo_actor(sqlite_app, _person_id(sqlite_app, email), email)
    (program_id,) = {p.program_id for p in matching.my_proposals(me)}
    found = self_service.recommendations(me, program_id, 8)
    assert found
    log_in_page(web, email, password)
    page = web.get(f"/programs/{program_id}/recommendations").text
    for r in found:
        guide = _person(sqlite_app, r.mentor_person_id)
        card = page.split(f'href="/people/{guide.id}">')[1].split(
            '<li class="usa-card grid-col-12">'
        )[0]
        assert f'<span class="avatar" aria-hidden="true">{initials(guide.name)}</span>' in card
        assert escape(guide.bio) in card and escape(guide.title) in card
        for skill in guide.skills:
            assert f'{skill_label(skill.name)} <span class="level">{skill.level}/5</span>' in card
        names = ", ".join(language_name(code) for code in guide.languages)
        assert f"<dt>Languages</dt><dd>{names}</dd>" in card
        assert f"<dd>{r.open_seats} seat{'' if r.open_seats == 1 else 's'} free as mentor" in card
        assert "of a 9–17 working day" in card or "your working days do not meet" in card
        assert f"Why {escape(guide.name)} fits you" in card and '<ul class="reasons"><li>' in card
        # A guide's public profile, less what a card need not say.
        assert "Seniority" not in card and guide.email not in card
    # Reasons read as sentences, never as factor keys (test_match_cards holds their wording);
    # which factors lead depends on the demo participant the demo picks.
    reasons = re.findall(
        r"<li>([^<]*)</li>", "".join(re.findall(r'class="reasons">(.*?)</ul>', page))
    )
    assert reasons and all(reason[0].isupper() and " " in reason for reason in reasons)
    assert "<li>You both speak English" in page
    assert "<dd>en</dd>" not in page and ">en," not in page


def test_the_guide_asked_reads_the_goal_statement_and_answers_on_the_mentoring_page(
    sqlite_app: Growpath, web: TestClient
) -> None:
    offer = _waiting_offer(sqlite_app)
    guide = make_account(sqlite_app, _person(sqlite_app, offer.mentor_person_id).email)
    log_in_page(web, guide.actor.email)
    page = web.get("/mentoring").text
    assert '<h2 id="offers">Waiting for your answer</h2>' in page
    offers = page.split('id="offers"')[1].split("</section>")[0]
    mentee = _person(sqlite_app, offer.mentee_person_id)
    assert f'<blockquote class="goal-statement">{SHOWN_GOAL}</blockquote>' in offers
    assert f'<span class="avatar" aria-hidden="true">{initials(mentee.name)}</span>' in offers
    assert f"Why you fit {escape(mentee.name)}" in offers
    assert f'action="/proposals/{offer.id}/response"' in offers
    assert _goal_reads(sqlite_app) == [(guide.actor.user_id, str(offer.id))]
    # The same offer on the proposals page sends the guide to the goals, and shows no card.
    proposals = web.get("/proposals").text
    assert 'href="/mentoring#offers"' in proposals and SHOWN_GOAL not in proposals


def test_the_participant_sees_the_guides_card_on_an_offer_and_not_their_own_goals_there(
    sqlite_app: Growpath, web: TestClient
) -> None:
    offer = _waiting_offer(sqlite_app)
    mentee = make_account(sqlite_app, _person(sqlite_app, offer.mentee_person_id).email)
    guide = _person(sqlite_app, offer.mentor_person_id)
    log_in_page(web, mentee.actor.email)
    page = web.get("/proposals").text
    waiting = page.split('id="waiting"')[1].split("</section>")[0]
    assert f'<span class="avatar" aria-hidden="true">{initials(guide.name)}</span>' in waiting
    assert f"Why {escape(guide.name)} fits you" in waiting and "free as mentor" in waiting
    assert SHOWN_GOAL not in page
    assert SHOWN_GOAL not in web.get("/mentoring").text


@pytest.mark.parametrize("role", ["mentor", "participant", "program admin", "org admin"])
def test_nobody_but_the_guide_asked_reads_the_goal_statement(
    sqlite_app: Growpath, demo: DemoOrganisation, web: TestClient, role: str
) -> None:
    offer = _waiting_offer(sqlite_app)
    email, password = _login(demo, role)
    assert _person_id(sqlite_app, email) not in (offer.mentor_person_id, offer.mentee_person_id)
    log_in_page(web, email, password)
    for path in ("/mentoring", "/proposals", f"/people/{offer.mentee_person_id}", "/home"):
        assert SHOWN_GOAL not in web.get(path).text, path
    assert _goal_reads(sqlite_app) == []


def test_a_guide_without_offers_sees_no_offers_section(
    demo: DemoOrganisation, web: TestClient
) -> None:
    log_in_page(web, *_login(demo, "mentor"))
    page = web.get("/mentoring")
    assert page.status_code == 200 and 'id="offers"' not in page.text
