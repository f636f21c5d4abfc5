"""What a card of a possible pair says: initials, shared working hours, the reasons in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from growpath.i18n import N_, SOURCE_LOCALE, Translator

# Profiles hold a time zone but no working hours, so both sides are taken to work 9 to 17.
WORKDAY_START, WORKDAY_END = time(9), time(17)
TOP_REASONS = 3


class Translate(Protocol):
    """Gives a message marked N_ in the reader's language, its %(name)s values filled in."""

    def __call__(self, message: str, **values: object) -> str: ...


@dataclass(frozen=True)
class PairFacts:
    """What both sides of a pair have in common, in the words a card uses."""

    wanted: tuple[str, ...]  # skills the participant wants to grow, as matching reads them
    offered: Mapping[str, int]  # the guide's skills with levels, stated expertise included
    focus_areas: tuple[str, ...]
    shared_languages: tuple[str, ...]  # language names
    shared_interests: tuple[str, ...]
    overlap_hours: float | None
    shared_department: str | None
    shared_job_family: str | None


def initials(name: str) -> str:
    """Return the initials of a name (first and last word) for an avatar."""
    words = [word for word in name.split() if word[:1].isalpha()]
    if not words:
        return "?"
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


def shared_working_hours(zone: str, other_zone: str, on: date) -> float | None:
    """Return the hours two 9–17 working days overlap, each in its own zone; None if unknown."""
    try:
        mine, theirs = ZoneInfo(zone), ZoneInfo(other_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    start = datetime.combine(on, WORKDAY_START, mine)
    end = datetime.combine(on, WORKDAY_END, mine)
    best = 0.0
    # The other side's day may fall on the calendar day before or after, far east or west.
    for shift in (-1, 0, 1):
        day = on + timedelta(days=shift)
        other_start = datetime.combine(day, WORKDAY_START, theirs)
        other_end = datetime.combine(day, WORKDAY_END, theirs)
        overlap = (min(end, other_end) - max(start, other_start)).total_seconds() / 3600
        best = max(best, overlap)
    return best


def skill_label(skill: str) -> str:
    """Return a skill as a sentence starts it ("system design" → "System design")."""
    return skill[:1].upper() + skill[1:]


def _listed(items: Sequence[str], translate: Translate) -> str:
    if len(items) == 1:
        return items[0]
    return translate(N_("%(items)s and %(last)s"), items=", ".join(items[:-1]), last=items[-1])


def _strongest(facts: PairFacts, among: Sequence[str]) -> tuple[str, int] | None:
    found = [(facts.offered.get(skill, 0), skill) for skill in facts.wanted if skill in among]
    if not found:
        return None
    level, skill = max(found)
    return skill, level


def _skills(facts: PairFacts, to_guide: bool, translate: Translate) -> str:
    strongest = _strongest(facts, [s for s, level in facts.offered.items() if level > 0])
    if strongest is None:
        return translate(
            N_("Your skills fit their goals") if to_guide else N_("Skills that fit your goals")
        )
    skill, level = strongest
    if to_guide:
        return translate(
            N_("Wants to grow %(skill)s, where you are strong (%(level)d/5)"),
            skill=skill,
            level=level,
        )
    return translate(
        N_("Strong in %(skill)s (%(level)d/5), which you want to grow"),
        skill=skill_label(skill),
        level=level,
    )


def _focus(facts: PairFacts, to_guide: bool, translate: Translate) -> str:
    common = [skill for skill in facts.wanted if skill in facts.focus_areas]
    if not common:
        return translate(
            N_("Your coaching focus fits their goals") if to_guide else N_("A focus that fits you")
        )
    areas = _listed(common, translate)
    if to_guide:
        return translate(N_("Wants to grow %(areas)s, a focus of your coaching"), areas=areas)
    return translate(N_("Coaches on %(areas)s, which you want to grow"), areas=areas)


# Reasons that need no fact of the pair, for a participant and for a guide.
GENERAL_REASONS = {
    "text": (
        N_("Your goals and their experience read alike"),
        N_("Their goals and your experience read alike"),
    ),
    "seniority": (N_("A sensible gap in experience"),) * 2,
    "style": (N_("A similar communication style"),) * 2,
}


def _reason(factor: str, facts: PairFacts, to_guide: bool, translate: Translate) -> str | None:
    if factor == "skills":
        return _skills(facts, to_guide, translate)
    if factor == "focus":
        return _focus(facts, to_guide, translate)
    if factor == "language" and facts.shared_languages:
        languages = _listed(facts.shared_languages, translate)
        return translate(N_("You both speak %(languages)s"), languages=languages)
    if factor == "timezone" and facts.overlap_hours:
        hours = f"{facts.overlap_hours:g}"
        return translate(N_("Your working days overlap by %(hours)s hours"), hours=hours)
    if factor == "interests" and facts.shared_interests:
        interests = _listed(facts.shared_interests, translate)
        return translate(N_("You both enjoy %(interests)s"), interests=interests)
    if factor == "department":
        if facts.shared_department:
            department = facts.shared_department
            return translate(N_("You both work in %(department)s"), department=department)
        return translate(N_("From another department, as the program prefers"))
    if factor == "job_family" and facts.shared_job_family:
        family = facts.shared_job_family
        return translate(N_("You share the %(family)s job family"), family=family)
    general = GENERAL_REASONS.get(factor)
    return translate(general[to_guide]) if general else None


def top_reasons(
    contributions: Sequence[Mapping[str, Any]],
    facts: PairFacts,
    *,
    to_guide: bool,
    translate: Translate | None = None,
) -> tuple[str, ...]:
    """Return the factors that scored most for a pair, in words (English unless a translator
    is given), strongest first."""
    translate = translate or Translator(SOURCE_LOCALE)
    scored = sorted(
        (c for c in contributions if float(c.get("points") or 0) > 0),
        key=lambda c: -float(c["points"]),
    )
    said: list[str] = []
    for contribution in scored:
        reason = _reason(str(contribution.get("factor")), facts, to_guide, translate)
        if reason and reason not in said:
            said.append(reason)
        if len(said) == TOP_REASONS:
            break
    return tuple(said)
