"""A seeded organisation for the outcome comparison, written straight into the tables.

As of the test clock (2026-01-05), mentoring program "Outcome world" started 2024-10-01 with
60 mentees; 300 people never enrolled anywhere. Everyone is in Platform or Data, level 2 or 3,
hired 2022-01-10 or 2024-03-04. Participants stay a year with probability 0.9, the others 0.8;
one in five of each is promoted one level during the year.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from growpath.adapters.orm import EnrolmentRow, LevelSeenRow, PersonRow, ProgramRow
from growpath.bootstrap import Growpath

STARTS = date(2024, 10, 1)
CREATED = datetime(2024, 9, 1, 9, 0, tzinfo=UTC)


def build_outcome_world(
    app: Growpath,
    participants: int = 60,
    others: int = 300,
    seed: int = 7,
    name: str = "Outcome world",
) -> int:
    """Write the organisation above; return the program's id."""
    rng = random.Random(seed)
    with app.uow() as uow:
        s = uow.session
        program = ProgramRow(
            name=name, kind="mentoring", format="one_to_one", starts_on=STARTS, created_at=CREATED
        )
        s.add(program)
        s.flush()
        for n in range(participants + others):
            participant = n < participants
            level = rng.choice((2, 3))
            hired = rng.choice((date(2022, 1, 10), date(2024, 3, 4)))
            stays = rng.random() < (0.9 if participant else 0.8)
            promoted = rng.random() < 0.2
            person = PersonRow(
                email=f"{name.lower().replace(' ', '-')}-{n}@example.com",
                name=f"Outcome {n}",
                department=rng.choice(("Platform", "Data")),
                seniority_level=level + promoted,
                hire_date=hired,
                leave_date=None if stays else STARTS + timedelta(days=rng.randint(1, 364)),
                created_at=CREATED,
                updated_at=CREATED,
            )
            s.add(person)
            s.flush()
            s.add(LevelSeenRow(person_id=person.id, level=level, seen_on=hired))
            if promoted:
                seen = STARTS + timedelta(days=rng.randint(20, 360))
                s.add(LevelSeenRow(person_id=person.id, level=level + 1, seen_on=seen))
            if participant:
                s.add(
                    EnrolmentRow(
                        program_id=program.id,
                        person_id=person.id,
                        role="mentee",
                        capacity=0,
                        created_at=CREATED,
                    )
                )
        uow.commit()
        return program.id
