"""Check-ins fall due on day 30 then every 60 days, are e-mailed once, answered privately."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from growpath.adapters.clock import FixedClock
from growpath.adapters.orm import CheckInRow, NudgeRow
from growpath.bootstrap import Growpath
from growpath.domain.errors import Conflict, InvalidInput, NotFound
from growpath.services import checkins, nudges
from growpath.services.checkins import latest_due
from tests.factories import RecordingMailer
from tests.integration.conftest import Pair


def test_the_latest_due_date_follows_day_30_then_every_60_days() -> None:
    start = date(2026, 1, 1)
    assert latest_due(start, date(2026, 1, 30), 30, 60) is None
    assert latest_due(start, date(2026, 1, 31), 30, 60) == date(2026, 1, 31)
    assert latest_due(start, date(2026, 3, 31), 30, 60) == date(2026, 1, 31)
    assert latest_due(start, date(2026, 4, 1), 30, 60) == date(2026, 4, 1)


def test_a_year_of_check_ins_each_e_mailed_once_and_answered_privately(
    app: Growpath, running_pair: Pair, clock: FixedClock, mailer: RecordingMailer
) -> None:
    days_with_new = []
    for day in range(1, 366):
        clock.advance(timedelta(days=1))
        if checkins.schedule_checkins(app):
            days_with_new.append(day)
        nudges.deliver_due_nudges(app)
    assert days_with_new == [30, 90, 150, 210, 270, 330]
    assert len(mailer.sent) == 12  # two members, six check-ins each, never twice
    with app.uow() as uow:
        assert uow.session.query(NudgeRow).filter(NudgeRow.status == "sent").count() == 12
    (first, *_rest) = checkins.my_checkins(running_pair.mentee)
    answered = checkins.answer_checkin(
        running_pair.mentee, first.id, True, 4, 3, "quietly-worried-about-scope"
    )
    assert answered.answered_at is not None
    with app.uow() as uow:
        stored = uow.session.scalar(select(CheckInRow).where(CheckInRow.id == first.id))
        assert stored is not None and b"worried" not in (stored.comment_ciphertext or b"")
    with pytest.raises(Conflict, match="was answered"):
        checkins.answer_checkin(running_pair.mentee, first.id, True, 4, 3)
    with pytest.raises(NotFound):
        checkins.answer_checkin(running_pair.mentor, first.id, True, 4, 3)


def test_a_bad_answer_names_each_field(
    running_pair: Pair, clock: FixedClock, app: Growpath
) -> None:
    clock.advance(timedelta(days=31))
    checkins.schedule_checkins(app)
    (pending,) = checkins.my_checkins(running_pair.mentee)
    with pytest.raises(InvalidInput) as refused:
        checkins.answer_checkin(running_pair.mentee, pending.id, True, 0, 9)
    assert {p.field for p in refused.value.problems} == {"satisfaction", "progress"}
