"""The demo seeds at any hour of the day, not only when UTC and its people share a date."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import bootstrap
from growpath.services.context import local_today
from growpath.services.demo import seed_demo
from tests.conftest import settings_for
from tests.e2e.browser.conftest import login_of
from tests.factories import RecordingMailer

# Just after midnight UTC on a Tuesday: still Monday evening for the demo's people in the
# Americas, whose "today" the practice log checks a conversation's day against.
AFTER_MIDNIGHT_UTC = datetime(2026, 1, 6, 0, 30, tzinfo=UTC)


def test_the_demo_seeds_just_after_midnight_utc_with_each_day_in_its_manager_s_zone(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    clock = FixedClock(AFTER_MIDNIGHT_UTC)
    app = bootstrap(
        settings_for(sqlite_engine, tmp_path),
        clock=clock,
        mailer=RecordingMailer(),
        engine=sqlite_engine,
    )
    demo = seed_demo(app)
    with app.uow() as uow:
        manager = uow.people.by_email(login_of(demo, "manager"))
        assert manager is not None
        days, zone = uow.practice.days_of(manager.id), manager.timezone
    their_today = local_today(AFTER_MIDNIGHT_UTC, zone)
    assert their_today != AFTER_MIDNIGHT_UTC.date(), (
        "the demo manager's zone shares UTC's date at this hour: the test proves nothing"
    )
    # This week's conversation is logged on the manager's today, none on UTC's tomorrow.
    assert max(days) == their_today
