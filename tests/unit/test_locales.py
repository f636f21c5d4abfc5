"""Which shipped locale a language tag or a browser's Accept-Language header gets."""

from __future__ import annotations

import pytest

from growpath.i18n import Translator, negotiate, pseudo, supported


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("de", "de"),
        ("de-AT", "de"),
        ("FR_ca", "fr"),
        ("pt", "pt_BR"),
        ("pt-PT", "pt_BR"),
        ("es-419", "es"),
        ("en-XA", "en_XA"),
        ("ja", None),
        ("", None),
        ("*", None),
    ],
)
def test_a_language_tag_names_a_shipped_locale_or_none(tag: str, locale: str | None) -> None:
    assert supported(tag) == locale


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        ("de-DE,de;q=0.9,en;q=0.8", "de"),
        ("ja,fr;q=0.5,de;q=0.7", "de"),
        ("en;q=0.1, es", "es"),
        ("fr;q=0", None),
        ("ja, zh-CN", None),
        ("de;q=abc, fr;q=0.2", "fr"),
        ("", None),
    ],
)
def test_accept_language_picks_the_most_wanted_shipped_locale(
    header: str, locale: str | None
) -> None:
    assert negotiate(header) == locale


def test_the_pseudo_locale_transforms_words_and_keeps_placeholders_and_markup() -> None:
    assert pseudo("Hello %(name)s, <b>see</b> &amp; go") == "⟦Ĥéĺĺö %(name)s, <b>šéé</b> &amp; ĝö⟧"


def test_a_translator_fills_values_after_translating_and_picks_plural_forms() -> None:
    german = Translator("de")
    assert german("Home") == "Start"
    assert german("Unmarked %(what)s", what="x") == "Unmarked x"
    assert Translator("en").plural("%(n)d pair", "%(n)d pairs", 3) == "3 pairs"
    assert Translator("en").plural("%(n)d pair", "%(n)d pairs", 1) == "1 pair"
