"""The language of a person's mail and calendar invites, and days written out in it."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from growpath.adapters.unit_of_work import UnitOfWork
from growpath.i18n import PSEUDO_LOCALE, SOURCE_LOCALE, Translator, supported
from growpath.settings import Settings


def recipient_locale(uow: UnitOfWork, settings: Settings, email: str) -> str:
    """Return the locale mail to this address is written in: the language its account chose,
    else the organisation's default (mail has no browser to ask)."""
    return chosen_or_default(uow.users.locale_of(email), settings)


def chosen_or_default(chosen: str | None, settings: Settings) -> str:
    """Return the shipped locale a person chose, else the organisation's default."""
    return (supported(chosen) if chosen else None) or settings.default_locale


def mail_translator(uow: UnitOfWork, settings: Settings, email: str) -> Translator:
    """Return the messages of mail to this address, in its recipient's language."""
    return Translator(recipient_locale(uow, settings, email))


def spelled_day(day: date, locale: str, english: str) -> str:
    """Return a day with its weekday and month written out in a locale.

    English mail keeps the form it always had (english, already written); other languages take
    the full date form of their own convention ("Montag, 5. Januar 2026").
    """
    if locale in (SOURCE_LOCALE, PSEUDO_LOCALE):
        return english
    return format_date(day, "full", locale=locale)
