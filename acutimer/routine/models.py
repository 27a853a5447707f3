"""The models of routine files and of the point library. No I/O here.

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
from acutimer.routine.practice import Practice as Practice
from acutimer.routine.units import format_duration as format_duration
from acutimer.routine.units import parse_duration as parse_duration

MAX_STEP_SECONDS = 30 * 60
"""No single step (finding, holds, releases, switches and rest) may last longer than this."""
MAX_SESSION_SECONDS = 3 * 60 * 60
"""No routine may last longer than this."""
MAX_REPEATS = 100
LONG_WAIT_SECONDS = 2 * 60
"""A release or rest at least this long ends with a get-ready phase before the next press."""
GET_READY_SECONDS = 30.0
"""How long a get-ready phase lasts when a step does not say (an assumption of ours)."""
MAX_GET_READY_SECONDS = 60.0
CALL_BACK_SECONDS = 30.0
"""A long wait with no get-ready phase (``get_ready = 0``) calls you back this long before it
ends (with one, its get-ready phase does)."""

_STRICT: dict[str, Any] = {
    "extra": "forbid",
    "use_attribute_docstrings": True,
    "str_strip_whitespace": True,
}
_DURATION_SCHEMA = {
    "anyOf": [
        {"type": "number", "description": "seconds"},
        {
            "type": "string",
            "description": "a duration such as '90s', '1m30s', '2 min' or '1:30'",
            "pattern": r"^\s*(\d+(\.\d+)?\s*[a-zA-Z]+\s*)+$|^\s*\d+(\.\d+)?\s*$|^\d+:[0-5]\d$",
        },
    ]
}


def _between(low: float, high: float, message: str) -> After:
    def check(value: float) -> float:
        if not low <= value <= high:
            raise ValueError(message)
        return value

    return After(check)


def _wait(name: str) -> After:
    def check(value: float) -> float:
        if value < 0:
            raise ValueError(f"{name} cannot be negative")
        if value > MAX_STEP_SECONDS:
            raise ValueError(
                f"{name} of {format_duration(value)} is longer than a step may last (30m)"
            )
        return value

    return After(check)


def _hold(value: float) -> float:
    if value <= 0:
        raise ValueError("a hold must last longer than zero seconds")
    return value


def _repeats(value: int) -> int:
    if value < 1:
        raise ValueError("repeats must be at least 1 (one press)")
    if value > MAX_REPEATS:
        raise ValueError(f"repeats of {value} is more than {MAX_REPEATS}; split it into steps")
    return value


def _find_time(value: float) -> float:
    if value < 0:
        raise ValueError("find_time cannot be negative")
    if value > 10 * 60:
        raise ValueError("find_time over 10 minutes is surely a mistake")
    return value


def _get_ready(value: float) -> float:
    if not 0 <= value <= MAX_GET_READY_SECONDS:
        raise ValueError(
            f"get_ready should last between 0 and {format_duration(MAX_GET_READY_SECONDS)} "
            "(it is the end of a long wait, before the next press)"
        )
    return value


def _known_point(value: str, context: Any) -> str:
    """With the point library in the context, any name of a point becomes its code."""
    if isinstance(context, dict) and "points" in context:
        return str(context["points"](value).code)
    return value


_PARSE = Before(parse_duration)
_AS_DURATION = JsonSchema(_DURATION_SCHEMA)
_BREATH = _between(1, 30, "a breath in or out should last between 1 and 30 seconds")
_PAUSE = _between(0, 30, "a pause in the breath should last between 0 and 30 seconds")

Duration = Annotated[float, _PARSE, _AS_DURATION]
"""Seconds, written in a file as a number or a friendly string."""
NonEmptyText = Annotated[str, Text(1, 2000)]
ShortText = Annotated[str, Text(1, 120)]


@dataclass(kw_only=True)
class Pace:
    """A breathing pace: one breath is inhale, pause, exhale, pause."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT

    inhale: Annotated[float, _PARSE, _BREATH, _AS_DURATION] = 4.0
    """How long to breathe in."""
    hold_in: Annotated[float, _PARSE, _PAUSE, _AS_DURATION] = 0.0
    """Pause with the lungs full, after breathing in."""
    exhale: Annotated[float, _PARSE, _BREATH, _AS_DURATION] = 6.0
    """How long to breathe out."""
    hold_out: Annotated[float, _PARSE, _PAUSE, _AS_DURATION] = 0.0
    """Pause with the lungs empty, after breathing out."""

    @property
    def cycle(self) -> float:
        """Seconds in one whole breath."""
        return self.inhale + self.hold_in + self.exhale + self.hold_out


SLOW_DEEP_PACE = Pace(inhale=5, hold_in=1, exhale=7, hold_out=1)
"""The pace used for ``breathing = "slow-deep"`` when a step gives none (an assumption)."""


@dataclass(kw_only=True)
class Gentler:
    """A gentler way to do a step, done in its place when one of the user's settings asks."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT

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

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT

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
    hold: Annotated[float, _PARSE, After(_hold), _wait("hold"), _AS_DURATION]
    """How long each press lasts, e.g. "30s" or "1m"."""
    release: Annotated[float, _PARSE, _wait("release"), _AS_DURATION] = 0.0
    """The pause between repeats on the same side (can be long, e.g. "10m")."""
    repeats: Annotated[int, After(_repeats)] = 1
    """How many presses on each side."""
    rest: Annotated[float, _PARSE, _wait("rest"), _AS_DURATION] = 0.0
    """The rest after this step, before the next point."""
    get_ready: Annotated[float, _PARSE, After(_get_ready), _AS_DURATION] | None = None
    """How long to get ready before a press that follows a long wait (a release, a switch, or the
    rest after this step, of 2 minutes or more): the last part of that wait, so the press still
    starts when planned. Defaults to 30s; 0 leaves it out."""
    find: Annotated[float, _PARSE, _wait("find"), _AS_DURATION] | None = None
    """Time to find the point before the first press; defaults to the routine's find_time."""
    breathing: Breathing = Breathing.PACED
    """paced, slow-deep, natural, or synchronised (pressure follows the breath)."""
    pace: Pace | None = None
    """A breathing pace for this step only; defaults to the routine's pace."""
    steady_after: Annotated[float, _PARSE, _wait("steady_after"), _AS_DURATION] = 0.0
    """With synchronised breathing: a steady hold after the breath-led pressing, in each repeat."""
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
    protocol: Annotated[str, Text(2, 4, r"^P\d{1,2}['′]?$")] | None = None
    """The timing pattern this step follows in the project's reading of the articles (P1-P19)."""

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

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT

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
    find_time: Annotated[float, _PARSE, After(_find_time), _AS_DURATION] = 8.0
    """Default time to find each point (and to change sides) before pressing."""
    practice: Practice | None = None
    """How often to do it ([practice]: times_a_day, min_gap, days, between, source), for
    `acutimer plan`."""
    steps: Annotated[list[Step], Items(1, 200)]
    """The points, in order."""


def _known_figure(value: str) -> str:
    from acutimer.bodymap import figure_names

    names = figure_names()
    if value not in names:
        from acutimer.routine.errors import did_you_mean

        hint = did_you_mean(value, names)
        raise ValueError(
            f"no figure {value!r}"
            + (f"; {hint}" if hint else f"; figures: {', '.join(sorted(names))}")
        )
    return value


def _placed_on_figure(value: PointMap | None) -> PointMap | None:
    """The spots lie inside the figure's outline, each on its side, mirrors mirror them."""
    if value is None:
        return None
    from acutimer.bodymap import get_figure
    from acutimer.bodymap.figures import spot_problems

    problems = spot_problems(get_figure(value.figure), value.at, value.mirror, value.landmarks)
    if problems:
        raise ValueError("; ".join(problems))
    return value


Spot = Annotated[list[float], Items(2, 2)]
"""A place on a figure: [x, y] in the figure's units (millimetres), x to the right, y down."""


@dataclass(kw_only=True)
class PointMap:
    """Where a point is drawn on the body map."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT

    figure: Annotated[str, Text(1, 40), After(_known_figure)]
    """The figure it is drawn on: hands, forearms, trunk-front, back, head-back, head-side,
    face, knees-back, ankle-outer or ankle-inner."""
    at: Annotated[list[Spot], Items(1, 4)]
    """Its spot(s) on the person's left side, or on the midline: [[x, y]] in the figure's
    units. A point with two spots on each side (EX-UE7) gives both."""
    mirror: Annotated[list[Spot], Items(0, 4)] = field(default_factory=list)
    """The same spot(s) on the right side: on a figure of both sides, in the same picture; on a
    figure of one limb, in the picture flipped. None for a point on the midline."""
    landmarks: list[ShortText] = field(default_factory=list)
    """The figure's landmarks it is found from, drawn a little stronger beside the mark."""


@dataclass(kw_only=True)
class ArticleName:
    """A name an article gives a point that is not that point's alone (another point's name in
    the standard numbering, or a name for two points at once)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT

    name: ShortText
    """The name, as the article writes it."""
    note: NonEmptyText
    """Whose name it is, and why the article gives it here; shown when someone looks it up."""


@dataclass(kw_only=True)
class Point:
    """A point in the library: what it is, where it is, how to press it, what to watch for."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT

    code: Annotated[str, Text(4, 8, r"^[A-Z]{2,3}-\d{1,2}$|^EX-[A-Z]{2}\d{1,2}$")]
    """The standard code, e.g. "LI-4"."""
    pinyin: ShortText
    """The pinyin name, e.g. "He Gu"."""
    english: ShortText
    """The usual English name, e.g. "Joining Valley"."""
    aliases: list[ShortText] = field(default_factory=list)
    """Other names and codes the articles use for this point and no other."""
    old_numbers: list[ShortText] = field(default_factory=list)
    """Its numbers in the old Bladder numbering one article uses ("B-47" for BL-52). They name
    this point in a routine file; a look-up by one says what it is in the standard numbering."""
    article_names: list[ArticleName] = field(default_factory=list)
    """Names an article gives this spot that belong to another point too. A routine file cannot
    use them (they are ambiguous); a look-up finds this point and says why."""
    region: ShortText
    """Body region, e.g. "hand", "lower back"."""
    location: NonEmptyText
    """How to find it."""
    how_to_press: NonEmptyText
    """How to press it."""
    desk: bool
    """Whether one can reach it alone, by hand, while seated at a desk (points that need a
    tennis ball against the chair say how in desk_note)."""
    desk_note: NonEmptyText | None = None
    """How to reach it at a desk (a tennis ball, crossing the ankle over the knee...)."""
    helps: Annotated[list[ShortText], Items(1)]
    """Which pains the articles say it helps."""
    cautions: list[Caution] = field(default_factory=list)
    """Safety flags."""
    caution_note: NonEmptyText | None = None
    """A caution in words, beyond the flags."""
    sources: Annotated[list[ShortText], Items(1)]
    """The article(s) that describe it, by title."""
    confidence: NonEmptyText | None = None
    """How sure the reading of the articles is, where the identification is uncertain."""
    sides: Sides = Sides.LEFT_THEN_RIGHT
    """The usual sides for a step on this point."""
    pressure: Pressure = Pressure.FIRM
    """The usual pressure."""
    technique: Technique = Technique.HOLD
    """The usual technique."""
    hold: Duration = 30.0
    """The usual hold."""
    release: Duration = 5.0
    """The usual release between repeats."""
    repeats: int = 1
    """The usual number of presses on each side."""
    map: Annotated[PointMap | None, After(_placed_on_figure)] = None
    """Where it is on the body map: the figure, its spot(s) and their mirror."""

    def __post_init__(self) -> None:
        if self.map is not None and (self.sides is Sides.MIDLINE) != (not self.map.mirror):
            raise ValueError(
                "a point on the midline has no mirror spot, and a point with sides has one"
            )

    @property
    def names(self) -> list[str]:
        """Every name the point answers to: code, pinyin, English, aliases and old numbers."""
        return [self.code, self.pinyin, self.english, *self.aliases, *self.old_numbers]

    def caution_lines(self) -> list[str]:
        """The point's cautions as sentences, flags first."""
        lines = [CAUTION_TEXT[flag] for flag in self.cautions]
        if self.caution_note:
            lines.append(self.caution_note)
        return lines


@dataclass(kw_only=True)
class PointLibrary:
    """The point library file: a list of points."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT

    points: list[Point]
    """Every point acutimer knows."""
