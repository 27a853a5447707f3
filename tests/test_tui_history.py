"""The TUI and the history: pain keys before and after, the helped key, what a session leaves in
the database however it ends, and the history screen (seeded, on a frozen "today")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from history_support import record, sessions_in
from textual.pilot import Pilot
from textual.widgets import Static
from tui_support import (
    SHORT,
    FakeClock,
    frozen_points,
    load,
    make_app,
    notes_of,
    run_for,
    session_screen,
)

from acutimer.history.records import SessionRecord
from acutimer.history.store import HistoryError, HistoryStore, history_path
from acutimer.tui.app import AcutimerApp
from acutimer.tui.screens.history import HistoryScreen, helps_text, recent_table
from acutimer.tui.screens.pain import PainScreen
from acutimer.tui.screens.picker import PickerScreen
from acutimer.tui.screens.summary import SummaryScreen
from acutimer.tui.widgets.dashboard import Dashboard
from acutimer.tui.widgets.keybar import KeyBar
from acutimer.tui.widgets.more import ABOVE, BELOW, MoreScroll
from acutimer.tui.widgets.pain_chart import PainChart, bar_cells, shown

FIXTURES = Path(__file__).parent / "tui_fixtures"
SIZE = (80, 24)
ZONE = timezone(timedelta(hours=1))
TODAY = date(2026, 3, 12)
"""A Thursday: the week began on Monday the 9th."""


@pytest.fixture(autouse=True)
def frozen_library(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Points and built-in routines from tests/tui_fixtures, as in test_snapshots."""
    yield from frozen_points(monkeypatch)


def frozen_now() -> datetime:
    return datetime(2026, 3, 12, 18, 0, tzinfo=ZONE)


def session(
    day: int, hour: int, routine: str, *, status: str = "completed", pain: tuple[int, int] | None
) -> SessionRecord:
    started = datetime(2026, 3, day, hour, 15, tzinfo=ZONE)
    minutes = 9 if status == "completed" else 4
    before, after = pain if pain else (None, None)
    return record(
        started,
        routine=routine,
        status=status,
        minutes=minutes,
        steps=4,
        before=before,
        after=after,
    )


def add(home: Path, rows: list[SessionRecord]) -> None:
    store = HistoryStore.open(history_path(home))
    try:
        store.add(rows)
    finally:
        store.close()


def seed(home: Path) -> None:
    """Two weeks of sessions: pain going down, one ended early, one unrated, one odd name."""
    rows = []
    for day in range(1, 13):
        before = max(2, 8 - day // 2)
        rows.append(session(day, 8, "lower-back-desk", pain=(before, max(0, before - 3))))
    rows[4] = session(5, 8, "lower-back-desk", status="abandoned", pain=(7, 6))
    rows.append(session(10, 19, "hand-points-break", pain=None))
    rows.append(session(11, 20, "[bold]my[/] routine with a rather long name", pain=(5, 4)))
    rows[10] = replace(rows[10], helped=("BL-23", "LI-4"))
    rows[11] = replace(rows[11], helped=("BL-23",))
    add(home, rows)


def seed_helps(home: Path) -> None:
    """Two routines of the fixtures rated, one often enough to tell, and one point marked."""
    changes = {"waist-and-hands": [-3, -2, -2, -1, -3], "quick-hands": [-1, 0]}
    rows = []
    for routine, deltas in changes.items():
        for day, delta in enumerate(deltas, start=2):
            rows.append(
                session(day, 9 if routine == "quick-hands" else 8, routine, pain=(6, 6 + delta))
            )
    rows[0] = replace(rows[0], helped=("LI-4",))
    add(home, rows)


def short_app(tmp_path: Path, clock: FakeClock, **kwargs: object) -> AcutimerApp:
    return make_app(load(tmp_path, "short", SHORT), clock, **kwargs)


# --- pain and the helped key --------------------------------------------------------------------


async def test_pain_before_and_after_take_one_key_each(tmp_path: Path, acutimer_home: Path) -> None:
    clock = FakeClock()
    app = short_app(tmp_path, clock, ask_pain=True)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, PainScreen)
        assert not history_path(acutimer_home).exists() or sessions_in(acutimer_home) == []
        await pilot.press("6")
        screen = session_screen(app)
        assert screen.query_one(Dashboard).status == ""
        run_for(app, clock, 93)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        line = app.screen.query_one("#summary-pain", Static)
        assert str(line.render()) == (
            "Before: 6. How is your pain now? One key: 0 to 9, or x for 10."
        )
        await pilot.press("x")
        assert str(line.render()) == "Pain 6 → 10 · another key changes it"
        await pilot.press("3")
        assert str(line.render()) == "Pain 6 → 3 · another key changes it"
        [record] = sessions_in(acutimer_home)
        assert (record.status, record.pain_before, record.pain_after) == ("completed", 6, 3)
        await pilot.press("enter")
    assert app.recorder is None


async def test_escape_skips_the_first_question_and_no_pain_setting_asks_nothing(
    tmp_path: Path, acutimer_home: Path
) -> None:
    clock = FakeClock()
    app = short_app(tmp_path, clock, ask_pain=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        run_for(app, clock, 93)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
    app = short_app(tmp_path, clock, ask_pain=True)
    app.ask_pain = False  # as --no-pain does
    async with app.run_test(size=SIZE) as pilot:
        session_screen(app)
        run_for(app, clock, 93)
        await pilot.pause()
        assert not app.screen.query("#summary-pain")
        await pilot.press("4")  # not a rating here
        await pilot.press("enter")
    assert [(r.pain_before, r.pain_after) for r in sessions_in(acutimer_home)] == [
        (None, None),
        (None, None),
    ]


async def test_h_marks_the_point_of_the_step_and_a_second_h_takes_it_back(
    tmp_path: Path, acutimer_home: Path
) -> None:
    clock = FakeClock()
    app = short_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        run_for(app, clock, 70)  # step 2: BL-23
        screen = session_screen(app)
        assert screen.check_action("mark_helped", ()) is True
        await pilot.press("h")
        heading = str(screen.query_one("#heading", Static).render())
        assert heading.split("\n")[0] == "BL-23 Shen Shu (Kidney Shu)  ★ helped"
        await pilot.pause()
        assert [k.description for k in screen.query_one(KeyBar).keys][-1] == "unmark"
        assert sessions_in(acutimer_home)[0].helped == ("BL-23",)
        run_for(app, clock, 10)  # it stays while the step lasts
        assert "★ helped" in str(screen.query_one("#heading", Static).render())
        await pilot.press("h")
        assert "★" not in str(screen.query_one("#heading", Static).render())
        assert sessions_in(acutimer_home)[0].helped == ()
        await pilot.press("h")
        run_for(app, clock, 20)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        lines = [str(s.render()) for s in app.screen.query(".summary-helped").results(Static)]
        assert lines == ["  ★ BL-23 Shen Shu (Kidney Shu)"]
    [record] = sessions_in(acutimer_home)
    assert record.helped == ("BL-23",)


async def test_h_while_resting_marks_the_step_just_done(
    tmp_path: Path, acutimer_home: Path
) -> None:
    clock = FakeClock()
    app = short_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        run_for(app, clock, 62)  # the rest after LI-4; the box shows BL-23, up next
        await pilot.press("h")
        heading = str(session_screen(app).query_one("#heading", Static).render()).split("\n")
        assert heading[0] == "up next: BL-23 Shen Shu (Kidney Shu)"
        assert heading[1].endswith("  ★ LI-4 helped")
    assert sessions_in(acutimer_home)[0].helped == ("LI-4",)


async def test_quitting_mid_session_leaves_the_row_abandoned_at_its_last_step(
    tmp_path: Path, acutimer_home: Path
) -> None:
    clock = FakeClock()
    app = short_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        # The history opens just after the session's first paint.
        assert app.recorder is None
        await pilot.pause()
        assert app.recorder is not None
        run_for(app, clock, 70)
        [running] = sessions_in(acutimer_home)
        assert (running.status, running.steps_done, running.last_step) == ("running", 1, 0)
        await pilot.press("q", "y")
        assert isinstance(app.screen, SummaryScreen)
        [record] = sessions_in(acutimer_home)
        assert (record.status, record.steps_done, record.last_step) == ("abandoned", 1, 0)
        assert record.active_seconds == pytest.approx(70, abs=0.6)


async def test_leaving_the_app_mid_session_abandons_the_row(
    tmp_path: Path, acutimer_home: Path
) -> None:
    clock = FakeClock()
    app = short_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        run_for(app, clock, 10)
        await pilot.press("ctrl+q")
    [record] = sessions_in(acutimer_home)
    assert (record.status, record.steps_done) == ("abandoned", 0)


async def test_a_preview_is_not_recorded_and_says_so(tmp_path: Path, acutimer_home: Path) -> None:
    clock = FakeClock()
    app = short_app(tmp_path, clock, ask_pain=True, speed=10.0)
    notes = notes_of(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = session_screen(app)  # no pain question either
        header = screen.query_one(Dashboard).render_line(0).text
        assert header.rstrip().endswith("preview at 10× · not recorded  step 1 of 2")
        assert screen.check_action("mark_helped", ()) is False
        assert "helped" not in [key.description for key in screen.query_one(KeyBar).keys]
        await pilot.press("h")
        assert notes == []
        run_for(app, clock, 10)
    assert not history_path(acutimer_home).exists()


@pytest.mark.parametrize("ask_pain", [True, False])
async def test_a_corrupt_history_is_reported_and_the_session_runs(
    tmp_path: Path, acutimer_home: Path, ask_pain: bool
) -> None:
    acutimer_home.mkdir()
    history_path(acutimer_home).write_bytes(b"not a database at all " * 100)
    clock = FakeClock()
    app = short_app(tmp_path, clock, ask_pain=ask_pain)
    notes = notes_of(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # without a pain question, the history opens after the first paint
        screen = session_screen(app)
        [note] = notes
        assert note.startswith("history is off: ")
        assert screen.check_action("mark_helped", ()) is False
        assert "the session runs without it" in note
        assert "not recorded  step 1 of 2" in screen.query_one(Dashboard).render_line(0).text
        run_for(app, clock, 93)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert not app.screen.query("#summary-pain")


async def test_history_failing_mid_session_is_said_once_and_the_session_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise HistoryError("the disk is full")

    clock = FakeClock()
    app = short_app(tmp_path, clock)
    notes = notes_of(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the history opens just after the first paint
        monkeypatch.setattr(HistoryStore, "save", broken)
        run_for(app, clock, 70)  # step 1 ends: its save fails
        assert notes == ["history is off: the disk is full; this session is no longer recorded"]
        await pilot.press("h")
        assert notes[-1] == "History is off, so nothing was marked."
        run_for(app, clock, 30)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert not app.screen.query("#summary-pain")


# --- the history screen -----------------------------------------------------------------------


async def test_the_history_screen_from_the_picker(acutimer_home: Path) -> None:
    seed(acutimer_home)
    app = make_app(None, FakeClock(), now=frozen_now)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.today == TODAY
        message = str(screen.query_one("#history-message", Static).render())
        assert message == "14 sessions · streak: 7 days in a row · this week: 54 min"
        chart = screen.query_one(PainChart)
        assert len(chart.points) == 12  # the unrated session and the partial one are left out
        assert (7, 6) not in chart.points
        assert chart.points[-1] == (2, 0)
        note = str(screen.query_one("#trend-note", Static).render())
        assert note.startswith("Latest 2 → 0 on Thu 12 Mar · on average ")
        # Each bar pair has its routine's letter: a is the most rated (the desk routine).
        assert chart.marks == ["a"] * 10 + ["b", "a"]
        assert note.splitlines()[1] == (
            "a lower-back-desk · b [bold]my[/] routine with a rather long name"
        )  # a name is text, not markup
        helps = str(screen.query_one("#helps", Static).render())
        # Ten changes of -3 and one of -2: mean -32/11 = -2.91, sd 0.302, t(10) 2.228: ±0.20.
        assert helps.splitlines()[0] == "1. lower-back-desk"
        assert " ".join(helps.split()[2:]).startswith(
            "−2.9 (95% range −3.1 to −2.7) · lower after · 11 rated of 11 completed (12 in all)"
        )
        assert "– [bold]my[/] routine" in helps
        practice = str(screen.query_one("#calendar").render()).splitlines()
        assert practice[1].startswith("Mon ") and len(practice) >= 10
        recent = str(screen.query_one("#recent-table", Static).render())
        assert "completed" in recent and "done" not in recent  # the words of `acutimer history`
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)


async def test_the_history_screen_with_nothing_recorded(acutimer_home: Path) -> None:
    app = make_app(None, FakeClock(), now=frozen_now)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await pilot.pause()
        message = str(app.screen.query_one("#history-message", Static).render())
        assert message.startswith("Nothing recorded yet.")
        assert not app.screen.query_one(PainChart).display
    assert not history_path(acutimer_home).exists()  # looking does not create it


async def test_the_history_screen_explains_a_corrupt_file(acutimer_home: Path) -> None:
    acutimer_home.mkdir()
    broken = history_path(acutimer_home)
    broken.write_bytes(b"not a database at all " * 100)
    app = make_app(None, FakeClock(), now=frozen_now)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await pilot.pause()
        message = app.screen.query_one("#history-message", Static)
        text = str(message.render())
        assert text.startswith("Your history cannot be read.\n")
        assert f"{broken} is not a valid history database" in text
        assert message.has_class("-error")
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)


def test_the_tables_fit_narrow_screens(acutimer_home: Path) -> None:
    from acutimer.tui.screens.history import read_overview

    seed(acutimer_home)
    overview = read_overview(history_path(acutimer_home), TODAY)
    assert overview is not None
    for width in (58, 78):
        for table in (helps_text(overview, width), recent_table(overview, width)):
            assert max(len(line) for line in table.plain.splitlines()) <= width
    narrow = recent_table(overview, 58).plain.splitlines()
    assert "steps" not in narrow[0] and "steps" in recent_table(overview, 78).plain


def test_a_pain_bar_is_on_a_fixed_scale() -> None:
    assert bar_cells(10, 2) == ["█", "█"]
    assert bar_cells(5, 2) == ["█", " "]
    assert bar_cells(0, 2) == ["▁", " "]  # a sliver: rated, and no pain
    assert bar_cells(1, 4) == ["▃", " ", " ", " "]
    assert shown(40, 80) == 25 and shown(3, 80) == 3


@pytest.mark.parametrize("size", [SIZE, (60, 20)], ids=["80x24", "60x20"])
def test_history_screen_snapshot(
    snap_compare: object, acutimer_home: Path, size: tuple[int, int]
) -> None:
    seed(acutimer_home)
    app = make_app(None, FakeClock(), now=frozen_now)
    assert snap_compare(app, press=["h"], terminal_size=size)  # type: ignore[operator]


def test_what_helps_you_snapshot(snap_compare: object, acutimer_home: Path) -> None:
    """The history scrolled to "what helps you": the ranked routines, the points, the caveat."""
    seed_helps(acutimer_home)
    app = make_app(None, FakeClock(), now=frozen_now)

    async def scroll(pilot: Pilot[None]) -> None:
        await pilot.press("h")
        await pilot.pause()
        body = app.screen.query_one(MoreScroll)
        body.scroll_to_widget(app.screen.query_one("#helps-head"), top=True, animate=False)
        await pilot.pause()

    assert snap_compare(app, run_before=scroll, terminal_size=SIZE)  # type: ignore[operator]


async def test_the_history_screen_lists_the_points_marked_and_scrolls_to_them(
    acutimer_home: Path,
) -> None:
    seed(acutimer_home)
    app = make_app(None, FakeClock(), now=frozen_now)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        body = app.screen.query_one(MoreScroll)
        assert body.border_subtitle == BELOW
        helped = str(app.screen.query_one("#helped-list", Static).render()).splitlines()
        assert helped == [
            "★ BL-23    2 sessions, last on Thu 12 Mar",
            "★ LI-4     1 session, last on Wed 11 Mar",
        ]
        await pilot.press("end")
        await pilot.pause()
        assert body.border_subtitle == ABOVE
        assert body.scroll_y == body.max_scroll_y > 0


async def test_h_before_the_history_has_opened_keeps_no_mark_on_screen(
    tmp_path: Path, acutimer_home: Path
) -> None:
    clock = FakeClock()
    app = short_app(tmp_path, clock)
    notes = notes_of(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        opened, app.recorder = app.recorder, None  # as in the moment before it opens
        await pilot.press("h")
        app.recorder = opened
        screen = session_screen(app)
        assert screen.marked == {}
        assert "★" not in str(screen.query_one("#heading", Static).render())
        assert notes == ["The history is still opening: press h again."]
        assert screen.check_action("mark_helped", ()) is True  # h still works afterwards
    assert sessions_in(acutimer_home)[0].helped == ()


def test_a_long_history_reads_only_the_chart_s_latest_sessions(acutimer_home: Path) -> None:
    from acutimer.tui.screens.history import TREND_SHOWN, read_overview, trend_note

    start = datetime(2025, 1, 1, 8, tzinfo=ZONE)
    rows = [
        record(start + timedelta(hours=12 * i), before=6, after=4 if i % 2 else 5)
        for i in range(TREND_SHOWN + 100)
    ]  # changes -2 and -1 in turn: mean -1.5 over all of them
    add(acutimer_home, rows)
    overview = read_overview(history_path(acutimer_home), TODAY)
    assert overview is not None
    assert len(overview.trend) == TREND_SHOWN
    assert overview.trend[-1].day == (start + timedelta(hours=12 * (TREND_SHOWN + 99))).date()
    assert overview.rated == (TREND_SHOWN + 100, -1.5)
    assert "on average −1.5 over 500 completed, rated sessions" in trend_note(overview)
