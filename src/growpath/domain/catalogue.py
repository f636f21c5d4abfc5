"""Data that ships with growpath: track templates, triage, competencies, themes, guides.

Human text ships in every locale: a translated copy of a data file lives under
growpath/data/i18n/<locale>/, of a module or scenario under its folder's <locale>/; keys,
numbers and structure are the English file's, only the text is translated.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from growpath.i18n import SOURCE_LOCALE


def localised(folder: str, locale: str) -> Traversable:
    """Return a shipped data folder in a locale: its translated copy if one ships, else English."""
    english = resources.files("growpath.data").joinpath(folder)
    # Looked up among the folders that ship, so a locale never becomes a path of its own.
    translated = {entry.name: entry for entry in english.iterdir() if entry.is_dir()}
    return translated.get(locale, english)


def shipped_locales(folder: str) -> tuple[str, ...]:
    """Return the locales a shipped data folder is translated into (English not counted)."""
    english = resources.files("growpath.data").joinpath(folder)
    return tuple(sorted(entry.name for entry in english.iterdir() if entry.is_dir()))


@cache
def load(name: str, locale: str = SOURCE_LOCALE) -> Any:
    """Return the parsed JSON data file `name` shipped in growpath/data, in a locale if it is
    translated into it, else in English."""
    translated = localised("i18n", locale).joinpath(f"{name}.json")
    if locale != SOURCE_LOCALE and translated.is_file():
        return json.loads(translated.read_text("utf-8"))
    return json.loads(resources.files("growpath.data").joinpath(f"{name}.json").read_text("utf-8"))
