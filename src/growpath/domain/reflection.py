"""Reflection between sessions: the questions a held session raises, the journal's rules, and
the questions that prepare the next session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.guides import questions
from growpath.domain.text import paragraphs
from growpath.i18n import N_, SOURCE_LOCALE, Translator

MAX_ENTRY_CHARS = 10_000
# A prompt and a preparation ask a few questions, never a questionnaire.
MAX_QUESTIONS = 3
MAX_ACTION_QUESTIONS = 3
# The questions a prompt and a preparation ask, translated where a reader reads them.
BY_DAY = N_("You committed to “%(action)s” by %(day)s — what would make it easier?")
FIRST_STEP = N_(
    "You committed to “%(action)s” — what is your first step, and what might get in the way?"
)
TOUCHED = N_(
    "The session touched on %(themes)s. What did you notice about yourself in that conversation?"
)
TOWARDS = N_("How did this session move you towards “%(goal)s”?")
MOST_USEFUL = N_(
    "What was the most useful moment of this session, and what will you do differently "
    "because of it?"
)
SINCE = N_("What happened with “%(action)s” since you last met?")
ENGLISH = Translator(SOURCE_LOCALE)
# A commitment's day in the shipped languages (CLDR's own patterns all add the year).
DAY_PATTERNS = {
    "de": "EEEE, d. MMMM",
    "fr": "EEEE d MMMM",
    "es": "EEEE d 'de' MMMM",
    "pt_BR": "EEEE, d 'de' MMMM",
}


@dataclass(frozen=True)
class Commitment:
    """A Will action of the session, as the reflection prompt names it."""

    description: str
    due_on: date | None


def _day(on: date, locale: str) -> str:
    if locale == SOURCE_LOCALE:
        return f"{on:%A} {on.day} {on:%B}"
    # Weekday, day and month as the reader's language writes them; the pseudo-locale's is English.
    pattern = DAY_PATTERNS.get(locale, "EEEE d MMMM")
    return format_date(on, pattern, locale=locale.replace("en_XA", SOURCE_LOCALE))


def reflection_questions(
    commitments: Sequence[Commitment],
    theme_names: Sequence[str],
    goal_titles: Sequence[str],
    say: Translator = ENGLISH,
) -> tuple[str, ...]:
    """Return the questions a held session asks its participant, in the reader's language:
    their own Will actions first, then what the session touched, then their goals; always at
    least one."""
    asked: list[str] = []
    for commitment in commitments:
        if commitment.due_on is not None:
            day = _day(commitment.due_on, say.locale)
            asked.append(say(BY_DAY, action=commitment.description, day=day))
        else:
            asked.append(say(FIRST_STEP, action=commitment.description))
    if theme_names:
        asked.append(say(TOUCHED, themes=", ".join(theme_names).lower()))
    if goal_titles:
        asked.append(say(TOWARDS, goal=goal_titles[0]))
    asked.append(say(MOST_USEFUL))
    return tuple(asked[:MAX_QUESTIONS])


def journal_text(raw: str, field: str = "text") -> str:
    """Return a journal entry's text, trimmed; refuse an empty, overlong or NUL-bearing one."""
    problems: list[Problem] = []
    text = paragraphs(raw.strip(), field, problems)
    if not text:
        problems.append(Problem(N_("is missing: write a few words first"), field))
    elif len(text) > MAX_ENTRY_CHARS:
        problems.append(
            Problem.of(N_("must be at most %(most)s characters"), field, most=MAX_ENTRY_CHARS)
        )
    if problems:
        raise InvalidInput(problems)
    return text


def preparation_questions(
    kind: str, open_actions: Sequence[str], say: Translator = ENGLISH
) -> tuple[str, ...]:
    """Return questions to prepare the next session, in the reader's language: on the open
    actions, then from the GROW guide's Reality and Will phases of the engagement's kind."""
    on_actions = [
        say(SINCE, action=description) for description in open_actions[:MAX_ACTION_QUESTIONS]
    ]
    bank = questions(kind, locale=say.locale)
    return (*on_actions, bank["reality"][0], bank["goal"][0], bank["will"][0])
