"""Numbers typed on a page, read in the page's language."""

from __future__ import annotations

import pytest

from growpath.entrypoints.web.numberfmt import typed_number


@pytest.mark.parametrize(
    ("typed", "locale", "plain"),
    [
        ("60.000", "de", "60000"),
        ("1,5", "de", "1.5"),
        ("60 000", "fr", "60000"),
        ("1,5", "fr", "1.5"),
        ("60,000", "en", "60000"),
        ("1.5", "en", "1.5"),
        (" 21 ", "de", "21"),
        ("60,000", "en_XA", "60000"),
    ],
)
def test_a_number_typed_in_a_language_comes_back_plain(typed: str, locale: str, plain: str) -> None:
    assert typed_number(typed, locale) == plain


@pytest.mark.parametrize("typed", ["lots", "1.2.3,4,5", "", None])
def test_what_is_no_number_there_comes_back_as_it_was(typed: str | None) -> None:
    assert typed_number(typed, "de") == typed
