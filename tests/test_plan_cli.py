"""``acutimer plan``, ``plan add`` (by the routine's advice, and overridden), ``plan remove``,
and ``acutimer history`` against the plan: done-matching from the history, planned-day streaks."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from history_support import record

from acutimer.commands.cli import main
from acutimer.commands.history import cmd_history
from acutimer.commands.plan import cmd_plan
from acutimer.history.store import HistoryStore, history_path
from acutimer.plan.state import SKIPPED, RemindState, save_state
from acutimer.plan.store import load_plan, plan_path
from acutimer.plan.today import planned_streak

PARIS = ZoneInfo("Europe/Paris")
WEDNESDAY = date(2026, 3, 4)


@pytest.fixture(autouse=True)
def paris(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def show(capsys: pytest.CaptureFixture[str], now: datetime, *, as_json: bool = False) -> str:
    assert cmd_plan(argparse.Namespace(json=as_json), now=now) == 0
    return capsys.readouterr().out


def sessions(*records: object) -> None:
    store = HistoryStore.open(history_path())
    try:
        store.add(records)  # type: ignore[arg-type]
    finally:
        store.close()


def test_plan_add_follows_the_routine_s_own_advice(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "plan", "add", "lower-back-desk")
    assert status == 0
    assert "planned lower-back-desk: 11:15, 15:45, every day" in out
    assert "2-3 times a day" in out and "the low end, is the safer reading" in out
    assert "7 Acupressure points to ease back pain" in out
    [entry] = load_plan().routines
    assert (entry.times, entry.between) == (2, "09:00-18:00")


@pytest.mark.parametrize(
    ("options", "times"),
    [
        (["--every", "2h"], "09:00, 11:00, 13:00, 15:00, 17:00"),
        (["--at", "10:00,15:30"], "10:00, 15:30"),
        (["--times", "3"], "10:30, 13:30, 16:30"),
        (["--times", "2", "--between", "08:00-12:00"], "09:00, 11:00"),
        (["--every", "90m", "--between", "21:00-00:00"], "21:00, 22:30, 00:00"),
    ],
)
def test_plan_add_overrides(
    capsys: pytest.CaptureFixture[str], options: list[str], times: str
) -> None:
    status, out, _ = run(capsys, "plan", "add", "hand-points-break", *options)
    assert status == 0
    assert f"planned hand-points-break: {times}, every day" in out


def test_going_beyond_the_advice_is_allowed_and_said(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "plan", "add", "upper-back", "--at", "10:00,10:30", "--days", "mon-fri")
    assert "planned upper-back: 10:00, 10:30, mon-fri" in out
    assert "caution: two times are 30m apart; the routine asks for at least 2h" in out
    _, out, _ = run(capsys, "plan", "add", "evening-lying", "--times", "4")
    assert "caution: 4 times a day is more than the routine advises (once a day" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plan", "add", "lower-bak-desk"], "did you mean 'lower-back-desk'"),
        (["plan", "add", "upper-back", "--every", "5m"], "--every: every 5m is out of range"),
        (["plan", "add", "upper-back", "--at", "25:00"], "--at: cannot read '25:00'"),
        (["plan", "add", "upper-back", "--times", "0"], "--times: times_a_day must be at least 1"),
        (["plan", "add", "upper-back", "--times", "2-3"], "give one number of times"),
        (["plan", "add", "upper-back", "--days", "mon-frx"], "--days: 'frx' is not a day"),
        (["plan", "add", "upper-back", "--between", "9-5"], "--between: cannot read '9'"),
        (["plan", "add", "upper-back", "--at", "10:00", "--between", "09:00-18:00"], "--at gives"),
        (["plan", "add", "./mine.toml"], "plan a routine by its name"),
        (["plan", "remove", "upper-back"], "is not in the plan; nothing is planned"),
    ],
)
def test_bad_plan_commands_exit_2_and_say_why(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert message in err
    assert not plan_path().exists() or load_plan().routines == []


def test_plan_remove_takes_a_routine_out(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "plan", "add", "upper-back")
    run(capsys, "plan", "add", "lower-back-desk")
    status, out, _ = run(capsys, "plan", "remove", "upper-back")
    assert status == 0 and "removed upper-back" in out
    assert [e.routine for e in load_plan().routines] == ["lower-back-desk"]
    status, _, err = run(capsys, "plan", "remove", "lower-back-dsk")
    assert status == 2 and "did you mean 'lower-back-desk'" in err


def test_re_planning_keeps_the_day_it_was_first_planned(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "plan", "add", "upper-back")
    first = load_plan().routines[0].since
    text = plan_path().read_text().replace(f"since = {first}", "since = 2026-01-05")
    plan_path().write_text(text)
    _, out, _ = run(capsys, "plan", "add", "upper-back", "--times", "2")
    assert "re-planned upper-back" in out
    assert load_plan().routines[0].since == date(2026, 1, 5)


def test_plan_shows_today_done_due_missed_and_later(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "plan", "add", "lower-back-desk")  # 11:15, 15:45
    run(capsys, "plan", "add", "hand-points-break", "--at", "09:00,12:30")
    now = datetime(2026, 3, 4, 13, 0, tzinfo=PARIS)
    _set_since(date(2026, 3, 1))
    sessions(record(datetime(2026, 3, 4, 11, 30, tzinfo=PARIS)))
    assert show(capsys, now).splitlines() == [
        "Today, Wed 2026-03-04",
        "  09:00  hand-points-break  missed",
        "  11:15  lower-back-desk    done (started 11:30)",
        "  12:30  hand-points-break  due now",
        "  15:45  lower-back-desk    later",
        "",
        "1 of 4 done.",
    ]
    rows = json.loads(show(capsys, now, as_json=True))
    assert [(r["routine"], r["at"], r["status"]) for r in rows] == [
        ("hand-points-break", "09:00", "missed"),
        ("lower-back-desk", "11:15", "done"),
        ("hand-points-break", "12:30", "due"),
        ("lower-back-desk", "15:45", "later"),
    ]


def test_an_abandoned_session_does_not_count_and_a_skip_shows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run(capsys, "plan", "add", "lower-back-desk")
    _set_since(date(2026, 3, 1))
    sessions(record(datetime(2026, 3, 4, 11, 20, tzinfo=PARIS), status="abandoned"))
    save_state(RemindState(marks={"lower-back-desk@2026-03-04T11:15": SKIPPED}))
    now = datetime(2026, 3, 4, 16, 0, tzinfo=PARIS)
    rows = json.loads(show(capsys, now, as_json=True))
    assert [r["status"] for r in rows] == ["skipped", "due"]


def test_a_routine_gone_from_disk_is_named_with_its_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan_path().parent.mkdir(parents=True)
    plan_path().write_text('[[routines]]\nroutine = "uper-back"\ntimes = 2\n')
    show(capsys, datetime(2026, 3, 4, 9, 0, tzinfo=PARIS))
    status, _, err = run(capsys, "plan")
    assert status == 0
    assert "plan.toml:2: routines[0].routine: no routine named 'uper-back'" in err
    assert "did you mean 'upper-back'?" in err


def test_control_characters_in_a_hand_written_plan_are_shown_not_obeyed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan_path().parent.mkdir(parents=True)
    plan_path().write_text('[[routines]]\nroutine = "a\\u001b[2Jb"\ntimes = 1\n')
    out = show(capsys, datetime(2026, 3, 4, 9, 0, tzinfo=PARIS))
    _, _, err = run(capsys, "plan")
    assert "a?[2Jb" in out and "\x1b" not in out + err


def test_a_broken_plan_file_exits_2_naming_file_key_and_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan_path().parent.mkdir(parents=True)
    plan_path().write_text('[[routines]]\nroutine = "upper-back"\nevrey = "2h"\n')
    status, _, err = run(capsys, "plan")
    assert status == 2
    assert f"{plan_path()}:3: routines[0].evrey: unknown key 'evrey' (did you mean 'every'?)" in err


def _set_since(day: date) -> None:
    text = plan_path().read_text()
    import re

    plan_path().write_text(re.sub(r"since = \d{4}-\d\d-\d\d", f"since = {day}", text))


# --- history against the plan -----------------------------------------------------------------


def test_planned_streak_passes_over_days_with_nothing_planned() -> None:
    friday = date(2026, 3, 6)
    weekdays = lambda day: day.weekday() < 5  # noqa: E731
    monday = friday + timedelta(days=3)
    done = [monday, friday, friday - timedelta(days=1)]
    assert planned_streak(done, monday, weekdays) == 3  # the weekend breaks nothing
    assert planned_streak(done, monday, lambda day: True) == 1  # every day: it does
    tuesday = monday + timedelta(days=1)
    assert planned_streak(done, tuesday, weekdays) == 3  # today still to do
    assert planned_streak(done, tuesday + timedelta(days=1), weekdays) == 0
    saturday = friday + timedelta(days=1)
    assert planned_streak([saturday, friday], saturday, weekdays) == 2  # a bonus day counts
    assert planned_streak([], monday, weekdays) == 0


def test_history_shows_the_days_against_the_plan(
    capsys: pytest.CaptureFixture[str], acutimer_home: Path
) -> None:
    run(capsys, "plan", "add", "lower-back-desk", "--days", "mon-fri")
    _set_since(date(2026, 3, 2))
    friday, monday = date(2026, 3, 6), date(2026, 3, 9)
    sessions(
        record(datetime(2026, 3, 5, 11, 0, tzinfo=PARIS)),
        record(datetime(2026, 3, 6, 11, 0, tzinfo=PARIS)),
        record(datetime(2026, 3, 6, 16, 0, tzinfo=PARIS)),
        record(datetime(2026, 3, 9, 10, 0, tzinfo=PARIS)),
    )
    now = datetime(monday.year, monday.month, monday.day, 12, 0, tzinfo=PARIS)
    args = argparse.Namespace(json=False, days=None, export=None)
    assert cmd_history(args, now=now) == 0
    out = capsys.readouterr().out
    assert "Streak: 3 days in a row (days with nothing planned don't break it)" in out
    assert "Against the plan (as it is now), the last 7 days" in out
    low = "lower-back-desk"
    assert f"  Mon 2026-03-09  1 of 2 done · done: {low} 11:15; to come: {low} 15:45" in out
    assert "  Sun 2026-03-08  nothing planned" in out
    assert f"  {friday:%a %Y-%m-%d}  2 of 2 done · done: {low} 11:15, {low} 15:45" in out
    assert f"  Tue 2026-03-03  0 of 2 done · missed: {low} 11:15, {low} 15:45" in out
    assert cmd_history(argparse.Namespace(json=True, days=3, export=None), now=now) == 0
    report = json.loads(capsys.readouterr().out)["plan"]
    assert report["streak_days"] == 3 and "planned days" in report["streak_counts"]
    assert [(d["date"], d["planned"], d["done"]) for d in report["days"]] == [
        ("2026-03-07", 0, 0),
        ("2026-03-08", 0, 0),
        ("2026-03-09", 2, 1),
    ]


def test_history_without_a_plan_is_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    sessions(record(datetime(2026, 3, 9, 10, 0, tzinfo=PARIS)))
    now = datetime(2026, 3, 9, 12, 0, tzinfo=PARIS)
    assert cmd_history(argparse.Namespace(json=False, days=None, export=None), now=now) == 0
    out = capsys.readouterr().out
    assert "Against the plan" not in out and "Streak: 1 day in a row\n" in out
    assert cmd_history(argparse.Namespace(json=True, days=None, export=None), now=now) == 0
    assert json.loads(capsys.readouterr().out)["plan"] is None
