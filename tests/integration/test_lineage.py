"""Mentoring lineage in the program report, on SQLite and PostgreSQL: figures of a known
population, suppression below k, and figures that do not move for one person's step."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from growpath.adapters.orm import EngagementMemberRow, EngagementRow
from growpath.bootstrap import Growpath
from growpath.domain.reporting import Cell, Table, band_text
from growpath.entrypoints.http.report_schemas import ReportPublic
from growpath.services import reporting
from growpath.services.context import operator_context
from growpath.services.lineage import lineage_tables
from tests.lineage_world import add_mentoring, build_lineage_world
from tests.report_attacker import attack


def _shown(key: str, cell: Cell) -> Any:
    if cell.band is not None:
        return band_text(key, cell.band)
    return "suppressed" if cell.suppressed else cell.value


def _figures(tables: tuple[Table, ...]) -> dict[str, dict[str, Any]]:
    shown = {}
    for table in tables:
        for row in (*table.rows, *([table.total] if table.total else [])):
            shown[f"{table.key}: {row.label}"] = {
                f.key: _shown(f.key, row.cells[f.key]) for f in table.figures
            }
    return shown


def _lineage(app: Growpath, program_id: int, k: int) -> dict[str, dict[str, Any]]:
    with app.uow() as uow:
        tables = lineage_tables(uow, program_id, k)
        uow.commit()
    return _figures(tables)


def test_lineage_counts_former_mentees_who_guide_now_and_their_generations(app: Growpath) -> None:
    ids = build_lineage_world(app)
    assert _lineage(app, ids["Lineage 2025"], 3) == {
        "paying_it_forward: All former mentees": {
            "people": 12.0,
            "guiding": 8.0,
            "pay_it_forward_rate": 66.67,
        },
        "lineage_generations: Not guiding anyone yet": {
            "people": 4.0,
            "share_of_former_mentees": 33.33,
        },
        # Three people, hidden with the empty "3 or more" so that neither can be worked out.
        "lineage_generations: Guide others (1 generation)": {
            "people": "suppressed",
            "share_of_former_mentees": "suppressed",
        },
        "lineage_generations: Their mentees guide too (2 generations)": {
            "people": 5.0,
            "share_of_former_mentees": 41.67,
        },
        "lineage_generations: 3 or more generations": {
            "people": "suppressed",
            "share_of_former_mentees": "suppressed",
        },
        "lineage_generations: All former mentees": {
            "people": 12.0,
            "share_of_former_mentees": 100.0,
        },
    }


def test_the_next_program_counts_its_own_former_mentees_only(app: Growpath) -> None:
    ids = build_lineage_world(app)
    # "Lineage guides" has no finished engagement yet: no former mentees, everything hidden.
    figures = _lineage(app, ids["Lineage guides"], 3)
    assert figures["paying_it_forward: All former mentees"] == {
        "people": "suppressed",
        "guiding": "suppressed",
        "pay_it_forward_rate": "suppressed",
    }


def test_lineage_groups_under_k_are_hidden_in_the_report_and_its_exports(app: Growpath) -> None:
    ids = build_lineage_world(app)
    report = reporting.program_report(operator_context(app), ids["Lineage 2025"], "csv")
    figures = _figures(report.lineage)
    # k = 5: groups of 4, 3 and 0 are hidden; so is the rate, which would tell the 4.
    assert figures["lineage_generations: Not guiding anyone yet"]["people"] == "suppressed"
    assert figures["lineage_generations: Their mentees guide too (2 generations)"]["people"] == 5
    assert set(figures["paying_it_forward: All former mentees"].values()) == {"suppressed"}
    lines = reporting.report_csv(report).splitlines()
    assert any(line.startswith("Lineage 2025,lineage_generations,") for line in lines)
    assert not any(",paying_it_forward," in line and ",published," in line for line in lines)


def test_one_former_mentee_starting_to_guide_moves_no_figure_until_k_do(app: Growpath) -> None:
    # Report differencing: report, let one person start guiding, report again and subtract.
    ids = build_lineage_world(app)
    program = ids["Lineage 2025"]
    before = _lineage(app, program, 3)
    add_mentoring(app, ids["Lineage guides"], ids["m8"], ids["q0"])
    assert _lineage(app, program, 3) == before
    add_mentoring(app, ids["Lineage guides"], ids["m9"], ids["q1"])
    assert _lineage(app, program, 3) == before
    add_mentoring(app, ids["Lineage guides"], ids["m10"], ids["q2"])
    after = _lineage(app, program, 3)
    assert after != before
    assert after["lineage_generations: All former mentees"]["people"] == 12
    # Now 1, 6, 5 and 0: the 1 and the empty group are hidden, with the smaller other (5).
    assert after["lineage_generations: Guide others (1 generation)"]["people"] == 6
    # The rate would tell the hidden 1: hidden too.
    assert set(after["paying_it_forward: All former mentees"].values()) == {"suppressed"}


def test_an_attacker_recovers_no_hidden_lineage_figure(app: Growpath) -> None:
    ids = build_lineage_world(app)
    for k in (3, 5):
        settings = app.settings.model_copy(update={"report_min_group": k})
        report = reporting.program_report(
            operator_context(replace(app, settings=settings)), ids["Lineage 2025"]
        )
        published = ReportPublic.of(report).model_dump(mode="json")
        assert attack(published, k) == []
        # Guiding is everyone but those guiding nobody: the rate shows only with that group.
        figures = _figures(report.lineage)
        rate = figures["paying_it_forward: All former mentees"]["pay_it_forward_rate"]
        nobody = figures["lineage_generations: Not guiding anyone yet"]["people"]
        assert (rate == "suppressed") == (nobody == "suppressed")


def test_mentorings_are_started_engagements_dated_by_start_or_creation(app: Growpath) -> None:
    ids = build_lineage_world(app)
    created = datetime(2025, 3, 4, 23, 30, tzinfo=UTC)
    with app.uow() as uow:
        for status, starts_on in (("active", None), ("proposed", date(2025, 3, 10))):
            engagement = EngagementRow(
                program_id=ids["Lineage next"],
                kind="mentoring",
                status=status,
                starts_on=starts_on,
                cadence_days=14,
                created_at=created,
            )
            uow.session.add(engagement)
            uow.session.flush()
            for key, role in (("q0", "guide"), ("q1", "participant")):
                uow.session.add(
                    EngagementMemberRow(engagement_id=engagement.id, person_id=ids[key], role=role)
                )
        uow.commit()
    with app.uow() as uow:
        # Twice: the second read runs as compiled.
        first, again = uow.lineage.mentorings(), uow.lineage.mentorings()
    assert first == again
    assert len(first) == 12 + 8 + 5 + 1  # the proposed one has not started
    assert sum(m.finished for m in first) == 12  # completed or ended early
    (undated,) = [m for m in first if m.guide_id == ids["q0"]]
    assert undated.started_on == date(2025, 3, 4)
    assert {m.started_on for m in first if m.guide_id != ids["q0"]} == {
        date(2025, 1, 6),
        date(2025, 6, 2),
        date(2025, 10, 6),
    }
