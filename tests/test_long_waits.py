"""Long waits inside a session (P2): the timeline marks them, the session waits for you when you
ask it to, and the cues call you back once per press. A fake clock and a fake notification route
stand in for time and the desktop: no sleeps."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from conftest import FakeDesktop
from fakeclock import FakeClock
from reach_support import FakeBin, tone_of
from session_support import cv6 as work_hour_cv6
from session_support import routine
from textual.widgets import Static
from tui_support import make_app, run_for, session_screen

from acutimer.config import Config
from acutimer.paths import RoutineRef
from acutimer.plain.runner import drive
from acutimer.plain.view import PlainView
from acutimer.reach import Reach
from acutimer.reach.notify import Notifier
from acutimer.routine.loading import load_ref
from acutimer.routine.points import load_points
from acutimer.routine.timeline import PhaseKind, expand
from acutimer.session.cues import CALL_BACK_SECONDS, DEFAULT_SOUND, Cues
from acutimer.session.engine import Session
from acutimer.session.events import Event, EventKind, State
from acutimer.tui.app import AcutimerApp

FIXTURES = Path(__file__).parent / "tui_fixtures"

GET_READY, PRESS, RELEASE, REST, FIND = (
    PhaseKind.GET_READY,
    PhaseKind.PRESS,
    PhaseKind.RELEASE,
    PhaseKind.REST,
    PhaseKind.FIND,
)


def cv6(**fields: Any) -> dict[str, Any]:
    """CV-6 as the work-hour routine has it: a minute, three times, ten minutes apart."""
    return work_hour_cv6(**{"get_ready": 30, **fields})


def session_of(*steps: dict[str, Any], **kwargs: Any) -> tuple[Session, FakeClock, list[Event]]:
    clock = FakeClock()
    session = Session(routine(*steps), clock=clock, **kwargs)
    events: list[Event] = []
    session.subscribe(events.append)
    return session, clock, events


def tick_to(session: Session, clock: FakeClock, moment: float) -> None:
    """Let the clock run to ``moment`` with a look at it every second (as a front end does: a
    longer gap would be a stall)."""
    while clock.now < moment:
        clock.now = min(moment, clock.now + 1.0)
        session.update()


def run_to(session: Session, clock: FakeClock, kind: PhaseKind, nth: int = 1) -> None:
    """Let the clock run, phase by phase, until the ``nth`` phase of ``kind`` has started."""
    seen = 0
    while True:
        deadline = session.next_deadline()
        assert deadline is not None, "the session stopped before it"
        tick_to(session, clock, deadline)
        if session.phase.kind is kind and session.state is State.RUNNING:
            seen += 1
            if seen == nth:
                return


# --- the timeline ------------------------------------------------------------------------------


def test_the_timeline_marks_long_waits_and_only_them() -> None:
    timeline = expand(
        routine(cv6(rest=180), {"point": "LI-4", "hold": 10, "release": 5, "repeats": 2})
    )
    long = [(p.kind, p.duration) for p in timeline if p.long]
    assert long == [(RELEASE, 570), (RELEASE, 570), (REST, 150)]
    assert not any(p.long for p in timeline if p.kind in (GET_READY, PRESS, FIND))
    short = [p for p in timeline if p.kind is RELEASE and p.step == 1]
    assert short and not any(p.long for p in short)


# --- wait for me ---------------------------------------------------------------------------------


def test_without_wait_for_me_the_press_starts_on_time_with_no_key() -> None:
    session, clock, _ = session_of(cv6())
    session.start()
    run_to(session, clock, GET_READY)
    run_to(session, clock, PRESS)
    assert session.state is State.RUNNING and session.phase.repeat == 2


def test_with_wait_for_me_and_no_key_the_session_waits_at_the_press() -> None:
    session, clock, events = session_of(cv6(), wait_for_me=True)
    session.start()
    run_to(session, clock, GET_READY)
    ready = session.phase
    tick_to(session, clock, clock.now + 29)
    clock.advance(1.4)  # a tick a little late
    session.update()
    assert session.state is State.PAUSED and session.held
    assert session.phase == ready and session.remaining() == 0
    assert session.elapsed() == ready.end  # at the press's start, not past it
    assert events[-1] == Event(EventKind.PAUSED, ready, 0, held=True)
    clock.advance(25 * 60)  # away for a meeting
    assert session.update() == [] and session.held  # paused: no stall, nothing moves
    resumed = session.carry_on()  # Enter: I'm back
    assert [e.kind for e in resumed] == [EventKind.RESUMED, EventKind.PHASE_STARTED]
    assert resumed[0].held
    assert session.phase.kind is PRESS and session.phase.repeat == 2
    assert session.remaining() == 60  # the whole press, from now
    assert session.paused_seconds == pytest.approx(25 * 60 + 0.4)
    assert not session.held


def test_with_wait_for_me_a_key_in_the_get_ready_phase_keeps_the_press_on_time() -> None:
    session, clock, _ = session_of(cv6(), wait_for_me=True)
    session.start()
    run_to(session, clock, GET_READY)
    tick_to(session, clock, clock.now + 12)
    session.saw_user()  # any key: scrolling the box, say
    assert session.carry_on() == []  # Enter, not waiting: only a key
    tick_to(session, clock, clock.now + 18)
    assert session.state is State.RUNNING and session.phase.kind is PRESS


def test_a_key_before_the_get_ready_phase_does_not_count() -> None:
    session, clock, _ = session_of(cv6(), wait_for_me=True)
    session.start()
    run_to(session, clock, RELEASE)
    tick_to(session, clock, clock.now + 100)
    session.saw_user()  # at the desk then, gone by the end of the wait
    run_to(session, clock, GET_READY)
    tick_to(session, clock, clock.now + 30)
    assert session.held


def test_pausing_and_carrying_on_in_the_get_ready_phase_is_a_key() -> None:
    session, clock, _ = session_of(cv6(), wait_for_me=True)
    session.start()
    run_to(session, clock, GET_READY)
    session.pause()
    clock.advance(5)
    session.resume()
    tick_to(session, clock, clock.now + 30)
    assert session.state is State.RUNNING and session.phase.kind is PRESS


def test_wait_for_me_turned_on_during_the_wait_counts_at_the_end_of_it() -> None:
    session, clock, _ = session_of(cv6())
    session.start()
    run_to(session, clock, GET_READY)
    session.wait_for_me = True
    tick_to(session, clock, clock.now + 30)
    assert session.held


def test_a_key_that_moves_while_waiting_ends_the_wait() -> None:
    session, clock, _ = session_of(cv6(), {"point": "LI-4", "hold": 10}, wait_for_me=True)
    session.start()
    run_to(session, clock, GET_READY)
    tick_to(session, clock, clock.now + 30)
    assert session.held
    session.next_step()
    assert not session.held and session.state is State.PAUSED
    assert session.phase.kind is FIND and session.phase.step == 1


def test_after_a_long_rest_it_waits_before_the_next_point() -> None:
    session, clock, _ = session_of(
        cv6(repeats=1, rest=300), {"point": "LI-4", "hold": 10}, wait_for_me=True
    )
    session.start()
    run_to(session, clock, GET_READY)
    assert session.phase.before_next_step
    tick_to(session, clock, clock.now + 30)
    assert session.held and session.upcoming() is not None
    session.resume()  # space does it too
    assert session.phase.kind is FIND and session.phase.step == 1


# --- calling you back ----------------------------------------------------------------------------


class Desktop:
    """A desktop notification service that takes everything (or nothing)."""

    def __init__(self, up: bool = True) -> None:
        self.up = up
        self.sent: list[tuple[str, str, float]] = []
        self.clock: FakeClock | None = None

    def __call__(self, title: str, body: str, timeout: float) -> bool:
        self.sent.append((title, body, self.clock.now if self.clock else 0.0))
        return self.up


def cued(
    *steps: dict[str, Any],
    wait_for_me: bool = False,
    bin_: FakeBin | None = None,
    **settings: Any,
) -> tuple[Session, Cues, FakeClock, Desktop, list[str]]:
    session, clock, _ = session_of(*steps, wait_for_me=wait_for_me)
    desktop = Desktop()
    desktop.clock = clock
    notes: list[str] = []
    rings: list[str] = []
    notifier = Notifier(notes.append, None, desktop=desktop, probe=None, which=lambda _: None)
    reach = Reach(
        notes.append,
        bell=lambda: rings.append("bell"),
        notifier=notifier,
        folder=bin_.folder / "sounds" if bin_ else None,
        which=bin_.which if bin_ else lambda _: None,
    )
    config = Config(**{"sound": False, **settings})
    return session, Cues(session, load_points(), reach, config), clock, desktop, rings


def test_each_long_wait_calls_you_back_once_as_its_get_ready_phase_starts() -> None:
    session, cues, clock, desktop, _ = cued(cv6())
    session.start()
    starts: list[float] = []
    while session.state is State.RUNNING:
        deadline = session.next_deadline()
        assert deadline is not None
        tick_to(session, clock, deadline)
        if session.phase.kind is GET_READY:
            starts.append(clock.now)
        assert cues.reach.notified(5)
    assert [(t, b) for t, b, _ in desktop.sent] == [
        ("acutimer: back to CV-6 Qi Hai", "Press 2 of 3 starts in 30 s."),
        ("acutimer: back to CV-6 Qi Hai", "Press 3 of 3 starts in 30 s."),
    ]
    assert [at for _, _, at in desktop.sent] == starts  # at that moment, not a tick later
    assert cues.notified == [(t, b) for t, b, _ in desktop.sent]


def test_the_call_back_cue_follows_the_sound_setting(tmp_path: Path) -> None:
    bin_ = FakeBin(tmp_path / "bin")
    bin_.add("paplay")
    session, cues, clock, _, rings = cued(cv6(), bin_=bin_, sound=True)
    session.start()
    run_to(session, clock, GET_READY)
    assert cues.given[-1] == ("tone", DEFAULT_SOUND)  # the soft one, "something is coming"
    sound = cues.reach._sound
    assert sound is not None
    sound.children.wait_idle()
    assert [tone_of(c) for c in bin_.calls()] == ["next-point", "press", "release", "ready"]
    bin_.close()
    session, cues, clock, _, rings = cued(cv6(), sound=False, bell=True)
    session.start()
    run_to(session, clock, GET_READY)
    assert cues.given[-1] == ("bell", "")  # no tone with sound off: the bell
    session, cues, clock, _, rings = cued(cv6(), sound=False, bell=False)
    session.start()
    run_to(session, clock, GET_READY)
    assert cues.given == [] and rings == []
    assert cues.notified  # the notification comes all the same


def test_with_wait_for_me_the_notification_says_it_waits() -> None:
    session, cues, clock, desktop, _ = cued(cv6(), wait_for_me=True)
    session.start()
    run_to(session, clock, GET_READY)
    assert cues.reach.notified(5)
    assert desktop.sent[0][1] == (
        "Press 2 of 3 starts in 30 s. "
        "Wait for me is on: press Enter in acutimer when you are there."
    )


def test_pausing_in_the_get_ready_phase_never_calls_back_twice() -> None:
    session, cues, clock, _, _ = cued(cv6())
    session.start()
    run_to(session, clock, GET_READY)
    for _ in range(3):
        session.pause()
        clock.advance(60)
        session.resume()
        tick_to(session, clock, clock.now + 2)
    assert len(cues.notified) == 1


def test_a_wait_left_by_a_key_never_calls_back() -> None:
    session, cues, clock, _, _ = cued(cv6(), {"point": "LI-4", "hold": 10})
    session.start()
    run_to(session, clock, RELEASE)
    session.next_step()
    tick_to(session, clock, clock.now + 5)
    assert cues.notified == []


def test_a_call_back_whose_moment_is_over_is_not_sent() -> None:
    session, cues, clock, _, _ = cued(cv6())
    session.start()
    run_to(session, clock, RELEASE)
    tick_to(session, clock, clock.now + 568)
    clock.advance(2 + 30.5)  # a tick far too late: the get-ready phase went by unseen
    session.update()
    assert session.state is State.PAUSED  # a stall: the session paused where it was seen last
    session.resume()
    tick_to(session, clock, clock.now + 2)
    assert session.phase.kind is GET_READY and len(cues.notified) == 1


def test_without_a_get_ready_phase_it_calls_back_thirty_seconds_before_the_press() -> None:
    session, cues, clock, desktop, _ = cued(cv6(get_ready=0), bell=True)
    session.start()
    run_to(session, clock, RELEASE)
    release_end = session.next_deadline()
    assert release_end is not None
    wake = cues.next_change()  # a front end that sleeps wakes for it (the title is on)
    assert wake is not None and wake <= release_end - CALL_BACK_SECONDS
    cues.config.title = False
    assert cues.next_change() == release_end - CALL_BACK_SECONDS  # and without the title
    tick_to(session, clock, release_end - CALL_BACK_SECONDS - 0.5)
    assert cues.notified == []
    cues.given.clear()
    clock.now = release_end - CALL_BACK_SECONDS  # the front end wakes when next_change said
    session.update()
    assert cues.reach.notified(5)
    assert [(b, at) for _, b, at in desktop.sent] == [
        ("Press 2 of 3 starts in 30 s.", release_end - CALL_BACK_SECONDS)
    ]
    assert cues.given == [("bell", "")]  # the soft cue (sound is off here: the bell)
    assert cues.next_change() is None  # called back: no wake for it (and the title is off)
    tick_to(session, clock, release_end - 1)
    assert len(cues.notified) == 1 and len(cues.given) == 1  # once, however many looks
    assert DEFAULT_SOUND == "ready"


def test_a_long_rest_calls_you_back_for_the_next_point() -> None:
    session, cues, clock, desktop, _ = cued(
        cv6(repeats=1, rest=300), {"point": "LI-4", "sides": "left", "hold": 10}
    )
    session.start()
    run_to(session, clock, GET_READY)
    assert cues.reach.notified(5)
    assert [(t, b) for t, b, _ in desktop.sent] == [
        ("acutimer: next, LI-4 He Gu", "The next point starts in 30 s.")
    ]


def test_with_no_notification_service_the_session_goes_on_and_says_so_once() -> None:
    session, cues, clock, desktop, _ = cued(cv6())
    desktop.up = False
    notes: list[str] = []
    cues.reach.note = notes.append
    session.start()
    run_to(session, clock, GET_READY)
    assert cues.reach.notified(5)
    run_to(session, clock, GET_READY)
    assert cues.reach.notified(5)
    assert notes == ["notifications: no way to show one (no notification service, no terminal)"]
    assert len(cues.notified) == 2 and session.state is State.RUNNING


def test_the_title_says_when_it_waits_for_you() -> None:
    session, cues, clock, _, _ = cued(cv6(), wait_for_me=True)
    session.start()
    run_to(session, clock, GET_READY)
    assert cues.title_text() == "get ready 0:30"
    tick_to(session, clock, clock.now + 30)
    assert cues.title_text() == "waiting for you"


# --- the full-screen app -------------------------------------------------------------------------


def long_wait_app(**kwargs: Any) -> tuple[AcutimerApp, FakeClock]:
    """tests/tui_fixtures/long-wait.toml: find 0-5, press 5-25, release 25-115 (long), get ready
    115-145, press 145-165."""
    clock = FakeClock()
    loaded = load_ref(RoutineRef("long-wait", FIXTURES / "long-wait.toml", False))
    return make_app(loaded, clock, **kwargs), clock


def box_text(app: AcutimerApp) -> str:
    return " ".join(str(app.screen.query_one("#about", Static).render()).split())


def heading_text(app: AcutimerApp) -> str:
    return " ".join(str(app.screen.query_one("#heading", Static).render()).split())


async def test_the_app_waits_for_you_at_the_press_and_enter_starts_it() -> None:
    app, clock = long_wait_app(wait_for_me=True)
    async with app.run_test(size=(80, 24)) as pilot:
        run_for(app, clock, 60)
        await pilot.pause()
        assert "Carry on with your work" in box_text(app)
        assert "Wait for me is on" in box_text(app)
        run_for(app, clock, 60)  # into the get-ready phase
        await pilot.pause()
        assert "Back? Press Enter" in box_text(app)
        run_for(app, clock, 40)  # past its end, no key
        await pilot.pause()
        session = session_screen(app).session
        assert session.held and session.phase.kind is GET_READY
        assert "waiting for you · Enter or space starts the press" in heading_text(app)
        clock.advance(300)
        await pilot.press("enter")
        await pilot.pause()
        assert session.state is State.RUNNING and session.phase.kind is PRESS
        assert session.remaining() == 20


async def test_a_key_while_getting_ready_keeps_the_press_on_time() -> None:
    app, clock = long_wait_app(wait_for_me=True)
    async with app.run_test(size=(80, 24)) as pilot:
        run_for(app, clock, 125)
        await pilot.press("down")  # scrolling the box is a key too
        run_for(app, clock, 25)
        await pilot.pause()
        session = session_screen(app).session
        assert session.state is State.RUNNING and session.phase.kind is PRESS


async def test_w_turns_wait_for_me_on_for_the_session_and_the_box_says_so() -> None:
    app, clock = long_wait_app()
    async with app.run_test(size=(80, 24)) as pilot:
        run_for(app, clock, 60)
        await pilot.pause()
        assert "Wait for me is off" in box_text(app)
        await pilot.press("w")
        await pilot.pause()
        session = session_screen(app).session
        assert session.wait_for_me and "Wait for me is on" in box_text(app)
        assert app.config.wait_for_me is False  # for this session only
        run_for(app, clock, 90)
        assert session.held


async def test_the_setting_changed_from_the_palette_reaches_the_running_session() -> None:
    app, clock = long_wait_app()
    async with app.run_test(size=(80, 24)) as pilot:
        run_for(app, clock, 30)
        app.change_setting("wait_for_me", True)
        await pilot.pause()
        assert session_screen(app).session.wait_for_me
        assert "Wait for me is on" in box_text(app)


async def test_the_app_sends_the_call_back_through_reach(desktop: FakeDesktop) -> None:
    app, clock = long_wait_app()
    async with app.run_test(size=(80, 24)) as pilot:
        run_for(app, clock, 116)
        await pilot.pause()
        assert app.reach.notified(5)
        assert desktop.sent == [
            ("acutimer: back to BL-23 Shen Shu", "Press 2 of 2 starts in 30 s.")
        ]


# --- the plain runner -----------------------------------------------------------------------


class ScriptedKeys:
    """A terminal with keys typed at given moments of the fake clock; a wait lasts at most a
    second of it (as the runner's own)."""

    has_keys = True
    stop_signal: int | None = None

    def __init__(self, clock: FakeClock, script: dict[float, str]) -> None:
        self.clock = clock
        self.script = sorted(script.items())

    def wait(self, timeout: float | None) -> str:
        assert self.clock.now < 10_000, "the session waited for a key that never came"
        self.clock.advance(1.0 if timeout is None else min(max(timeout, 1e-3), 1.0))
        typed = ""
        while self.script and self.script[0][0] <= self.clock.now:
            typed += self.script.pop(0)[1]
        return typed


def plain_run(script: dict[float, str], **kwargs: Any) -> tuple[Session, list[str]]:
    clock = FakeClock(0.0)
    session = Session(routine(cv6()), clock=clock, **kwargs)
    out = io.StringIO()
    view = PlainView(session, load_points(), out, keys=True)
    session.subscribe(view.on_event)
    session.start()
    drive(session, view, ScriptedKeys(clock, script))  # type: ignore[arg-type]
    return session, out.getvalue().splitlines()


def test_plain_says_to_carry_on_and_waits_for_you_until_enter() -> None:
    # find 0-10, press 10-70, release 70-640, get ready 640-670: no key, so it waits there.
    session, lines = plain_run({1000.0: "\n", 2000.0: "\n"}, wait_for_me=True)
    text = "\n".join(lines)
    assert "Carry on with your work: 30s before the next press" in text
    assert "Wait for me is on: if no key comes from you by then" in text
    assert "Back? Press Enter. Wait for me is on: the press does not start without you." in text
    held = [line for line in lines if "waiting for you" in line]
    assert held == [
        f"[{at}] waiting for you · Enter or space starts the press" for at in ("11:10", "22:10")
    ]
    after = lines[lines.index(held[0]) + 1]
    assert after.startswith("[11:10] Step 1/1 · CV-6 Qi Hai · midline · press firmly 1m (2 of 3)")
    assert session.state is State.FINISHED
    # Waited from 670 to 1000, and from 1660 (1000 + the press and the wait) to 2000.
    assert session.paused_seconds == pytest.approx(330 + 340, abs=2)


def test_plain_w_turns_wait_for_me_on_and_off() -> None:
    # On from 300 s: both get-ready phases end with no key, and each wait ends with a key.
    session, lines = plain_run({100.0: "w", 200.0: "w", 300.0: "w", 2000.0: " ", 3000.0: " "})
    toggles = [line for line in lines if "wait for me" in line and "(this session)" in line]
    assert [t.split("] ")[1].split(":")[0] for t in toggles] == [
        "wait for me on",
        "wait for me off",
        "wait for me on",
    ]
    assert len([line for line in lines if "waiting for you" in line]) == 2
    assert session.state is State.FINISHED
