"""The session's body map laid out as lines: beside the text, small, and under it, for every
point of the library and any room, never wider or taller than it was given."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acutimer.bodymap import MARK_GLYPH
from acutimer.routine.pointmap import marks_for, shown_side
from acutimer.routine.points import load_points
from acutimer.routine.timeline import Side
from acutimer.tui.widgets.pointmap import Drawing, aside, beside

POINTS = [p for p in load_points() if p.map is not None]
SIDES = [Side.LEFT, Side.RIGHT, Side.BOTH, None]


def text(drawing: Drawing) -> list[str]:
    return ["".join(run for run, _ in line) for line in drawing.lines]


def picture_marks(drawing: Drawing) -> int:
    """The marks in the picture (the legend's own ● not counted)."""
    lines = text(drawing)
    return sum(line.count(MARK_GLYPH) for line in lines) - 1


@pytest.mark.parametrize("point", POINTS, ids=lambda p: p.code)
def test_every_point_fits_beside_the_text_at_80x24_with_its_marks_and_legend(point) -> None:  # type: ignore[no-untyped-def]
    side = shown_side(point.sides)
    for small in (False, True):
        drawing = beside(point, side, 30, 10, small=small)  # the room 80×24 leaves
        assert drawing is not None
        assert drawing.width <= 30 and drawing.height <= 10
        lines = text(drawing)
        assert any(line.lstrip().startswith(f"{MARK_GLYPH} {point.code}") for line in lines)
        spots = len(marks_for(point, side)[0])
        # Small, two spots of one side (EX-UE7's) may share a cell.
        assert picture_marks(drawing) == spots or (small and 1 <= picture_marks(drawing) < spots)


@pytest.mark.parametrize("point", POINTS, ids=lambda p: p.code)
def test_every_point_fits_under_the_text_at_60x20_and_45x15(point) -> None:  # type: ignore[no-untyped-def]
    for width, rows in ((55, 6), (41, 4), (20, 7)):  # the box at 60x20, 45x15, and narrower
        drawing = aside(point, Side.LEFT, width, rows)
        assert drawing is not None
        assert drawing.width <= width and drawing.height <= rows  # the box shows all of it
        lines = text(drawing)
        assert (lines[0] == "") is (rows >= 6)  # a blank line under the text where it fits
        assert any(f"{MARK_GLYPH} {point.code}" in line for line in lines)
        assert picture_marks(drawing) >= 1


def test_a_both_sides_step_marks_both_points_and_one_side_only_its_own() -> None:
    point = load_points().resolve("BL-23")
    both = beside(point, Side.BOTH, 30, 10)
    left = beside(point, Side.LEFT, 30, 10)
    assert both is not None and left is not None
    assert picture_marks(both) == 2 and picture_marks(left) == 1


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(POINTS),
    st.sampled_from(SIDES),
    st.integers(-5, 120),
    st.integers(-5, 60),
    st.booleans(),
)
def test_any_room_gives_a_map_that_fits_or_none(  # type: ignore[no-untyped-def]
    point, side, width, height, small
) -> None:
    drawing = beside(point, side, width, height, small=small)
    if drawing is not None:
        head = len(f"{MARK_GLYPH} {point.code}")
        assert drawing.width <= max(width, head) and drawing.height <= height
        assert picture_marks(drawing) >= 1
    under = aside(point, side, max(1, width), height)
    if height < 4 or width < 8:
        assert under is None
    if under is not None:
        assert under.height <= height and picture_marks(under) >= 1
