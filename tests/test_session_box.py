"""The session's box of text: what each phase shows first, and every sentence reachable by keys.

The longest step of the built-in routines (CV-6 through the work hour, with its long waits) and
the one issue 13 names (BL-23 at the desk: a caution, a long note, the seated how-to) are read
at 80×24, 60×20 and 45×15 in each of their phases, scrolling only with the keyboard (↓ j PgDn
End, and back with ↑ k PgUp Home), and the box's border says when there is more. The longest
step is read its gentler way too (the pregnancy setting on), at 80×24.
"""

from __future__ import annotations

import re

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static
from tui_support import FakeClock, make_app, run_for, session_screen

from acutimer.paths import all_refs
from acutimer.routine import describe
from acutimer.routine.loading import LoadedRoutine, load_ref, load_routine
from acutimer.routine.models import Routine
from acutimer.routine.points import load_points
from acutimer.routine.timeline import PhaseKind, expand
from acutimer.tui.app import AcutimerApp
from acutimer.tui.widgets.more import ABOVE, BELOW, MoreScroll


def step_texts(routine: Routine, index: int) -> list[str]:
    """Every text the box may show for a step: where, how to reach it seated, how (the step's
    own or the library's), cautions, note, meanwhile."""
    step = routine.steps[index]
    point = load_points().resolve(step.point)
    texts = [point.location, describe.how_text(step, point), *describe.cautions_for(step, point)]
    return texts + [
        t for t in (describe.seated_text(routine, point), step.note, step.meanwhile) if t
    ]


def phase_texts(routine: Routine, index: int, kind: PhaseKind, first: bool) -> list[str]:
    """What the box must hold in a phase of the step: its texts, the meanwhile only while
    waiting in the step's own release, and in the session's first phase the routine's caution
    and preparation too."""
    step = routine.steps[index]
    texts = [
        t for t in step_texts(routine, index) if kind is PhaseKind.RELEASE or t != step.meanwhile
    ]
    if first:
        texts += [t for t in (routine.caution, routine.preparation) if t]
    return texts


def longest_step() -> tuple[LoadedRoutine, int]:
    """The built-in step with the most text to read."""
    best: tuple[int, LoadedRoutine, int] | None = None
    for ref in all_refs():
        if not ref.builtin:
            continue
        loaded = load_ref(ref)
        for index in range(len(loaded.routine.steps)):
            size = sum(len(t) for t in step_texts(loaded.routine, index))
            if best is None or size > best[0]:
                best = (size, loaded, index)
    assert best is not None
    return best[1], best[2]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def visible(app: AcutimerApp) -> dict[int, str]:
    """The box's text lines on the screen now, by their line in the text."""
    details = app.screen.query_one(MoreScroll)
    about = app.screen.query_one("#about", Static)
    top = round(details.scroll_y)
    height = details.scrollable_content_region.height
    lines = about.render_lines(Region(0, top, about.size.width, height))
    return {top + i: line.text.rstrip() for i, line in enumerate(lines)}


def hint(app: AcutimerApp) -> str:
    return str(app.screen.query_one("#main").border_subtitle or "")


async def read_by_keys(app: AcutimerApp, pilot: Pilot[int], key: str) -> str:
    """Press ``key`` until the box says nothing more is below; the text seen on the way."""
    seen = visible(app)
    for _ in range(100):
        if BELOW not in hint(app) and "▼" not in hint(app):
            break
        await pilot.press(key)
        await pilot.pause()
        seen |= visible(app)
    assert "▼" not in hint(app), "the keys never reached the end"
    return " ".join(" ".join(seen[y] for y in sorted(seen)).split())


def flat(text: str) -> str:
    return " ".join(text.split())


async def at_phase(app: AcutimerApp, pilot: Pilot[int], clock: FakeClock, start: float) -> None:
    """Move the session to ``start`` seconds (a phase's start) plus a little."""
    screen = session_screen(app)
    run_for(app, clock, start + 0.5 - screen.session.elapsed(), step=1.0)
    await pilot.pause()


def phase_starts(loaded: LoadedRoutine, index: int) -> list[tuple[PhaseKind, float]]:
    """The first phase of each kind in the step (and the rest before it, which shows it)."""
    seen: dict[object, float] = {}
    timeline = expand(loaded.routine)
    for number, phase in enumerate(timeline):
        key = (phase.kind, phase.steady)
        if phase.step == index and key not in seen:
            seen[key] = phase.start
        if phase.kind is PhaseKind.REST and timeline[number + 1].step == index:
            seen[(PhaseKind.REST, False)] = phase.start
    return [(kind, start) for (kind, _), start in seen.items()]  # type: ignore[misc]


LONGEST, LONGEST_INDEX = longest_step()
LOADED, INDEX = load_routine("lower-back-desk"), 2
"""The step issue 13 names: BL-23 at the desk."""
PHASES = phase_starts(LOADED, INDEX)


READERS = [((80, 24), "down"), ((60, 20), "j"), ((45, 15), "pagedown")]
"""Each size read with another key."""

CASES = (
    [
        pytest.param(
            LONGEST,
            LONGEST_INDEX,
            kind,
            start,
            size,
            key,
            False,
            id=f"longest-{kind.value}@{start:g}-{w}x{h}-{key}",
        )
        for kind, start in phase_starts(LONGEST, LONGEST_INDEX)
        for size, key in READERS
        for w, h in [size]
    ]
    + [
        pytest.param(
            LOADED,
            INDEX,
            kind,
            start,
            size,
            key,
            False,
            id=f"BL-23-{kind.value}@{start:g}-{w}x{h}-{key}",
        )
        for kind, start in PHASES
        for size, key in READERS
        for w, h in [size]
    ]
    + [
        pytest.param(
            LONGEST,
            LONGEST_INDEX,
            kind,
            start,
            (80, 24),
            "down",
            True,
            id=f"gentler-{kind.value}@{start:g}-80x24-down",
        )
        for kind, start in phase_starts(LONGEST, LONGEST_INDEX)
    ]
)


@pytest.mark.parametrize(("loaded", "index", "kind", "start", "size", "key", "gentler"), CASES)
async def test_every_sentence_of_the_step_is_reached_by_keys(
    loaded: LoadedRoutine,
    index: int,
    kind: PhaseKind,
    start: float,
    size: tuple[int, int],
    key: str,
    gentler: bool,
) -> None:
    clock = FakeClock()
    app = make_app(loaded, clock, avoid_pregnancy=gentler)
    async with app.run_test(size=size) as pilot:
        await at_phase(app, pilot, clock, start)
        session = session_screen(app).session
        assert session.phase.kind is kind
        text = await read_by_keys(app, pilot, key)
        # The routine as it runs: with the pregnancy setting, the step's gentler way.
        expected = phase_texts(session.routine, index, kind, first=session.index == 0)
        if gentler:
            assert loaded.routine.steps[index].gentler is not None
            assert session.routine.steps[index].how == loaded.routine.steps[index].gentler.how
        for source in expected:
            for sentence in sentences(source):
                assert flat(sentence) in text, (sentence, text)


async def test_the_steps_read_are_the_ones_meant() -> None:
    # Not a rule, a check that the test above reads what it should: the longest step is CV-6's
    # through the work hour (a long note and meanwhile, long waits with a get-ready phase, a
    # gentler way); BL-23 has a caution, a long note and the seated how-to.
    assert (LONGEST.ref.name, LONGEST_INDEX) == ("cv6-work-hour", 0)
    assert PhaseKind.GET_READY in dict(phase_starts(LONGEST, LONGEST_INDEX))
    step = LOADED.routine.steps[INDEX]
    point = load_points().resolve(step.point)
    assert point.code == "BL-23" and describe.cautions_for(step, point) and step.note
    assert describe.seated_text(LOADED.routine, point) is not None


@pytest.mark.parametrize(
    ("loaded", "index", "kind", "first"),
    [
        (LOADED, INDEX, PhaseKind.FIND, "Where: "),
        (LOADED, INDEX, PhaseKind.PRESS, "How: "),
        (LONGEST, LONGEST_INDEX, PhaseKind.RELEASE, "Carry on with your work: "),
        (LONGEST, LONGEST_INDEX, PhaseKind.GET_READY, "Where: "),
    ],
    ids=["find", "press", "long-release", "get-ready"],
)
async def test_each_phase_shows_what_matters_first_and_it_fits_at_80x24(
    loaded: LoadedRoutine, index: int, kind: PhaseKind, first: str
) -> None:
    clock = FakeClock()
    app = make_app(loaded, clock)
    routine = loaded.routine
    step = routine.steps[index]
    point = load_points().resolve(step.point)
    seated = describe.seated_text(routine, point)
    where = [point.location, *([seated] if seated else [])]
    essentials = {
        PhaseKind.FIND: where,
        PhaseKind.GET_READY: where,
        PhaseKind.PRESS: [describe.how_text(step, point), *describe.cautions_for(step, point)],
        PhaseKind.RELEASE: [
            "Carry on with your work: 30s before the next press, a soft tone and a notification "
            "call you back.",
            step.meanwhile or "",
        ],
    }[kind]
    start = dict(phase_starts(loaded, index))[kind]
    async with app.run_test(size=(80, 24)) as pilot:
        await at_phase(app, pilot, clock, start)
        lines = visible(app)
        assert lines[0].startswith(first)
        text = flat(" ".join(lines.values()))
        for essential in essentials:
            assert flat(essential) in text  # without scrolling


async def test_the_first_phase_says_the_routines_caution_and_preparation_first() -> None:
    clock = FakeClock()
    routine = load_routine("sciatica-hip")
    app = make_app(routine, clock)
    caution, preparation = routine.routine.caution, routine.routine.preparation
    assert caution and preparation
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = visible(app)
        assert lines[0].startswith(f"⚠ {caution[:30]}")
        text = flat(" ".join(lines[y] for y in sorted(lines)))
        assert flat(caution) in text  # without scrolling
        assert flat(f"Before you start: {preparation}") in text
        after = text.index(flat(preparation)) + len(flat(preparation))
        assert text[after:].startswith(" Where: ")  # then the point, as in every find phase


async def test_the_border_says_more_and_the_keys_go_both_ways() -> None:
    clock = FakeClock()
    app = make_app(LOADED, clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await at_phase(app, pilot, clock, dict(PHASES)[PhaseKind.FIND])
        assert hint(app) == BELOW
        await pilot.press("end")
        await pilot.pause()
        assert hint(app) == ABOVE
        bottom = app.screen.query_one(MoreScroll).scroll_y
        await pilot.press("k")
        await pilot.pause()
        assert app.screen.query_one(MoreScroll).scroll_y == bottom - 1
        assert "▲" in hint(app) and "▼" in hint(app)
        await pilot.press("home")
        await pilot.pause()
        assert hint(app) == BELOW
        await pilot.press("pagedown", "pageup", "j", "up")
        await pilot.pause()
        assert app.screen.query_one(MoreScroll).scroll_y == 0
        # ← and → still move between steps, not the text.
        await pilot.press("right")
        await pilot.pause()
        assert session_screen(app).session.phase.step == INDEX + 1
        assert app.screen.query_one(MoreScroll).scroll_y == 0  # each phase starts at the top


async def test_a_box_that_fits_says_nothing_more() -> None:
    clock = FakeClock()
    app = make_app(LOADED, clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await at_phase(app, pilot, clock, dict(PHASES)[PhaseKind.FIND])
        assert hint(app) == ""


async def test_keys_typed_quickly_each_scroll() -> None:
    # Three ↓ before the screen is painted again (typed quickly, or a key held down) move three
    # lines, not one; End then Home (and PgDn twice) likewise.
    clock = FakeClock()
    app = make_app(LOADED, clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await at_phase(app, pilot, clock, dict(PHASES)[PhaseKind.FIND])
        screen, details = session_screen(app), app.screen.query_one(MoreScroll)
        assert details.max_scroll_y >= 3
        for _ in range(3):
            screen.action_scroll_box("down")
        assert details.scroll_y == 3
        await pilot.pause()
        assert details.scroll_y == 3
        screen.action_scroll_box("home")
        screen.action_scroll_box("page_down")
        screen.action_scroll_box("page_down")
        page = details.scrollable_content_region.height
        assert details.scroll_y == min(2 * page, details.max_scroll_y)
