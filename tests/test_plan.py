"""The plan: its arithmetic (every, at, times, between, days, across midnight and DST, time
zones), done-matching from the history, and the plan file with its clear errors."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acutimer.plan.model import Plan, PlanEntry
from acutimer.plan.schedule import day_slots, entry_minutes, entry_slots, next_slot, slots_between
from acutimer.plan.store import changing, load_plan, parse_plan, plan_path, plan_toml, save_plan
from acutimer.plan.today import DONE, DUE, LATER, MISSED, SKIPPED, Done, day_views, match_done
from acutimer.routine.errors import AcutimerError
from acutimer.routine.practice import WEEKDAYS, clock_text

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
MONDAY = date(2026, 3, 2)


def entry(**kwargs: object) -> PlanEntry:
    kwargs.setdefault("routine", "r")
    return PlanEntry(**kwargs)  # type: ignore[arg-type]


def walls(slots: list) -> list[str]:  # type: ignore[type-arg]
    return [s.local(PARIS).strftime("%a %H:%M") for s in slots]


# --- arithmetic -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "times"),
    [
        ({"times": 1}, ["13:30"]),
        ({"times": 2}, ["11:15", "15:45"]),
        ({"times": 3}, ["10:30", "13:30", "16:30"]),
        ({"times": 3, "between": "08:00-12:00"}, ["08:40", "10:00", "11:20"]),
        ({"every": 7200.0}, ["09:00", "11:00", "13:00", "15:00", "17:00"]),
        ({"every": 3 * 3600.0, "between": "09:00-18:00"}, ["09:00", "12:00", "15:00", "18:00"]),
        ({"at": ["15:30", "10:00"]}, ["15:30", "10:00"]),
    ],
)
def test_worked_times_of_a_day(kwargs: dict[str, object], times: list[str]) -> None:
    made = entry(**kwargs)
    assert [clock_text(m) for m in entry_minutes(made)] == sorted(times)


def test_times_spread_each_in_the_middle_of_its_share_of_the_window() -> None:
    minutes = entry_minutes(entry(times=4, between="09:00-17:00"))
    assert [clock_text(m) for m in minutes] == ["10:00", "12:00", "14:00", "16:00"]


def test_days_decide_which_days_have_times() -> None:
    weekdays = Plan(routines=[entry(times=1, days=list(WEEKDAYS[:5]))])
    week = [MONDAY + timedelta(days=i) for i in range(7)]
    assert [bool(day_slots(weekdays, d, PARIS)) for d in week] == [True] * 5 + [False] * 2


def test_a_window_across_midnight_keeps_its_late_times_on_the_day_it_started() -> None:
    late = entry(every=3600.0, between="22:00-01:00", days=["mon"])
    monday = entry_slots(late, MONDAY, PARIS)
    assert walls(monday) == ["Mon 22:00", "Mon 23:00", "Tue 00:00", "Tue 01:00"]
    assert {s.day for s in monday} == {MONDAY}
    assert entry_slots(late, MONDAY + timedelta(days=1), PARIS) == []  # Tuesday is not planned
    assert monday[2].key == "r@2026-03-02T00:00+1d"


def test_the_night_dst_starts_a_skipped_time_moves_on_and_never_doubles() -> None:
    spring = date(2026, 3, 29)  # Paris: 02:00 jumps to 03:00
    slots = entry_slots(entry(every=1800.0, between="01:00-04:00"), spring, PARIS)
    assert [s.local(PARIS).strftime("%H:%M") for s in slots] == [
        "01:00",
        "01:30",
        "03:00",
        "03:30",
        "04:00",
    ]
    assert len({s.at for s in slots}) == len(slots)
    assert [s.wall for s in slots] == ["01:00", "01:30", "03:00", "03:30", "04:00"]
    [moved] = entry_slots(entry(at=["02:30"]), spring, PARIS)
    assert (moved.local(PARIS).strftime("%H:%M"), moved.wall) == ("03:30", "02:30")


def test_the_night_dst_ends_a_repeated_hour_gives_each_time_once() -> None:
    autumn = date(2026, 10, 25)  # Paris: 03:00 goes back to 02:00
    slots = entry_slots(entry(every=1800.0, between="01:00-04:00"), autumn, PARIS)
    assert [s.wall for s in slots] == [
        "01:00",
        "01:30",
        "02:00",
        "02:30",
        "03:00",
        "03:30",
        "04:00",
    ]
    instants = [s.at for s in slots]
    assert instants == sorted(instants) and len(set(instants)) == 7
    two_thirty = slots[3].at
    assert slots[3].local(PARIS).utcoffset() == timedelta(hours=2)  # the first 02:30 (summer)
    assert (slots[4].at - two_thirty) == timedelta(hours=1, minutes=30)


def test_a_planned_time_is_the_wall_time_where_you_are() -> None:
    plan = Plan(routines=[entry(at=["10:00"])])
    [paris] = day_slots(plan, MONDAY, PARIS)
    [new_york] = day_slots(plan, MONDAY, NEW_YORK)
    assert paris.key == new_york.key  # the same 10:00: done once, reminded once
    assert new_york.at - paris.at == timedelta(hours=6)


def test_next_slot_goes_over_a_weekend() -> None:
    plan = Plan(routines=[entry(at=["10:00"], days=list(WEEKDAYS[:5]))])
    friday_noon = datetime(2026, 3, 6, 12, 0, tzinfo=PARIS)
    upcoming = next_slot(plan, friday_noon, PARIS)
    assert upcoming is not None and upcoming.at == datetime(2026, 3, 9, 10, 0, tzinfo=PARIS)
    assert next_slot(Plan(), friday_noon, PARIS) is None


def test_slots_between_include_the_start_and_leave_out_the_end() -> None:
    plan = Plan(routines=[entry(every=3600.0, between="09:00-12:00")])
    start = datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)
    found = slots_between(plan, start, start + timedelta(hours=2), PARIS)
    assert walls(found) == ["Mon 10:00", "Mon 11:00"]


@given(
    st.integers(1, 24),
    st.sampled_from(["09:00-18:00", "22:00-02:00", "00:00-23:59", "05:00-05:30"]),
    st.dates(date(2025, 1, 1), date(2027, 12, 31)),
    st.sampled_from([PARIS, NEW_YORK, ZoneInfo("Australia/Lord_Howe"), ZoneInfo("UTC")]),
)
def test_times_are_increasing_distinct_instants_inside_the_window(
    times: int, window: str, day: date, zone: ZoneInfo
) -> None:
    slots = entry_slots(entry(times=times, between=window), day, zone)
    instants = [s.at for s in slots]
    assert instants == sorted(set(instants))
    assert 1 <= len(slots) <= times
    assert len({s.key for s in slots}) == len(slots)


# --- done, due, missed ------------------------------------------------------------------------


def at(day: date, hhmm: str, zone: ZoneInfo = PARIS) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=zone)


TWICE = Plan(routines=[entry(routine="low", times=2)])  # 11:15 and 15:45


def test_a_completed_session_marks_the_nearest_open_time() -> None:
    slots = day_slots(TWICE, MONDAY, PARIS)
    early = Done("low", at(MONDAY, "08:30"))
    noon = Done("low", at(MONDAY, "12:00"))
    done = match_done(slots, [noon, early])
    assert done == {slots[0].key: early.started_at, slots[1].key: noon.started_at}


def test_sessions_of_other_routines_or_other_days_do_not_count() -> None:
    slots = day_slots(TWICE, MONDAY, PARIS)
    sessions = [
        Done("other", at(MONDAY, "11:15")),
        Done("low", at(MONDAY - timedelta(days=1), "18:00")),  # yesterday's extra session
    ]
    assert match_done(slots, sessions) == {}


def test_a_session_after_midnight_does_the_late_time_of_the_day_before() -> None:
    late = Plan(routines=[entry(routine="night", at=["23:30"])])
    slots = day_slots(late, MONDAY, PARIS)
    done = match_done(slots, [Done("night", at(MONDAY + timedelta(days=1), "00:10"))])
    assert list(done) == [slots[0].key]


def test_one_session_does_one_time() -> None:
    slots = day_slots(TWICE, MONDAY, PARIS)
    assert len(match_done(slots, [Done("low", at(MONDAY, "13:30"))])) == 1


def test_statuses_through_the_day() -> None:
    def statuses(now: str, sessions: list[Done], marks: dict[str, str] | None = None) -> list[str]:
        views = day_views(TWICE, MONDAY, at(MONDAY, now), PARIS, sessions, marks)
        return [v.status for v in views]

    assert statuses("09:00", []) == [LATER, LATER]
    assert statuses("11:15", []) == [DUE, LATER]
    assert statuses("12:14", []) == [DUE, LATER]
    assert statuses("12:15", []) == [MISSED, LATER]
    assert statuses("12:15", [Done("low", at(MONDAY, "11:20"))]) == [DONE, LATER]
    assert statuses("16:00", [Done("low", at(MONDAY, "16:00"))]) == [MISSED, DONE]
    key = day_slots(TWICE, MONDAY, PARIS)[0].key
    assert statuses("13:00", [], {key: SKIPPED}) == [SKIPPED, LATER]


def test_a_time_is_due_until_the_routine_s_next_time_when_that_is_sooner() -> None:
    often = Plan(routines=[entry(routine="r", every=1800.0, between="09:00-10:00")])
    views = day_views(often, MONDAY, at(MONDAY, "09:40"), PARIS, [])
    assert [v.status for v in views] == [MISSED, DUE, LATER]


def test_done_matching_is_the_same_when_the_history_was_written_in_another_zone() -> None:
    # A session recorded in New York at 05:20 local is 11:20 in Paris.
    session = Done("low", datetime(2026, 3, 2, 5, 20, tzinfo=NEW_YORK).astimezone(PARIS))
    views = day_views(TWICE, MONDAY, at(MONDAY, "12:30"), PARIS, [session])
    assert views[0].status == DONE


# --- the plan file ----------------------------------------------------------------------------


def test_a_plan_survives_its_own_file() -> None:
    plan = Plan(
        routines=[
            entry(routine="a", times=2, between="09:00-18:00", days=["mon", "tue"]),
            entry(routine="b", at=["10:00", "15:30"]),
            entry(routine="c", every=5400.0, between="21:00-01:00"),
        ]
    )
    text = plan_toml(plan)
    assert 'every = "1h30m"' in text and 'days = "mon,tue"' in text
    assert parse_plan(text, "plan.toml") == plan
    assert parse_plan(text, "plan.toml") == plan  # again, from the validation cache


@pytest.mark.parametrize(
    ("text", "line", "key", "message"),
    [
        ('[[routines]]\nroutine = "a"\nevrey = "2h"\n', 3, "routines[0].evrey", "did you mean"),
        ('[[routines]]\nroutine = "a"\nat = ["25:00"]\n', 3, "routines[0].at", "time of day"),
        ('[[routines]]\nroutine = "a"\nevery = "1m"\n', 3, "routines[0].every", "out of range"),
        ('[[routines]]\nroutine = "a"\ntimes = 99\n', 3, "routines[0].times", "from 1 to 24"),
        ('[[routines]]\nroutine = "a"\nevery = "10m"\n', 1, "routines[0]", "55 times a day"),
        (
            '[[routines]]\nroutine = "a"\ntimes = 2\ndays = "mon-frx"\n',
            4,
            "routines[0].days",
            "fri",
        ),
        ('[[routines]]\nroutine = "a"\n', 1, "routines[0]", "exactly one of at, every or times"),
        (
            '[[routines]]\nroutine = "a"\ntimes = 2\n[[routines]]\nroutine = "a"\ntimes = 1\n',
            1,
            "routines",
            "planned twice",
        ),
        ('[[routine]]\nroutine = "a"\n', 1, "routine", "did you mean 'routines'?"),
        ('x = 1\nroutines = [\n"a",\n=', 4, "", "is not valid TOML"),
    ],
)
def test_a_bad_plan_names_file_key_and_line(text: str, line: int, key: str, message: str) -> None:
    with pytest.raises(AcutimerError) as caught:
        parse_plan(text, "plan.toml")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.key) == ("plan.toml", line, key)
    assert message in str(problem)


def test_no_plan_file_is_an_empty_plan_and_an_empty_file_too(acutimer_home: Path) -> None:
    assert load_plan() == Plan()
    plan_path().parent.mkdir(parents=True)
    plan_path().write_text("\n# nothing yet\n")
    assert load_plan() == Plan()


def test_a_fifo_or_a_folder_is_refused_without_blocking(acutimer_home: Path) -> None:
    acutimer_home.mkdir()
    os.mkfifo(plan_path())
    with pytest.raises(AcutimerError, match="not a regular file"):
        load_plan()
    plan_path().unlink()
    plan_path().mkdir()
    with pytest.raises(AcutimerError, match="is a directory"):
        load_plan()


def test_a_poisoned_cache_entry_is_not_trusted(acutimer_home: Path) -> None:
    import json

    from acutimer.routine import vcache

    text = '[[routines]]\nroutine = "a"\ntimes = 2\n'
    parse_plan(text, "plan.toml")
    [cached] = (acutimer_home / "cache" / "validated" / "plans").glob("*.json")
    # Sealed again, as a forger would: only the plan's own checks stand in the way.
    forged = json.dumps({"routines": [{"routine": "a", "times": "lots"}]})
    cached.write_text(vcache.seal(cached.stem, forged))
    assert vcache.get("plans", cached.stem) is not None
    plan = parse_plan(text, "plan.toml")
    assert plan.routines[0].times == 2


@pytest.mark.parametrize("since", ["2026-12-02 01:04:59+00:00", "2026-12-02"])
def test_a_plan_with_a_since_is_read_back_from_the_cache_without_validating_again(
    acutimer_home: Path, monkeypatch: pytest.MonkeyPatch, since: str
) -> None:
    # Every entry `plan add` writes has a since; its cache entry once never rebuilt (a date had
    # no plain check), so each read paid for pydantic (half a second of `acutimer history`).
    from acutimer.routine import validation

    text = f'[[routines]]\nroutine = "a"\ntimes = 2\nsince = {since}\n'
    first = parse_plan(text, "plan.toml")

    def no_validation(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated again: the cache was not used")

    monkeypatch.setattr(validation, "validate", no_validation)
    again = parse_plan(text, "plan.toml")
    assert again == first and again.routines[0].since == first.routines[0].since


def test_changing_saves_atomically_and_a_failed_change_saves_nothing(acutimer_home: Path) -> None:
    with changing() as plan:
        plan.routines.append(entry(routine="a", times=2))
    before = plan_path().read_text()
    with pytest.raises(RuntimeError), changing() as plan:
        plan.routines.clear()
        raise RuntimeError("interrupted")
    assert plan_path().read_text() == before
    assert [p.name for p in plan_path().parent.iterdir() if p.name.endswith(".tmp")] == []


def test_save_plan_reports_an_unwritable_home(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(AcutimerError, match="cannot be written"):
        save_plan(Plan(), blocker / "plan.toml")


def test_slots_carry_aware_instants() -> None:
    [slot] = day_slots(Plan(routines=[entry(at=["10:00"])]), MONDAY, PARIS)
    assert slot.at.astimezone(UTC).hour == 9


_VALUES = st.one_of(
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.booleans(),
    st.lists(st.text(max_size=6), max_size=4),
    st.sampled_from(["10:00", "2h", "09:00-18:00", "mon-fri", "23:59-00:00", "0", "1e9"]),
)
_ENTRY = st.dictionaries(
    st.sampled_from(["routine", "at", "every", "times", "between", "days", "since", "x"]),
    _VALUES,
    max_size=6,
)


@given(st.lists(_ENTRY, max_size=4))
def test_any_plan_data_is_a_plan_or_a_clear_error(entries: list[dict[str, object]]) -> None:
    import tomli_w

    try:
        text = tomli_w.dumps({"routines": entries})
    except (TypeError, ValueError, OverflowError):
        return
    try:
        plan = parse_plan(text, "plan.toml")
    except AcutimerError as error:
        assert all(p.file == "plan.toml" and p.message for p in error.problems)
        return
    for entry in plan.routines:  # what was accepted gives sane times
        for day in (MONDAY, date(2026, 3, 29), date(2026, 10, 25)):
            slots = entry_slots(entry, day, PARIS)
            assert len(slots) <= 24


@given(st.text(max_size=200))
def test_any_text_is_a_plan_or_a_clear_error(text: str) -> None:
    try:
        parse_plan(text, "plan.toml")
    except AcutimerError as error:
        assert error.problems


def test_times_before_an_entry_was_planned_are_not_held_against_it() -> None:
    text = '[[routines]]\nroutine = "a"\nat = ["09:00", "15:00"]\nsince = {}\n'
    added = parse_plan(text.format("2026-03-02T12:30:00+01:00"), "plan.toml").routines[0]
    assert [s.wall for s in entry_slots(added, MONDAY, PARIS)] == ["15:00"]
    assert entry_slots(added, MONDAY - timedelta(days=1), PARIS) == []
    assert len(entry_slots(added, MONDAY + timedelta(days=1), PARIS)) == 2
    by_day = parse_plan(text.format("2026-03-02"), "plan.toml").routines[0]
    assert len(entry_slots(by_day, MONDAY, PARIS)) == 2
    assert entry_slots(by_day, MONDAY - timedelta(days=1), PARIS) == []
    again = parse_plan(text.format("2026-03-02T12:30:00+01:00"), "plan.toml").routines[0]
    assert again == added  # the same, rebuilt from the validation cache
