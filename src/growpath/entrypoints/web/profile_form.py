"""The profile and enrolment forms: what they offer to choose from, and reading their rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from itertools import zip_longest
from zoneinfo import available_timezones

from markupsafe import Markup, escape

from growpath.domain.errors import Problem
from growpath.i18n import N_

# Empty skill rows under one's skills; "More rows" adds as many again, without JavaScript.
SPARE_ROWS = 3

# The regions of the IANA database that name places; Etc/, US/ and the like are aliases.
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)

# ISO 639-1 codes, as growpath stores them, for the languages people most often work in.
LANGUAGES = {
    "ar": N_("Arabic"),
    "bn": N_("Bengali"),
    "zh": N_("Chinese"),
    "cs": N_("Czech"),
    "da": N_("Danish"),
    "nl": N_("Dutch"),
    "en": N_("English"),
    "fi": N_("Finnish"),
    "fr": N_("French"),
    "de": N_("German"),
    "el": N_("Greek"),
    "he": N_("Hebrew"),
    "hi": N_("Hindi"),
    "hu": N_("Hungarian"),
    "id": N_("Indonesian"),
    "it": N_("Italian"),
    "ja": N_("Japanese"),
    "ko": N_("Korean"),
    "ms": N_("Malay"),
    "no": N_("Norwegian"),
    "fa": N_("Persian"),
    "pl": N_("Polish"),
    "pt": N_("Portuguese"),
    "ro": N_("Romanian"),
    "ru": N_("Russian"),
    "es": N_("Spanish"),
    "sw": N_("Swahili"),
    "sv": N_("Swedish"),
    "ta": N_("Tamil"),
    "th": N_("Thai"),
    "tr": N_("Turkish"),
    "uk": N_("Ukrainian"),
    "ur": N_("Urdu"),
    "vi": N_("Vietnamese"),
}

SKILL_LEVELS = (
    ("1", N_("1 — learning it")),
    ("2", N_("2 — working knowledge")),
    ("3", N_("3 — solid")),
    ("4", N_("4 — advanced")),
    ("5", N_("5 — expert, could teach it")),
)


@cache
def time_zones() -> tuple[str, ...]:
    """Return the IANA time zones of places, ordered by region and then by place, and UTC."""
    places = sorted(
        (zone.partition("/")[0], zone.partition("/")[2].replace("_", " "), zone)
        for zone in available_timezones()
        if zone.partition("/")[0] in REGIONS
    )
    return ("UTC", *(zone for _, _, zone in places))


@cache
def time_zone_datalist() -> Markup:
    """Return the <datalist> of time zones a time-zone field suggests, built once."""
    # Some 600 options: rendered by the template on every page with a time-zone field, they
    # were about a fifth of the engagement page's CPU; they never change while the app runs.
    options = "".join(f'<option value="{escape(zone)}"></option>' for zone in time_zones())
    return Markup(f'<datalist id="time-zones">{options}</datalist>')  # noqa: S704 - escaped above


def language_choices(
    spoken: Iterable[str], translate: Callable[[str], str] = str
) -> list[tuple[str, str]]:
    """Return (code, "Name (code)") for every listed language and any other already spoken,
    the names in the reader's language (translate) and in its alphabetical order."""
    names = {code: translate(name) for code, name in LANGUAGES.items()}
    codes = sorted(names, key=names.__getitem__)
    codes += sorted(code for code in set(spoken) if code not in LANGUAGES)
    return [(code, f"{names.get(code, code)} ({code})") for code in codes]


def skill_suggestions(competency_names: Iterable[str], own: Iterable[str]) -> list[str]:
    """Return the skills to suggest: the organisation's competencies and one's own skills."""
    return sorted({name.strip().lower() for name in (*competency_names, *own) if name.strip()})


def skill_rows(skills: Mapping[str, int], spare: int = SPARE_ROWS) -> list[tuple[str, str]]:
    """Return one (skill, level) row per skill, then spare empty rows to add more."""
    return [(name, str(level)) for name, level in skills.items()] + [("", "")] * spare


def skills_from_rows(
    names: Sequence[str], levels: Sequence[str], problems: list[Problem]
) -> dict[str, int]:
    """Read the skill rows into skill → level; note each problem at its row's field."""
    skills: dict[str, int] = {}
    first_row: dict[str, int] = {}
    for row, (raw_name, raw_level) in enumerate(zip_longest(names, levels, fillvalue=""), 1):
        name, level = raw_name.strip().lower(), raw_level.strip()
        if not name and not level:
            continue  # a spare row left empty
        if not name:
            missing = N_("is missing: name it or clear its level")
            problems.append(Problem.of(missing, f"skill_{row}"))
        elif name in first_row:
            problems.append(
                Problem.of(N_("repeats skill %(row)s"), f"skill_{row}", row=first_row[name])
            )
        if not level:
            problems.append(Problem.of(N_("is missing: choose 1–5"), f"level_of_skill_{row}"))
        elif level not in {value for value, _ in SKILL_LEVELS}:
            problems.append(Problem.of(N_("must be 1–5"), f"level_of_skill_{row}"))
        elif name and name not in first_row:
            first_row[name] = row
            skills[name] = int(level)
    return skills


def languages_from_choices(
    chosen: Sequence[str], spoken: Iterable[str], problems: list[Problem]
) -> list[str]:
    """Return the chosen language codes; note any that is neither listed nor already spoken."""
    known = set(LANGUAGES) | set(spoken)
    unknown = sorted({code for code in chosen if code not in known})
    if unknown:
        problems.append(
            Problem.of(
                N_("%(codes)s: not a language on the list"), "languages", codes=", ".join(unknown)
            )
        )
    return [code for code in dict.fromkeys(chosen) if code in known]
