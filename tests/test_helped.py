"""The "this point helped" mark: taken back by a second h, counted per point, and shown by
``acutimer history`` in text as well as in JSON and CSV."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fakeclock import FakeClock
from history_support import record

from acutimer.commands import history as history_cli
from acutimer.commands.cli import main
from acutimer.history import stats
from acutimer.history.recorder import Recorder
from acutimer.history.store import HistoryStore, history_path
from acutimer.routine.loading import parse_routine
from acutimer.session.engine import Session

ROUTINE_TEXT = """\
title = "Two hand points"
summary = "Two points, ten seconds each."
focus = "whole-back"
position = "seated"
find_time = "2s"

[[steps]]
point = "LI-4"
sides = "both"
hold = "10s"

[[steps]]
point = "TE-3"
sides = "both"
hold = "10s"
"""
ZONE = timezone(timedelta(hours=1))
NOW = datetime(2026, 3, 12, 18, 0, tzinfo=ZONE)


def helped_of(home: Path) -> list[tuple[str, ...]]:
    store = HistoryStore.open(history_path(home))
    try:
        return [r.helped for r in store.sessions()]
    finally:
        store.close()


@pytest.mark.parametrize("attached_first", [True, False])
def test_a_second_h_takes_the_mark_back(acutimer_home: Path, attached_first: bool) -> None:
    clock = FakeClock()
    session = Session(parse_routine(ROUTINE_TEXT, "test"), clock=clock)
    recorder, warning = Recorder.open(acutimer_home, now=lambda: NOW)
    assert recorder is not None and warning is None
    with recorder:
        if attached_first:  # the row exists: the marks go straight to the database
            recorder.attach(session, "two", ROUTINE_TEXT)
            session.start()
        recorder.mark_helped(0, "LI-4")
        recorder.mark_helped(1, "TE-3")
        recorder.unmark_helped(0, "LI-4")
        recorder.unmark_helped(0, "TE-3")  # not marked on that step: nothing changes
        if not attached_first:  # kept until the row is written
            recorder.attach(session, "two", ROUTINE_TEXT)
            session.start()
    assert helped_of(acutimer_home) == [("TE-3",)]


def seed(home: Path) -> None:
    def on(day: int, *helped: str) -> object:
        return replace(record(datetime(2026, 3, day, 8, tzinfo=ZONE)), helped=helped)

    store = HistoryStore.open(history_path(home))
    try:
        store.add([on(1, "LI-4"), on(9, "BL-23", "LI-4"), on(11, "BL-23"), on(12)])  # type: ignore[list-item]
    finally:
        store.close()


def test_points_are_counted_by_sessions_most_marked_first(acutimer_home: Path) -> None:
    seed(acutimer_home)
    store = HistoryStore.open(history_path(acutimer_home))
    try:
        every = stats.helped_points(store)
        lately = stats.helped_points(store, date(2026, 3, 10))
    finally:
        store.close()
    assert [(h.point, h.sessions, h.last) for h in every] == [
        ("BL-23", 2, date(2026, 3, 11)),
        ("LI-4", 2, date(2026, 3, 9)),
    ]
    assert [(h.point, h.sessions) for h in lately] == [("BL-23", 1)]


def test_acutimer_history_lists_the_points_marked(
    acutimer_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(history_cli, "local_now", lambda: NOW)
    seed(acutimer_home)
    assert main(["history"]) == 0
    out = capsys.readouterr().out.splitlines()
    at = out.index("Points marked as helping (h in a session)")
    assert out[at + 1 : at + 4] == [
        "  POINT     SESSIONS  LAST MARKED",
        "  BL-23            2  Wed 2026-03-11",
        "  LI-4             2  Mon 2026-03-09",
    ]
    assert main(["history", "--days", "1"]) == 0  # today only: nothing marked
    assert capsys.readouterr().out.splitlines()[-1].startswith("Points marked as helping: none yet")
