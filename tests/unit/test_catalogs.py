"""The translations: every marked string in every shipped catalog, translated, compiling,
with the same placeholders as the English."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from growpath.i18n import CATALOGS, LOCALES, SOURCE_LOCALE

ROOT = Path(__file__).parents[2]
SHIPPED = [locale for locale in LOCALES if locale != SOURCE_LOCALE]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


def _marked() -> set[str | tuple[str, str]]:
    with (ROOT / "babel.cfg").open() as file:
        method_map, options_map = parse_mapping_cfg(file)  # type: ignore[no-untyped-call]
    keywords = {**DEFAULT_KEYWORDS, "tr": None, "plural": (1, 2)}
    found: set[str | tuple[str, str]] = set()
    for _, _, message, _, _ in extract_from_dir(
        ROOT / "src" / "growpath", method_map, options_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _catalog(locale: str) -> Catalog:
    with (CATALOGS / locale / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file, locale=locale)


@pytest.fixture(scope="module")
def marked() -> set[str | tuple[str, str]]:
    """Every string the code and templates mark for translation."""
    return _marked()


@pytest.mark.parametrize("locale", SHIPPED)
def test_every_marked_string_is_translated(locale: str, marked: set[str]) -> None:
    catalog = _catalog(locale)
    held = {
        message.id if isinstance(message.id, str) else tuple(message.id[:2])
        for message in catalog
        if message.id
    }
    assert marked - held == set(), f"run `make messages`, then translate: {locale}"
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not all(message.string if isinstance(message.string, tuple) else [message.string])
        )
    ]
    assert untranslated == [], f"{locale} leaves these in English"


@pytest.mark.parametrize("locale", SHIPPED)
def test_each_translation_keeps_the_placeholders_and_compiles(locale: str) -> None:
    catalog = _catalog(locale)
    for message in catalog:
        if not message.id:
            continue
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = (
            [message.string] if isinstance(message.string, str) else list(message.string or ())
        )
        wanted = set().union(*(set(PLACEHOLDER.findall(s)) for s in sources))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= wanted | {"%(n)d", "%(n)s"}, (
                locale,
                message.id,
            )
    write_mo(BytesIO(), catalog)
    assert not list(catalog.check()), locale


def test_every_problem_built_from_words_marks_them_for_translation() -> None:
    # A problem or refusal made from a plain or formatted literal is said in English on every
    # page, whatever the reader's language.
    refusals = "Problem|Conflict|NotFound|PermissionDenied|AuthenticationFailed|RaceLost|BadValue"
    unmarked = re.compile(rf"\b({refusals})\(\s*f?\"")
    found = [
        f"{path.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in sorted((ROOT / "src" / "growpath").rglob("*.py"))
        for text in [path.read_text(encoding="utf-8")]
        for match in unmarked.finditer(text)
    ]
    assert found == [], "mark the message: Problem.of(N_(...)), NotFound(N_(...)), with values"
