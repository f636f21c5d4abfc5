"""Languages: the shipped locales, their gettext catalogs and which one a reader gets."""

from __future__ import annotations

import gettext
import re
from functools import cache
from io import BytesIO
from pathlib import Path

CATALOGS = Path(__file__).parent / "locale"
DOMAIN = "messages"
# The locales growpath ships, each with its own name for the language switcher.
LOCALES: dict[str, str] = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "pt_BR": "Português (Brasil)",
}
SOURCE_LOCALE = "en"
# Accented and bracketed English, for the test that finds strings nobody marked for
# translation; asked for like any locale (Chromium calls its own pseudo-locale en-XA).
PSEUDO_LOCALE = "en_XA"
_TAG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z0-9]{2,8}))?")
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|&[a-z]+;|<[^>]*>")
_ACCENTED = str.maketrans(
    "abcdeghiklnorstuyzABCDEGHIKLNORSTUYZ", "àƀçđéĝĥîķĺñöŕšţûýžÀƁÇĐÉĜĤÎĶĹÑÖŔŠŢÛÝŽ"
)


def supported(tag: str) -> str | None:
    """Return the shipped locale a language tag names ("pt-BR", "de-AT", "fr"), if any."""
    found = _TAG.match(tag.strip())
    if found is None:
        return None
    language, region = found.group(1).lower(), (found.group(2) or "").upper()
    if f"{language}_{region}" == PSEUDO_LOCALE:
        return PSEUDO_LOCALE
    if language == "pt":
        # Brazilian Portuguese is the Portuguese growpath ships.
        return "pt_BR"
    return language if language in LOCALES else None


def negotiate(accept_language: str) -> str | None:
    """Return the shipped locale a browser's Accept-Language header prefers, if any."""
    weighted: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept_language.split(",")[:20]):
        tag, _, params = item.partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        locale = supported(tag)
        if locale is not None and weight > 0:
            weighted.append((-weight, position, locale))
    return min(weighted)[2] if weighted else None


def pseudo(message: str) -> str:
    """Return a message as the pseudo-locale shows it: accented, bracketed, placeholders kept."""
    pieces: list[str] = []
    position = 0
    for found in _PLACEHOLDER.finditer(message):
        pieces.append(message[position : found.start()].translate(_ACCENTED))
        pieces.append(found.group())
        position = found.end()
    pieces.append(message[position:].translate(_ACCENTED))
    return f"⟦{''.join(pieces)}⟧"


class PseudoTranslations(gettext.NullTranslations):
    """Translations into the pseudo-locale: every marked string visibly transformed."""

    def gettext(self, message: str) -> str:
        """Return message in the pseudo-locale."""
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        """Return the singular or plural message in the pseudo-locale."""
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        """Return message in the pseudo-locale."""
        return pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        """Return the singular or plural message in the pseudo-locale."""
        return pseudo(msgid1 if n == 1 else msgid2)


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """Return the catalog of a shipped locale (English is the source: no catalog)."""
    if locale == PSEUDO_LOCALE:
        return PseudoTranslations()
    if locale not in LOCALES or locale == SOURCE_LOCALE:
        return gettext.NullTranslations()
    folder = CATALOGS / locale / "LC_MESSAGES"
    compiled, source = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if compiled.exists() and (
        not source.exists() or compiled.stat().st_mtime >= source.stat().st_mtime
    ):
        with compiled.open("rb") as file:
            return gettext.GNUTranslations(file)
    # A checkout whose catalogs changed since `make catalogs` reads its .po directly.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as file:
        catalog = read_po(file, locale=locale)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def N_(message: str) -> str:  # noqa: N802 - the name gettext's extractors know
    """Mark a message for translation where it is defined; it is translated where shown."""
    return message


class Translator:
    """Messages in one locale, with %(name)s values filled in after translation."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self._catalog = translations(locale)

    def __call__(self, message: str, **values: object) -> str:
        """Return message translated, its values filled in."""
        text = self._catalog.gettext(message)
        return text % values if values else text

    def plural(self, singular: str, plural: str, n: int, **values: object) -> str:
        """Return the singular or plural message (as the locale's plural rule picks) with n."""
        return self._catalog.ngettext(singular, plural, n) % {"n": n, **values}


def html_lang(locale: str) -> str:
    """Return a locale as HTML's lang attribute writes it ("pt_BR" → "pt-BR")."""
    return SOURCE_LOCALE if locale == PSEUDO_LOCALE else locale.replace("_", "-")
