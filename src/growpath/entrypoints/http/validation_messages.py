"""The framework's own refusals of a request (pydantic's), in the reader's language.

pydantic words its errors in English; the common kinds are marked here by their `type`, with
the values of their `ctx`, so a German reader of the API or a form reads German. English
readers, and kinds not listed, get pydantic's own wording unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from growpath.i18n import N_, SOURCE_LOCALE, Translator

MESSAGES: dict[str, str] = {
    "missing": N_("Field required"),
    "string_too_long": N_("String should have at most %(max_length)s characters"),
    "string_too_short": N_("String should have at least %(min_length)s characters"),
    "string_type": N_("Input should be a valid string"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "date_from_datetime_parsing": N_("Input should be a valid date"),
    "date_parsing": N_("Input should be a valid date"),
    "greater_than_equal": N_("Input should be greater than or equal to %(ge)s"),
    "less_than_equal": N_("Input should be less than or equal to %(le)s"),
    "literal_error": N_("Input should be %(expected)s"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
}


def reason_of(error: Mapping[str, Any], tr: Translator) -> str:
    """Return one of pydantic's errors in the reader's language (its own English otherwise)."""
    english = str(error.get("msg", "invalid"))
    template = MESSAGES.get(str(error.get("type", "")))
    if template is None or tr.locale == SOURCE_LOCALE:
        return english
    values = dict(error.get("ctx") or {})
    try:
        return tr(template, **values)
    except (KeyError, TypeError, ValueError):
        # A ctx without the value a message names: pydantic's English is still right.
        return english
