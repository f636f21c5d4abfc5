"""Managers who coach (issue 20): the weekly conversation, its sealed note, the streak, the
report's answer, the aggregate a manager may see, the nudge and the adoption report."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import AuditEventRow, NudgeRow, PracticeConversationRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from growpath.services import mail_preferences, personal_data, practice
from growpath.services.context import Context, operator_context
from tests.conftest import make_account
from tests.integration.test_notes_at_rest import raw_database

NOTE = "Quokka-secret: she wants the platform lead role"
# The fixed clock stands on Monday 5 January 2026; the org's people live in Europe/London.
MONDAY = date(2026, 1, 5)


def _team(app: Growpath) -> tuple[Context, list[Context]]:
    """Person 0 manages the even people 2 to 10: return the manager and their five reports."""
    manager = make_account(app, "person0@example.com")
    reports = [make_account(app, f"person{n}@example.com") for n in (2, 4, 6, 8, 10)]
    return manager, reports


def _log(manager: Context, report: Context, day: date = MONDAY, note: str = "") -> int:
    return practice.log_conversation(
        manager, report.actor.person_id, day, ["goal", "will"], note
    ).id


def test_a_manager_logs_a_conversation_and_alone_reads_its_note(org: Growpath) -> None:
    manager, reports = _team(org)
    logged = practice.log_conversation(
        manager, reports[0].actor.person_id, MONDAY, ["will", "goal", "reality"], NOTE
    )
    assert logged.stages == ("goal", "reality", "will")
    [mine] = practice.my_conversations(manager)
    assert (mine.note, mine.report_name, mine.held_on) == (NOTE, "Person 2", MONDAY)
    # The report, another manager and an admin see none of it.
    other_manager = make_account(org, "person1@example.com")
    admin = make_account(org, "admin@example.com", Role.ORG_ADMIN)
    for reader in (reports[0], other_manager, admin):
        assert practice.my_conversations(reader) == []
        assert practice.practice_page(reader).conversations == ()
    assert practice.my_streak(manager).weeks == 1


def test_a_manager_cannot_log_a_conversation_with_someone_not_reporting_to_them(
    org: Growpath,
) -> None:
    manager, _ = _team(org)
    not_mine = make_account(org, "person3@example.com")
    with pytest.raises(InvalidInput) as refused:
        practice.log_conversation(manager, not_mine.actor.person_id, MONDAY, [], NOTE)
    assert refused.value.problems[0].field == "report_person_id"
    with pytest.raises(InvalidInput) as bad:
        practice.log_conversation(manager, 2, MONDAY + timedelta(days=3), ["grow"], 7)
    assert {p.field for p in bad.value.problems} == {"held_on", "stages", "note"}
    with org.uow() as uow:
        assert uow.session.scalar(select(func.count(PracticeConversationRow.id))) == 0


def test_the_private_note_is_not_in_the_raw_database_the_audit_or_the_outbox(
    org: Growpath, engine: Engine, tmp_path: Path
) -> None:
    manager, reports = _team(org)
    _log(manager, reports[0], note=NOTE)
    practice.nudge_missed_weeks(org)
    with org.uow() as uow:
        trail = [f"{e.detail} {e.target_id}" for e in uow.session.scalars(select(AuditEventRow))]
        outbox = [n.body + n.subject for n in uow.session.scalars(select(NudgeRow))]
    assert trail
    assert all("Quokka" not in text for text in trail + outbox)
    assert b"Quokka" not in raw_database(engine, tmp_path)


def test_the_streak_counts_consecutive_weeks_in_the_managers_time_zone(
    org: Growpath, clock: FixedClock
) -> None:
    manager, reports = _team(org)
    clock.current = clock.current.replace(hour=23, minute=30) + timedelta(days=20)
    # Sunday 25 January, 23:30 UTC: in London still Sunday; three weeks in a row, then a gap.
    for day in (date(2026, 1, 5), date(2026, 1, 13), date(2026, 1, 19), date(2026, 1, 25)):
        _log(manager, reports[0], day)
    assert practice.my_streak(manager).weeks == 3
    assert practice.my_streak(manager).this_week


def test_only_the_report_named_answers_once_and_nobody_else_learns_the_conversation_exists(
    org: Growpath,
) -> None:
    manager, reports = _team(org)
    conversation = _log(manager, reports[0])
    [question] = practice.questions_for_me(reports[0])
    assert (question.conversation_id, question.manager_name) == (conversation, "Person 0")
    assert practice.questions_for_me(reports[1]) == []
    admin = make_account(org, "admin@example.com", Role.ORG_ADMIN)
    for stranger in (manager, reports[1], admin):
        with pytest.raises(NotFound):
            practice.answer(stranger, conversation, 3)
    with pytest.raises(InvalidInput):
        practice.answer(reports[0], conversation, 6)
    practice.answer(reports[0], conversation, 2)
    with pytest.raises(Conflict):
        practice.answer(reports[0], conversation, 4)
    assert practice.questions_for_me(reports[0]) == []


def test_a_manager_cannot_see_fewer_than_k_answers_about_themselves(org: Growpath) -> None:
    manager, reports = _team(org)
    k = org.settings.report_min_group
    assert k == len(reports) == 5
    for report, score in zip(reports[:-1], (1, 2, 2, 3), strict=True):
        practice.answer(report, _log(manager, report), score)
        assert not practice.my_feedback(manager).enough
    # Four answers, even from one person asked again, stay hidden: k distinct people close it.
    practice.answer(reports[0], _log(manager, reports[0]), 1)
    assert not practice.my_feedback(manager).enough
    practice.answer(reports[4], _log(manager, reports[4]), 4)
    seen = practice.my_feedback(manager)
    assert (seen.answers, seen.people, seen.mean) == (6, 5, round(13 / 6, 2))


def test_a_manager_cannot_recover_one_answer_by_comparing_before_and_after(
    org: Growpath,
) -> None:
    manager, reports = _team(org)
    for report in reports:
        practice.answer(report, _log(manager, report), 2)
    before = practice.my_feedback(manager)
    # One more answer, however extreme, moves nothing the manager sees ...
    practice.answer(reports[2], _log(manager, reports[2]), 5)
    assert practice.my_feedback(manager) == before
    # ... until k more people have answered: the change is then an aggregate over k people.
    for report in (reports[0], reports[1], reports[3], reports[4]):
        practice.answer(report, _log(manager, report), 3)
        after = practice.my_feedback(manager)
    assert after.answers == before.answers + 5
    assert after.people >= org.settings.report_min_group


def test_the_nudge_goes_once_a_missed_week_to_committed_managers_who_want_reminders(
    org: Growpath, clock: FixedClock
) -> None:
    manager, reports = _team(org)
    other = make_account(org, "person1@example.com")
    _log(manager, reports[0])
    assert practice.nudge_missed_weeks(org) == 0  # last week came before they committed
    clock.advance(timedelta(days=7))
    assert practice.nudge_missed_weeks(org) == 0  # the week of 5 January has one
    clock.advance(timedelta(days=7))
    assert practice.nudge_missed_weeks(org) == 1  # the week of 12 January has none
    assert practice.nudge_missed_weeks(org) == 0  # once per missed week
    clock.advance(timedelta(days=7))
    mail_preferences.set_reminders(manager, True)
    assert practice.nudge_missed_weeks(org) == 0
    # A manager who never took up the commitment is never nudged.
    with org.uow() as uow:
        recipients = set(uow.session.scalars(select(NudgeRow.recipient_email)))
    assert other.actor.email not in recipients


def test_adoption_is_suppressed_below_k_managers_and_banded_at_its_bounds(
    org: Growpath, clock: FixedClock
) -> None:
    operator = operator_context(org)
    manager, reports = _team(org)
    _log(manager, reports[0])
    clock.advance(timedelta(days=7))
    weeks = practice.adoption_report(operator)
    assert [w.week for w in weeks][-1] == MONDAY
    # Two managers in this organisation, under k: every week suppressed, nothing counted.
    assert all(w.text == "suppressed" and w.practising is None for w in weeks)
    participant = make_account(org, "person5@example.com")
    with pytest.raises(PermissionDenied):
        practice.adoption_report(participant)


def test_erasing_the_report_or_the_manager_shreds_the_note_about_them(org: Growpath) -> None:
    manager, reports = _team(org)
    _log(manager, reports[0], note=NOTE)
    _log(manager, reports[1], note=NOTE)
    operator = operator_context(org)
    personal_data.erase_person(operator, reports[0].actor.person_id or 0)
    notes = {c.report_person_id: c.note for c in practice.my_conversations(manager)}
    assert notes == {reports[0].actor.person_id: "", reports[1].actor.person_id: NOTE}
    personal_data.erase_person(operator, manager.actor.person_id or 0)
    with org.uow() as uow:
        wrapped = [
            key.wrapped_key
            for _, _, key in uow.practice.of_manager(manager.actor.person_id or 0)
            if key is not None
        ]
    assert wrapped == [None, None]


def test_a_managers_data_download_holds_their_conversations_and_notes(org: Growpath) -> None:
    manager, reports = _team(org)
    _log(manager, reports[0], note=NOTE)

    (logged,) = personal_data.export_my_data(manager)["practice_conversations"]

    assert (logged["note"], logged["report_person_id"]) == (NOTE, reports[0].actor.person_id)
    assert personal_data.export_my_data(reports[0])["practice_conversations"] == []
