"""The report's response schema names every unit, measure, table and dimension a report has."""

from __future__ import annotations

from typing import get_args

from growpath.domain.reporting import BREAKDOWN_FIGURES, GROWTH_FIGURES, THEME_FIGURES
from growpath.entrypoints.http.report_schemas import Dimension, Measure, TableKey, Unit
from growpath.services.adoption import ADOPTION_FIGURES
from growpath.services.lineage import FORWARD_FIGURES, GENERATION_FIGURES
from growpath.services.reporting import TITLES


def test_the_schema_names_exactly_the_units_and_measures_of_the_reports_figures() -> None:
    figures = (
        *BREAKDOWN_FIGURES,
        *GROWTH_FIGURES,
        *THEME_FIGURES,
        *GENERATION_FIGURES,
        *FORWARD_FIGURES,
        *ADOPTION_FIGURES,
    )
    assert {f.unit for f in figures} == set(get_args(Unit))
    assert {f.measure for f in figures} == set(get_args(Measure))


def test_the_schema_names_exactly_the_reports_tables_and_their_dimensions() -> None:
    # Breakdowns are by_<dimension>; competency growth, themes and the two lineage tables
    # (over the program, and by generations onward) and adoption (by week) are the others.
    assert set(get_args(Dimension)) == {
        *TITLES,
        "competency",
        "theme",
        "program",
        "generations",
        "week",
    }
    assert set(get_args(TableKey)) == {
        *(f"by_{d}" for d in TITLES),
        "competency_growth",
        "themes",
        "paying_it_forward",
        "lineage_generations",
        "practice_adoption",
    }
