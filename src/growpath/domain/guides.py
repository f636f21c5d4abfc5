"""Conversation guides: GROW questions by phase and kind, and topics drawn from a pair's goals."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from growpath.domain.catalogue import load
from growpath.domain.errors import InvalidInput, Problem
from growpath.i18n import N_, SOURCE_LOCALE, Translator

PHASES = ("goal", "reality", "options", "will")
# Why a topic is suggested, in the reader's language.
MENTIONED = N_("your goals mention '%(keyword)s'")
RECENT_THEME = N_("a recent session touched this theme")
CLOSE_IN_MEANING = N_("close in meaning to your goals and actions (%(score)s)")


@dataclass(frozen=True)
class TopicSuggestion:
    """A topic for the next conversation and why it was suggested."""

    topic: str
    theme: str
    because: tuple[str, ...]


def questions(
    kind: str, phase: str | None = None, locale: str = SOURCE_LOCALE
) -> dict[str, list[str]]:
    """Return the GROW question bank for coaching or mentoring, one phase or all, in a locale."""
    problems = []
    if kind not in ("coaching", "mentoring"):
        problems.append(Problem(N_("must be coaching or mentoring"), "kind"))
    if phase is not None and phase not in PHASES:
        problems.append(
            Problem.of(N_("must be one of %(choices)s"), "phase", choices=", ".join(PHASES))
        )
    if problems:
        raise InvalidInput(problems)
    bank = load("guides", locale)["questions"]
    return {p: list(bank[p][kind]) for p in PHASES if phase in (None, p)}


def _words(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9-]+", " ", text.lower()) + " "


def topic_documents() -> list[str]:
    """Return each shipped topic as one text (topic, theme, keywords), for semantic ranking."""
    return [
        f"{entry['topic']} {entry['theme']}: {', '.join(entry['keywords'])}"
        for entry in load("guides")["topics"]
    ]


def _shown_topics(locale: str) -> list[str]:
    # The English file's keywords match; a translation only changes the topic a pair reads.
    return [entry["topic"] for entry in load("guides", locale)["topics"]]


def rank_topics_by_meaning(
    similarities: Sequence[float],
    themes: Sequence[str],
    limit: int = 3,
    locale: str = SOURCE_LOCALE,
) -> list[TopicSuggestion]:
    """Rank shipped topics by their closeness in meaning to the pair's work, themes first; the
    topics and the reasons read in the reader's language."""
    entries = load("guides")["topics"]
    shown = _shown_topics(locale)
    say = Translator(locale)
    if len(similarities) != len(entries):
        raise ValueError(f"expected {len(entries)} similarities, got {len(similarities)}")
    ranked = []
    for entry, topic, similarity in zip(entries, shown, similarities, strict=True):
        recent = entry["theme"] in themes
        # A theme from the last session outranks any similarity, as in the keyword ranking.
        score = similarity + (1.0 if recent else 0.0)
        because = (say(CLOSE_IN_MEANING, score=f"{similarity:.2f}"),) + (
            (say(RECENT_THEME),) if recent else ()
        )
        ranked.append((score, entry["topic"], TopicSuggestion(topic, entry["theme"], because)))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [suggestion for _, _, suggestion in ranked[:limit]]


def suggest_topics(
    texts: Iterable[str], themes: Sequence[str], limit: int = 3, locale: str = SOURCE_LOCALE
) -> list[TopicSuggestion]:
    """Rank shipped topics by keyword matches in the pair's goals and actions, themes first; the
    topics and the reasons read in the reader's language."""
    haystack = _words(" ".join(texts))
    say = Translator(locale)
    ranked = []
    for entry, topic in zip(load("guides")["topics"], _shown_topics(locale), strict=True):
        hits = [k for k in entry["keywords"] if f" {k} " in haystack]
        recent = entry["theme"] in themes
        score = len(hits) + (2 if recent else 0)
        if score:
            because = tuple(
                [say(MENTIONED, keyword=k) for k in hits] + ([say(RECENT_THEME)] if recent else [])
            )
            ranked.append((score, entry["topic"], TopicSuggestion(topic, entry["theme"], because)))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [suggestion for _, _, suggestion in ranked[:limit]]
