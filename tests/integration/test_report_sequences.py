"""Sequences of reports on SQLite and PostgreSQL: take a report, change one person, take another.

The attacker (tests/report_sequence_attacker.py) knows the one person who changed, so any
published cell that moved is hers. Publication memory keeps every figure still until at least
k people behind it changed; these tests are the attacks of threat-model item 5.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import delete, select

from growpath.adapters.orm import (
    CheckInRow,
    DevelopmentThemeRow,
    PublishedCompetencyChangeRow,
    PublishedParticipantRow,
    PublishedThemeRow,
    SessionRow,
    SessionThemeRow,
)
from growpath.bootstrap import Growpath
from growpath.entrypoints.http.report_schemas import ReportPublic
from growpath.services import audit, checkins, goals, people, reporting
from growpath.services.context import Context, operator_context
from tests.conftest import make_account
from tests.report_sequence_attacker import difference, recover
from tests.report_world import build_report_world, engagement_of, person_of


def _operator(app: Growpath, k: int) -> Context:
    return operator_context(
        replace(app, settings=app.settings.model_copy(update={"report_min_group": k}))
    )


def _report(ctx: Context, program_id: int) -> dict[str, Any]:
    report = reporting.program_report(ctx, program_id, "json")
    return ReportPublic.of(report).model_dump(mode="json")


def _move(app: Growpath, key: str, level: int) -> None:
    people.update_person(operator_context(app), person_of(app, key), {"seniority_level": level})


def _forget_publications(app: Growpath) -> None:
    """What reports did before publication memory: publish the facts as they are now."""
    with app.uow() as uow:
        for table in (PublishedParticipantRow, PublishedCompetencyChangeRow, PublishedThemeRow):
            uow.session.execute(delete(table))
        uow.commit()


def _value(report: dict[str, Any], table: str, group: str, figure: str) -> Any:
    found = next(t for t in report["tables"] if t["key"] == table)
    row = next(r for r in [*found["rows"], found["total"]] if r["label"] == group)
    return row["cells"][figure]


@pytest.fixture
def world(app: Growpath) -> int:
    return build_report_world(app)


def test_an_admin_who_moves_one_person_to_another_level_cannot_difference_her_figures(
    app: Growpath, world: int
) -> None:
    admin = _operator(app, 3)
    before = _report(admin, world)
    _move(app, "p3", 4)  # from Level 3, where she answered 4 and first met after 4 days
    moved = _report(admin, world)
    assert difference(before, moved) == []
    _move(app, "p3", 3)  # and back
    assert difference(before, _report(admin, world)) == []


def test_without_publication_memory_moving_one_person_gives_her_figures_away(
    app: Growpath, world: int
) -> None:
    admin = _operator(app, 3)
    before = _report(admin, world)
    _move(app, "p3", 4)
    _forget_publications(app)  # the report as it was built before: straight from the facts
    after = _report(admin, world)
    assert recover(before, after, "by_level", "Level 3", "satisfaction") == pytest.approx(4, 0.01)
    assert recover(before, after, "by_level", "Level 4", "days_to_first_meeting") == 4


def test_a_figure_moves_on_once_k_people_behind_it_changed(app: Growpath, world: int) -> None:
    admin = _operator(app, 3)
    before = _report(admin, world)
    _move(app, "p3", 4)
    assert difference(before, _report(admin, world)) == []
    for key in ("p4", "p5"):  # now three people moved, alike in every figure
        _move(app, key, 4)
    after = _report(admin, world)
    # Level 4: d0–d2 and p3–p5 answered 2, 3, 4, 4, 4, 3; Level 3 keeps four 5s: a band.
    assert _value(after, "by_level", "Level 4", "satisfaction") == {"value": 3.33, "people": 6}
    assert _value(after, "by_level", "Level 3", "satisfaction")["band"]["text"] == "≥ 4.7"
    assert _value(after, "by_level", "All", "satisfaction") == {"value": 4.0, "people": 10}
    assert {r.group for r in difference(before, after)} == {"Level 3", "Level 4"}


def _second_checkin(app: Growpath, key: str) -> int:
    with app.uow() as uow:
        row = CheckInRow(
            engagement_id=engagement_of(app, key),
            person_id=person_of(app, key),
            due_on=date(2026, 1, 5),
        )
        uow.session.add(row)
        uow.commit()
        return row.id


def test_an_admin_who_waits_for_one_check_in_cannot_difference_the_answer(
    app: Growpath, world: int
) -> None:
    admin = _operator(app, 5)
    checkin = _second_checkin(app, "p5")
    before = _report(admin, world)
    p5 = make_account(app, "report-p5@example.com")
    checkins.answer_checkin(p5, checkin, met_since_last=True, satisfaction=5, progress=4)
    after = _report(admin, world)
    # Her mean went from 3 to 4: the facts say 4.1 over 10 people, the report still 4.0.
    assert _value(after, "by_department", "All", "satisfaction") == {"value": 4.0, "people": 10}
    assert difference(before, after) == []


def test_the_audit_trail_does_not_tell_an_admin_who_answered_a_check_in(
    app: Growpath, world: int
) -> None:
    checkin = _second_checkin(app, "p5")
    p5 = make_account(app, "report-p5@example.com")
    checkins.answer_checkin(p5, checkin, met_since_last=True, satisfaction=5, progress=4)
    events = audit.query_audit(operator_context(app), action="checkin.")
    assert [(e.action, e.actor_email, e.target_id) for e in events] == [
        ("checkin.answer", None, "")
    ]


def test_an_admin_who_waits_for_one_rating_cannot_difference_the_growth(
    app: Growpath, world: int
) -> None:
    admin = _operator(app, 5)
    d0 = make_account(app, "report-d0@example.com")
    engagement = engagement_of(app, "d0")
    goals.rate(d0, engagement, "feedback", "baseline", 2)
    before = _report(admin, world)
    goals.rate(d0, engagement, "feedback", "final", 5)  # her growth: +3
    after = _report(admin, world)
    assert _value(after, "by_department", "All", "growth") == {"value": 1.5, "people": 6}
    assert difference(before, after) == []


def _tag(app: Growpath, key: str, theme: str) -> None:
    """Tag a theme on the first session of a participant's engagement."""
    with app.uow() as uow:
        session_id = uow.session.scalar(
            select(SessionRow.id)
            .where(SessionRow.engagement_id == engagement_of(app, key))
            .order_by(SessionRow.id)
        )
        theme_id = uow.session.scalar(
            select(DevelopmentThemeRow.id).where(DevelopmentThemeRow.key == theme)
        )
        uow.session.add(SessionThemeRow(session_id=session_id, theme_id=theme_id))
        uow.commit()


def _theme(report: dict[str, Any], name: str) -> Any:
    themes = next(t for t in report["tables"] if t["key"] == "themes")
    return next(r for r in themes["rows"] if r["label"] == name)["cells"]["people"]


def test_a_theme_tagged_for_one_more_person_does_not_move_its_count(
    app: Growpath, world: int
) -> None:
    admin = _operator(app, 3)
    before = _report(admin, world)
    assert _theme(before, "Conflict") == {"suppressed": True}  # p0 and p1
    _tag(app, "p2", "conflict")
    after = _report(admin, world)
    assert _theme(after, "Conflict") == {"suppressed": True}
    for key in ("p3", "p4", "d0"):  # with p2, four more people: the count moves on
        _tag(app, key, "conflict")
    assert _theme(_report(admin, world), "Conflict") == {"value": 6, "people": 6}
