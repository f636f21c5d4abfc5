"""A mentor asked to take someone on reads who asks and their goals, then accepts, in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from growpath.adapters.orm import MatchProposalRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.services import accounts
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import assert_accessible, log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_mentor_reads_the_goals_of_whoever_asks_and_accepts_from_their_caseload(
    page: Page, phone: Page, sqlite_app: Growpath, demo: DemoOrganisation, demo_server: str
) -> None:
    with sqlite_app.uow() as uow:
        offer = uow.session.scalars(
            select(MatchProposalRow).where(MatchProposalRow.status == "approved").limit(1)
        ).one()
        mentee = uow.proposals.enrolment(offer.mentee_enrolment_id)
        mentor = uow.proposals.enrolment(offer.mentor_enrolment_id)
        assert mentee is not None and mentor is not None
        names = uow.proposals.people_of([mentee.id])
        guide = uow.people.get(mentor.person_id, with_skills=False)
        assert guide is not None
        offer_id, goals, name, email = offer.id, mentee.goals, names[mentee.id][1], guide.email
    accounts.create_account(sqlite_app, email, {Role.PARTICIPANT}, DEMO_PASSWORD)

    log_in(page, demo_server, email, DEMO_PASSWORD)
    page.goto(f"{demo_server}/mentoring")
    offers = page.get_by_role("region", name="Waiting for your answer")
    card = offers.get_by_role("listitem").filter(has_text=name).first
    expect(card.get_by_role("heading", level=3)).to_contain_text(name)
    expect(card.locator("blockquote.goal-statement")).to_have_text(goals)
    expect(card.get_by_text(f"Why you fit {name}")).to_be_visible()
    expect(card.locator("dt", has_text="Working hours shared")).to_be_visible()
    assert_accessible(page)
    shot(page, "mentoring-offer")

    log_in(phone, demo_server, email, DEMO_PASSWORD)
    phone.goto(f"{demo_server}/mentoring#offers")
    expect(phone.locator("blockquote.goal-statement").first).to_be_visible()
    assert_accessible(phone)
    shot(phone, "mentoring-offer-phone")

    card.get_by_role("button", name=f"Accept {name}").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"You accepted; {name} has yet to answer by "
    )
    with sqlite_app.uow() as uow:
        answered = uow.proposals.get(offer_id)
        assert answered is not None and answered.mentor_response == "accepted"
    page.goto(f"{demo_server}/mentoring")
    expect(page.get_by_text(f"You accepted; {name} has yet to answer.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(f"^Accept {name}$"))).to_have_count(0)
