"""Deprovisioning by SCIM ends a person's open proposals, frees their guides' seats and keeps
their history; provisioning them again brings none of it back (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from growpath.adapters.orm import AuditEventRow, EngagementRow, EnrolmentRow, MatchProposalRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import NotFound
from growpath.entrypoints.app import create_app
from growpath.services import (
    engagements,
    enrolment,
    matching,
    programs,
    scim_tokens,
    self_service,
)
from growpath.services.context import Context, operator_context
from growpath.services.people_import import import_people
from tests.conftest import make_account
from tests.e2e.conftest import ADMIN, PARTICIPANT, bearer
from tests.factories import csv_bytes, org_rows, started_engagement
from tests.mailbox import mailed_token

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
GOALS = "I want to grow into a staff engineer and learn system design from someone senior."
LEAVER = "person13@example.com"
WHY = "deprovisioned by the identity provider"
CHOSEN = "the-invitee-chose-this-1"


@dataclass(frozen=True)
class Offers:
    """A leaver with open proposals on both sides, a finished engagement, and who else is in."""

    admin: Context
    leaver_id: int
    as_mentee: int  # program A: the leaver's approved offer from guide_a
    as_guide: int  # program B: the leaver's approved offer to mentee_b
    unapproved: int  # program C: a run's proposal for the leaver, not yet approved
    program_a: int
    guide_a: int  # guide_a's enrolment in program A
    leaver_guide_b: int  # the leaver's guide enrolment in program B
    ended_engagement: int


def _program(admin: Context, name: str) -> int:
    made = programs.create_from_template(admin, "traditional-mentoring", name=name)
    return programs.set_status(admin, made.id, "open").id


def _enrol(admin: Context, program_id: int, person_id: int | None, role: str) -> int:
    fields: dict[str, Any] = (
        {"goals": GOALS} if role == "mentee" else {"capacity": 2, "expertise": ["system design"]}
    )
    return enrolment.enrol(admin, program_id, role, fields, person_id=person_id).id


def _offer(admin: Context, program_id: int, approve: bool = True) -> int:
    run = matching.run_matching(admin, program_id)
    assert len(run.proposals) == 1, run
    if approve:
        matching.approve(admin, run.id)
    return run.proposals[0].id


@pytest.fixture
def offers(app: Growpath) -> Offers:
    """Person 13 leaves: mentee in A, guide in B, in C's unapproved run, an ended engagement."""
    import_people(operator_context(app), csv_bytes(org_rows(20)), "people.csv")
    admin = make_account(app, "admin@example.com", Role.PROGRAM_ADMIN)
    leaver, earlier_guide = make_account(app, LEAVER), make_account(app, "person19@example.com")
    ended = started_engagement(admin, leaver, earlier_guide)
    engagements.change_engagement(earlier_guide, ended, "end_early", reason="moved team")
    person = {n: make_account(app, f"person{n}@example.com").actor.person_id for n in (14, 17, 18)}
    leaver_id = leaver.actor.person_id
    assert leaver_id is not None
    a, b, c = (_program(admin, name) for name in ("A", "B", "C"))
    _enrol(admin, a, leaver_id, "mentee")
    guide_a = _enrol(admin, a, person[17], "mentor")
    as_mentee = _offer(admin, a)
    leaver_guide_b = _enrol(admin, b, leaver_id, "mentor")
    _enrol(admin, b, person[14], "mentee")
    as_guide = _offer(admin, b)
    _enrol(admin, c, leaver_id, "mentee")
    _enrol(admin, c, person[18], "mentor")
    unapproved = _offer(admin, c, approve=False)
    return Offers(
        admin, leaver_id, as_mentee, as_guide, unapproved, a, guide_a, leaver_guide_b, ended
    )


@pytest.fixture
def scim(app: Growpath) -> Iterator[TestClient]:
    """A client carrying a SCIM token."""
    token = scim_tokens.create_token(app, "idp").token
    with TestClient(create_app(app), headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


def _status(app: Growpath, proposal_id: int) -> str:
    with app.uow() as uow:
        row = uow.session.get(MatchProposalRow, proposal_id)
        assert row is not None
        return str(row.status)


def _seats(app: Growpath, enrolment_id: int) -> int:
    with app.uow() as uow:
        row = uow.session.get(EnrolmentRow, enrolment_id)
        assert row is not None
        return row.seats_taken


def _user(email: str, active: bool | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "schemas": [USER],
        "userName": email,
        "emails": [{"value": email, "primary": True}],
        "name": {"formatted": "Person 13"},
    }
    if active is not None:
        body["active"] = active
    return body


def _patch_active(active: bool) -> dict[str, Any]:
    operation = {"op": "replace", "path": "active", "value": active}
    return {"schemas": [PATCH], "Operations": [operation]}


def _by_patch(scim: TestClient, url: str) -> None:
    assert scim.patch(url, json=_patch_active(False)).json()["active"] is False


def _by_put(scim: TestClient, url: str) -> None:
    assert scim.put(url, json=_user(LEAVER, False)).json()["active"] is False


def _by_delete(scim: TestClient, url: str) -> None:
    assert scim.delete(url).status_code == 204


def _back_by_patch(scim: TestClient, url: str) -> str:
    assert scim.patch(url, json=_patch_active(True)).json()["active"] is True
    return url


def _back_by_put(scim: TestClient, url: str) -> str:
    assert scim.put(url, json=_user(LEAVER, True)).json()["active"] is True
    return url


def _back_by_post(scim: TestClient, url: str) -> str:
    made = scim.post("/scim/v2/Users", json=_user(LEAVER, None))
    assert made.status_code == 201, made.text
    assert made.json()["id"] == url.rsplit("/", 1)[1]
    return url


@pytest.mark.parametrize(
    ("leave", "come_back"),
    [(_by_patch, _back_by_patch), (_by_put, _back_by_put), (_by_delete, _back_by_post)],
    ids=["patch", "put", "delete"],
)
def test_deprovisioning_withdraws_open_proposals_frees_seats_and_keeps_history(
    app: Growpath,
    offers: Offers,
    scim: TestClient,
    leave: Callable[[TestClient, str], None],
    come_back: Callable[[TestClient, str], str],
) -> None:
    url = f"/scim/v2/Users/{offers.leaver_id}"
    assert _seats(app, offers.guide_a) == 1 and _seats(app, offers.leaver_guide_b) == 1

    leave(scim, url)

    for proposal in (offers.as_mentee, offers.as_guide, offers.unapproved):
        assert _status(app, proposal) == "withdrawn"
    assert _seats(app, offers.guide_a) == 0 and _seats(app, offers.leaver_guide_b) == 0
    with app.uow() as uow:
        ended = uow.session.get(EngagementRow, offers.ended_engagement)
        assert ended is not None and ended.status == "ended_early"
        actions = set(uow.session.scalars(select(AuditEventRow.action)))
    assert {"match.approve", "engagement.end_early", "scim.user.deprovision"} <= actions
    # A new run in A leaves the leaver out and offers guide A's freed seat to a newcomer.
    newcomer = make_account(app, "person15@example.com").actor.person_id
    _enrol(offers.admin, offers.program_a, newcomer, "mentee")
    rerun = matching.run_matching(offers.admin, offers.program_a)
    assert [p.mentee_person_id for p in rerun.proposals] == [newcomer]

    come_back(scim, url)

    for proposal in (offers.as_mentee, offers.as_guide, offers.unapproved):
        assert _status(app, proposal) == "withdrawn"
    assert _seats(app, offers.guide_a) == 0 and _seats(app, offers.leaver_guide_b) == 0
    with app.uow() as uow:
        ended = uow.session.get(EngagementRow, offers.ended_engagement)
        assert ended is not None and ended.status == "ended_early"


def test_a_deprovisioned_guide_is_not_recommended_nor_requested(
    app: Growpath, offers: Offers, scim: TestClient
) -> None:
    mentee = make_account(app, "person16@example.com")
    program_b = _program(offers.admin, "D")
    guide = _enrol(offers.admin, program_b, offers.leaver_id, "mentor")
    enrolment.enrol(mentee, program_b, "mentee", {"goals": GOALS})
    assert [r.mentor_enrolment_id for r in self_service.recommendations(mentee, program_b)] == [
        guide
    ]

    _by_patch(scim, f"/scim/v2/Users/{offers.leaver_id}")

    assert self_service.recommendations(mentee, program_b) == []
    with pytest.raises(NotFound, match="not open to you"):
        self_service.request_guide(mentee, program_b, guide)


def test_the_pages_and_the_api_say_why_a_deprovisioned_person_gets_no_account(
    seeded: Growpath,
) -> None:
    invitee = "person6@example.com"
    idp = {"Authorization": f"Bearer {scim_tokens.create_token(seeded).token}"}
    with TestClient(create_app(seeded)) as client:
        admin = bearer(client, ADMIN)
        invited = client.post("/api/v1/invitations", json={"email": invitee}, headers=admin)
        assert invited.status_code == 201, invited.text
        token = mailed_token(seeded, invitee, "/invitations")

        def scim_url(email: str) -> str:
            found = client.get(
                "/scim/v2/Users", params={"filter": f'userName eq "{email}"'}, headers=idp
            ).json()
            return f"/scim/v2/Users/{found['Resources'][0]['id']}"

        assert client.delete(scim_url(invitee), headers=idp).status_code == 204
        again = client.post("/api/v1/invitations", json={"email": invitee}, headers=admin)
        assert again.status_code == 409 and WHY in again.json()["detail"]
        page = client.get(f"/invitations/{token}", headers={"accept": "text/html"})
        assert page.status_code == 409 and WHY in page.text
        accepted = client.post("/api/v1/auth/invitation", json={"token": token, "password": CHOSEN})
        assert accepted.status_code == 409 and WHY in accepted.json()["detail"]

        gone = client.patch(scim_url(PARTICIPANT), json=_patch_active(False), headers=idp)
        assert gone.json()["active"] is False
        (account,) = client.get(
            "/api/v1/accounts", params={"email_contains": PARTICIPANT}, headers=admin
        ).json()
        back = client.post(f"/api/v1/accounts/{account['id']}/reactivate", headers=admin)
        assert back.status_code == 409 and WHY in back.json()["detail"]


def test_a_deprovisioned_guides_running_pair_stays_and_a_new_run_around_it_is_approved(
    app: Growpath, scim: TestClient
) -> None:
    import_people(operator_context(app), csv_bytes(org_rows(20)), "people.csv")
    admin = make_account(app, "admin@example.com", Role.PROGRAM_ADMIN)
    leaver, mentee = make_account(app, LEAVER), make_account(app, "person14@example.com")
    running = started_engagement(admin, mentee, leaver)
    program = engagements.get_engagement(mentee, running).program_id
    (guiding,) = enrolment.list_enrolments(leaver, mine=True)
    enrolment.set_capacity(leaver, guiding.id, 3)

    _by_patch(scim, f"/scim/v2/Users/{leaver.actor.person_id}")

    newcomer = make_account(app, "person16@example.com").actor.person_id
    other_guide = make_account(app, "person18@example.com").actor.person_id
    _enrol(admin, program, newcomer, "mentee")
    _enrol(admin, program, other_guide, "mentor")
    run = matching.run_matching(admin, program)
    assert [(p.mentee_person_id, p.mentor_person_id) for p in run.proposals] == [
        (newcomer, other_guide)
    ]
    (offered,) = matching.approve(admin, run.id).proposals
    assert offered.status == "approved"
    assert engagements.get_engagement(mentee, running).status == "active"
    assert _seats(app, guiding.id) == 1
