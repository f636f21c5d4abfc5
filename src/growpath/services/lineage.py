"""Mentoring lineage in a program's report: former mentees who now guide, and how far it goes.

Only aggregates leave this module, each over at least k people or withheld, and they are read
from a published copy that moves only when k or more former mentees changed together
(growpath.domain.publication), so two reports never tell one person's step apart.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import replace

from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.lineage import (
    DEEPEST,
    GENERATION_LABELS,
    generations,
    lineage_state,
    published_people,
)
from growpath.domain.publication import CellKey, releasable
from growpath.domain.reporting import (
    Cell,
    Figure,
    Row,
    Table,
    Tally,
    suppress,
    with_bands,
)
from growpath.i18n import N_
from growpath.services.report_texts import Said

LINEAGE_DEFINITION = N_(
    "A former mentee is the participant of one of the program's engagements that was completed "
    "or ended early. They pay it forward once they guide someone (as mentor or coach, in any "
    "program) in an engagement that started after the one where they were guided. Generations "
    "count the longest chain onward: 1 guides others, 2 someone they guided guides too."
)
GENERATION_FIGURES: tuple[Figure, ...] = (
    Figure("people", N_("Former mentees"), "lineage", "people", lambda t: float(t.people)),
    Figure(
        "share_of_former_mentees",
        N_("Share of former mentees"),
        "lineage",
        "%",
        lambda t: 100.0 * t.people / t["all"],
    ),
)
FORWARD_FIGURES: tuple[Figure, ...] = (
    Figure("people", N_("Former mentees"), "lineage", "people", lambda t: float(t.people)),
    Figure("guiding", N_("Now guide others"), "lineage", "people", lambda t: t["guiding"]),
    Figure(
        "pay_it_forward_rate",
        N_("Pay-it-forward rate"),
        "lineage",
        "%",
        lambda t: 100.0 * t["guiding"] / t.people,
    ),
)

ALL_FORMER_MENTEES = N_("All former mentees")
GENERATIONS_TITLE = N_("Mentoring chains: generations onward")
FORWARD_TITLE = N_("Paying it forward")
# The rows of the generations table as messages, in the order of the domain's English labels.
LINEAGE_LABELS = (
    Said(N_("Not guiding anyone yet")),
    Said(N_("Guide others (1 generation)")),
    Said(N_("Their mentees guide too (2 generations)")),
    Said(N_("%(generations)s or more generations"), {"generations": DEEPEST}),
    Said(ALL_FORMER_MENTEES),
)


def publish_lineage(uow: UnitOfWork, program_id: int, k: int) -> dict[int, int]:
    """Publish the lineage changes that move every figure by 0 or k people or more; return
    the published generations of each former mentee."""
    current = generations(uow.lineage.mentorings(), program_id)
    published = uow.lineage.published(program_id)
    changes: dict[int, tuple[Mapping[CellKey, Hashable], Mapping[CellKey, Hashable]]] = {
        person: (lineage_state(published.get(person)), lineage_state(current.get(person)))
        for person in published.keys() | current.keys()
        if published.get(person) != current.get(person)
    }
    released = releasable(changes, published_people(published), k)
    uow.lineage.publish(program_id, {person: current.get(person) for person in released})
    return {
        **{p: g for p, g in published.items() if p not in released},
        **{p: current[p] for p in released if p in current},
    }


def lineage_tables(uow: UnitOfWork, program_id: int, k: int) -> tuple[Table, ...]:
    """Return the protected lineage tables of a program: paying it forward, and generations."""
    published = publish_lineage(uow, program_id, k)
    counts = [0] * len(GENERATION_LABELS)
    for generation in published.values():
        counts[generation] += 1
    total = sum(counts)
    line = suppress(counts, k)

    def cell(figure: Figure, tally: Tally, hidden: bool) -> Cell:
        return Cell(None, None) if hidden else Cell(figure.of(tally), tally.people)

    rows = tuple(
        Row(
            label,
            {
                f.key: cell(f, Tally(n, {"all": float(total)}), i in line.cells)
                for f in GENERATION_FIGURES
            },
        )
        for i, (label, n) in enumerate(zip(GENERATION_LABELS, counts, strict=True))
    )
    all_row = Row(
        ALL_FORMER_MENTEES,
        {
            f.key: cell(f, Tally(total, {"all": float(total)}), line.total)
            for f in GENERATION_FIGURES
        },
    )
    # The total's share is 100% by definition: only the groups' shares are banded.
    by_generation = replace(
        with_bands(
            Table(
                "lineage_generations",
                GENERATIONS_TITLE,
                "generations",
                GENERATION_FIGURES,
                rows,
                None,
            )
        ),
        total=all_row,
    )
    # Guiding is everyone but the first row: published only when that row and the total are,
    # so it can never be worked out where the table hides them.
    guiding = Tally(total, {"guiding": float(total - counts[0])})
    forward_hidden = line.total or 0 in line.cells
    forward = Table(
        "paying_it_forward",
        FORWARD_TITLE,
        "program",
        FORWARD_FIGURES,
        (),
        Row(ALL_FORMER_MENTEES, {f.key: cell(f, guiding, forward_hidden) for f in FORWARD_FIGURES}),
    )
    return with_bands(forward), by_generation
