"""Text snapshots of the body map: a point of each figure at two sizes.

Each snapshot is the picture's cells, then a letter per cell for its style (o outline, f faint,
l landmark, m mark, t label), then the caption. Update with ``pytest --snapshot-update`` and
read the diff: the drawing is the thing under test.
"""

from __future__ import annotations

import pytest
from syrupy.assertion import SnapshotAssertion

from acutimer.bodymap import Picture, Style, load_figures
from acutimer.routine.pointmap import point_picture, point_size
from acutimer.routine.points import load_points
from acutimer.routine.timeline import Side

CASES = [
    ("LI-4", Side.LEFT),  # hands
    ("LU-5", Side.RIGHT),  # forearms
    ("CV-6", None),  # trunk-front, midline
    ("BL-23", Side.BOTH),  # back, both at once
    ("GB-20", Side.BOTH),  # head-back
    ("GB-10", Side.RIGHT),  # head-side, flipped for the right
    ("GV-26", None),  # face
    ("BL-40", Side.LEFT),  # knees-back
    ("BL-60", Side.RIGHT),  # ankle-outer, flipped
    ("KI-6", Side.LEFT),  # ankle-inner
]
SIZES = [(48, 18), (24, 10)]
LETTER = {
    None: " ",
    Style.OUTLINE: "o",
    Style.FAINT: "f",
    Style.LANDMARK: "l",
    Style.MARK: "m",
    Style.LABEL: "t",
}


def as_text(picture: Picture) -> str:
    styles = [
        "".join(LETTER[span.style] * len(span.text) for span in line) for line in picture.lines
    ]
    return "\n".join([*picture.plain(), "", *styles, "", picture.caption])


def test_the_cases_cover_every_figure() -> None:
    points = load_points()
    figures = set()
    for code, _ in CASES:
        place = points.resolve(code).map
        assert place is not None
        figures.add(place.figure)
    assert figures == set(load_figures())


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize(("code", "side"), CASES, ids=[c for c, _ in CASES])
def test_snapshot(
    code: str, side: Side | None, width: int, height: int, snapshot: SnapshotAssertion
) -> None:
    point = load_points().resolve(code)
    picture = point_picture(point, side, *point_size(point, width, height))
    assert picture is not None
    assert as_text(picture) == snapshot
