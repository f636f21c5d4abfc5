"""A hand-built organisation whose mentoring lineage is worked out by hand in the tests.

Program "Lineage 2025" (mentoring): mentors g0–g11 guided mentees m0–m11 from 2025-01-06;
m0–m9 completed, m10–m11 ended early, so all twelve are former mentees. In "Lineage guides"
(started 2025-06-02), m0–m7 mentor n0–n7 (m_i guides n_i); in "Lineage next" (started
2025-10-06), n0–n4 mentor q0–q4. So:
- generations onward: m0–m4 have 2 (they guided n0–n4, who guide), m5–m7 have 1, m8–m11 have 0;
- 8 of the 12 former mentees pay it forward (66.67%).
With k = 3 the generations line (0: 4, 1: 3, 2: 5, 3+: 0) hides "3+" (none) and, to protect it,
the next smallest group, "1 generation" (3).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from growpath.adapters.orm import (
    EngagementMemberRow,
    EngagementRow,
    PersonRow,
    ProgramRow,
)
from growpath.bootstrap import Growpath
from growpath.services.competencies import ensure_catalogue
from growpath.services.context import operator_context

CREATED = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)


def build_lineage_world(app: Growpath) -> dict[str, int]:
    """Write the world above into the tables; return the ids of its programs and people."""
    ensure_catalogue(operator_context(app))
    ids: dict[str, int] = {}
    with app.uow() as uow:
        s = uow.session
        programs = {}
        for name in ("Lineage 2025", "Lineage guides", "Lineage next"):
            program = ProgramRow(name=name, kind="mentoring", format="one_to_one")
            program.created_at = CREATED
            s.add(program)
            programs[name] = program
        s.flush()
        ids.update({name: p.id for name, p in programs.items()})
        people: dict[str, PersonRow] = {}
        for prefix, count in (("g", 12), ("m", 12), ("n", 8), ("q", 5)):
            for n in range(count):
                person = PersonRow(
                    email=f"lineage-{prefix}{n}@example.com",
                    name=f"Lineage {prefix}{n}",
                    created_at=CREATED,
                    updated_at=CREATED,
                )
                s.add(person)
                people[f"{prefix}{n}"] = person
        s.flush()
        ids.update({key: p.id for key, p in people.items()})

        def engage(program: str, guide: str, participant: str, starts: date, status: str) -> None:
            engagement = EngagementRow(
                program_id=programs[program].id,
                kind="mentoring",
                status=status,
                starts_on=starts,
                cadence_days=14,
                created_at=CREATED,
            )
            s.add(engagement)
            s.flush()
            for key, role in ((guide, "guide"), (participant, "participant")):
                s.add(
                    EngagementMemberRow(
                        engagement_id=engagement.id, person_id=people[key].id, role=role
                    )
                )

        for n in range(12):
            status = "completed" if n < 10 else "ended_early"
            engage("Lineage 2025", f"g{n}", f"m{n}", date(2025, 1, 6), status)
        for n in range(8):
            engage("Lineage guides", f"m{n}", f"n{n}", date(2025, 6, 2), "active")
        for n in range(5):
            engage("Lineage next", f"n{n}", f"q{n}", date(2025, 10, 6), "active")
        uow.commit()
    return ids


def add_mentoring(app: Growpath, program_id: int, guide_id: int, participant_id: int) -> None:
    """Start one more mentoring, guide and participant given, on 2025-11-03."""
    with app.uow() as uow:
        engagement = EngagementRow(
            program_id=program_id,
            kind="mentoring",
            status="active",
            starts_on=date(2025, 11, 3),
            cadence_days=14,
            created_at=CREATED,
        )
        uow.session.add(engagement)
        uow.session.flush()
        for person_id, role in ((guide_id, "guide"), (participant_id, "participant")):
            uow.session.add(
                EngagementMemberRow(engagement_id=engagement.id, person_id=person_id, role=role)
            )
        uow.commit()
