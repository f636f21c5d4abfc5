"""A program's own check-in questions: asked after the pulse, answered (text sealed), retired,
reworded as new versions, and reported only under the report protections (SQLite, PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from growpath.adapters.orm import CheckInAnswerRow, CheckInRow, EngagementMemberRow, EngagementRow
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Actor, Role
from growpath.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from growpath.domain.question_reports import QuestionResult
from growpath.services import checkin_questions, checkins, personal_data, reporting
from growpath.services.context import Context
from tests.conftest import make_account
from tests.report_world import build_report_world, program_admin

SECRET = "my-manager-undermines-me-weekly"


@pytest.fixture
def world(app: Growpath) -> int:
    """The report world: a mentoring program of ten running pairs (twenty members)."""
    return build_report_world(app)


def members(app: Growpath, program_id: int) -> list[int]:
    """Return the person ids of every member of the program's running pairs, in id order."""
    with app.uow() as uow:
        return sorted(
            uow.session.scalars(
                select(EngagementMemberRow.person_id)
                .join(EngagementRow, EngagementRow.id == EngagementMemberRow.engagement_id)
                .where(EngagementRow.program_id == program_id)
            )
        )


def due_checkin(app: Growpath, program_id: int, person_id: int, due: date) -> int:
    """Give a member an unanswered check-in of their engagement in the program; return its id."""
    with app.uow() as uow:
        engagement = uow.session.scalar(
            select(EngagementMemberRow.engagement_id)
            .join(EngagementRow, EngagementRow.id == EngagementMemberRow.engagement_id)
            .where(
                EngagementRow.program_id == program_id, EngagementMemberRow.person_id == person_id
            )
        )
        assert engagement is not None
        row = CheckInRow(engagement_id=engagement, person_id=person_id, due_on=due)
        uow.checkins.add(row)
        uow.commit()
        return row.id


def member(app: Growpath, person_id: int) -> Context:
    """Return the context of a member acting on their own check-ins."""
    actor = Actor(0, f"member{person_id}@example.com", person_id, frozenset({Role.PARTICIPANT}))
    return Context(app=app, actor=actor, source_address="t")


def answer(
    app: Growpath, program_id: int, person_id: int, answers: dict[int, object], due: date
) -> None:
    """Have a member answer a new check-in: the pulse, and these custom answers."""
    checkin_id = due_checkin(app, program_id, person_id, due)
    checkins.answer_checkin(member(app, person_id), checkin_id, True, 4, 3, "", answers)


def result_of(admin: Context, program_id: int, question_id: int) -> QuestionResult:
    """Return the report's published figures of one question."""
    report = reporting.program_report(admin, program_id)
    return next(q for q in report.questions if q.question_id == question_id)


def test_questions_are_asked_after_the_pulse_and_a_text_answer_is_sealed(
    app: Growpath, world: int
) -> None:
    admin = program_admin(app, "lead@example.com", world)
    scale = checkin_questions.add_question(
        admin, world, "scale", "How clear are your goals?", "not at all", "very"
    )
    choice = checkin_questions.add_question(
        admin, world, "choice", "Where do you meet?", options=["Office", "Video"]
    )
    words = checkin_questions.add_question(admin, world, "text", "What would help?")
    person = members(app, world)[0]
    checkin_id = due_checkin(app, world, person, date(2026, 1, 4))
    asked = checkin_questions.questions_of_checkin(member(app, person), checkin_id)
    assert [q.id for q in asked] == [scale.id, choice.id, words.id]
    checkins.answer_checkin(
        member(app, person),
        checkin_id,
        True,
        4,
        3,
        "",
        {scale.id: 4, choice.id: "2", words.id: SECRET},
    )
    with app.uow() as uow:
        stored = {a.question_id: a for a in uow.session.scalars(select(CheckInAnswerRow))}
        assert (stored[scale.id].number, stored[choice.id].number) == (4, 2)
        assert stored[words.id].text == SECRET  # opened for the code that may read it
        raw = uow.session.execute(text("SELECT text FROM checkin_answers")).scalars().all()
    assert all(SECRET not in value for value in raw)
    assert any(value.startswith("gp1:") for value in raw)
    listed = checkin_questions.list_questions(admin, world)
    assert [q.answers for q in listed] == [1, 1, 1]


def test_a_bad_or_missing_answer_names_its_question_and_changes_nothing(
    app: Growpath, world: int
) -> None:
    admin = program_admin(app, "lead@example.com", world)
    scale = checkin_questions.add_question(
        admin, world, "scale", "How clear?", "not", "very", required=True
    )
    choice = checkin_questions.add_question(admin, world, "choice", "Where?", options=["A", "B"])
    words = checkin_questions.add_question(admin, world, "text", "Anything?")
    person = members(app, world)[0]
    checkin_id = due_checkin(app, world, person, date(2026, 1, 4))
    with pytest.raises(InvalidInput) as refused:
        checkins.answer_checkin(
            member(app, person),
            checkin_id,
            True,
            4,
            3,
            "",
            {choice.id: 3, words.id: "x" * 501, 99999: 1},
        )
    assert {p.field for p in refused.value.problems} == {
        f"question_{scale.id}",
        f"question_{choice.id}",
        f"question_{words.id}",
        "question_99999",
    }
    assert "is required: “How clear?”" in str(refused.value)
    with app.uow() as uow:
        assert uow.session.scalars(select(CheckInAnswerRow)).all() == []
        row = uow.checkins.get(checkin_id)
        assert row is not None and row.answered_at is None


def test_a_retired_question_is_no_longer_asked_and_keeps_its_answers(
    app: Growpath, world: int
) -> None:
    admin = program_admin(app, "lead@example.com", world)
    question = checkin_questions.add_question(admin, world, "choice", "Where?", options=["A", "B"])
    people = members(app, world)
    for person in people[:6]:
        answer(app, world, person, {question.id: 1 + person % 2}, date(2026, 1, 4))
    retired = checkin_questions.retire_question(admin, world, question.id)
    assert retired.retired_at is not None and retired.answers == 6
    checkin_id = due_checkin(app, world, people[7], date(2026, 1, 4))
    assert checkin_questions.questions_of_checkin(member(app, people[7]), checkin_id) == []
    with pytest.raises(InvalidInput, match="not a question of this check-in"):
        checkins.answer_checkin(
            member(app, people[7]), checkin_id, True, 4, 3, "", {question.id: 1}
        )
    result = result_of(admin, world, question.id)
    assert result.retired and result.respondents.people == 6
    with pytest.raises(Conflict, match="was retired"):
        checkin_questions.retire_question(admin, world, question.id)


def test_rewording_an_answered_question_makes_a_new_version_and_keeps_the_old_answers(
    app: Growpath, world: int
) -> None:
    admin = program_admin(app, "lead@example.com", world)
    question = checkin_questions.add_question(admin, world, "scale", "Clear?", "no", "yes")
    # Unanswered: the wording changes in place.
    same = checkin_questions.change_question(admin, world, question.id, "Clear goals?", "no", "yes")
    assert same.id == question.id and same.wording == "Clear goals?"
    answer(app, world, members(app, world)[0], {question.id: 5}, date(2026, 1, 4))
    # Answered: only "required" may change in place; new words are a new version.
    required = checkin_questions.change_question(
        admin, world, question.id, "Clear goals?", "no", "yes", required=True
    )
    assert required.id == question.id and required.required
    version = checkin_questions.change_question(admin, world, question.id, "Clearer?", "no", "yes")
    assert version.id != question.id and version.replaces_id == question.id
    listed = {q.id: q for q in checkin_questions.list_questions(admin, world)}
    assert listed[question.id].retired_at is not None and listed[question.id].answers == 1
    assert listed[question.id].wording == "Clear goals?"
    assert listed[version.id].retired_at is None and listed[version.id].position == 1


def test_questions_are_defined_only_by_the_programs_admins_with_each_field_checked(
    app: Growpath, world: int
) -> None:
    admin = program_admin(app, "lead@example.com", world)
    other = program_admin(app, "other@example.com", world + 1)
    with pytest.raises(PermissionDenied):
        checkin_questions.add_question(other, world, "text", "Anything?")
    with pytest.raises(PermissionDenied):
        checkin_questions.list_questions(member(app, members(app, world)[0]), world)
    with pytest.raises(InvalidInput) as refused:
        checkin_questions.add_question(admin, world, "choice", "Where?\nNow", options=["A"])
    assert {p.field for p in refused.value.problems} == {"wording", "options"}
    with pytest.raises(InvalidInput) as refused:
        checkin_questions.add_question(admin, world, "scale", "", "", "x" * 61)
    assert {p.field for p in refused.value.problems} == {"wording", "low_label", "high_label"}
    added = checkin_questions.add_question(admin, world, "text", "Anything?")
    with pytest.raises(NotFound):
        checkin_questions.retire_question(other, world + 1, added.id)


def test_the_report_shows_a_question_only_over_k_respondents_with_small_answers_hidden(
    app: Growpath, world: int
) -> None:
    admin = program_admin(app, "lead@example.com", world)
    scale = checkin_questions.add_question(admin, world, "scale", "Clear?", "no", "yes")
    choice = checkin_questions.add_question(
        admin, world, "choice", "Where?", options=["Office", "Video", "Walk"]
    )
    words = checkin_questions.add_question(admin, world, "text", "What would help?")
    rare = checkin_questions.add_question(admin, world, "scale", "Rarely asked?", "no", "yes")
    people = members(app, world)
    # Sixteen answer: scale 4 ×8, 2 ×3, 5 ×5; choice Office ×10, Video ×5, Walk ×1; and only
    # four answer the rare question.
    scales = [4] * 8 + [2] * 3 + [5] * 5
    choices = [1] * 10 + [2] * 5 + [3]
    for n, (person, value, option) in enumerate(zip(people[:16], scales, choices, strict=True)):
        given: dict[int, object] = {scale.id: value, choice.id: option, words.id: f"{SECRET}{n}"}
        if n < 4:
            given[rare.id] = 5
        answer(app, world, person, given, date(2026, 1, 4))
    report = reporting.program_report(admin, world)
    by_id = {q.question_id: q for q in report.questions}
    assert by_id[scale.id].respondents.people == 16
    mean = by_id[scale.id].mean
    assert mean is not None and mean.value == 3.94
    lines = {line.label: line.people.value for line in by_id[scale.id].lines}
    # 1, 2 and 3 are under k (three people together): 5 is hidden too, so they are over k.
    assert lines == {"1 (no)": None, "2": None, "3": None, "4": 8.0, "5 (yes)": None}
    options = {line.label: line.people.value for line in by_id[choice.id].lines}
    # Walk (one person) alone hidden would be given away by the total: Video is hidden too.
    assert options == {"Office": 10.0, "Video": None, "Walk": None}
    assert by_id[words.id].respondents.people == 16 and by_id[words.id].lines == ()
    rarely = by_id[rare.id]
    assert rarely.respondents.suppressed and rarely.mean is None and rarely.lines == ()
    exported = reporting.report_csv(report)
    assert SECRET not in exported and "Office" in exported
    assert f"question_{words.id}" in exported


def test_an_admin_who_waits_for_one_check_in_cannot_difference_a_custom_answer(
    app: Growpath, world: int
) -> None:
    admin = program_admin(app, "lead@example.com", world)
    scale = checkin_questions.add_question(admin, world, "scale", "Clear?", "no", "yes")
    choice = checkin_questions.add_question(admin, world, "choice", "Where?", options=["A", "B"])
    people = members(app, world)
    for n, person in enumerate(people[:12]):
        answer(app, world, person, {scale.id: 2 + n % 3, choice.id: 1 + n % 2}, date(2026, 1, 4))
    before = reporting.program_report(admin, world).questions
    # One more person answers (or one answers again): nothing moves, nothing to subtract.
    answer(app, world, people[12], {scale.id: 5, choice.id: 1}, date(2026, 1, 4))
    answer(app, world, people[0], {scale.id: 5, choice.id: 2}, date(2026, 1, 5))
    assert reporting.program_report(admin, world).questions == before
    # Once k people changed, the figures move on together.
    for person in people[13:17]:
        answer(app, world, person, {scale.id: 5, choice.id: 1}, date(2026, 1, 4))
    after = {q.question_id: q for q in reporting.program_report(admin, world).questions}
    assert after[scale.id].respondents.people == 17
    assert after != {q.question_id: q for q in before}


def test_a_members_export_shows_their_answers_and_erasure_empties_their_words(
    app: Growpath, world: int
) -> None:
    admin = program_admin(app, "lead@example.com", world)
    choice = checkin_questions.add_question(admin, world, "choice", "Where?", options=["A", "B"])
    words = checkin_questions.add_question(admin, world, "text", "What would help?")
    person = members(app, world)[0]
    answer(app, world, person, {choice.id: 2, words.id: SECRET}, date(2026, 1, 4))
    mine = checkin_questions.my_answers(member(app, person))
    assert [(a.question, a.answer) for a in mine] == [("Where?", "B"), ("What would help?", SECRET)]
    org_admin = make_account(app, "org@example.com", Role.ORG_ADMIN)
    personal_data.erase_person(org_admin, person)
    with app.uow() as uow:
        stored = [(a.number, a.text) for a in uow.session.scalars(select(CheckInAnswerRow))]
    assert sorted(stored, key=str) == [(2, ""), (None, "")]
