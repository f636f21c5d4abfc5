"""Finding a time: proposed slots suit both people's hours and never touch a busy time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from growpath.domain.errors import Conflict, InvalidInput
from growpath.domain.slots import (
    MAX_SLOTS,
    MIN_NOTICE,
    Interval,
    WorkingHours,
    check_free,
    default_hours,
    overlaps,
    propose_slots,
    widened,
    within_hours,
    working_hours,
)

# A Monday morning in January.
NOW = datetime(2026, 1, 5, 7, 13, tzinfo=UTC)
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney")


@st.composite
def hours(draw: st.DrawFn) -> WorkingHours:
    """Working hours of someone somewhere: some days, a start before an end."""
    days = draw(st.frozensets(st.integers(0, 6), min_size=1))
    start = draw(st.integers(0, 22 * 4))
    end = draw(st.integers(start + 1, 23 * 4 + 3))
    return WorkingHours(
        days,
        time(start // 4, start % 4 * 15),
        time(end // 4, end % 4 * 15),
        draw(st.sampled_from(ZONES)),
    )


@st.composite
def busy(draw: st.DrawFn) -> list[Interval]:
    """Busy intervals over the next two weeks, of a quarter hour to a day."""
    intervals = []
    for _ in range(draw(st.integers(0, 40))):
        start = NOW + timedelta(minutes=15 * draw(st.integers(0, 14 * 96)))
        intervals.append((start, start + timedelta(minutes=15 * draw(st.integers(1, 96)))))
    return intervals


@settings(max_examples=150, deadline=None)
@given(
    first=hours(),
    second=hours(),
    taken=busy(),
    minutes=st.sampled_from([15, 30, 45, 60, 90, 120]),
    offset=st.integers(0, 7 * 24 * 60),
)
def test_proposed_slots_fit_both_peoples_hours_and_never_overlap_busy_times(
    first: WorkingHours, second: WorkingHours, taken: list[Interval], minutes: int, offset: int
) -> None:
    now = NOW + timedelta(minutes=offset)
    slots = propose_slots(now, minutes, [first, second], taken)
    assert 0 <= len(slots) <= MAX_SLOTS
    starts = [slot.starts_at for slot in slots]
    assert starts == sorted(starts)
    for slot in slots:
        assert slot.ends_at - slot.starts_at == timedelta(minutes=minutes)
        assert slot.starts_at >= now + MIN_NOTICE
        assert slot.ends_at <= now + timedelta(days=14)
        assert within_hours(first, slot.starts_at, slot.ends_at)
        assert within_hours(second, slot.starts_at, slot.ends_at)
        assert not overlaps(slot.starts_at, slot.ends_at, taken)
    # Slots never overlap each other, and the same question gets the same answer.
    for earlier, later in zip(slots, slots[1:], strict=False):
        assert earlier.ends_at <= later.starts_at
    assert propose_slots(now, minutes, [first, second], taken) == slots


@settings(max_examples=60, deadline=None)
@given(first=hours(), second=hours(), taken=busy())
def test_slots_go_to_different_days_before_a_day_gets_a_second(
    first: WorkingHours, second: WorkingHours, taken: list[Interval]
) -> None:
    slots = propose_slots(NOW, 30, [first, second], taken)
    days = [slot.starts_at.astimezone(ZoneInfo(first.time_zone)).date() for slot in slots]
    if len(set(days)) < len(days):
        # A day holds two only when no other day of the fortnight had a free slot left.
        everything = propose_slots(NOW, 30, [first, second], taken, count=10_000)
        every_day = {s.starts_at.astimezone(ZoneInfo(first.time_zone)).date() for s in everything}
        assert set(days) == every_day


def test_berlin_and_new_york_meet_in_the_hours_they_share() -> None:
    berlin = default_hours("Europe/Berlin")
    new_york = default_hours("America/New_York")
    slots = propose_slots(NOW, 60, [berlin, new_york], [])
    assert len(slots) == MAX_SLOTS
    # 9:00 in New York is 15:00 in Berlin; Berlin's day ends at 17:00: 14:00–16:00 UTC.
    for slot in slots:
        assert time(14) <= slot.starts_at.time() and slot.ends_at.time() <= time(16)
    assert len({slot.starts_at.date() for slot in slots}) == MAX_SLOTS
    assert all(slot.starts_at.weekday() < 5 for slot in slots)


def test_a_busy_morning_pushes_the_slot_past_it_and_its_buffer() -> None:
    person = default_hours("UTC")
    tuesday_session = [(datetime(2026, 1, 6, 9, tzinfo=UTC), datetime(2026, 1, 6, 10, tzinfo=UTC))]
    busy = widened(tuesday_session, timedelta(minutes=15))
    slots = propose_slots(datetime(2026, 1, 5, 18, tzinfo=UTC), 60, [person, person], busy)
    assert slots[0].starts_at == datetime(2026, 1, 6, 10, 30, tzinfo=UTC)


def test_no_shared_hours_means_no_slots() -> None:
    early = working_hours([0, 1, 2, 3, 4], time(6), time(9), "UTC")
    late = working_hours([0, 1, 2, 3, 4], time(10), time(18), "UTC")
    assert propose_slots(NOW, 30, [early, late], []) == []


def test_bad_working_hours_are_refused_naming_each_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        working_hours([], time(17), time(9), "Mars/Olympus")
    assert {p.field for p in refused.value.problems} == {"days", "ends", "time_zone"}
    with pytest.raises(InvalidInput) as refused:
        working_hours([7], time(9), time(17), "UTC")
    assert [p.field for p in refused.value.problems] == ["days"]


def test_a_slot_taken_meanwhile_or_too_soon_is_refused_with_what_to_do() -> None:
    person = default_hours("UTC")
    start = datetime(2026, 1, 6, 9, tzinfo=UTC)
    check_free(start, 60, [person, person], [], NOW)
    with pytest.raises(Conflict, match="no longer free"):
        check_free(start, 60, [person, person], [(start, start + timedelta(minutes=30))], NOW)
    with pytest.raises(Conflict, match="less than an hour"):
        check_free(NOW + timedelta(minutes=30), 60, [person, person], [], NOW)
