"""Benchmark: import 50,000 HRIS rows into SQLite, against a plain ORM baseline.

Run with `make bench-import` (or `python -m bench.people_import --rows 50000`).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine
from tests.factories import csv_bytes, org_rows

from growpath.adapters import migrate
from growpath.adapters.database import create_database_engine
from growpath.adapters.orm import PersonRow, PersonSkillRow
from growpath.bootstrap import bootstrap
from growpath.services.context import operator_context
from growpath.services.people_import import (
    import_people,
    read_records,
    validate_records,
)
from growpath.settings import Settings


def _fresh_engine(folder: Path, name: str) -> Engine:
    engine = create_database_engine(f"sqlite:///{folder / name}")
    migrate.upgrade(engine)
    return engine


def _growpath_import(engine: Engine, content: bytes) -> float:
    app = bootstrap(Settings(environment="development"), engine=engine)
    started = time.perf_counter()
    import_people(operator_context(app), content, "people.csv")
    return time.perf_counter() - started


def _orm_baseline(engine: Engine, content: bytes) -> float:
    """Validate the same way, then write with plain ORM objects in one transaction."""
    app = bootstrap(Settings(environment="development"), engine=engine)
    started = time.perf_counter()
    with app.uow() as uow:
        profiles = validate_records(read_records(content, "people.csv").records, [])
        rows = {}
        for _, profile in profiles.values():
            row = PersonRow(
                email=profile.email,
                name=profile.name,
                title=profile.title,
                department=profile.department,
                seniority_level=profile.seniority_level,
                job_family=profile.job_family,
                timezone=profile.timezone,
                languages=list(profile.languages),
                interests=list(profile.interests),
                bio=profile.bio,
                created_at=app.clock.now(),
                updated_at=app.clock.now(),
                skills=[PersonSkillRow(name=n, level=lvl) for n, lvl in profile.skills.items()],
            )
            rows[profile.email] = row
            uow.session.add(row)
        for _, profile in profiles.values():
            if profile.manager_email:
                rows[profile.email].manager = rows[profile.manager_email]
        uow.commit()
    return time.perf_counter() - started


def main() -> None:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    content = csv_bytes(org_rows(args.rows))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        validate_records(read_records(content, "people.csv").records, [])
        validate_only = time.perf_counter() - started
        first = _growpath_import(_fresh_engine(folder, "a.db"), content)
        engine = _fresh_engine(folder, "b.db")
        _growpath_import(engine, content)
        again = _growpath_import(engine, content)
        baseline = _orm_baseline(_fresh_engine(folder, "c.db"), content)
    table = Table(title=f"People import, {args.rows:,} rows, SQLite")
    for column in ("step", "seconds", "rows/s", "vs ORM baseline"):
        table.add_column(column, justify="right")
    for step, seconds in [
        ("validate only", validate_only),
        ("growpath import (new)", first),
        ("growpath re-import (update)", again),
        ("baseline: ORM add_all + commit", baseline),
    ]:
        table.add_row(
            step, f"{seconds:.2f}", f"{args.rows / seconds:,.0f}", f"{seconds / baseline:.2f}×"
        )
    Console().print(table)


if __name__ == "__main__":
    main()
