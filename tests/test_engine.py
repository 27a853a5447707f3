"""The timeline expansion, breathing, and the session state machine, on a fake clock."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from fakeclock import FakeClock
from hypothesis import given, settings
from hypothesis import strategies as st

from acutimer.paths import builtin_refs
from acutimer.routine.describe import routine_json
from acutimer.routine.loading import load_ref
from acutimer.routine.models import Pace, Routine
from acutimer.routine.points import load_points
from acutimer.routine.timeline import (
    BreathPhase,
    PhaseKind,
    Side,
    breath_at,
    breath_changes,
    expand,
    step_seconds,
    total_seconds,
)
from acutimer.routine.validation import validate
from acutimer.session.engine import STALL_SECONDS, Session
from acutimer.session.events import Event, EventKind, State

L, R, B = Side.LEFT, Side.RIGHT, Side.BOTH
FIND, PRESS, RELEASE, SWITCH, REST, DONE = (
    PhaseKind.FIND,
    PhaseKind.PRESS,
    PhaseKind.RELEASE,
    PhaseKind.SWITCH,
    PhaseKind.REST,
    PhaseKind.DONE,
)


def step(**fields: Any) -> dict[str, Any]:
    """A step with short defaults; ``fields`` override them."""
    return {"point": "LI-4", "sides": "left", "hold": 10, **fields}


def routine(*steps: dict[str, Any], **fields: Any) -> Routine:
    data = {
        "title": "Test",
        "summary": "A routine for tests.",
        "focus": "lower-back",
        "position": "seated",
        "find_time": 5,
        "steps": list(steps),
        **fields,
    }
    return validate(Routine, data)


def shape(r: Routine, skip: tuple[int, ...] = ()) -> list[tuple[PhaseKind, Side | None, int]]:
    """(kind, side, repeat) of every phase except DONE."""
    return [(p.kind, p.side, p.repeat) for p in expand(r, skip)[:-1]]


def session(r: Routine, clock: FakeClock, **kwargs: Any) -> tuple[Session, list[Event]]:
    s = Session(r, clock=clock, **kwargs)
    seen: list[Event] = []
    s.subscribe(seen.append)
    return s, seen


def advance(s: Session, clock: FakeClock, seconds: float, tick: float = 1.0) -> None:
    """Let ``seconds`` pass with an update at least every ``tick`` (as a front end does)."""
    while seconds > 0:
        clock.advance(min(tick, seconds))
        seconds -= tick
        s.update()


def run_to_end(s: Session, clock: FakeClock, tick: float = 1.0) -> None:
    while s.state is State.RUNNING:
        clock.advance(tick)
        s.update()


# --- expansion --------------------------------------------------------------------------------


def test_left_then_right_three_repeats_is_three_left_then_three_right() -> None:
    r = routine(step(sides="left-then-right", repeats=3, release=2))
    assert shape(r) == [
        (FIND, L, 0),
        (PRESS, L, 1),
        (RELEASE, L, 2),
        (PRESS, L, 2),
        (RELEASE, L, 3),
        (PRESS, L, 3),
        (SWITCH, R, 0),
        (PRESS, R, 1),
        (RELEASE, R, 2),
        (PRESS, R, 2),
        (RELEASE, R, 3),
        (PRESS, R, 3),
    ]
    switch = expand(r)[6]
    assert switch.duration == 5  # changing sides takes the find time


def test_right_then_left_starts_on_the_right() -> None:
    r = routine(step(sides="right-then-left", repeats=2))
    presses = [(p.side, p.repeat) for p in expand(r) if p.kind is PRESS]
    assert presses == [(R, 1), (R, 2), (L, 1), (L, 2)]


def test_alternating_is_left_right_left_right() -> None:
    r = routine(step(sides="alternating", repeats=3, release=2))
    assert shape(r) == [
        (FIND, L, 0),
        (PRESS, L, 1),
        (SWITCH, R, 0),
        (PRESS, R, 1),
        (SWITCH, L, 0),
        (PRESS, L, 2),
        (SWITCH, R, 0),
        (PRESS, R, 2),
        (SWITCH, L, 0),
        (PRESS, L, 3),
        (SWITCH, R, 0),
        (PRESS, R, 3),
    ]
    assert {p.duration for p in expand(r) if p.kind is SWITCH} == {2}  # the release, not find


@pytest.mark.parametrize(
    ("sides", "side"), [("both", B), ("midline", None), ("left", L), ("right", R)]
)
def test_one_sided_steps_press_repeats_times_on_one_side(sides: str, side: Side | None) -> None:
    r = routine(step(sides=sides, repeats=2, release=3))
    assert shape(r) == [(FIND, side, 0), (PRESS, side, 1), (RELEASE, side, 2), (PRESS, side, 2)]
    assert total_seconds(r) == 5 + 10 + 3 + 10


def test_both_at_once_is_one_hold() -> None:
    r = routine(step(sides="both"))
    assert [(p.kind, p.side) for p in expand(r)] == [(FIND, B), (PRESS, B), (DONE, None)]


def test_steady_after_follows_each_breath_led_press() -> None:
    r = routine(step(sides="both", repeats=2, release=4, breathing="synchronised", steady_after=20))
    phases = expand(r)[:-1]
    assert [(p.kind, p.steady, p.duration) for p in phases] == [
        (FIND, False, 5),
        (PRESS, False, 10),
        (PRESS, True, 20),
        (RELEASE, False, 4),
        (PRESS, False, 10),
        (PRESS, True, 20),
    ]


def test_zero_release_and_zero_find_leave_no_empty_phases() -> None:
    r = routine(step(sides="left-then-right", repeats=2, find=0))
    assert shape(r) == [(PRESS, L, 1), (PRESS, L, 2), (PRESS, R, 1), (PRESS, R, 2)]
    assert all(p.duration > 0 for p in expand(r)[:-1])


def test_rest_comes_between_steps_not_after_the_last() -> None:
    r = routine(step(rest=7), step(rest=9))
    kinds = [(p.kind, p.step) for p in expand(r)]
    assert kinds == [(FIND, 0), (PRESS, 0), (REST, 0), (FIND, 1), (PRESS, 1), (DONE, 2)]


def test_skip_leaves_steps_out_and_keeps_indices() -> None:
    r = routine(step(rest=7), step(rest=9), step(rest=11))
    timeline = expand(r, skip={2})
    assert [(p.kind, p.step) for p in timeline] == [
        (FIND, 0),
        (PRESS, 0),
        (REST, 0),
        (FIND, 1),
        (PRESS, 1),  # step 1 is now the last: no rest after it
        (DONE, 3),
    ]
    assert timeline[-1].start == 5 + 10 + 7 + 5 + 10
    middle = expand(r, skip={1})
    assert [p.step for p in middle if p.kind is FIND] == [0, 2]


def test_phases_are_end_to_end_and_sum_to_the_total() -> None:
    r = routine(
        step(sides="alternating", repeats=3, release=2, rest=10),
        step(sides="both", breathing="synchronised", steady_after=30),
    )
    timeline = expand(r)
    for before, after in itertools.pairwise(timeline):
        assert after.start == pytest.approx(before.end)
    assert sum(p.duration for p in timeline) == pytest.approx(total_seconds(r))
    assert total_seconds(r) == pytest.approx(step_seconds(r, 0) + step_seconds(r, 1))


@pytest.mark.parametrize("ref", builtin_refs(), ids=lambda ref: ref.name)
def test_show_and_list_totals_are_what_a_session_takes(ref: Any) -> None:
    loaded = load_ref(ref)
    clock = FakeClock()
    s, _ = session(loaded.routine, clock)
    s.start()
    run_to_end(s, clock, tick=2.5)
    data = routine_json(ref.name, loaded.routine, load_points())
    assert data["duration_seconds"] == pytest.approx(s.total)
    assert clock.now - 1000.0 == pytest.approx(s.total, abs=2.5)
    assert sum(st["duration_seconds"] for st in data["steps"]) == pytest.approx(s.total)


# --- breathing --------------------------------------------------------------------------------


def test_breath_phase_and_progress() -> None:
    pace = Pace(inhale=4, exhale=6)
    first = breath_at(pace, 0)
    assert (first.phase, first.progress, first.number) == (BreathPhase.INHALE, 0.0, 1)
    half = breath_at(pace, 2)
    assert (half.phase, half.progress, half.remaining) == (BreathPhase.INHALE, 0.5, 2.0)
    out = breath_at(pace, 7)
    assert (out.phase, out.progress, out.remaining) == (BreathPhase.EXHALE, 0.5, 3.0)
    assert out.fullness == 0.5
    again = breath_at(pace, 10)
    assert (again.phase, again.number) == (BreathPhase.INHALE, 2)


def test_breath_pauses() -> None:
    pace = Pace(inhale=4, hold_in=1, exhale=6, hold_out=2)
    assert pace.cycle == 13
    assert breath_at(pace, 4.5).phase is BreathPhase.HOLD_IN
    assert breath_at(pace, 4.5).fullness == 1.0
    assert breath_at(pace, 5).phase is BreathPhase.EXHALE
    assert breath_at(pace, 12).phase is BreathPhase.HOLD_OUT
    assert breath_at(pace, 12).fullness == 0.0
    assert breath_changes(pace, 20) == [
        (0, BreathPhase.INHALE),
        (4, BreathPhase.HOLD_IN),
        (5, BreathPhase.EXHALE),
        (11, BreathPhase.HOLD_OUT),
        (13, BreathPhase.INHALE),
        (17, BreathPhase.HOLD_IN),
        (18, BreathPhase.EXHALE),
    ]


def test_synchronised_cues_press_deeper_out_and_steady_in() -> None:
    pace = Pace(inhale=4, exhale=6)
    assert "steady" in breath_at(pace, 1, synchronised=True).cue
    assert "press deeper" in breath_at(pace, 5, synchronised=True).cue
    assert "press deeper" not in breath_at(pace, 5).cue


def test_session_breath_follows_the_step() -> None:
    r = routine(
        step(sides="both", breathing="synchronised", steady_after=20, find=0),
        step(sides="both", breathing="natural", find=0),
        pace={"inhale": 4, "exhale": 6},
    )
    clock = FakeClock()
    s, _ = session(r, clock)
    s.start()
    advance(s, clock, 5)
    breath = s.breath()
    assert breath is not None
    assert breath.phase is BreathPhase.EXHALE
    assert "press deeper" in breath.cue
    advance(s, clock, 6)  # into the steady hold: the guide goes on, without pressing deeper
    assert s.phase.steady
    steady = s.breath()
    assert steady is not None
    assert "press deeper" not in steady.cue
    advance(s, clock, 20)  # the natural step has no guide
    assert s.phase.step == 1
    assert s.breath() is None


def test_a_reading_gives_time_left_time_done_and_the_breath_from_one_instant() -> None:
    r = routine(step(sides="both", breathing="paced", find=0), pace={"inhale": 4, "exhale": 6})
    looks: list[float] = []
    clock = FakeClock()

    def counted() -> float:
        looks.append(clock())
        clock.advance(0.001)  # a clock that moves between two looks
        return looks[-1]

    s, _ = session(r, counted)  # type: ignore[arg-type]
    s.start()
    clock.advance(5.25)
    looks.clear()
    now = s.reading()
    assert len(looks) == 1
    assert now.elapsed + now.remaining == pytest.approx(s.phase.duration)
    assert now.breath is not None and now.breath.phase is BreathPhase.EXHALE
    assert now.breath.remaining == pytest.approx(10 - now.elapsed)


# --- time -------------------------------------------------------------------------------------


def test_late_ticks_do_not_drift() -> None:
    r = routine(step(sides="left-then-right", repeats=3, release=2.5, rest=3), step())
    clock = FakeClock()
    s, seen = session(r, clock)
    s.start()
    started_at = clock.now
    while s.state is State.RUNNING:
        clock.advance(1.7)
        s.update()
        if s.state is State.RUNNING:
            assert s.elapsed() == pytest.approx(clock.now - started_at)
            deadline = s.next_deadline()
            assert deadline is not None
            assert deadline - started_at == pytest.approx(s.phase.end)
    starts = [e.phase.start for e in seen if e.kind is EventKind.PHASE_STARTED]
    assert starts == [p.start for p in s.timeline]


def test_speed_runs_the_routine_faster_in_routine_time() -> None:
    r = routine(step(repeats=2, release=2, sides="left-then-right"))
    clock = FakeClock()
    s, _ = session(r, clock, speed=10)
    s.start()
    advance(s, clock, 1.5)
    assert s.elapsed() == pytest.approx(15)
    advance(s, clock, s.total / 10 - 1.5 - 0.01)
    assert s.next_deadline() is not None  # still running
    advance(s, clock, 0.02)
    assert s.state is State.FINISHED


def test_paused_time_is_not_counted() -> None:
    r = routine(step(hold=30))
    clock = FakeClock()
    s, seen = session(r, clock)
    s.start()
    advance(s, clock, 7)  # 5 s finding, 2 s into the press
    s.pause()
    assert s.state is State.PAUSED
    assert s.next_deadline() is None
    for _ in range(100):
        clock.advance(2)
        assert s.update() == []
    assert s.elapsed() == pytest.approx(7)
    assert s.remaining() == pytest.approx(28)
    s.resume()
    advance(s, clock, 3)
    assert s.elapsed() == pytest.approx(10)
    assert s.paused_seconds == pytest.approx(200)
    kinds = [e.kind for e in seen]
    assert kinds.count(EventKind.PAUSED) == 1
    assert kinds.count(EventKind.RESUMED) == 1


def test_a_stall_pauses_at_the_same_phase_with_the_same_time_left() -> None:
    r = routine(step(hold=30, repeats=2, release=5, sides="left"))
    clock = FakeClock()
    s, seen = session(r, clock)
    s.start()
    advance(s, clock, 9)  # 4 s into the first press
    before = (s.index, s.remaining(), s.elapsed())
    clock.advance(60)  # Ctrl+Z for a minute, or the laptop slept
    events = s.update()
    assert [e.kind for e in events] == [EventKind.PAUSED]
    assert events[0].stalled
    assert s.state is State.PAUSED
    assert (s.index, s.remaining(), s.elapsed()) == before
    clock.advance(1)
    s.resume()
    advance(s, clock, 26)
    assert s.phase.kind is RELEASE
    assert s.elapsed() == pytest.approx(35)
    assert [e.phase.kind for e in seen if e.kind is EventKind.PHASE_STARTED] == [
        FIND,
        PRESS,
        RELEASE,
    ]


def test_a_stall_across_a_deadline_skips_nothing() -> None:
    r = routine(step(hold=30))
    clock = FakeClock()
    s, _ = session(r, clock)
    s.start()
    advance(s, clock, 4)  # 1 s before the find phase ends
    clock.advance(STALL_SECONDS + 0.5)
    s.update()
    assert s.state is State.PAUSED
    assert s.phase.kind is FIND
    assert s.remaining() == pytest.approx(1)


def test_a_gap_just_under_the_stall_limit_is_only_late() -> None:
    r = routine(step(hold=30))
    clock = FakeClock()
    s, _ = session(r, clock)
    s.start()
    clock.advance(STALL_SECONDS - 0.1)
    s.update()
    clock.advance(STALL_SECONDS - 0.1)
    s.update()
    assert s.state is State.RUNNING
    assert s.elapsed() == pytest.approx(2 * (STALL_SECONDS - 0.1))


def test_clock_at_gives_the_time_of_a_point_inside_the_phase() -> None:
    r = routine(step(hold=30, find=0))
    clock = FakeClock()
    s, _ = session(r, clock, speed=2)
    s.start()
    assert s.clock_at(10) == pytest.approx(1005)
    s.pause()
    assert s.clock_at(10) is None


# --- navigation -------------------------------------------------------------------------------


def three_steps() -> Routine:
    return routine(step(rest=2), step(repeats=2, release=1, rest=2), step())


def test_next_goes_to_the_start_of_the_next_step() -> None:
    clock = FakeClock()
    s, seen = session(three_steps(), clock)
    s.start()
    advance(s, clock, 7)
    seen.clear()
    s.next_step()
    assert s.phase.step == 1
    assert s.phase.kind is FIND
    assert s.remaining() == 5
    assert s.elapsed() == s.phase.start
    assert [(e.kind, e.step) for e in seen] == [
        (EventKind.STEP_SKIPPED, 0),
        (EventKind.STEP_STARTED, 1),
        (EventKind.PHASE_STARTED, 1),
    ]
    assert s.skipped == [0]
    assert s.completed == []


def test_next_from_the_last_step_ends_and_never_passes_the_end() -> None:
    clock = FakeClock()
    s, seen = session(three_steps(), clock)
    s.start()
    s.next_step()
    s.next_step()
    assert s.phase.step == 2
    s.next_step()
    assert s.state is State.FINISHED
    assert s.phase.kind is DONE
    assert seen[-1].kind is EventKind.SESSION_FINISHED
    count = len(seen)
    s.next_step()
    assert s.index == len(s.timeline) - 1
    assert len(seen) == count


def test_previous_at_step_one_stays_at_step_one() -> None:
    clock = FakeClock()
    s, _ = session(three_steps(), clock)
    s.start()
    advance(s, clock, 8)
    s.previous_step()
    assert (s.index, s.elapsed(), s.remaining()) == (0, 0, 5)
    s.previous_step()
    assert s.index == 0


def test_previous_goes_back_a_step_and_unskips_it() -> None:
    clock = FakeClock()
    s, _ = session(three_steps(), clock)
    s.start()
    s.next_step()
    s.next_step()
    assert s.skipped == [0, 1]
    advance(s, clock, 3)
    s.previous_step()
    assert s.phase.step == 1
    assert s.phase.kind is FIND
    assert s.skipped == [0]


def test_restart_goes_back_to_the_start_of_the_step() -> None:
    clock = FakeClock()
    s, seen = session(three_steps(), clock)
    s.start()
    s.next_step()
    advance(s, clock, 12)  # into step 2's first press
    seen.clear()
    s.restart_step()
    assert s.phase.step == 1
    assert s.phase.kind is FIND
    assert s.remaining() == 5
    assert [e.kind for e in seen] == [EventKind.STEP_STARTED, EventKind.PHASE_STARTED]


def test_jump_to_a_step() -> None:
    clock = FakeClock()
    s, _ = session(three_steps(), clock, skip={1})
    s.start()
    s.jump_to_step(2)
    assert s.phase.step == 2
    assert sorted(s.skipped) == [0, 1]
    s.jump_to_step(0)
    assert s.index == 0
    with pytest.raises(ValueError, match="step 2"):
        s.jump_to_step(1)  # left out of this session
    with pytest.raises(ValueError, match="step 4"):
        s.jump_to_step(3)  # there is no step 4 (and it is not a way to the end)
    assert s.state is State.RUNNING


def test_moves_while_paused_stay_paused_with_the_new_phase_whole() -> None:
    clock = FakeClock()
    s, _ = session(three_steps(), clock)
    s.start()
    clock.advance(3)
    s.pause()
    s.next_step()
    assert s.state is State.PAUSED
    assert s.phase.step == 1
    clock.advance(50)
    assert s.remaining() == 5
    s.resume()
    advance(s, clock, 5)
    assert s.phase.kind is PRESS
    assert s.paused_seconds == pytest.approx(50)


def test_next_while_paused_at_the_last_step_finishes() -> None:
    clock = FakeClock()
    s, _ = session(three_steps(), clock)
    s.start()
    s.jump_to_step(2)
    s.pause()
    clock.advance(10)  # paused: no updates needed
    s.next_step()
    assert s.state is State.FINISHED
    assert s.paused_seconds == pytest.approx(10)


def test_quit_abandons_and_freezes_the_session() -> None:
    clock = FakeClock()
    s, seen = session(three_steps(), clock)
    s.start()
    advance(s, clock, 6)
    s.quit()
    assert s.state is State.ABANDONED
    assert seen[-1].kind is EventKind.SESSION_ABANDONED
    assert seen[-1].step == 0
    assert s.elapsed() == pytest.approx(6)
    clock.advance(100)
    count = len(seen)
    for move in (s.update, s.pause, s.resume, s.next_step, s.previous_step, s.quit):
        move()
    assert len(seen) == count
    assert s.elapsed() == pytest.approx(6)


def test_events_of_a_whole_session_in_order() -> None:
    r = routine(step(rest=2), step(sides="both", find=0))
    clock = FakeClock()
    s, seen = session(r, clock)
    s.start()
    run_to_end(s, clock, tick=0.5)
    assert [(e.kind.value, e.phase.kind.value, e.step) for e in seen] == [
        ("step-started", "find", 0),
        ("phase-started", "find", 0),
        ("phase-started", "press", 0),
        ("phase-started", "rest", 0),
        ("step-finished", "rest", 0),
        ("step-started", "press", 1),
        ("phase-started", "press", 1),
        ("step-finished", "press", 1),
        ("phase-started", "done", 2),
        ("session-finished", "done", 2),
    ]
    assert s.completed == [0, 1]
    assert s.elapsed() == s.total


def test_speed_must_be_positive() -> None:
    with pytest.raises(ValueError, match="speed"):
        Session(three_steps(), speed=0)


# --- properties -------------------------------------------------------------------------------

SIDES = ["left", "right", "both", "midline", "left-then-right", "right-then-left", "alternating"]
SECONDS = st.integers(0, 40).map(float) | st.floats(0.5, 40, allow_nan=False).map(
    lambda x: round(x, 2)
)
"""A wait: 0, or at least half a second (the models' minimum)."""


@st.composite
def steps(draw: st.DrawFn) -> dict[str, Any]:
    synchronised = draw(st.booleans())
    data: dict[str, Any] = step(
        sides=draw(st.sampled_from(SIDES)),
        hold=draw(st.floats(1, 60).map(lambda x: round(x, 2))),
        repeats=draw(st.integers(1, 4)),
        release=draw(SECONDS),
        rest=draw(SECONDS),
        find=draw(st.none() | SECONDS),
        breathing="synchronised" if synchronised else draw(st.sampled_from(["paced", "natural"])),
    )
    if synchronised:
        data["steady_after"] = draw(SECONDS)
    return data


routines = st.lists(steps(), min_size=1, max_size=4).map(lambda s: routine(*s))


@given(routines)
def test_phase_durations_sum_to_the_planned_total(r: Routine) -> None:
    timeline = expand(r)
    assert timeline[0].start == 0
    for before, after in itertools.pairwise(timeline):
        assert after.start == pytest.approx(before.end)
        assert before.duration > 0
    assert sum(p.duration for p in timeline) == pytest.approx(total_seconds(r))
    assert total_seconds(r) == pytest.approx(sum(step_seconds(r, i) for i in range(len(r.steps))))
    for index, st_ in enumerate(r.steps):
        assert st_.sides is not None
        sides = 2 if st_.sides.value in ("left-then-right", "right-then-left", "alternating") else 1
        presses = [p for p in timeline if p.step == index and p.kind is PRESS]
        assert len(presses) == st_.repeats * sides * (2 if st_.steady_after else 1)


# Ticks of 0.01 s over a routine of minutes are tens of thousands of updates: no deadline.
@settings(deadline=None)
@given(routines, st.lists(st.floats(0.01, STALL_SECONDS - 0.01), min_size=1))
def test_an_unpaused_session_takes_the_planned_total(r: Routine, ticks: list[float]) -> None:
    clock = FakeClock()
    s, seen = session(r, clock, speed=3)
    s.start()
    start = clock.now
    turn = 0
    while s.state is State.RUNNING:
        clock.advance(ticks[turn % len(ticks)])
        turn += 1
        s.update()
        if s.state is State.RUNNING:
            assert s.elapsed() == pytest.approx((clock.now - start) * 3)
    assert (clock.now - start) * 3 >= s.total - 1e-6
    phases = [e.phase for e in seen if e.kind is EventKind.PHASE_STARTED]
    assert phases == s.timeline
    assert s.completed == list(range(len(r.steps)))


MOVES = st.sampled_from(["advance", "pause", "resume", "next", "previous", "restart", "update"])


@settings(max_examples=200)
@given(routines, st.lists(st.tuples(MOVES, st.floats(0, 2.5)), max_size=40))
def test_moves_keep_the_session_consistent(r: Routine, moves: list[tuple[str, float]]) -> None:
    clock = FakeClock()
    s, _ = session(r, clock)
    s.start()
    running = 0.0  # seconds spent running, from outside
    for move, seconds in moves:
        before = s.phase.step
        was = s.state
        if move == "advance":
            clock.advance(seconds)
            if was is State.RUNNING:
                running += seconds
            s.update()
        elif move == "pause":
            s.pause()
        elif move == "resume":
            s.resume()
        elif move == "next":
            s.next_step()
            if was in (State.RUNNING, State.PAUSED):
                assert s.phase.step > before or s.state is State.FINISHED
        elif move == "previous":
            s.previous_step()
            if was in (State.RUNNING, State.PAUSED):
                assert s.phase.step == max([i for i in s.steps if i < before] or [s.steps[0]])
                assert s.elapsed() == pytest.approx(s.phase.start)
        elif move == "restart":
            s.restart_step()
        else:
            s.update()
        assert 0 <= s.index < len(s.timeline)
        assert 0 <= s.remaining() <= s.phase.duration
        assert 0 <= s.elapsed() <= s.total + 1e-9
        assert (s.state is State.FINISHED) == (s.phase.kind is DONE)
        if s.state is State.PAUSED:
            assert s.next_deadline() is None
        if not {"next", "previous", "restart"} & {m for m, _ in moves}:
            assert s.elapsed() == pytest.approx(min(running, s.total))


@given(routines, st.floats(0, 100), st.floats(0, 1000), st.floats(0, 100))
def test_pause_time_is_excluded(r: Routine, before: float, paused: float, after: float) -> None:
    clock = FakeClock()
    s, _ = session(r, clock)
    s.start()
    for _ in range(int(before // 2)):
        advance(s, clock, 2)
    clock.advance(before % 2)
    s.pause()
    clock.advance(paused)
    s.resume()
    for _ in range(int(after // 2)):
        advance(s, clock, 2)
    advance(s, clock, after % 2)
    ran = (before // 2) * 2 + before % 2 + (after // 2) * 2 + after % 2
    assert s.elapsed() == pytest.approx(min(ran, s.total))
    if s.state is not State.FINISHED:
        assert s.paused_seconds == pytest.approx(paused)
