"""The session's box of text: what each phase shows first, and every sentence reachable by keys.

The longest step of the built-in routines is read at 80×24, 60×20 and 45×15 in each of its
phases, scrolling only with the keyboard (↓ j PgDn End, and back with ↑ k PgUp Home), and the
box's border says when there is more.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static
from tui_support import FakeClock, make_app, run_for, session_screen

from acutimer.paths import all_refs
from acutimer.routine import describe
from acutimer.routine.loading import LoadedRoutine, load_ref
from acutimer.routine.points import load_points
from acutimer.routine.timeline import PhaseKind, expand
from acutimer.tui.app import AcutimerApp
from acutimer.tui.widgets.more import ABOVE, BELOW, MoreScroll


def step_texts(loaded: LoadedRoutine, index: int) -> list[str]:
    """Every text the box may show for a step: where, how, cautions, note, meanwhile."""
    step = loaded.routine.steps[index]
    point = load_points().resolve(step.point)
    texts = [point.location, point.how_to_press, *describe.cautions_for(step, point)]
    return texts + [t for t in (step.note, step.meanwhile) if t]


def longest_step() -> tuple[LoadedRoutine, int]:
    """The built-in step with the most text to read."""
    best: tuple[int, LoadedRoutine, int] | None = None
    for ref in all_refs():
        if not ref.builtin:
            continue
        loaded = load_ref(ref)
        for index in range(len(loaded.routine.steps)):
            size = sum(len(t) for t in step_texts(loaded, index))
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


LOADED, INDEX = longest_step()
PHASES = phase_starts(LOADED, INDEX)


READERS = [((80, 24), "down"), ((60, 20), "j"), ((45, 15), "pagedown")]
"""Each size read with another key."""


@pytest.mark.parametrize(("size", "key"), READERS, ids=[f"{w}x{h}-{k}" for (w, h), k in READERS])
@pytest.mark.parametrize(("kind", "start"), PHASES, ids=[f"{k.value}@{s:g}" for k, s in PHASES])
async def test_every_sentence_of_the_longest_step_is_reached_by_keys(
    tmp_path: Path, size: tuple[int, int], kind: PhaseKind, start: float, key: str
) -> None:
    clock = FakeClock()
    app = make_app(LOADED, clock)
    async with app.run_test(size=size) as pilot:
        await at_phase(app, pilot, clock, start)
        assert session_screen(app).session.phase.kind is kind
        text = await read_by_keys(app, pilot, key)
        for source in step_texts(LOADED, INDEX):
            for sentence in sentences(source):
                assert flat(sentence) in text, (sentence, text)


async def test_the_longest_step_is_the_one_the_issue_names() -> None:
    # Not a rule, a check that the test above reads what it should: BL-23 with its two cautions
    # and a long note, in lower-back-desk.
    assert (LOADED.ref.name, INDEX) == ("lower-back-desk", 2)


@pytest.mark.parametrize(
    ("kind", "first"),
    [(PhaseKind.FIND, "Where: "), (PhaseKind.PRESS, "How: ")],
)
async def test_each_phase_shows_what_matters_first_and_it_fits_at_80x24(
    kind: PhaseKind, first: str
) -> None:
    clock = FakeClock()
    app = make_app(LOADED, clock)
    step = LOADED.routine.steps[INDEX]
    point = load_points().resolve(step.point)
    essentials = {
        PhaseKind.FIND: [point.location],
        PhaseKind.PRESS: [point.how_to_press, *describe.cautions_for(step, point)],
    }[kind]
    start = dict(PHASES)[kind]
    async with app.run_test(size=(80, 24)) as pilot:
        await at_phase(app, pilot, clock, start)
        lines = visible(app)
        assert lines[0].startswith(first)
        text = flat(" ".join(lines.values()))
        for essential in essentials:
            assert flat(essential) in text  # without scrolling


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
