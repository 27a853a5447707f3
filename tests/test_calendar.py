"""The practice calendar: 12 weeks of local days, at week and year edges, across time zones."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from history_support import record
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acutimer.history import calendar
from acutimer.history.calendar import MISSED, NONE, OUTSIDE, read_calendar
from acutimer.history.records import SessionRecord
from acutimer.history.store import HistoryStore, history_path

UTC1 = timezone(timedelta(hours=1))
TOKYO = timezone(timedelta(hours=9))
NEW_YORK_SUMMER = timezone(timedelta(hours=-4))
NEW_YORK_WINTER = timezone(timedelta(hours=-5))


def _calendar(
    tmp_path: Path, records: list[SessionRecord], today: date, planned=None
) -> calendar.Calendar:  # type: ignore[no-untyped-def]
    store = HistoryStore.open(history_path(tmp_path))
    try:
        store.add(records)
        found = read_calendar(store, today, planned)
    finally:
        store.close()
    assert found is not None
    return found


def test_no_session_no_calendar(tmp_path: Path) -> None:
    store = HistoryStore.open(history_path(tmp_path))
    try:
        assert read_calendar(store, date(2026, 12, 2)) is None
        # A session after "today" (a clock put back) does not make a calendar either.
        store.add([record(datetime(2026, 12, 5, 9, tzinfo=UTC1))])
        assert read_calendar(store, date(2026, 12, 2)) is None
    finally:
        store.close()


def test_twelve_weeks_from_a_monday_to_today(tmp_path: Path) -> None:
    today = date(2026, 12, 2)  # a Wednesday
    old = datetime(2026, 1, 5, 9, tzinfo=UTC1)  # long before: the calendar is 12 weeks
    found = _calendar(tmp_path, [record(old), record(datetime(2026, 12, 1, 9, tzinfo=UTC1))], today)
    assert found.first == date(2026, 9, 14)  # the Monday 11 weeks before this week's
    assert found.first.weekday() == 0 and found.weeks == 12
    assert len(found.days) == (today - found.first).days + 1 == 80
    rows = calendar.grid(found)
    assert [label for label, _ in rows] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    # This week: Monday, Tuesday (10 minutes: light... no, 10 is the second shade), Wednesday.
    assert [states[-1] for _, states in rows] == [NONE, "medium", NONE, *[OUTSIDE] * 4]


@pytest.mark.parametrize(
    ("today", "weeks", "last_column"),
    [
        (date(2026, 11, 30), 12, 1),  # a Monday: the last week has one day
        (date(2026, 12, 6), 12, 7),  # a Sunday: the last week is whole
    ],
)
def test_week_edges(tmp_path: Path, today: date, weeks: int, last_column: int) -> None:
    found = _calendar(tmp_path, [record(datetime(2026, 6, 1, 9, tzinfo=UTC1))], today)
    assert found.weeks == weeks
    shown = [states[-1] != OUTSIDE for _, states in calendar.grid(found)]
    assert sum(shown) == last_column
    assert found.first == today - timedelta(days=today.weekday()) - timedelta(weeks=11)


def test_since_the_first_session_when_that_is_later(tmp_path: Path) -> None:
    today = date(2026, 12, 2)
    found = _calendar(tmp_path, [record(datetime(2026, 11, 20, 9, tzinfo=UTC1))], today)
    assert found.first == date(2026, 11, 20) and found.weeks == 3  # Fri 20 Nov's week to now
    assert [states[0] for _, states in calendar.grid(found)] == [OUTSIDE] * 4 + ["medium"] + [
        NONE
    ] * 2


def test_year_edge_labels_the_months_and_both_years(tmp_path: Path) -> None:
    today = date(2027, 1, 3)  # a Sunday
    records = [
        record(datetime(2026, 12, 31, 23, 30, tzinfo=UTC1), minutes=25),
        record(datetime(2027, 1, 1, 0, 10, tzinfo=UTC1), minutes=35),
        record(datetime(2026, 10, 1, 9, tzinfo=UTC1), minutes=5),
    ]
    found = _calendar(tmp_path, records, today)
    by_day = {d.day: d for d in found.days}
    assert by_day[date(2026, 12, 31)].state == "dark"  # 25 minutes, counted on its start day
    assert by_day[date(2027, 1, 1)].state == "full"
    assert calendar.span_text(found) == "Mon 12 Oct 2026 – Sun 3 Jan 2027"
    months = calendar.month_row(found)
    assert months.split() == ["Oct", "Nov", "Dec", "Jan"]
    # Each label sits over the week that holds the 1st: Jan over 28 Dec - 3 Jan, the last column.
    assert months.index("Jan") == calendar.LABEL + calendar.CELL * (found.weeks - 1)


def test_a_session_counts_for_the_local_day_it_started_on_in_its_own_zone(
    tmp_path: Path,
) -> None:
    today = date(2026, 11, 10)
    records = [
        # 23:30 in Tokyo on the 3rd is 14:30 UTC on the 3rd and 09:30 in New York.
        record(datetime(2026, 11, 3, 23, 30, tzinfo=TOKYO), minutes=12),
        # 00:30 on the 5th in Tokyo is still the 4th in UTC: it counts for the 5th.
        record(datetime(2026, 11, 5, 0, 30, tzinfo=TOKYO), minutes=12),
        # New York across its change of clocks (1 November 2026): 01:30 before and after.
        record(datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK_SUMMER), minutes=5),
        record(datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK_WINTER), minutes=5),
    ]
    found = _calendar(tmp_path, records, today)
    by_day = {d.day: d for d in found.days}
    assert (by_day[date(2026, 11, 3)].minutes, by_day[date(2026, 11, 4)].minutes) == (12, 0)
    assert by_day[date(2026, 11, 5)].minutes == 12
    sunday = by_day[date(2026, 11, 1)]  # both runs of 01:30 on the day the clocks went back
    assert (sunday.sessions, sunday.minutes, sunday.state) == (2, 10, "medium")


def test_planned_days_missed_look_different_and_today_is_not_missed_yet(tmp_path: Path) -> None:
    today = date(2026, 12, 2)  # Wednesday
    records = [
        record(datetime(2026, 11, 16, 9, tzinfo=UTC1), minutes=5),  # two weeks back: done
        record(datetime(2026, 11, 30, 9, tzinfo=UTC1), minutes=5),  # Monday: done
        # Tuesday: only an abandoned session, so the plan's day was missed whatever its minutes.
        record(datetime(2026, 12, 1, 9, tzinfo=UTC1), minutes=15, status="abandoned"),
    ]
    found = _calendar(tmp_path, records, today, planned=lambda day: day.weekday() < 5)
    this_week = [states[-1] for _, states in calendar.grid(found)][:3]
    assert this_week == ["light", MISSED, NONE]  # today is not missed before it ends
    saturday = next(d for d in found.days if d.day == date(2026, 11, 28))
    assert (saturday.planned, saturday.state) == (False, NONE)  # unplanned, no practice
    assert found.missed == 1 + 9  # Tuesday, and the weekdays of 17 to 27 November
    assert "× planned, missed" in calendar.legend(found)[0]
    assert "10 planned days missed" in calendar.summary(found)


def test_without_a_plan_no_day_is_missed_and_the_legend_says_nothing_of_it(
    tmp_path: Path,
) -> None:
    found = _calendar(tmp_path, [record(datetime(2026, 11, 2, 9, tzinfo=UTC1))], date(2026, 12, 2))
    assert found.missed == 0
    assert "missed" not in " ".join(calendar.legend(found)) + calendar.summary(found)


@pytest.mark.parametrize(
    ("minutes", "state"),
    [(0.5, "light"), (9.99, "light"), (10, "medium"), (19.9, "medium"), (20, "dark"),
     (30, "full"), (300, "full")],
)  # fmt: skip
def test_shades_are_on_a_fixed_scale(minutes: float, state: str) -> None:
    assert calendar.shade(minutes) == state


def test_every_state_has_its_own_glyph_so_it_reads_without_colour() -> None:
    glyphs = [calendar.GLYPHS[s] for s in calendar.STATES]
    assert len(set(glyphs)) == len(glyphs)


def test_the_legend_wraps_without_breaking_a_part() -> None:
    found = calendar.Calendar(date(2026, 12, 1), date(2026, 12, 2), [], planned=True)
    rows = calendar.legend(found, width=30)
    assert all(len(row) <= 30 for row in rows)
    assert " ".join(rows).count("min") == 2 and len(rows) > 1


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 120 * 24 * 60),  # minutes before today's end
            st.integers(-12 * 60, 14 * 60).map(lambda m: m - m % 15),  # a UTC offset
            st.integers(1, 60),  # minutes long
        ),
        min_size=1,
        max_size=30,
    )
)
def test_every_session_counts_once_on_its_own_local_day(
    tmp_path_factory: pytest.TempPathFactory, sessions: list[tuple[int, int, int]]
) -> None:
    today = date(2027, 1, 3)
    end_of_today = datetime(2027, 1, 4, tzinfo=UTC1)
    records = []
    for before, offset, minutes in sessions:
        zone = timezone(timedelta(minutes=offset))
        start = (end_of_today - timedelta(minutes=before + 1)).astimezone(zone)
        records.append(record(start, minutes=minutes))
    found = (
        _calendar(tmp_path_factory.mktemp("h"), records, today)
        if any(r.started_at.date() <= today for r in records)
        else None
    )
    if found is None:
        return
    shown = [r for r in records if found.first <= r.started_at.date() <= today]
    by_day = {d.day: d for d in found.days}
    assert sum(d.sessions for d in found.days) == len(shown)
    assert sum(d.minutes for d in found.days) == pytest.approx(
        sum(r.active_seconds for r in shown) / 60
    )
    for r in shown:
        assert by_day[r.started_at.date()].sessions >= 1
