"""Every way out of every screen of the full-screen app: q, Esc, Ctrl+C and Ctrl+Q.

q means "quit acutimer" everywhere and asks first while a session is in progress (on a dialog over
the session too); Ctrl+C does what q does; Esc closes a dialog or goes back; Ctrl+Q ends a session
in progress at once, with its summary. Each case checks where it leads, the exit status and what
the history holds.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from history_support import sessions_in
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from tui_support import SHORT, FakeClock, frozen_points, load, make_app, run_for, session_screen

from acutimer import paths
from acutimer.config import load_config
from acutimer.history.records import SessionRecord
from acutimer.history.store import history_path
from acutimer.session.events import State
from acutimer.tui.app import AcutimerApp
from acutimer.tui.launch import NOT_READ
from acutimer.tui.screens.dialogs import ConfirmScreen, HelpScreen
from acutimer.tui.screens.history import HistoryScreen
from acutimer.tui.screens.pain import PainScreen
from acutimer.tui.screens.picker import PickerScreen
from acutimer.tui.screens.picker_help import PickerHelpScreen
from acutimer.tui.screens.safety import SafetyScreen
from acutimer.tui.screens.session import SessionScreen
from acutimer.tui.screens.summary import SummaryScreen

FIXTURES = Path(__file__).parent / "tui_fixtures"
SIZE = (80, 24)
KEYS = ["q", "escape", "ctrl+c", "ctrl+q"]


@pytest.fixture(autouse=True)
def frozen_library(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from frozen_points(monkeypatch)


def records(home: Path) -> list[SessionRecord]:
    return sessions_in(home) if history_path(home).exists() else []


Reach = Callable[[AcutimerApp, Pilot[int], FakeClock], Awaitable[None]]


async def in_session(app: AcutimerApp, pilot: Pilot[int], clock: FakeClock) -> None:
    await pilot.pause()  # the history opens after the first paint
    run_for(app, clock, 70)  # step 1 done, into step 2


def over_session(key: str) -> Reach:
    async def reach(app: AcutimerApp, pilot: Pilot[int], clock: FakeClock) -> None:
        await in_session(app, pilot, clock)
        await pilot.press(key)
        await pilot.pause()

    return reach


async def to_summary(app: AcutimerApp, pilot: Pilot[int], clock: FakeClock) -> None:
    await pilot.pause()
    run_for(app, clock, 93)
    await pilot.pause()


async def nothing(app: AcutimerApp, pilot: Pilot[int], clock: FakeClock) -> None:
    await pilot.pause()


def press(key: str) -> Reach:
    async def reach(app: AcutimerApp, pilot: Pilot[int], clock: FakeClock) -> None:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()

    return reach


class Left:
    """Where a key led: the screen (None: acutimer quit) and the history just then."""

    def __init__(self, screen: Screen[object] | None, home: Path) -> None:
        self.screen = screen
        self.records = records(home)


async def leave(
    app: AcutimerApp, clock: FakeClock, reach: Reach, key: str, on: type[Screen[object]]
) -> Left:
    """Reach a screen, press ``key`` there, and say where it led."""
    async with app.run_test(size=SIZE) as pilot:
        await reach(app, pilot, clock)
        assert isinstance(app.screen, on), app.screen
        await pilot.press(key)
        await pilot.pause()
        home = paths.home_dir()
        return Left(app.screen if app.is_running else None, home)


def routine_app(tmp_path: Path, clock: FakeClock, **kwargs: object) -> AcutimerApp:
    return make_app(load(tmp_path, "short", SHORT), clock, **kwargs)


# --- the session and what stands over it -------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
async def test_the_session(tmp_path: Path, acutimer_home: Path, key: str) -> None:
    clock = FakeClock()
    app = routine_app(tmp_path, clock)
    left = await leave(app, clock, in_session, key, SessionScreen)
    [record] = left.records
    if key in ("q", "ctrl+c"):  # asks first
        assert isinstance(left.screen, ConfirmScreen)
        assert app.sessions == [] and record.status == "running"
    elif key == "escape":  # not a dialog: nothing happens, the session runs on
        screen = left.screen
        assert isinstance(screen, SessionScreen) and screen.session.state is State.RUNNING
        assert record.status == "running"
    else:  # ctrl+q: ends it at once, and the summary follows
        assert isinstance(left.screen, SummaryScreen)
        assert app.sessions[0].state is State.ABANDONED
        assert (record.status, record.steps_done) == ("abandoned", 1)
    # However it ends, the app's end leaves the row abandoned at its last step.
    [record] = records(acutimer_home)
    assert (record.status, record.steps_done, record.last_step) == ("abandoned", 1, 0)


@pytest.mark.parametrize("key", KEYS)
async def test_end_the_session_question(tmp_path: Path, acutimer_home: Path, key: str) -> None:
    clock = FakeClock()
    app = routine_app(tmp_path, clock)
    left = await leave(app, clock, over_session("q"), key, ConfirmScreen)
    [record] = left.records
    if key == "escape":  # no: the session carries on
        screen = left.screen
        assert isinstance(screen, SessionScreen) and screen.session.state is State.RUNNING
        assert record.status == "running"
    else:  # q again, Ctrl+C again, Ctrl+Q: it ends, with its summary
        assert isinstance(left.screen, SummaryScreen)
        assert (record.status, record.steps_done, record.last_step) == ("abandoned", 1, 0)


@pytest.mark.parametrize("opener", ["question_mark", "s"])
@pytest.mark.parametrize("key", KEYS)
async def test_a_dialog_over_the_session(
    tmp_path: Path, acutimer_home: Path, key: str, opener: str
) -> None:
    clock = FakeClock()
    app = routine_app(tmp_path, clock)
    dialog = HelpScreen if opener == "question_mark" else SafetyScreen
    left = await leave(app, clock, over_session(opener), key, dialog)
    [record] = left.records
    if key in ("q", "ctrl+c"):  # the dialog closes and the session asks
        assert isinstance(left.screen, ConfirmScreen)
        assert record.status == "running"
    elif key == "escape":  # the dialog closes and the session carries on
        screen = left.screen
        assert isinstance(screen, SessionScreen) and screen.session.state is State.RUNNING
        assert record.status == "running"
    else:
        assert isinstance(left.screen, SummaryScreen)
        assert (record.status, record.steps_done) == ("abandoned", 1)


@pytest.mark.parametrize("key", KEYS)
async def test_the_command_palette_over_the_session(
    tmp_path: Path, acutimer_home: Path, key: str
) -> None:
    clock = FakeClock()
    app = routine_app(tmp_path, clock)
    left = await leave(app, clock, over_session("ctrl+p"), key, CommandPalette)
    [record] = left.records
    assert record.status == "running" or key == "ctrl+q"
    if key == "q":  # a letter to search with: the palette stays
        assert isinstance(left.screen, CommandPalette)
    elif key == "escape":  # the palette closes, and the session runs on
        screen = left.screen
        assert isinstance(screen, SessionScreen) and screen.session.state is State.RUNNING
    elif key == "ctrl+c":  # the palette closes, and the session asks, as q would there
        assert isinstance(left.screen, ConfirmScreen)
    else:  # ctrl+q: the session ends at once, and the summary follows
        assert isinstance(left.screen, SummaryScreen)
        assert (record.status, record.steps_done) == ("abandoned", 1)


async def test_no_on_the_question_after_q_on_a_dialog_carries_on(tmp_path: Path) -> None:
    clock = FakeClock()
    app = routine_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await in_session(app, pilot, clock)
        await pilot.press("question_mark", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert session_screen(app).session.state is State.RUNNING


async def test_a_session_paused_before_the_question_stays_paused(tmp_path: Path) -> None:
    clock = FakeClock()
    app = routine_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await in_session(app, pilot, clock)
        await pilot.press("space", "q", "escape")
        await pilot.pause()
        assert session_screen(app).session.state is State.PAUSED


@pytest.mark.parametrize("key", KEYS)
async def test_the_summary(tmp_path: Path, acutimer_home: Path, key: str) -> None:
    clock = FakeClock()
    app = routine_app(tmp_path, clock)
    left = await leave(app, clock, to_summary, key, SummaryScreen)
    assert left.screen is None  # a session started on its own: every key leaves acutimer
    assert app.return_code == 0
    [record] = left.records
    assert (record.status, record.steps_done) == ("completed", 2)


@pytest.mark.parametrize("key", KEYS)
async def test_the_pain_question_before_a_session(
    tmp_path: Path, acutimer_home: Path, key: str
) -> None:
    clock = FakeClock()
    app = routine_app(tmp_path, clock, ask_pain=True)
    left = await leave(app, clock, nothing, key, PainScreen)
    if key == "escape":  # skips the question: the session starts
        assert isinstance(left.screen, SessionScreen)
        [record] = left.records
        assert (record.status, record.pain_before) == ("running", None)
    else:  # no session has started: acutimer quits, nothing recorded
        assert left.screen is None
        assert app.return_code == 0
        assert records(acutimer_home) == []


# --- the first safety notice --------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
async def test_the_first_safety_notice(tmp_path: Path, acutimer_home: Path, key: str) -> None:
    clock = FakeClock()
    app = routine_app(tmp_path, clock, acknowledged=False)
    left = await leave(app, clock, nothing, key, SafetyScreen)
    assert left.screen is None
    assert app.return_code == 1
    assert app.exit_message == NOT_READ
    assert "must be read once before the first session" in NOT_READ
    assert load_config()[0].safety_acknowledged is False
    assert records(acutimer_home) == []


@pytest.mark.parametrize("key", KEYS)
async def test_the_first_safety_notice_from_the_picker(
    tmp_path: Path, acutimer_home: Path, key: str
) -> None:
    refs = [load(tmp_path, "short", SHORT).ref]
    app = make_app(None, FakeClock(), acknowledged=False, refs=lambda: refs)
    left = await leave(app, FakeClock(), press("enter"), key, SafetyScreen)
    if key == "escape":  # back to the list, with a word
        assert isinstance(left.screen, PickerScreen)
    else:
        assert left.screen is None
        assert app.return_code == 1
    assert load_config()[0].safety_acknowledged is False
    assert records(acutimer_home) == []


# --- the picker and what opens from it --------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
async def test_the_picker(tmp_path: Path, acutimer_home: Path, key: str) -> None:
    refs = [load(tmp_path, "short", SHORT).ref]
    app = make_app(None, FakeClock(), refs=lambda: refs)
    left = await leave(app, FakeClock(), nothing, key, PickerScreen)
    if key == "escape":
        assert isinstance(left.screen, PickerScreen)
    else:
        assert left.screen is None and app.return_code == 0
    assert records(acutimer_home) == []


@pytest.mark.parametrize(
    ("opener", "screen"),
    [("h", HistoryScreen), ("question_mark", PickerHelpScreen), ("s", SafetyScreen)],
)
@pytest.mark.parametrize("key", KEYS)
async def test_a_screen_over_the_picker(
    tmp_path: Path, key: str, opener: str, screen: type[Screen[object]]
) -> None:
    refs = [load(tmp_path, "short", SHORT).ref]
    app = make_app(None, FakeClock(), refs=lambda: refs)
    left = await leave(app, FakeClock(), press(opener), key, screen)
    if key == "escape":  # back
        assert isinstance(left.screen, PickerScreen)
    else:  # out
        assert left.screen is None and app.return_code == 0
