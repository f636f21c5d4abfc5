"""A person downloads all their data; an organisation admin erases a person for good."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.emailed_links import DeadLink
from growpath.domain.errors import AuthenticationFailed, Conflict, PermissionDenied
from growpath.services import accounts, engagements, invitations, personal_data, sessions
from growpath.services.context import operator_context
from growpath.services.people_import import import_people
from tests.conftest import PASSWORD, make_account
from tests.factories import csv_bytes, org_rows
from tests.integration.conftest import Pair
from tests.mailbox import mailed_token


def _held(pair: Pair, clock: FixedClock) -> int:
    session = sessions.schedule(pair.mentor, pair.engagement_id, clock.now() + timedelta(hours=1))
    sessions.hold(
        pair.mentee,
        session.id,
        shared_notes={"goal": "shared-aim"},
        private_notes={"reality": "my-private-worry"},
    )
    return session.id


def test_a_person_downloads_everything_including_their_own_notes(
    running_pair: Pair, clock: FixedClock
) -> None:
    _held(running_pair, clock)
    data = personal_data.export_my_data(running_pair.mentee)
    text = json.dumps(data, default=str)
    assert data["person"]["email"] == "person13@example.com"
    assert data["enrolments"] and data["proposals"] and data["engagements"]
    levels = [seen["level"] for seen in data["person"]["level_history"]]
    assert levels == [data["person"]["seniority_level"]]
    assert "shared-aim" in text and "my-private-worry" in text
    mentor_text = json.dumps(personal_data.export_my_data(running_pair.mentor), default=str)
    assert "shared-aim" in mentor_text and "my-private-worry" not in mentor_text


def test_erasure_shreds_notes_and_anonymises_but_keeps_counts(
    app: Growpath, running_pair: Pair, clock: FixedClock
) -> None:
    session_id = _held(running_pair, clock)
    org_admin = make_account(app, "root@example.com", Role.ORG_ADMIN)
    person_id = running_pair.mentee.actor.person_id
    assert person_id is not None
    result = personal_data.erase_person(org_admin, person_id)
    assert result["data_keys_shredded"] == 2
    assert sessions.read_notes(running_pair.mentor, session_id) == {"shared": [], "private": []}
    with app.uow() as uow:
        person = uow.people.get(person_id)
        assert person is not None and person.name == "Erased person" and not person.skills
        assert person.department  # kept for aggregate counts
        assert uow.outcomes.levels_of(person_id) == []
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(app, "person13@example.com", PASSWORD)
    (engagement,) = engagements.my_engagements(running_pair.mentor)
    assert any(m.name == "Erased person" for m in engagement.members)
    with pytest.raises(Conflict, match="already erased"):
        personal_data.erase_person(org_admin, person_id)


def test_only_an_org_admin_erases(app: Growpath, running_pair: Pair) -> None:
    person_id = running_pair.mentee.actor.person_id
    assert person_id is not None
    with pytest.raises(PermissionDenied):
        personal_data.erase_person(running_pair.admin, person_id)


def test_an_erased_persons_pending_invitation_link_dies_with_them(app: Growpath) -> None:
    org_admin = make_account(app, "root@example.com", Role.ORG_ADMIN)
    import_people(operator_context(app), csv_bytes(org_rows(3)), "people.csv")
    invitations.invite(org_admin, "person2@example.com", set())
    token = mailed_token(app, "person2@example.com", "/invitations")
    with app.uow() as uow:
        person = uow.people.by_email("person2@example.com")
        assert person is not None
        person_id = person.id
    assert personal_data.erase_person(org_admin, person_id)["links_removed"] == 1
    with pytest.raises(DeadLink):
        invitations.accept(app, token, "a-new-password-123")
    with app.uow() as uow:
        assert not uow.emailed_links.pending(
            "invitation", app.clock.now(), email="person2@example.com"
        )
