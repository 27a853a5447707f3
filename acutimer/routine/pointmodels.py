"""The models of the point library: a point, its names, and where it is on the body map.

Plain dataclasses like the routine models (:mod:`acutimer.routine.models`), validated by
pydantic through the same field checks (:mod:`acutimer.routine.limits`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar

from acutimer.routine.checks import After, Before, Items, Text
from acutimer.routine.kinds import CAUTION_TEXT, Caution, Pressure, Sides, Technique
from acutimer.routine.limits import (
    AS_DURATION,
    PARSE,
    STRICT,
    NonEmptyText,
    ShortText,
    hold_limit,
    repeats_limit,
    wait_limit,
    whole_number,
)


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

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

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

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    name: ShortText
    """The name, as the article writes it."""
    note: NonEmptyText
    """Whose name it is, and why the article gives it here; shown when someone looks it up."""


@dataclass(kw_only=True)
class Point:
    """A point in the library: what it is, where it is, how to press it, what to watch for."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

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
    hold: Annotated[float, PARSE, After(hold_limit), wait_limit("hold"), AS_DURATION] = 30.0
    """The usual hold."""
    release: Annotated[float, PARSE, wait_limit("release"), AS_DURATION] = 5.0
    """The usual release between repeats."""
    repeats: Annotated[int, Before(whole_number), After(repeats_limit)] = 1
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

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    points: list[Point]
    """Every point acutimer knows."""
