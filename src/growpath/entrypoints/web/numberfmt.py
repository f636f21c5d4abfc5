"""Numbers and percentages as pages show them: in the page's language, by Babel's CLDR data.

English keeps what pages showed before ("0.85", "42%", "+3"); German writes "0,85", "42 %".
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import (
    NumberFormatError,
    NumberPattern,
    get_group_symbol,
    parse_decimal,
    parse_pattern,
)
from jinja2 import Environment, pass_eval_context
from jinja2.nodes import EvalContext

from growpath.i18n import PSEUDO_LOCALE, SOURCE_LOCALE
from growpath.template_gettext import render_locale


def number_text(value: float, places: int | None = None, locale: str = SOURCE_LOCALE) -> str:
    """Say a number in a locale: with exactly `places` decimals, or (None) as few as it needs
    up to six, as "%g" did."""
    pattern = "#,##0." + ("0" * places if places is not None else "######")
    return _apply(pattern, value, _babel(locale))


def signed_text(value: float, locale: str = SOURCE_LOCALE) -> str:
    """Say a whole change with its sign, "+3", "-2", "0", as "%+d" did."""
    whole = round(value)
    return ("+" if whole > 0 else "") + _apply("#,##0;-#,##0", whole, _babel(locale))


def percent_text(fraction: float, places: int = 0, locale: str = SOURCE_LOCALE) -> str:
    """Say a fraction (0.42) as a percentage in a locale: "42%", "42 %"."""
    babel_locale = _babel(locale)
    # The locale's own pattern ("#,##0 %" in German), with the decimals asked for.
    pattern = babel_locale.percent_formats[None].pattern
    if places:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * places, 1)
    return _apply(pattern, fraction, babel_locale)


def typed_number(text: str | None, locale: str) -> str | None:
    """Return a number as someone typed it on a page in a locale ("60.000" in German, "60 000"
    in French) in plain digits ("60000"), for readers that take plain numbers. Text that is no
    number in the locale comes back as it was, for the reader to take as plain or refuse."""
    if text is None or not text.strip():
        return text
    babel_locale = _babel(locale)
    typed = text.strip()
    group = get_group_symbol(babel_locale)
    if group.isspace():
        # People type an ordinary space where French writes a narrow no-break one.
        typed = typed.replace(" ", group)
    try:
        return str(parse_decimal(typed, locale=babel_locale, strict=True))
    except NumberFormatError:
        return text


# Babel's format_decimal and format_percent parse the locale's name and the pattern on every
# call (15-20 µs a number, and a chart shows a dozen); a page has a few locales and patterns.
@cache
def _babel(locale: str) -> Locale:
    # The pseudo-locale writes numbers as English does: only marked strings look transformed.
    return Locale.parse(SOURCE_LOCALE if locale == PSEUDO_LOCALE else locale)


@cache
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def _apply(pattern: str, value: float, locale: Locale) -> str:
    text: str = _pattern(pattern).apply(value, locale)
    return text


@pass_eval_context
def number_filter(eval_ctx: EvalContext, value: float, places: int | None = None) -> str:
    """Template filter: `{{ score|number(2) }}` in the page's language."""
    return number_text(value, places, render_locale(eval_ctx))


@pass_eval_context
def signed_filter(eval_ctx: EvalContext, value: float) -> str:
    """Template filter: `{{ change|signed }}`, "+3", in the page's language."""
    return signed_text(value, render_locale(eval_ctx))


@pass_eval_context
def percent_filter(eval_ctx: EvalContext, fraction: float, places: int = 0) -> str:
    """Template filter: `{{ share|percent }}`, 0.42 → "42%" ("42 %" in German)."""
    return percent_text(fraction, places, render_locale(eval_ctx))


def register(environment: Environment) -> None:
    """Make the number, signed and percent filters available to every template."""
    environment.filters["number"] = number_filter
    environment.filters["signed"] = signed_filter
    environment.filters["percent"] = percent_filter
