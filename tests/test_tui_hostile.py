"""The TUI and hostile text: nothing a file or the history holds reaches the terminal raw, and a
storm of resize signals neither crashes nor stalls the app.

Screens show text from files with control characters made visible; the line filter both apps
add drops whatever a screen might have let through. The storm test runs in a real terminal
(tmux), as the fault it guards against lives in Textual's terminal driver.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import struct
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.widgets import Static
from tui_support import FakeClock, acutimer_command, make_app, write_routine

from acutimer.paths import RoutineRef
from acutimer.tui.builder.app import BuilderApp
from acutimer.tui.guard import DROP_CONTROLS
from acutimer.tui.resize import ResizeCoalescer, quiet_wakeup_fd
from acutimer.tui.screens.picker import PickerScreen

GOOD = """\
title = "Good"
summary = "A routine for the TUI hostile tests."
focus = "lower-back"
position = "seated"

[[steps]]
point = "LI-4"
hold = "5s"
"""
EVIL = "x\x1b]0;PWNED\x07\r\u202eevil"


def test_the_line_filter_drops_controls_and_keeps_widths() -> None:
    style = Style(bold=True)
    line = [Segment("a\x1b]0;T\x07b", style), Segment("\r\x1b[1A", None), Segment("c\udcff")]
    shown = DROP_CONTROLS.apply(line, Color(0, 0, 0))
    assert [s.text for s in shown] == ["a]0;Tb", "[1A", "c?"]
    assert shown[0].style == style
    clean = [Segment("LI-4 He Gu · ━━ → …", style)]
    assert DROP_CONTROLS.apply(clean, Color(0, 0, 0)) is clean  # the common case costs nothing
    control = [Segment("\x1b[2J", None, [(1,)])]  # type: ignore[list-item]
    assert DROP_CONTROLS.apply(control, Color(0, 0, 0)) is control  # Textual's own controls


def test_both_apps_add_the_filter() -> None:
    assert DROP_CONTROLS in make_app(None, FakeClock()).get_line_filters()
    assert DROP_CONTROLS in BuilderApp(name="x", clock=FakeClock()).get_line_filters()


async def test_the_picker_shows_a_hostile_file_name(tmp_path: Path) -> None:
    good = write_routine(tmp_path, EVIL, GOOD)
    bad = write_routine(tmp_path, EVIL + "2", GOOD.replace('hold = "5s"', 'hold = "0s"'))
    refs: list[RoutineRef] = [good, bad]
    app = make_app(None, FakeClock(), refs=lambda: refs)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        preview = str(app.screen.query_one("#preview-text", Static).render())
        assert "Your routine: x␛]0;PWNED␇␍\\u202eevil.toml" in preview
        await pilot.press("down")
        await pilot.pause()
        preview = str(app.screen.query_one("#preview-text", Static).render())
        assert "x␛]0;PWNED␇␍\\u202eevil2.toml" in preview and "at least 1s" in preview
        assert "\x1b" not in preview and "\r" not in preview


def test_the_history_screen_shows_a_hostile_routine_name() -> None:
    from datetime import UTC, datetime

    from history_support import record

    from acutimer.history.stats import PainPoint, RoutineSummary
    from acutimer.tui.screens.history import (
        Overview,
        helps_text,
        recent_table,
        trend_key,
        trend_letters,
    )

    started = datetime(2026, 1, 5, 9, tzinfo=UTC)
    overview = Overview(
        sessions=1,
        streak=0,
        minutes_this_week=0,
        trend=[PainPoint(started.date(), EVIL, 5, 3)],
        routines=[RoutineSummary(EVIL, 1, 1, 0, None, started)],
        recent=[record(started, routine=EVIL)],
    )
    key = trend_key(overview, trend_letters(overview.trend))
    for table in (helps_text(overview, 80).plain, recent_table(overview, 80).plain, key):
        assert "x␛]0;PWNED" in table and "\x1b" not in table


class _Loop:
    def __init__(self) -> None:
        self.scheduled: list[object] = []

    def call_soon_threadsafe(self, callback: object) -> None:
        self.scheduled.append(callback)


class _App:
    def __init__(self) -> None:
        self.posted: list[object] = []

    def post_message(self, message: object) -> None:
        self.posted.append(message)


@pytest.fixture
def winch() -> Iterator[None]:
    """SIGWINCH's handler as it was, put back after the test."""
    before = signal.getsignal(signal.SIGWINCH)
    try:
        yield
    finally:
        signal.signal(signal.SIGWINCH, before)


@pytest.mark.usefixtures("winch")
def test_a_burst_of_resize_signals_asks_the_loop_once() -> None:
    app = _App()
    coalescer = ResizeCoalescer(app)  # type: ignore[arg-type]
    loop = _Loop()
    coalescer._loop = loop  # type: ignore[assignment]
    for _ in range(1000):  # as if each came while the one before was being handled
        coalescer._on_signal(signal.SIGWINCH, None)
    assert len(loop.scheduled) == 1
    assert signal.getsignal(signal.SIGWINCH) == signal.SIG_IGN  # the kernel drops the rest
    coalescer._resize()
    assert len(app.posted) == 1
    assert signal.getsignal(signal.SIGWINCH) == coalescer._on_signal  # heard again
    coalescer._on_signal(signal.SIGWINCH, None)
    assert len(loop.scheduled) == 2


@pytest.mark.usefixtures("winch")
def test_a_resize_after_the_driver_stopped_leaves_its_handler() -> None:
    coalescer = ResizeCoalescer(_App())  # type: ignore[arg-type]
    coalescer._loop = _Loop()  # type: ignore[assignment]
    coalescer._on_signal(signal.SIGWINCH, None)
    signal.signal(signal.SIGWINCH, signal.SIG_DFL)  # as Textual's driver does when it stops
    coalescer._resize()
    assert signal.getsignal(signal.SIGWINCH) == signal.SIG_DFL


def test_a_full_wakeup_socket_queues_no_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """The warning's C path takes a lock inside the signal handler: a signal that came while the
    main thread held it deadlocked the app (see acutimer/tui/resize.py)."""
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    with contextlib.suppress(BlockingIOError):
        while True:  # full, as when a storm comes while the loop is busy
            writer.send(b"\0")
    warnings: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", warnings.append)
    handler = signal.signal(signal.SIGUSR1, lambda number, frame: None)
    fd = writer.fileno()
    before = signal.set_wakeup_fd(fd)  # as loop.add_signal_handler sets it
    try:
        signal.raise_signal(signal.SIGUSR1)
        assert len(warnings) == 1  # without quieting: the warning, through a pending call
        quiet_wakeup_fd()
        for _ in range(100):
            signal.raise_signal(signal.SIGUSR1)
        assert len(warnings) == 1
    finally:
        kept = signal.set_wakeup_fd(before)
        signal.signal(signal.SIGUSR1, handler)
        reader.close()
        writer.close()
    assert kept == fd  # the loop is still woken by signals


# --- in a real terminal ---------------------------------------------------------------------

tmux_needed = pytest.mark.skipif(
    __import__("shutil").which("tmux") is None, reason="tmux is not installed"
)


def _settings(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        "safety_acknowledged = true\nask_pain = false\n", encoding="utf-8"
    )


@tmux_needed
def test_a_storm_of_resizes_neither_crashes_nor_stalls(tmp_path: Path, acutimer_home: Path) -> None:
    from test_e2e_tmux import Tmux

    _settings(acutimer_home)
    tmux = Tmux(tmp_path)
    try:
        tmux.start(acutimer_command(acutimer_home, "run", "hand-points-break", "--no-bell"))
        tmux.wait_for("step 1 of 2")
        tty = tmux.run("display", "-p", "-t", "e2e", "#{pane_tty}").strip()
        fd = os.open(tty, os.O_RDWR | os.O_NOCTTY)
        try:
            count, end = 0, time.monotonic() + 2.0
            while time.monotonic() < end:  # each size change sends the app a SIGWINCH
                rows, cols = 15 + count % 20, 45 + count % 60
                fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                count += 1
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        finally:
            os.close(fd)
        assert count > 1000
        tmux.wait_for("step 1 of 2")
        assert tmux.run("display", "-p", "-t", "e2e", "#{pane_dead}").strip() == "0"
        tmux.keys("q")
        tmux.wait_for("End this session now?")
        tmux.keys("y")
        tmux.wait_for("ended early")
        tmux.keys("q")
        assert tmux.exit_status() == 0
    finally:
        tmux.kill()


@tmux_needed
def test_a_file_name_cannot_retitle_the_terminal(tmp_path: Path, acutimer_home: Path) -> None:
    from test_e2e_tmux import Tmux

    _settings(acutimer_home)
    write_routine(acutimer_home / "routines", "x\x1b]2;PWNED\x07\x1b]52;c;cHduZWQ=\x07y", GOOD)
    tmux = Tmux(tmp_path)
    try:
        tmux.start(acutimer_command(acutimer_home))
        tmux.wait_for("Choose a routine")
        title = tmux.run("display", "-p", "-t", "e2e", "#{pane_title}")
        for _ in range(2):  # sorted by title: "Good" is the third row
            tmux.keys("Down")
        screen = tmux.wait_for("Your routine: x␛]2;PWNED␇␛]52;c;cHduZWQ=␇y.toml")
        assert "PWNED" not in tmux.run("display", "-p", "-t", "e2e", "#{pane_title}")
        assert tmux.run("display", "-p", "-t", "e2e", "#{pane_title}") == title
        assert "Good" in screen
        tmux.keys("q")
        assert tmux.exit_status() == 0
    finally:
        tmux.kill()
