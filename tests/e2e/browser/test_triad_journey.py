"""A practice triad in Chromium: the demo triad is in round 2; its observer records feedback and
moves it on, the demo participant (a member) reads the feedback, and an admin sees the round
number and never the feedback."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import Conflict
from growpath.services import accounts, triads
from growpath.services.context import Context
from growpath.services.demo import DEMO_PASSWORD, DemoOrganisation
from tests.e2e.browser.conftest import assert_accessible, log_in, login_of, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
FEEDBACK = "Asked 'What would a good outcome be for you?' and then waited: Alex opened up."


def _demo_triad(app: Growpath, demo: DemoOrganisation) -> tuple[int, int, str]:
    """Return the demo participant's triad, its program, and its round-2 observer's login."""
    actor = accounts.authenticate(app, login_of(demo, "participant"), DEMO_PASSWORD)
    participant = Context(app, actor, "test")
    (mine,) = triads.my_triads(participant)
    view = triads.get_triad(participant, mine.id)
    assert (view.current_round, view.round_count) == (2, 3)
    (observer,) = [m for m in view.members if m.role == "observer"]
    with app.uow() as uow:
        person = uow.people.get(observer.person_id)
        assert person is not None
        email = person.email
    try:
        accounts.create_account(app, email, {Role.PARTICIPANT}, DEMO_PASSWORD)
    except Conflict:
        pass  # the observer is the demo participant, who has a login already
    return mine.id, view.program_id, email


def _check(page: Page, name: str) -> None:
    assert_accessible(page)
    shot(page, name)


def test_the_observer_records_feedback_the_round_moves_on_members_see_it_an_admin_does_not(
    browser: Browser, page: Page, sqlite_app: Growpath, demo: DemoOrganisation, demo_server: str
) -> None:
    triad_id, program_id, observer = _demo_triad(sqlite_app, demo)
    log_in(page, demo_server, observer, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Triads").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Practice triads")
    page.get_by_role("link", name=f"triad {triad_id}").click()
    expect(page).to_have_url(f"{demo_server}/triads/{triad_id}")
    expect(page.get_by_text("Round 2 of 3.")).to_be_visible()
    expect(page.get_by_text("This round you are the observer")).to_be_visible()
    # Round 1's feedback, recorded by the demo, is there for the members.
    expect(page.get_by_role("heading", name="Round 1, from", exact=False)).to_be_visible()
    _check(page, "triad-observer")

    page.get_by_label("Open and closed questions").fill(FEEDBACK)
    page.get_by_label("Listening").fill("Summarised the worry before options; Alex corrected it.")
    page.get_by_label("What to try next").fill("Ask one more 'what else?' before closing.")
    page.get_by_role("button", name="Record my feedback").click()
    expect(page.get_by_role("status").first).to_contain_text("Your feedback on round 2")
    page.get_by_role("button", name="Move on to round 3").click()
    expect(page.get_by_role("status").first).to_contain_text("Round 3 begins")
    expect(page.get_by_text("Round 3 of 3.")).to_be_visible()
    _check(page, "triad-round-3")

    member = browser.new_context(bypass_csp=True).new_page()
    log_in(member, demo_server, login_of(demo, "participant"), DEMO_PASSWORD)
    member.goto(f"{demo_server}/triads/{triad_id}")
    expect(member.get_by_text(FEEDBACK)).to_be_visible()
    member.context.close()

    admin = browser.new_context(bypass_csp=True).new_page()
    log_in(admin, demo_server, login_of(demo, "org admin"), DEMO_PASSWORD)
    admin.goto(f"{demo_server}/admin/programs/{program_id}/triads")
    row = admin.get_by_role("row").filter(has=admin.get_by_role("rowheader", name=str(triad_id)))
    expect(row).to_contain_text("3 of 3")
    expect(admin.get_by_text(FEEDBACK)).to_have_count(0)
    _check(admin, "triad-admin-states")
    response = admin.goto(f"{demo_server}/triads/{triad_id}")
    assert response is not None and response.status == 404
    expect(admin.get_by_text(FEEDBACK)).to_have_count(0)
    admin.context.close()
