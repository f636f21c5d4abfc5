"""Language names for the ISO 639-1 codes people's profiles store, marked for translation."""

from __future__ import annotations

from collections.abc import Callable

from growpath.i18n import N_

NAMES = {
    "ar": N_("Arabic"),
    "bn": N_("Bengali"),
    "cs": N_("Czech"),
    "da": N_("Danish"),
    "de": N_("German"),
    "el": N_("Greek"),
    "en": N_("English"),
    "es": N_("Spanish"),
    "fa": N_("Persian"),
    "fi": N_("Finnish"),
    "fr": N_("French"),
    "he": N_("Hebrew"),
    "hi": N_("Hindi"),
    "hu": N_("Hungarian"),
    "id": N_("Indonesian"),
    "it": N_("Italian"),
    "ja": N_("Japanese"),
    "ko": N_("Korean"),
    "ms": N_("Malay"),
    "nl": N_("Dutch"),
    "no": N_("Norwegian"),
    "pl": N_("Polish"),
    "pt": N_("Portuguese"),
    "ro": N_("Romanian"),
    "ru": N_("Russian"),
    "sv": N_("Swedish"),
    "sw": N_("Swahili"),
    "ta": N_("Tamil"),
    "th": N_("Thai"),
    "tl": N_("Tagalog"),
    "tr": N_("Turkish"),
    "uk": N_("Ukrainian"),
    "ur": N_("Urdu"),
    "vi": N_("Vietnamese"),
    "zh": N_("Chinese"),
}


def language_name(code: str, translate: Callable[[str], str] = str) -> str:
    """Return a language's name in the words translate gives (English without it); a code
    without one is shown as stored, upper-cased."""
    # Regional codes ("pt-BR") name their language; the region adds nothing on a card.
    name = NAMES.get(code.split("-")[0].lower())
    return translate(name) if name is not None else code.upper()
