"""Shipped content in every language: each locale has every module, scenario and data file,
with the English keys, numbers and structure; only the human text is translated."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources
from typing import Any

import pytest

from growpath.domain.catalogue import load, shipped_locales
from growpath.domain.guides import questions, suggest_topics
from growpath.domain.modules import FRONT_MATTER, shipped_modules
from growpath.domain.programs import track_template
from growpath.domain.reflection import Commitment, preparation_questions, reflection_questions
from growpath.domain.scenarios import scenario, scenario_library
from growpath.domain.triage import assess, questionnaire
from growpath.i18n import LOCALES, SOURCE_LOCALE, Translator

TRANSLATED = sorted(set(LOCALES) - {SOURCE_LOCALE})
# The fields of the data files that are read by people; every other value is a key or a number.
TEXT_FIELDS = {"text", "reason", "title", "topic", "name", "purpose"}
TEXT_LISTS = {"coaching", "mentoring", "focus_areas"}
HEADING = re.compile(r"^#{1,6} ", re.MULTILINE)
LIST_ITEM = re.compile(r"^\s*(?:[-*]|\d+\.) ", re.MULTILINE)


def test_every_shipped_folder_is_translated_into_exactly_the_shipped_locales() -> None:
    for folder in ("modules", "scenarios", "i18n"):
        assert list(shipped_locales(folder)) == TRANSLATED, folder


def _front_matter(folder: str, locale: str | None) -> dict[str, dict[str, Any]]:
    base = resources.files("growpath.data").joinpath(folder)
    if locale is not None:
        base = base.joinpath(locale)
    found = {}
    for entry in base.iterdir():
        if entry.name.endswith(".md"):
            matched = FRONT_MATTER.match(entry.read_text("utf-8"))
            assert matched is not None, (locale, entry.name)
            found[entry.name] = {"head": matched.group(1), "body": matched.group(2)}
    return found


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_module_ships_in_the_locale_with_the_english_fields(locale: str) -> None:
    english = {m.slug: m for m in shipped_modules()}
    translated = {m.slug: m for m in shipped_modules(locale)}
    assert set(translated) == set(english)
    for slug, module in translated.items():
        source = english[slug]
        same = ("audience", "kind", "themes", "minutes", "order", "shipped")
        assert [getattr(module, f) for f in same] == [getattr(source, f) for f in same], slug
        assert module.title != source.title, slug
        assert bool(module.practice) == bool(source.practice), slug
        # The structure survives translation: the same headings and list items, in number.
        for pattern in (HEADING, LIST_ITEM):
            assert len(pattern.findall(module.body)) == len(pattern.findall(source.body)), slug


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_module_file_has_the_english_front_matter_keys(locale: str) -> None:
    english, translated = _front_matter("modules", None), _front_matter("modules", locale)
    assert set(translated) == set(english)
    for name, parts in translated.items():
        keys = re.findall(r"^(\w+):", parts["head"], re.MULTILINE)
        assert keys == re.findall(r"^(\w+):", english[name]["head"], re.MULTILINE), name


def _shape(blocks: tuple[Any, ...]) -> list[int]:
    return [len(block.items) for block in blocks]


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_scenario_ships_in_the_locale_with_the_english_key_order_and_sections(
    locale: str,
) -> None:
    english = {s.key: s for s in scenario_library()}
    translated = scenario_library(locale)
    assert [s.key for s in translated] == list(english)
    for each in translated:
        source = english[each.key]
        assert each.order == source.order and each.title != source.title, each.key
        assert _shape(each.situation) == _shape(source.situation), each.key
        assert set(each.briefs) == set(source.briefs), each.key
        for role, blocks in each.briefs.items():
            assert _shape(blocks) == _shape(source.briefs[role]), (each.key, role)


def _same_apart_from_text(english: Any, translated: Any, key: str | None = None) -> None:
    if isinstance(english, dict):
        assert isinstance(translated, dict) and list(translated) == list(english), key
        for name, value in english.items():
            _same_apart_from_text(value, translated[name], name)
    elif isinstance(english, list):
        assert isinstance(translated, list) and len(translated) == len(english), key
        for source, target in zip(english, translated, strict=True):
            _same_apart_from_text(source, target, key)
    elif isinstance(english, str) and key in TEXT_FIELDS | TEXT_LISTS and english:
        assert isinstance(translated, str) and translated.strip(), key
    else:
        assert translated == english, key


@pytest.mark.parametrize("locale", TRANSLATED)
@pytest.mark.parametrize("name", ["guides", "triage", "tracks"])
def test_every_data_file_keeps_its_keys_and_numbers_in_the_locale(name: str, locale: str) -> None:
    path = resources.files("growpath.data").joinpath("i18n", locale, f"{name}.json")
    translated = json.loads(path.read_text("utf-8"))
    _same_apart_from_text(load(name), translated)
    assert translated != load(name)


def test_a_locale_not_shipped_reads_the_english_content() -> None:
    for locale in ("en", "en_XA", "it", "../modules"):
        assert shipped_modules(locale) == shipped_modules()
        assert scenario_library(locale) == scenario_library()
        assert questionnaire(locale) == questionnaire()


def test_a_german_reader_gets_german_guides_triage_and_tracks() -> None:
    assert questions("coaching", "goal", "de")["goal"][0] == (
        "Was soll am Ende dieser Sitzung anders sein?"
    )
    result = assess(
        {"need": "skill", "transition": "none", "support": "both", "network": "some"},
        questionnaire("de"),
    )
    assert (
        result.recommendation
        == assess(
            {"need": "skill", "transition": "none", "support": "both", "network": "some"}
        ).recommendation
    )
    assert result.reasons[0].startswith("eine bestimmte Fähigkeit aufzubauen")
    assert track_template("first-time-managers", "de")["name"] == "Neue Führungskräfte"
    assert (
        scenario("a-reorganisation", "de").title == "Eine Umstrukturierung trifft ein Teammitglied"
    )


def test_topics_match_on_the_english_keywords_and_read_in_the_readers_language() -> None:
    english = suggest_topics(["I want to delegate more"], [])
    german = suggest_topics(["I want to delegate more"], [], locale="de")
    assert [t.theme for t in german] == [t.theme for t in english] == ["delegation"]
    assert german[0].topic.startswith("Listen Sie auf, was nur Sie tun können")
    assert english[0].because == ("your goals mention 'delegate'",)
    assert german[0].because == ("Ihre Ziele erwähnen „delegate“",)


def test_reflection_and_preparation_questions_read_in_the_readers_language() -> None:
    action = Commitment("Ask the team for one piece of feedback", date(2026, 3, 6))
    english = reflection_questions([action], ["Feedback"], ["Lead a design review"])
    assert english[0] == (
        "You committed to “Ask the team for one piece of feedback” by Friday 6 March — what "
        "would make it easier?"
    )
    german = reflection_questions(
        [action], ["Feedback"], ["Lead a design review"], Translator("de")
    )
    assert german == (
        "Sie haben sich „Ask the team for one piece of feedback“ bis Freitag, 6. März "
        "vorgenommen – was würde es Ihnen leichter machen?",
        "In der Sitzung ging es um feedback. Was ist Ihnen in diesem Gespräch an sich selbst "
        "aufgefallen?",
        "Wie hat Sie diese Sitzung Ihrem Ziel „Lead a design review“ nähergebracht?",
    )
    prepared = preparation_questions("coaching", ["Draft the plan"], Translator("pt_BR"))
    assert prepared[0] == "O que aconteceu com “Draft the plan” desde o último encontro de vocês?"
    assert prepared[1:] == (
        questions("coaching", "reality", "pt_BR")["reality"][0],
        questions("coaching", "goal", "pt_BR")["goal"][0],
        questions("coaching", "will", "pt_BR")["will"][0],
    )
    pseudo = reflection_questions([action], [], [], Translator("en_XA"))
    assert "Friday 6 March" in pseudo[0] and pseudo[0].startswith("⟦")
