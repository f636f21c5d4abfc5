"""Resources suggested to a pair: the library ranked by closeness to their goals and themes.

The ranking is the topic ranking's: TF-IDF over the goals and each resource by default, or
the offline sentence embeddings when GROWPATH_TOPIC_RANKING=embeddings; a theme the last
session touched lifts a resource tagged with it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.modules import MANAGER, Module, shipped_modules
from growpath.i18n import N_, Translator
from growpath.matching.model import MatchingInputError
from growpath.services.access import access_member_engagement
from growpath.services.context import Context
from growpath.services.guides import PairWords, pair_words
from growpath.services.learning import catalogue

log = logging.getLogger(__name__)
SUGGESTED = 3
# Why a resource is suggested, in the reader's language.
CLOSE = N_("close to your goals (%(score)s)")
RECENT_THEMES = N_("a recent session touched %(themes)s")


@dataclass(frozen=True)
class ResourceSuggestion:
    """A resource for the pair, and why it was suggested."""

    slug: str
    title: str
    minutes: int
    themes: tuple[str, ...]
    because: tuple[str, ...]


def _closeness(ctx: Context, texts: Sequence[str], documents: Sequence[str]) -> list[float]:
    if ctx.app.settings.topic_ranking == "embeddings":
        try:
            # Imported here: the model and its dependencies load only when configured.
            from growpath.adapters import embeddings

            return embeddings.closeness(texts, documents)
        except MatchingInputError as missing:
            log.warning("resource ranking falls back to TF-IDF: %s", missing)
    return list(_tfidf_closeness(" ".join(texts), tuple(documents)))


# The same goals against the same library score the same: a pair's page asks again on every
# view, and fitting TF-IDF (scikit-learn's checks, SciPy's matrices) cost about a tenth of
# the engagement page's CPU. Keyed by the texts themselves, so an edited goal or resource
# is a new entry.
@lru_cache(maxsize=64)
def _tfidf_closeness(goals: str, documents: tuple[str, ...]) -> tuple[float, ...]:
    # Imported here: the web app serves its other pages without loading NumPy and SciPy.
    from growpath.matching.text import text_vectors

    vectors, docs = text_vectors([goals], documents, "tfidf")
    return tuple(float(x) for x in (docs @ vectors.T).toarray().ravel())


def rank_resources(
    ctx: Context, resources: Sequence[Module], texts: Sequence[str], themes: Sequence[str]
) -> list[ResourceSuggestion]:
    """Rank resources by closeness to the pair's goals, recent themes first; the best few, their
    shipped titles and the reasons in the reader's language."""
    said = [t for t in texts if t.strip()]
    if not resources or not (said or themes):
        return []
    scores = _closeness(ctx, said, [r.document() for r in resources]) if said else []
    say = Translator(ctx.locale)
    titles = {m.slug: m.title for m in shipped_modules(ctx.locale)}
    ranked = []
    for index, resource in enumerate(resources):
        similarity = scores[index] if scores else 0.0
        shared = [t for t in resource.themes if t in themes]
        # A theme from the last session outranks any similarity, as in the topic ranking.
        score = similarity + (1.0 if shared else 0.0)
        if score <= 0:
            continue
        because = ((say(CLOSE, score=f"{similarity:.2f}"),) if similarity > 0 else ()) + (
            (say(RECENT_THEMES, themes=", ".join(shared)),) if shared else ()
        )
        ranked.append((score, resource.title, resource, because))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [
        ResourceSuggestion(
            r.slug,
            titles.get(r.slug, r.title) if r.shipped else r.title,
            r.minutes,
            r.themes,
            because,
        )
        for _, _, r, because in ranked[:SUGGESTED]
    ]


def suggested_resources(ctx: Context, engagement_id: int) -> list[ResourceSuggestion]:
    """Return the library's resources that fit the pair's goals (the pair only)."""
    with ctx.uow() as uow:
        access_member_engagement(uow, ctx, engagement_id)
        return suggested_resources_in(uow, ctx, engagement_id)


def suggested_resources_in(
    uow: UnitOfWork, ctx: Context, engagement_id: int, words: PairWords | None = None
) -> list[ResourceSuggestion]:
    """Return the resources that fit the pair's goals, in a unit of work that checked access
    (which may pass the pair's words it read already)."""
    said = words or pair_words(uow, engagement_id)
    # A pair's library is the mentees', mentors' and coaches'; managers' resources stay theirs.
    # It is ranked on the English text, so both members of a pair get the same suggestions.
    resources = [m for m in catalogue(uow) if m.is_resource and m.audience != MANAGER]
    return rank_resources(
        ctx, resources, [*said.goal_titles, *said.enrolment_goals], said.last_themes
    )
