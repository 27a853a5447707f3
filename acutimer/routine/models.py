"""The models of routine files: a routine, its steps, their breathing pace. No I/O here.

They are plain dataclasses, so running a routine never needs pydantic. Validation is pydantic's,
through the markers from :mod:`acutimer.routine.checks` on each field (see
:func:`acutimer.routine.loading.parse_routine`): ``extra="forbid"``, and each field's docstring
becomes its description in the JSON Schema that ``acutimer schema`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar

from acutimer.routine.checks import After, AfterInContext, Before, Items, JsonSchema, Text
from acutimer.routine.kinds import CAUTION_TEXT as CAUTION_TEXT
from acutimer.routine.kinds import Breathing as Breathing
from acutimer.routine.kinds import Caution as Caution
from acutimer.routine.kinds import Condition as Condition
from acutimer.routine.kinds import Focus as Focus
from acutimer.routine.kinds import Position as Position
from acutimer.routine.kinds import Pressure as Pressure
from acutimer.routine.kinds import Sides as Sides
from acutimer.routine.kinds import Technique as Technique
from acutimer.routine.limits import (
    AS_DURATION,
    BREATH,
    GET_READY_SECONDS,
    PARSE,
    PAUSE,
    PROTOCOLS,
    STRICT,
    NonEmptyText,
    ShortText,
    find_time_limit,
    get_ready_limit,
    hold_limit,
    known_protocol,
    repeats_limit,
    wait_limit,
    whole_number,
)
from acutimer.routine.limits import CALL_BACK_SECONDS as CALL_BACK_SECONDS
from acutimer.routine.limits import LONG_WAIT_SECONDS as LONG_WAIT_SECONDS
from acutimer.routine.limits import MAX_GET_READY_SECONDS as MAX_GET_READY_SECONDS
from acutimer.routine.limits import MAX_REPEATS as MAX_REPEATS
from acutimer.routine.limits import MAX_SESSION_SECONDS as MAX_SESSION_SECONDS
from acutimer.routine.limits import MAX_STEP_SECONDS as MAX_STEP_SECONDS
from acutimer.routine.limits import MIN_HOLD_SECONDS as MIN_HOLD_SECONDS
from acutimer.routine.limits import MIN_WAIT_SECONDS as MIN_WAIT_SECONDS
from acutimer.routine.pointmodels import ArticleName as ArticleName
from acutimer.routine.pointmodels import Point as Point
from acutimer.routine.pointmodels import PointLibrary as PointLibrary
from acutimer.routine.pointmodels import PointMap as PointMap
from acutimer.routine.practice import Practice as Practice
from acutimer.routine.units import format_duration as format_duration
from acutimer.routine.units import parse_duration as parse_duration


def _known_point(value: str, context: Any) -> str:
    """With the point library in the context, any name of a point becomes its code."""
    if isinstance(context, dict) and "points" in context:
        return str(context["points"](value).code)
    return value


@dataclass(kw_only=True)
class Pace:
    """A breathing pace: one breath is inhale, pause, exhale, pause."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    inhale: Annotated[float, PARSE, BREATH, AS_DURATION] = 4.0
    """How long to breathe in: 1 to 30 seconds."""
    hold_in: Annotated[float, PARSE, PAUSE, AS_DURATION] = 0.0
    """Pause with the lungs full, after breathing in: 0 (none), or 0.5 to 30 seconds."""
    exhale: Annotated[float, PARSE, BREATH, AS_DURATION] = 6.0
    """How long to breathe out: 1 to 30 seconds."""
    hold_out: Annotated[float, PARSE, PAUSE, AS_DURATION] = 0.0
    """Pause with the lungs empty, after breathing out: 0 (none), or 0.5 to 30 seconds."""

    @property
    def cycle(self) -> float:
        """Seconds in one whole breath."""
        return self.inhale + self.hold_in + self.exhale + self.hold_out


SLOW_DEEP_PACE = Pace(inhale=5, hold_in=1, exhale=7, hold_out=1)
"""The pace used for ``breathing = "slow-deep"`` when a step gives none (an assumption)."""


@dataclass(kw_only=True)
class Gentler:
    """A gentler way to do a step, done in its place when one of the user's settings asks."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    when: Annotated[list[Condition], Items(1)]
    """The settings that call for it: "pregnancy" (the setting that leaves out points flagged for
    pregnancy)."""
    pressure: Pressure
    """How hard to press the gentler way: never harder than the step itself."""
    technique: Technique | None = None
    """How to work the point the gentler way; defaults to the step's technique."""
    how: NonEmptyText
    """How to press the gentler way (shown in place of the step's how-to text)."""
    note: NonEmptyText | None = None
    """Why, and where the gentler way comes from."""


@dataclass(kw_only=True)
class Step:
    """One point in a routine: where to press, how, how long, and how often."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    point: Annotated[str, Text(1, 120), AfterInContext(_known_point)]
    """The point's code or any alias from the library, e.g. "LI-4", "He Gu" or "B-47"."""
    sides: Sides | None = None
    """Which side(s): left, right, both (at once), midline, left-then-right, right-then-left or
    alternating (left, right, left, right... once per repeat). Defaults to the point's usual
    sides."""
    pressure: Pressure = Pressure.FIRM
    """How hard to press: light, medium, firm or deep."""
    technique: Technique = Technique.HOLD
    """How to work the point: hold (steady), circles, pinch, pulses (press and release) or rub."""
    hold: Annotated[float, PARSE, After(hold_limit), wait_limit("hold"), AS_DURATION]
    """How long each press lasts, e.g. "30s" or "1m": at least 1s."""
    release: Annotated[float, PARSE, wait_limit("release"), AS_DURATION] = 0.0
    """The pause between repeats on the same side (can be long, e.g. "10m"): 0 (none), or at
    least 0.5s."""
    repeats: Annotated[int, Before(whole_number), After(repeats_limit)] = 1
    """How many presses on each side: a whole number from 1 to 100."""
    rest: Annotated[float, PARSE, wait_limit("rest"), AS_DURATION] = 0.0
    """The rest after this step, before the next point: 0 (none), or at least 0.5s."""
    get_ready: Annotated[float, PARSE, After(get_ready_limit), AS_DURATION] | None = None
    """How long to get ready before a press that follows a long wait (a release, a switch, or the
    rest after this step, of 2 minutes or more): the last part of that wait, so the press still
    starts when planned. Defaults to 30s; 0 leaves it out; otherwise at least 0.5s."""
    find: Annotated[float, PARSE, wait_limit("find"), AS_DURATION] | None = None
    """Time to find the point before the first press; defaults to the routine's find_time.
    0 (none), or at least 0.5s."""
    breathing: Breathing = Breathing.PACED
    """paced, slow-deep, natural, or synchronised (pressure follows the breath)."""
    pace: Pace | None = None
    """A breathing pace for this step only; defaults to the routine's pace."""
    steady_after: Annotated[float, PARSE, wait_limit("steady_after"), AS_DURATION] = 0.0
    """With synchronised breathing: a steady hold after the breath-led pressing, in each repeat;
    0 (none), or at least 0.5s."""
    note: NonEmptyText | None = None
    """Anything else worth saying at this step; shown while it runs."""
    how: NonEmptyText | None = None
    """How to press on this step, in place of the point library's how-to text (e.g. lying on
    your fists instead of using your thumbs)."""
    meanwhile: NonEmptyText | None = None
    """What to do during the release and the rest (e.g. carry on working during a long wait)."""
    caution: NonEmptyText | None = None
    """A caution for this step, shown with the point's own cautions."""
    gentler: Gentler | None = None
    """A gentler way to do this step, done instead when a setting asks for it (e.g. in
    pregnancy)."""
    source: ShortText = "assumption"
    """Where the timing comes from: an article's title, or "assumption"."""
    protocol: (
        Annotated[
            str,
            Text(2, 4),
            After(known_protocol),
            JsonSchema({"type": "string", "enum": PROTOCOLS}),
        ]
        | None
    ) = None
    """The timing pattern this step follows in the project's reading of the articles: P1 to
    P19, or the variants P2′ and P5′."""

    def __post_init__(self) -> None:
        if self.steady_after and self.breathing is not Breathing.SYNCHRONISED:
            raise ValueError(
                'steady_after only applies with breathing = "synchronised" '
                "(a steady hold after the breath-led pressing)"
            )
        order = list(Pressure)
        if self.gentler is not None and order.index(self.gentler.pressure) > order.index(
            self.pressure
        ):
            raise ValueError(
                f"the gentler way presses {self.gentler.pressure.value}, harder than the step "
                f"itself ({self.pressure.value})"
            )

    @property
    def get_ready_seconds(self) -> float:
        """The get-ready time before a press after a long wait (the default when not given)."""
        return GET_READY_SECONDS if self.get_ready is None else self.get_ready


@dataclass(kw_only=True)
class Routine:
    """A routine file: a sequence of points with timings, read from TOML."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    title: ShortText
    """A short name shown in lists and at the top of the session."""
    summary: NonEmptyText
    """One or two sentences: what this routine is for and when to do it."""
    focus: Focus
    """lower-back, upper-back, neck-shoulders, hip-sciatica or whole-back."""
    position: Position
    """seated, lying, standing or any."""
    preparation: NonEmptyText | None = None
    """An optional tip before starting, e.g. a warm towel on the lower back."""
    caution: NonEmptyText | None = None
    """A caution for the whole routine (e.g. when to see a doctor instead), shown before it
    starts."""
    pace: Pace = field(default_factory=Pace)
    """The default breathing pace for the guide."""
    find_time: Annotated[float, PARSE, After(find_time_limit), AS_DURATION] = 8.0
    """Default time to find each point (and to change sides) before pressing: 0 (none), or
    0.5s to 10m."""
    practice: Practice | None = None
    """How often to do it ([practice]: times_a_day, min_gap, days, between, source), for
    `acutimer plan`."""
    steps: Annotated[list[Step], Items(1, 200)]
    """The points, in order."""
