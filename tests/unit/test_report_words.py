"""The program report's words: every label the domain and services name is marked for the
catalog, and a translated page says the English the API and files keep, in its own words."""

from __future__ import annotations

from datetime import date

from growpath.domain.lineage import GENERATION_LABELS
from growpath.domain.reporting import BREAKDOWN_FIGURES, GROWTH_FIGURES, THEME_FIGURES
from growpath.entrypoints.web.report_pages import DIMENSIONS, DOMAIN_FIGURE_LABELS
from growpath.i18n import Translator
from growpath.services.adoption import week_label
from growpath.services.lineage import LINEAGE_LABELS
from growpath.services.report_texts import Said


def test_every_figure_label_of_the_domain_is_marked_in_the_page() -> None:
    labels = {f.label for f in (*BREAKDOWN_FIGURES, *GROWTH_FIGURES, *THEME_FIGURES)}
    assert labels <= set(DOMAIN_FIGURE_LABELS)


def test_the_lineage_rows_say_the_domains_generation_labels() -> None:
    assert tuple(s.english for s in LINEAGE_LABELS[:-1]) == GENERATION_LABELS


def test_a_said_label_reads_the_same_in_english_and_translates_with_its_values() -> None:
    week = week_label(date(2026, 1, 5))
    assert week.english == "Week of 2026-01-05"
    assert Translator("de")(week.template, **week.values) == "Woche ab 2026-01-05"
    level = Said("Level %(level)s", {"level": 5})
    assert Translator("fr")(level.template, **level.values) == "Niveau 5"
    assert Translator("es")(DIMENSIONS["department"]) == "Departamento"
