"""The built-in routines: they load, every timing traces to an article (or says it is ours),
each protocol is expressed the way the articles give it, and every routine survives a round
trip through TOML. Then one small routine per timing protocol, round-tripped and expanded.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import tomllib
from collections.abc import Callable

import pytest
import tomli_w

from acutimer.paths import RoutineRef, builtin_refs
from acutimer.routine.loading import load_ref, parse_routine
from acutimer.routine.models import (
    SLOW_DEEP_PACE,
    Breathing,
    Pressure,
    Routine,
    Sides,
    Step,
    Technique,
)
from acutimer.routine.plaindata import to_data
from acutimer.routine.points import SOURCES, load_points
from acutimer.routine.timeline import (
    BreathPhase,
    Phase,
    PhaseKind,
    Side,
    breath_at,
    expand,
    pace_for,
    total_seconds,
)
from acutimer.routine.validation import validate

A, B, C, D, E = (SOURCES[letter] for letter in "ABCDE")
KNOWN_SOURCES = {*SOURCES.values(), "assumption"}

REQUIRED_ROUTINES = {
    "lower-back-desk",
    "upper-back",
    "hand-points-break",
    "sciatica-hip",
    "evening-lying",
    "cv6-work-hour",
}
REQUIRED_PROTOCOLS = {
    "P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9",
    "P12", "P14", "P15", "P16", "P17", "P18",
}  # fmt: skip

PROTOCOL_SOURCE = {
    "P1": A, "P2": A, "P3": A, "P4": A, "P5": A,
    "P6": B, "P7": B, "P8": B, "P9": B,
    "P11": C,
    "P12": D, "P14": D, "P15": D, "P16": D,
    "P17": E, "P18": E,
}  # fmt: skip
"""The article each protocol's timing is quoted from (seed-extraction §2)."""

PROTOCOL_POINTS: dict[str, set[str] | None] = {
    "P1": {"TE-3"},
    "P2": {"CV-6"},
    "P3": {"KI-27"},
    "P4": {"LI-4"},
    "P5": {"BL-40"},
    "P6": {"BL-23", "BL-52"},
    "P7": {"BL-53", "GB-30"},
    "P8": {"LI-4", "TE-3"},
    "P9": {"LU-5"},
    "P11": None,  # [C]'s general guidance, for any point
    "P12": {"EX-UE7"},
    "P14": {"BL-25"},
    "P15": {"BL-60"},
    "P16": {"KI-6"},
    "P17": {"BL-60"},
    "P18": {"BL-23"},
}
"""The points each protocol is given for in the articles."""

GENTLE = (Pressure.LIGHT, Pressure.MEDIUM)
ONE_SIDE_THEN_OTHER = (Sides.LEFT_THEN_RIGHT, Sides.RIGHT_THEN_LEFT)


def span(step: Step) -> float:
    """Seconds from the first press on one side to the end of the last."""
    return step.repeats * step.hold + (step.repeats - 1) * step.release


def _p15_or_p16(low: float, high: float) -> Callable[[Step], bool]:
    def check(step: Step) -> bool:
        pulsed = step.technique is Technique.PULSES and 180 <= step.hold <= 300
        cued = low <= step.hold <= high and step.release > 0 and 180 <= span(step) <= 300
        return pulsed or cued

    return check


SHAPES: dict[str, tuple[str, Callable[[Step], bool]]] = {
    "P1": (
        "4–5 s presses, alternating hands",
        lambda s: 4 <= s.hold <= 5 and s.sides is Sides.ALTERNATING and s.repeats >= 2,
    ),
    "P2": (
        "1 min firm; when repeated, 3 times 10 min apart with something to do meanwhile",
        lambda s: (
            s.hold == 60
            and s.pressure is Pressure.FIRM
            and s.sides is Sides.MIDLINE
            and (s.repeats == 1 or (s.repeats == 3 and s.release == 600 and bool(s.meanwhile)))
        ),
    ),
    "P3": (
        "a 2 min hold with slow, deep breaths, one side then the other",
        lambda s: (
            s.hold == 120 and s.breathing is Breathing.SLOW_DEEP and s.sides in ONE_SIDE_THEN_OTHER
        ),
    ),
    "P4": (
        "up to 5 s pressing (or 10 s massage), 3 times",
        lambda s: (
            s.repeats == 3
            and (
                s.hold <= 5 or (s.hold == 10 and s.technique in (Technique.CIRCLES, Technique.RUB))
            )
        ),
    ),
    "P5": (
        "up to 30 s, each knee separately, never firm",
        lambda s: s.hold <= 30 and s.sides in ONE_SIDE_THEN_OTHER and s.pressure in GENTLE,
    ),
    "P6": (
        "whole breaths ending in an easing-off pause, then a steady minute, both sides at once",
        lambda s: (
            s.breathing is Breathing.SYNCHRONISED
            and s.steady_after == 60
            and s.sides is Sides.BOTH
            and s.pace is not None
            and s.pace.hold_out > 0
            and s.hold % s.pace.cycle == 0
        ),
    ),
    "P7": (
        "5 min of firm, steady pressure",
        lambda s: s.hold == 300 and s.pressure is Pressure.FIRM and s.technique is Technique.HOLD,
    ),
    "P8": (
        "10 on, 5 off, at least 3 times",
        lambda s: s.hold == 10 and s.release == 5 and s.repeats >= 3,
    ),
    "P9": ("about 30 s, 3–4 times", lambda s: s.hold == 30 and 3 <= s.repeats <= 4),
    "P11": (
        "30 s–1 min of small circles (1–2 min on the best points)",
        lambda s: 30 <= s.hold <= 120 and s.technique is Technique.CIRCLES,
    ),
    "P12": ("1–2 min", lambda s: 60 <= s.hold <= 120),
    "P14": (
        "3 s on, 3 s off, several times",
        lambda s: s.hold == 3 and s.release == 3 and s.repeats >= 3,
    ),
    "P15": ("2–3 s presses for 3–5 min", _p15_or_p16(2, 3)),
    "P16": (
        "3–5 s presses for 3–5 min, not strong",
        lambda s: _p15_or_p16(3, 5)(s) and s.pressure in GENTLE,
    ),
    "P17": (
        "light massage for a few minutes",
        lambda s: s.pressure is Pressure.LIGHT and 120 <= s.hold <= 300,
    ),
    "P18": (
        "60–90 s of medium pressure, held or rubbed",
        lambda s: (
            60 <= s.hold <= 90
            and s.pressure is Pressure.MEDIUM
            and s.technique in (Technique.HOLD, Technique.RUB)
        ),
    ),
}


def step_problems(step: Step) -> list[str]:
    """What is wrong with one step by the project's rules (empty when nothing is)."""
    problems = []
    if step.source not in KNOWN_SOURCES:
        problems.append(f"{step.point}: source {step.source!r} is not an article title")
    if step.point == "BL-40" and step.pressure in (Pressure.FIRM, Pressure.DEEP):
        problems.append("BL-40: behind the knee must not be pressed firm or deep")
    if step.protocol is not None:
        if step.protocol not in SHAPES:
            return [*problems, f"{step.point}: no shape known for {step.protocol}"]
        if step.source != PROTOCOL_SOURCE[step.protocol]:
            problems.append(
                f"{step.point}: {step.protocol} comes from {PROTOCOL_SOURCE[step.protocol]!r}"
            )
        points = PROTOCOL_POINTS[step.protocol]
        if points is not None and step.point not in points:
            problems.append(f"{step.point}: {step.protocol} is for {sorted(points)}")
        description, fits = SHAPES[step.protocol]
        if not fits(step):
            problems.append(f"{step.point}: {step.protocol} should be {description}")
    return problems


def round_trip(routine: Routine) -> Routine:
    """Dump a routine to TOML the way the builder saves it, and read it back."""
    text = tomli_w.dumps(to_data(routine))
    return parse_routine(text, "round trip")


BUILTINS = builtin_refs()


def builtin(name: str) -> Routine:
    return load_ref(next(r for r in BUILTINS if r.name == name)).routine


by_name = pytest.mark.parametrize("ref", BUILTINS, ids=lambda ref: ref.name)


# --- the built-ins --------------------------------------------------------------------------


def test_required_routines_are_built_in() -> None:
    assert REQUIRED_ROUTINES - {ref.name for ref in BUILTINS} == set()


@by_name
def test_builtin_validates(ref: RoutineRef) -> None:
    loaded = load_ref(ref)
    codes = {point.code for point in load_points()}
    for step in loaded.routine.steps:
        assert step.point in codes
        assert step.sides is not None


@by_name
def test_steps_follow_the_rules(ref: RoutineRef) -> None:
    routine = load_ref(ref).routine
    problems = [p for step in routine.steps for p in step_problems(step)]
    assert problems == []


def all_steps() -> list[Step]:
    return [step for ref in BUILTINS for step in load_ref(ref).routine.steps]


def test_sources_are_article_titles_or_assumption() -> None:
    sources = {step.source for step in all_steps()}
    assert sources - KNOWN_SOURCES == set()


def test_behind_the_knee_is_never_firm() -> None:
    knees = [step for step in all_steps() if step.point == "BL-40"]
    assert knees, "some built-in should press BL-40"
    for step in knees:
        assert step.pressure not in (Pressure.FIRM, Pressure.DEEP)
        assert step.note and "gentl" in step.note, "the note should say why it is gentle"


def test_protocols_are_all_expressed() -> None:
    used = {step.protocol for step in all_steps() if step.protocol}
    assert REQUIRED_PROTOCOLS - used == set()


@pytest.mark.parametrize(
    ("name", "low", "high"), [("lower-back-desk", 12, 20), ("upper-back", 10, 15)]
)
def test_length(name: str, low: int, high: int) -> None:
    assert low * 60 <= total_seconds(builtin(name)) <= high * 60


def test_hand_break_is_short() -> None:
    assert 2 * 60 <= total_seconds(builtin("hand-points-break")) <= 4 * 60


@by_name
def test_round_trip(ref: RoutineRef) -> None:
    routine = load_ref(ref).routine
    again = round_trip(routine)
    assert again == routine
    assert expand(again) == expand(routine)


@by_name
def test_summary_states_the_length(ref: RoutineRef) -> None:
    routine = load_ref(ref).routine
    match = re.search(r"About (\d+) minutes", routine.summary)
    assert match, "the summary should say how long the routine takes"
    assert abs(int(match.group(1)) * 60 - total_seconds(routine)) <= 60


@by_name
def test_house_style(ref: RoutineRef) -> None:
    text = ref.path.read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    routine = load_ref(ref).routine
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert text.startswith(f"# {ref.name}:")
    for title in {step.source for step in routine.steps} - {"assumption"}:
        assert title in header, f"the header comment should name {title!r}"
    assert len(re.findall(r"[.!?](?:\s|$)", routine.summary)) <= 2
    assert 8 <= routine.find_time <= 15
    for index, step in enumerate(routine.steps):
        for text_field in (step.note, step.caution, step.meanwhile):
            assert text_field is None or len(text_field) <= 200
        if index < len(routine.steps) - 1:
            assert 5 <= step.rest <= 20
        assert step.find is None or 8 <= step.find <= 20
        for key in ("hold", "release", "rest", "find", "steady_after"):
            value = raw["steps"][index].get(key, "0s")
            assert isinstance(value, str) and re.fullmatch(r"(\d+m)?(\d+s)?", value), value


# --- the checks above can fail --------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"point": "BL-40", "pressure": "firm", "hold": "30s"}, "behind the knee"),
        ({"point": "LI-4", "hold": "5s", "source": "Top 5 Acupressure Points"}, "not an article"),
        (
            {"point": "LI-4", "hold": "5s", "release": "5s", "repeats": 3, "protocol": "P8"},
            "P8 should be",
        ),
        ({"point": "LI-4", "hold": "10s", "release": "5s", "repeats": 3, "protocol": "P8"}, B),
        (
            {"point": "CV-6", "sides": "midline", "hold": "1m", "repeats": 3, "source": A,
             "release": "5m", "protocol": "P2"},
            "P2 should be",
        ),
        ({"point": "BL-60", "hold": "30s", "source": D, "protocol": "P15"}, "P15 should be"),
        ({"point": "LU-5", "hold": "30s", "repeats": 3, "source": B, "protocol": "P8"}, "is for"),
    ],
)  # fmt: skip
def test_step_problems_catches(fields: dict[str, object], expected: str) -> None:
    problems = step_problems(validate(Step, fields))
    assert any(expected in problem for problem in problems), problems


def test_round_trip_notices_a_change() -> None:
    routine = builtin("hand-points-break")
    changed = dataclasses.replace(routine, find_time=routine.find_time + 1)
    assert round_trip(changed) != routine


# --- one small routine per protocol ---------------------------------------------------------


def mini(step: str) -> str:
    """A one-step routine around ``step`` (TOML lines of one [[steps]] table)."""
    return (
        'title = "Test"\nsummary = "One step."\nfocus = "lower-back"\nposition = "seated"\n'
        'find_time = "10s"\npace = { inhale = "4s", exhale = "6s" }\n\n[[steps]]\n' + step
    )


def presses(phases: list[Phase]) -> list[tuple[Side | None, float]]:
    return [(p.side, p.duration) for p in phases if p.kind is PhaseKind.PRESS and not p.steady]


def kinds(phases: list[Phase]) -> list[PhaseKind]:
    return [p.kind for p in phases]


def durations(phases: list[Phase], kind: PhaseKind) -> list[float]:
    return [p.duration for p in phases if p.kind is kind]


L, R, BOTH = Side.LEFT, Side.RIGHT, Side.BOTH


def check_p1(routine: Routine, phases: list[Phase]) -> None:
    assert presses(phases) == [(L, 5), (R, 5)] * 3
    assert durations(phases, PhaseKind.SWITCH) == [3] * 5


def check_p2(routine: Routine, phases: list[Phase]) -> None:
    assert presses(phases) == [(None, 60)] * 3
    # Each 10-minute wait ends with 30 s to get ready, taken out of it: presses stay on time.
    assert durations(phases, PhaseKind.RELEASE) == [570, 570]
    assert durations(phases, PhaseKind.GET_READY) == [30, 30]
    starts = [p.start for p in phases if p.kind is PhaseKind.PRESS]
    assert [b - a for a, b in itertools.pairwise(starts)] == [660, 660]
    assert total_seconds(routine) == 10 + 3 * 60 + 2 * 600
    assert routine.steps[0].meanwhile


def check_p3(routine: Routine, phases: list[Phase]) -> None:
    assert presses(phases) == [(R, 120), (L, 120)]
    assert kinds(phases)[:4] == [PhaseKind.FIND, PhaseKind.PRESS, PhaseKind.SWITCH, PhaseKind.PRESS]
    pace = pace_for(routine.steps[0], routine)
    assert pace == SLOW_DEEP_PACE
    assert pace.cycle > routine.pace.cycle


def check_p4(routine: Routine, phases: list[Phase]) -> None:
    assert presses(phases) == [(L, 5)] * 3 + [(R, 5)] * 3
    assert durations(phases, PhaseKind.RELEASE) == [5] * 4
    assert durations(phases, PhaseKind.SWITCH) == [10]


def check_p5(routine: Routine, phases: list[Phase]) -> None:
    assert kinds(phases) == [
        PhaseKind.FIND, PhaseKind.PRESS, PhaseKind.SWITCH, PhaseKind.PRESS, PhaseKind.DONE,
    ]  # fmt: skip
    assert presses(phases) == [(L, 30), (R, 30)]
    assert routine.steps[0].pressure is Pressure.LIGHT


def check_p6(routine: Routine, phases: list[Phase]) -> None:
    pressing = [p for p in phases if p.kind is PhaseKind.PRESS]
    assert [(p.duration, p.steady) for p in pressing] == [(36, False), (60, True)] * 2
    assert all(p.side is BOTH for p in pressing)
    for breath_led, steady in zip(pressing[::2], pressing[1::2], strict=True):
        assert steady.start == breath_led.end
    assert durations(phases, PhaseKind.RELEASE) == [5]
    pace = pace_for(routine.steps[0], routine)
    assert pace is not None and pace.hold_out == 2
    easing = breath_at(pace, 11, synchronised=True)
    assert easing.phase is BreathPhase.HOLD_OUT
    assert "ease" in easing.cue


def check_p7(routine: Routine, phases: list[Phase]) -> None:
    assert presses(phases) == [(BOTH, 300)]
    assert routine.steps[0].pressure is Pressure.FIRM


def check_p8(routine: Routine, phases: list[Phase]) -> None:
    assert presses(phases) == [(L, 10)] * 3 + [(R, 10)] * 3
    assert durations(phases, PhaseKind.RELEASE) == [5] * 4
    first_side = [p for p in phases if p.side is L and p.kind is not PhaseKind.FIND]
    assert [(p.kind, p.duration) for p in first_side] == [
        (PhaseKind.PRESS, 10), (PhaseKind.RELEASE, 5),
        (PhaseKind.PRESS, 10), (PhaseKind.RELEASE, 5),
        (PhaseKind.PRESS, 10),
    ]  # fmt: skip


def check_p9(routine: Routine, phases: list[Phase]) -> None:
    assert presses(phases) == [(R, 30)] * 3 + [(L, 30)] * 3
    assert phases[0].side is R


def check_p11(routine: Routine, phases: list[Phase]) -> None:
    assert presses(phases) == [(L, 45), (R, 45)]
    assert routine.steps[0].technique is Technique.CIRCLES


def check_p12(routine: Routine, phases: list[Phase]) -> None:
    assert presses(phases) == [(L, 60), (R, 60)]


def check_p14(routine: Routine, phases: list[Phase]) -> None:
    assert presses(phases) == [(BOTH, 3)] * 10
    assert durations(phases, PhaseKind.RELEASE) == [3] * 9
    assert total_seconds(routine) == 10 + 10 * 3 + 9 * 3


def check_p15(routine: Routine, phases: list[Phase]) -> None:
    assert presses(phases) == [(L, 180), (R, 180)]
    assert routine.steps[0].technique is Technique.PULSES


def check_p16(routine: Routine, phases: list[Phase]) -> None:
    assert presses(phases) == [(L, 4)] * 27 + [(R, 4)] * 27
    assert durations(phases, PhaseKind.RELEASE) == [3] * 52
    left = [p for p in phases if p.side is L and p.kind is not PhaseKind.FIND]
    assert 180 <= left[-1].end - left[0].start <= 300
    assert routine.steps[0].pressure in GENTLE


def check_p17(routine: Routine, phases: list[Phase]) -> None:
    assert presses(phases) == [(L, 120), (R, 120)]
    assert routine.steps[0].pressure is Pressure.LIGHT


def check_p18(routine: Routine, phases: list[Phase]) -> None:
    assert presses(phases) == [(BOTH, 90)]
    assert routine.steps[0].pressure is Pressure.MEDIUM


PROTOCOL_CASES: dict[str, tuple[str, Callable[[Routine, list[Phase]], None]]] = {
    "P1": (
        f'point = "TE-3"\nsides = "alternating"\ntechnique = "circles"\nhold = "5s"\n'
        f'release = "3s"\nrepeats = 3\nbreathing = "natural"\nsource = "{A}"\nprotocol = "P1"\n',
        check_p1,
    ),
    "P2": (
        f'point = "CV-6"\nsides = "midline"\nhold = "1m"\nrelease = "10m"\nrepeats = 3\n'
        f'meanwhile = "Carry on working."\nsource = "{A}"\nprotocol = "P2"\n',
        check_p2,
    ),
    "P3": (
        f'point = "KI-27"\nsides = "right-then-left"\nhold = "2m"\nbreathing = "slow-deep"\n'
        f'note = "Use your left hand on the right side."\nsource = "{A}"\nprotocol = "P3"\n',
        check_p3,
    ),
    "P4": (
        f'point = "LI-4"\nsides = "left-then-right"\ntechnique = "pinch"\nhold = "5s"\n'
        f'release = "5s"\nrepeats = 3\nsource = "{A}"\nprotocol = "P4"\n',
        check_p4,
    ),
    "P5": (
        f'point = "BL-40"\nsides = "left-then-right"\npressure = "light"\nhold = "30s"\n'
        f'source = "{A}"\nprotocol = "P5"\n',
        check_p5,
    ),
    "P6": (
        f'point = "BL-23"\nsides = "both"\npressure = "medium"\nhold = "36s"\nrelease = "5s"\n'
        f'repeats = 2\nbreathing = "synchronised"\n'
        f'pace = {{ inhale = "4s", exhale = "6s", hold_out = "2s" }}\nsteady_after = "1m"\n'
        f'source = "{B}"\nprotocol = "P6"\n',
        check_p6,
    ),
    "P7": (
        f'point = "BL-53"\nsides = "both"\nhold = "5m"\nsource = "{B}"\nprotocol = "P7"\n',
        check_p7,
    ),
    "P8": (
        f'point = "LI-4"\nsides = "left-then-right"\npressure = "medium"\nhold = "10s"\n'
        f'release = "5s"\nrepeats = 3\nsource = "{B}"\nprotocol = "P8"\n',
        check_p8,
    ),
    "P9": (
        f'point = "LU-5"\nsides = "right-then-left"\nhold = "30s"\nrelease = "5s"\nrepeats = 3\n'
        f'source = "{B}"\nprotocol = "P9"\n',
        check_p9,
    ),
    "P11": (
        f'point = "GB-21"\nsides = "left-then-right"\npressure = "medium"\n'
        f'technique = "circles"\nhold = "45s"\nsource = "{C}"\nprotocol = "P11"\n',
        check_p11,
    ),
    "P12": (
        f'point = "EX-UE7"\nsides = "left-then-right"\ntechnique = "circles"\nhold = "1m"\n'
        f'source = "{D}"\nprotocol = "P12"\n',
        check_p12,
    ),
    "P14": (
        f'point = "BL-25"\nsides = "both"\nhold = "3s"\nrelease = "3s"\nrepeats = 10\n'
        f'source = "{D}"\nprotocol = "P14"\n',
        check_p14,
    ),
    "P15": (
        f'point = "BL-60"\nsides = "left-then-right"\npressure = "medium"\n'
        f'technique = "pulses"\nhold = "3m"\nsource = "{D}"\nprotocol = "P15"\n',
        check_p15,
    ),
    "P16": (
        f'point = "KI-6"\nsides = "left-then-right"\npressure = "medium"\nhold = "4s"\n'
        f'release = "3s"\nrepeats = 27\nsource = "{D}"\nprotocol = "P16"\n',
        check_p16,
    ),
    "P17": (
        f'point = "BL-60"\nsides = "left-then-right"\npressure = "light"\n'
        f'technique = "circles"\nhold = "2m"\nsource = "{E}"\nprotocol = "P17"\n',
        check_p17,
    ),
    "P18": (
        f'point = "BL-23"\nsides = "both"\npressure = "medium"\nhold = "1m30s"\n'
        f'source = "{E}"\nprotocol = "P18"\n',
        check_p18,
    ),
}


def test_every_required_protocol_has_a_case() -> None:
    assert REQUIRED_PROTOCOLS - PROTOCOL_CASES.keys() == set()


@pytest.mark.parametrize("protocol", sorted(PROTOCOL_CASES, key=lambda p: int(p[1:])))
def test_protocol_round_trip(protocol: str) -> None:
    step, check = PROTOCOL_CASES[protocol]
    routine = parse_routine(mini(step), f"{protocol} case")
    assert routine.steps[0].protocol == protocol
    assert step_problems(routine.steps[0]) == []
    again = round_trip(routine)
    assert again == routine
    assert expand(again) == expand(routine)
    check(routine, expand(routine))
