"""The content is true to its articles and safe: every fix of the content audit, pinned.

Pressures and flags of the built-in steps, the cautions they carry, the point library's texts
and look-up order, what each front end shows and when, the get-ready phase of long waits, and the
gentler way a step can carry for a setting.
"""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest
from fakeclock import FakeClock
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Static
from tui_support import make_app, run_for, session_screen

from acutimer.commands.cli import main
from acutimer.paths import builtin_refs
from acutimer.plain.view import PlainView
from acutimer.routine import describe
from acutimer.routine.adapt import adapt, conditions_from
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import load_ref, load_routine, parse_routine
from acutimer.routine.models import (
    CAUTION_TEXT,
    Caution,
    Condition,
    Focus,
    Gentler,
    Position,
    Pressure,
    Routine,
    Sides,
    Step,
)
from acutimer.routine.points import SOURCES, Points, load_points
from acutimer.routine.safety import NOTICE, SAFETY_LINES, SEE_A_DOCTOR
from acutimer.routine.timeline import Phase, PhaseKind, Side, expand, total_seconds
from acutimer.session.engine import Session
from acutimer.tui.screens import session_text
from acutimer.tui.screens.picker import Entry, preview_text

A, B, C, D, E = (SOURCES[letter] for letter in "ABCDE")
RED_FLAGS = ("weakness", "numbness", "bladder", "bowel", "fever", "fall", "injury")


@pytest.fixture(scope="module")
def points() -> Points:
    return load_points()


def builtin(name: str) -> Routine:
    return load_routine(name).routine


def step_on(routine: Routine, code: str) -> Step:
    (step,) = [s for s in routine.steps if s.point == code]
    return step


def cautions(routine: Routine, code: str, points: Points) -> list[str]:
    return describe.cautions_for(step_on(routine, code), points.resolve(code))


# --- the steps the audit found --------------------------------------------------------------


@pytest.mark.parametrize("code", ["BL-23", "BL-52"])
def test_p6_steps_are_skipped_with_a_weak_back_and_say_whose_practice_it_is(
    code: str, points: Points
) -> None:
    routine = builtin("lower-back-desk")
    step = step_on(routine, code)
    assert step.protocol == "P6"
    weak = [line for line in cautions(routine, code, points) if "weak" in line]
    assert weak == [CAUTION_TEXT[Caution.WEAK_BACK]]  # said once, and it says to leave it out
    assert step.note and "practitioner" in step.note and "ours" in step.note


def test_the_weak_back_flag_agrees_with_the_steps() -> None:
    text = CAUTION_TEXT[Caution.WEAK_BACK]
    assert "leave this point out" in text
    assert "little" not in text and "lightly" not in text
    for ref in builtin_refs():
        for step in load_ref(ref).routine.steps:
            assert "lightly" not in (step.caution or ""), (ref.name, step.point)


def test_bl25_is_medium_ours_and_flagged_for_a_weak_back(points: Points) -> None:
    step = step_on(builtin("lower-back-desk"), "BL-25")
    assert step.pressure is Pressure.MEDIUM
    assert step.note and "medium pressure" in step.note and "ours" in step.note
    assert Caution.WEAK_BACK in points.resolve("BL-25").cautions


def test_ki6_is_light_and_flagged_avoid_strong(points: Points) -> None:
    assert step_on(builtin("evening-lying"), "KI-6").pressure is Pressure.LIGHT
    ki6 = points.resolve("KI-6")
    assert ki6.pressure is Pressure.LIGHT
    assert Caution.AVOID_STRONG in ki6.cautions
    assert ki6.caution_note and "precaution" in ki6.caution_note


def test_the_article_point_not_to_press_strongly_is_in_the_library(points: Points) -> None:
    lr4 = points.resolve("LR-4")
    assert lr4.sources == [D]
    assert Caution.AVOID_STRONG in lr4.cautions
    assert lr4.pressure is Pressure.LIGHT
    assert lr4.confidence and "Low" in lr4.confidence and "ST-41" in lr4.confidence


@pytest.mark.parametrize("name", ["sciatica-hip", "evening-lying"])
def test_bl60_is_light(name: str) -> None:
    assert step_on(builtin(name), "BL-60").pressure is Pressure.LIGHT


@pytest.mark.parametrize("code", ["BL-53", "GB-30"])
def test_ball_steps_stop_at_leg_symptoms_one_side_at_a_time(code: str, points: Points) -> None:
    routine = builtin("sciatica-hip")
    step = step_on(routine, code)
    lines = " ".join(cautions(routine, code, points))
    assert "at once" in lines
    assert all(word in lines for word in ("tingling", "numbness", "pain runs down the leg"))
    assert step.note and "Up to 5 min" in step.note
    assert step.hold == 300  # the article's 5 minutes, as a most
    assert step.sides is Sides.LEFT_THEN_RIGHT
    assert "one side at a time" in (points.resolve(code).desk_note or "")


def test_sciatica_says_when_to_see_a_doctor_instead() -> None:
    routine = builtin("sciatica-hip")
    assert routine.caution and "see a doctor" in routine.caution
    assert all(word in routine.caution for word in RED_FLAGS)


# --- cv6-work-hour: the get-ready phase and the gentler way ---------------------------------


def test_each_press_after_the_long_wait_has_a_get_ready_phase_and_stays_on_time() -> None:
    routine = builtin("cv6-work-hour")
    phases = expand(routine)
    kinds = [p.kind for p in phases]
    assert kinds == [
        PhaseKind.FIND,
        PhaseKind.PRESS,
        PhaseKind.RELEASE,
        PhaseKind.GET_READY,
        PhaseKind.PRESS,
        PhaseKind.RELEASE,
        PhaseKind.GET_READY,
        PhaseKind.PRESS,
        PhaseKind.DONE,
    ]
    ready = [p for p in phases if p.kind is PhaseKind.GET_READY]
    assert [(p.duration, p.repeat, p.repeats) for p in ready] == [(30, 2, 3), (30, 3, 3)]
    presses = [p.start for p in phases if p.kind is PhaseKind.PRESS]
    assert presses == [10, 10 + 660, 10 + 1320]  # a minute's press and ten minutes apart
    assert total_seconds(routine) == 10 + 3 * 60 + 2 * 600


def test_cv6_has_a_gentler_palm_press_for_pregnancy(points: Points) -> None:
    for name in ("cv6-work-hour", "lower-back-desk"):
        step = step_on(builtin(name), "CV-6")
        assert step.pressure is Pressure.FIRM
        assert step.gentler is not None
        assert step.gentler.when == [Condition.PREGNANCY]
        assert step.gentler.pressure is Pressure.LIGHT
        assert "heel of one hand" in step.gentler.how


def test_the_pregnancy_setting_swaps_in_the_gentler_way(points: Points) -> None:
    routine = builtin("cv6-work-hour")
    off = adapt(routine, points, conditions_from(avoid_pregnancy_points=False))
    assert off.routine is routine and off.skip == [] and off.gentler == []
    on = adapt(routine, points, conditions_from(avoid_pregnancy_points=True))
    assert on.skip == [] and on.gentler == [0]
    step = on.routine.steps[0]
    assert step.pressure is Pressure.LIGHT
    assert describe.how_text(step, points.resolve("CV-6")).startswith("Lay the heel of one hand")
    assert step.note and step.note.startswith("Done the gentler way, as your pregnancy setting")
    assert "Three fingers" not in step.note
    assert expand(on.routine) == expand(routine)  # the same times, more gently


def test_a_flagged_point_is_left_out_even_with_a_gentler_way(points: Points) -> None:
    step = Step(
        point="LI-4",
        hold=5,
        pressure=Pressure.FIRM,
        gentler=_gentler(Pressure.LIGHT),
    )
    routine = _routine([step, Step(point="CV-6", hold=60, gentler=_gentler(Pressure.LIGHT))])
    adapted = adapt(routine, points, {Condition.PREGNANCY})
    assert adapted.skip == [0]
    assert adapted.gentler == [1]
    assert adapted.routine.steps[0] is step


def _gentler(pressure: Pressure) -> Gentler:
    return Gentler(when=[Condition.PREGNANCY], pressure=pressure, how="Gently.")


def _routine(steps: list[Step]) -> Routine:
    return Routine(
        title="t", summary="s", focus=Focus.LOWER_BACK, position=Position.SEATED, steps=steps
    )


def mini(step: str, *, position: str = "seated") -> str:
    return (
        f'title = "T"\nsummary = "S."\nfocus = "lower-back"\nposition = "{position}"\n'
        f'find_time = "10s"\n\n[[steps]]\n{step}'
    )


def test_a_gentler_way_may_not_press_harder() -> None:
    text = mini(
        'point = "CV-6"\nhold = "1m"\npressure = "light"\n'
        '[steps.gentler]\nwhen = ["pregnancy"]\npressure = "firm"\nhow = "Harder."\n'
    )
    with pytest.raises(AcutimerError) as caught:
        parse_routine(text, "harder.toml")
    message = str(caught.value.problems[0])
    assert "harder.toml" in message and "steps[0]" in message and "harder than the step" in message


def test_a_gentler_way_names_a_known_setting_and_its_keys() -> None:
    text = mini(
        'point = "CV-6"\nhold = "1m"\n'
        '[steps.gentler]\nwhen = ["elderly"]\npressure = "light"\nhwo = "Gently."\n'
    )
    with pytest.raises(AcutimerError) as caught:
        parse_routine(text, "gentler.toml")
    problems = [str(p) for p in caught.value.problems]
    assert any("steps[0].gentler.when" in p and "pregnancy" in p for p in problems), problems
    assert any("unknown key 'hwo'" in p and "how" in p for p in problems), problems


# --- the get-ready rule ---------------------------------------------------------------------


def phases_of(step: str) -> list[Phase]:
    return expand(parse_routine(mini(step), "t.toml"))


def test_a_short_wait_has_no_get_ready() -> None:
    phases = phases_of('point = "CV-6"\nhold = "1m"\nrelease = "1m59s"\nrepeats = 2\n')
    assert PhaseKind.GET_READY not in [p.kind for p in phases]


def test_a_two_minute_release_ends_with_thirty_seconds_to_get_ready() -> None:
    phases = phases_of('point = "CV-6"\nhold = "1m"\nrelease = "2m"\nrepeats = 2\n')
    waits = [
        (p.kind, p.duration) for p in phases if p.kind in (PhaseKind.RELEASE, PhaseKind.GET_READY)
    ]
    assert waits == [(PhaseKind.RELEASE, 90), (PhaseKind.GET_READY, 30)]


def test_a_long_rest_gets_ready_for_the_next_step_and_get_ready_can_be_set() -> None:
    text = mini('point = "CV-6"\nhold = "1m"\nrest = "3m"\nget_ready = "45s"\n') + (
        '\n[[steps]]\npoint = "LI-4"\nhold = "5s"\n'
    )
    phases = expand(parse_routine(text, "t.toml"))
    ready = [p for p in phases if p.kind is PhaseKind.GET_READY]
    assert [(p.step, p.duration, p.before_next_step) for p in ready] == [(0, 45, True)]
    after = phases[phases.index(ready[0]) + 1]
    assert (after.kind, after.step) == (PhaseKind.FIND, 1)


def test_a_long_switch_gets_ready_too_and_zero_turns_it_off() -> None:
    step = 'point = "LI-4"\nsides = "alternating"\nhold = "5s"\nrelease = "2m"\nrepeats = 1\n'
    ready = [p for p in phases_of(step) if p.kind is PhaseKind.GET_READY]
    assert [(p.side, p.before_next_step) for p in ready] == [(Side.RIGHT, False)]
    assert PhaseKind.GET_READY not in [p.kind for p in phases_of(step + 'get_ready = "0s"\n')]


@pytest.mark.parametrize("value", ['"61s"', "-1"])
def test_get_ready_is_bounded(value: str) -> None:
    with pytest.raises(AcutimerError, match="get_ready should last between 0 and 1m"):
        parse_routine(mini(f'point = "CV-6"\nhold = "1m"\nget_ready = {value}\n'), "t.toml")


# --- the point library ----------------------------------------------------------------------


TIMING = re.compile(r"\d|\bseconds?\b|\bminutes?\b|\btimes\b|\bfew\b", re.IGNORECASE)
PRESSURE = re.compile(r"\b(firm|firmly|deep|deeply|medium|strong|strongly)\b", re.IGNORECASE)


def test_how_to_press_texts_hold_no_timing_and_no_pressure(points: Points) -> None:
    for point in points:
        assert not TIMING.search(point.how_to_press), (point.code, point.how_to_press)
        assert not PRESSURE.search(point.how_to_press), (point.code, point.how_to_press)


@pytest.mark.parametrize(
    ("query", "first"),
    [("B 53", "BL-40"), ("b53", "BL-40"), ("B 54", "BL-40"), ("B 48", "BL-53"), ("B-47", "BL-52")],
)
def test_an_exact_code_or_alias_comes_first(points: Points, query: str, first: str) -> None:
    found = points.search(query)
    assert found[0].code == first
    assert len({p.code for p in found}) == len(found)


def test_an_old_number_says_what_it_is_in_the_standard_numbering(points: Points) -> None:
    (note,) = points.notes("B 53")
    assert "BL-40" in note and "old Bladder numbering" in note
    assert "standard numbering BL-53 is Bao Huang (buttock)" in note
    (note,) = points.notes("B-47")
    assert "BL-52" in note and "not in this library" in note
    assert points.notes("BL-40") == []


@pytest.mark.parametrize(
    ("name", "code", "standard"),
    [
        ("Yang Gang", "BL-53", "BL-48"),
        ("Yang Headrope", "BL-53", "BL-48"),
        ("Zhibian", "BL-40", "BL-54"),
        ("Lowermost Edge", "BL-40", "BL-54"),
    ],
)
def test_another_points_names_are_labelled_not_aliases(
    points: Points, name: str, code: str, standard: str
) -> None:
    point = points.resolve(code)
    assert name not in point.aliases
    assert points.get(name) is None
    with pytest.raises(ValueError, match=f"not {code}'s own name: standard {standard}"):
        points.resolve(name)
    assert points.search(name)[0].code == code
    (note,) = points.notes(name)
    assert standard in note


def test_a_name_for_two_points_finds_both_and_says_so(points: Points) -> None:
    assert [p.code for p in points.search("Sea of vitality")][:2] == ["BL-23", "BL-52"]
    (note,) = points.notes("sea of vitality")
    assert "names no single point" in note
    with pytest.raises(ValueError, match="Write 'BL-23' or 'BL-52' instead"):
        points.resolve("Sea of Vitality")


def test_an_article_name_may_not_be_an_alias_too(points: Points) -> None:
    bl53 = points.resolve("BL-53")
    clash = dataclasses.replace(points.resolve("BL-52"), aliases=["Yang Gang"])
    with pytest.raises(ValueError, match="can be only one"):
        Points([bl53, clash])


def test_locations_follow_the_standard(points: Points) -> None:
    assert "three quarters of the way down" in points.resolve("GB-6").location
    assert "a third of the way down" in points.resolve("SI-11").location
    assert "middle of the shoulder blade" not in points.resolve("SI-11").location


def test_ki27_carries_its_limit_of_five_times_a_day(points: Points) -> None:
    assert "five times a day" in " ".join(points.resolve("KI-27").caution_lines())


def test_the_articles_claims_are_theirs(points: Points) -> None:
    helps = " ".join(h for p in points for h in p.helps)
    assert "stronger" not in helps and "herniated" not in helps
    assert "The articles say it helps with:" in describe.point_text(points.resolve("LI-4"))


def test_pregnancy_flag_says_the_claim_is_the_articles() -> None:
    assert "the articles list it" in CAUTION_TEXT[Caution.PREGNANCY]


# --- shown at the right moment --------------------------------------------------------------


def plain_session(routine: Routine, points: Points, *, run: float) -> str:
    """What the plain view prints of ``routine`` in its first ``run`` seconds."""
    clock = FakeClock()
    session = Session(routine, clock=clock)
    out = io.StringIO()
    view = PlainView(session, points, out, bell=False)
    session.subscribe(view.on_event)
    view.header([])
    session.start()
    left = run
    while left > 0:
        clock.advance(min(1.0, left))
        left -= 1.0
        session.update()
    return out.getvalue()


def test_plain_shows_how_to_press_and_the_seated_how_to(points: Points) -> None:
    routine = builtin("lower-back-desk")
    start = sum(p.duration for p in expand(routine) if p.step < 2 and p.kind is not PhaseKind.DONE)
    text = plain_session(routine, points, run=start + 1)
    bl23 = points.resolve("BL-23")
    assert f"How: {bl23.how_to_press}" in text
    assert f"At a desk: {bl23.desk_note}" in text


def test_a_lying_routine_does_not_say_how_to_sit(points: Points) -> None:
    routine = builtin("evening-lying")
    text = plain_session(routine, points, run=total_seconds(routine))
    assert "At a desk:" not in text and "Seated:" not in text
    # A step's own how-to replaces the library's: lying on your fists, not thumbs at a desk.
    assert "How: Lie on loose fists" in text
    assert points.resolve("BL-23").how_to_press not in text


def test_plain_shows_the_get_ready_phase_and_where_the_point_is(points: Points) -> None:
    routine = builtin("cv6-work-hour")
    text = plain_session(routine, points, run=10 + 60 + 570 + 1)
    line = next(line for line in text.splitlines() if "get ready" in line)
    assert line.startswith("[10:40] Step 1/1 · CV-6 Qi Hai · midline · get ready 30s")
    assert "press 2 of 3 next" in line
    after = text.splitlines()[text.splitlines().index(line) + 1]
    assert after.strip().startswith("Where: ")


def test_plain_safety_lines_name_high_blood_pressure_and_the_doctor_signs() -> None:
    lines = " ".join(SAFETY_LINES)
    assert "high blood pressure" in lines
    assert all(word in lines for word in RED_FLAGS)


def test_the_safety_notice_says_when_to_see_a_doctor_instead() -> None:
    assert SEE_A_DOCTOR in NOTICE
    assert all(word in SEE_A_DOCTOR for word in RED_FLAGS)
    assert "high blood pressure" in NOTICE[0]


def test_the_plain_header_says_what_the_pregnancy_setting_would_do(points: Points) -> None:
    routine = builtin("upper-back")
    out = io.StringIO()
    view = PlainView(Session(routine, clock=FakeClock()), points, out, bell=False)
    view.header([], pregnancy=False)
    text = out.getvalue()
    assert "Pregnancy: steps 2 (LI-4) and 5 (GB-21) are on points flagged for pregnancy" in text
    assert "Your pregnancy setting is off" in text
    assert "Leg weakness or numbness" in text
    assert "Before you start: Optional: a warm towel" in text


def test_the_plain_header_with_the_setting_on_says_what_it_did(points: Points) -> None:
    adapted = adapt(builtin("lower-back-desk"), points, {Condition.PREGNANCY})
    out = io.StringIO()
    view = PlainView(Session(adapted.routine, clock=FakeClock()), points, out, bell=False)
    view.header(adapted.skip, adapted.gentler, pregnancy=True)
    text = out.getvalue()
    assert "Doing step 2 (CV-6 Qi Hai) the gentler way: your pregnancy setting asks for it." in text
    assert "Pregnancy:" not in text


def test_show_lists_pregnancy_steps_the_gentler_way_and_what_is_ours(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["show", "lower-back-desk"]) == 0
    out = capsys.readouterr().out.replace("\n ", " ")
    assert "step 2 (CV-6) has a gentler way" in re.sub(r"\s+", " ", out)
    flat = re.sub(r"\s+", " ", out)
    assert "Gentler way (with the pregnancy setting on): light steady hold." in flat
    assert "Ours, not the articles': the breathing paces, the rests between steps" in flat
    assert "At a desk: Sit forward, away from the chair back" in flat
    assert main(["show", "upper-back"]) == 0
    flat = re.sub(r"\s+", " ", capsys.readouterr().out)
    assert "steps 2 (LI-4) and 5 (GB-21) are on points flagged for pregnancy" in flat


def test_show_json_has_the_pregnancy_steps_and_effective_how(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    assert main(["show", "evening-lying", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pregnancy"] == {"flagged_steps": [5], "gentler_steps": []}
    assert data["steps"][1]["how_to_press"].startswith("Lie on loose fists")
    assert data["steps"][1]["seated"] is None


def test_show_of_a_users_routine_makes_no_claim_about_ours(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(mini('point = "LI-4"\nhold = "5s"\n'), encoding="utf-8")
    assert main(["show", str(path)]) == 0
    assert "Ours, not the articles'" not in capsys.readouterr().out


def test_the_picker_preview_lists_the_flagged_steps(points: Points) -> None:
    ref = next(r for r in builtin_refs() if r.name == "hand-points-break")
    entry = Entry(ref, load_ref(ref), None)
    text = preview_text(entry, points, pregnancy_setting=True)
    assert "Pregnancy: step 1 (LI-4) is on a point flagged for pregnancy." in text
    assert "Your pregnancy setting is on: it leaves it out." in text


@pytest.mark.parametrize("name", ["lower-back-desk", "upper-back"])
def test_the_towel_is_warm_not_hot_and_tested(name: str) -> None:
    preparation = builtin(name).preparation or ""
    assert "warm, not hot" in preparation
    assert "inside of your wrist" in preparation
    assert "hot towel" not in preparation


# --- the session screen ---------------------------------------------------------------------

SIZE = (80, 24)


def about(app: object) -> str:
    return str(app.screen.query_one("#about", Static).render())  # type: ignore[attr-defined]


async def test_the_session_box_says_how_to_reach_the_point_seated() -> None:
    clock = FakeClock()
    app = make_app(load_routine("lower-back-desk"), clock)
    async with app.run_test(size=SIZE):
        screen = session_screen(app)
        # The first phase: the routine's preparation too, before the first press.
        assert "Before you start: If you like, lay a warm towel" in about(app)
        screen.session.jump_to_step(2)
        screen.refresh_view()
        text = about(app)
        bl23 = load_points().resolve("BL-23")
        assert f"At a desk: {bl23.desk_note}" in text
        assert f"How: {bl23.how_to_press}" in text
        assert "Before you start" not in text


async def test_the_session_shows_the_gentler_way_and_the_get_ready_phase(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(load_routine("cv6-work-hour"), clock, avoid_pregnancy=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = session_screen(app)
        left_out = str(app.screen.query_one("#left-out", Static).render())
        assert left_out == "Done the gentler way: CV-6"
        assert "How: Lay the heel of one hand" in about(app)
        assert "Done the gentler way, as your pregnancy setting asks." in about(app)
        run_for(app, clock, 10 + 60 + 570 + 1, step=1.0)
        await pilot.pause()
        assert screen.session.phase.kind is PhaseKind.GET_READY
        heading = str(app.screen.query_one("#heading", Static).render())
        assert heading.split("\n")[1] == "get ready: back to CV-6 · midline"
        assert screen._main.border_title == "get ready"
        assert "-get-ready" in screen.classes
        assert session_text.next_text(screen.session, screen.session.routine, load_points()) == (
            "next: press lightly · midline (1m)"
        )


@settings(max_examples=300, deadline=None)
@given(
    sides=st.sampled_from(list(Sides)),
    hold=st.integers(1, 120),
    release=st.integers(0, 400),
    rest=st.integers(0, 400),
    repeats=st.integers(1, 4),
    get_ready=st.none() | st.integers(0, 60),
)
def test_get_ready_never_moves_a_press_or_the_total(
    sides: Sides, hold: int, release: int, rest: int, repeats: int, get_ready: int | None
) -> None:
    step = Step(
        point="LI-4",
        sides=sides,
        hold=hold,
        release=release,
        rest=rest,
        repeats=repeats,
        get_ready=get_ready,
    )
    plain = dataclasses.replace(step, get_ready=0)
    routine = _routine([step, Step(point="TE-3", hold=5)])
    without = _routine([plain, Step(point="TE-3", hold=5)])
    phases, reference = expand(routine), expand(without)
    starts = [
        (p.kind, p.start, p.side) for p in phases if p.kind in (PhaseKind.PRESS, PhaseKind.FIND)
    ]
    assert starts == [
        (p.kind, p.start, p.side) for p in reference if p.kind in (PhaseKind.PRESS, PhaseKind.FIND)
    ]
    assert total_seconds(routine) == total_seconds(without)
    for before, ready, after in zip(phases, phases[1:], phases[2:], strict=False):
        if ready.kind is not PhaseKind.GET_READY:
            continue
        assert before.kind in (PhaseKind.RELEASE, PhaseKind.SWITCH, PhaseKind.REST)
        assert before.duration + ready.duration >= 120
        assert ready.duration == (30 if get_ready is None else get_ready) > 0
        assert after.kind is (PhaseKind.FIND if ready.before_next_step else PhaseKind.PRESS)
        assert ready.side == after.side or ready.before_next_step
    assert all(p.duration > 0 for p in phases if p.kind is not PhaseKind.DONE)
