"""The body map: its figures, every point's place on them, and the braille renderer."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acutimer.bodymap import Mark, Style, fit, get_figure, load_figures, render
from acutimer.bodymap.figures import FigureError, spot_problems
from acutimer.bodymap.geometry import inside_polygon
from acutimer.bodymap.parse import parse_figures
from acutimer.bodymap.raster import Canvas, Ink
from acutimer.bodymap.render import MAX_CELLS, cache_info, clear_cache
from acutimer.bodymap.shipped import figure_names, forget_figures
from acutimer.paths import figures_file
from acutimer.routine.errors import AcutimerError
from acutimer.routine.models import Point, PointMap, Sides
from acutimer.routine.plaindata import to_data
from acutimer.routine.pointmap import marks_for, point_picture
from acutimer.routine.points import POINTS_FILE, load_points
from acutimer.routine.timeline import Side
from acutimer.routine.validation import validate

REGIONS = {
    # the issue's list: figure -> the points it must show
    "hands": {"LI-4", "TE-3", "EX-UE7", "SI-3"},
    "forearms": {"LU-5", "LI-10"},
    "trunk-front": {"CV-6", "KI-27", "LU-1"},
    "back": {"BL-23", "BL-52", "BL-25", "BL-53", "GB-30", "BL-43", "SI-11", "GB-21"},
    "head-back": {"GB-20"},
    "head-side": {"GB-6", "GB-10"},
    "face": {"GV-26"},
    "knees-back": {"BL-40"},
    "ankle-outer": {"BL-60"},
    "ankle-inner": {"KI-6"},
}
POINTS = list(load_points())


# --- the figures ------------------------------------------------------------------------------


def test_there_is_a_figure_for_every_region_the_issue_names() -> None:
    assert set(load_figures()) >= set(REGIONS)


@pytest.mark.parametrize("name", sorted(REGIONS))
def test_each_figure_has_an_outline_and_its_caption_says_which_side_is_where(name: str) -> None:
    figure = get_figure(name)
    assert figure.bodies
    if figure.pair:
        assert "left" in figure.caption
        assert figure.mirror_caption is None
    else:
        assert figure.mirror_caption is not None
        assert "left" in figure.caption and "right" in figure.mirror_caption


def test_the_mirror_rule_back_views_keep_the_persons_left_on_the_left() -> None:
    # point-locations.md: a back view shows the person's left on the viewer's left, a front
    # view shows it on the right; one's own hands and arms from above are like a back view.
    for name in ("back", "head-back", "knees-back", "hands", "forearms"):
        assert get_figure(name).person_left == "left", name
    for name in ("trunk-front", "face"):
        assert get_figure(name).person_left == "right", name
        assert "left is on your right" in get_figure(name).caption


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("figures = [", "not valid TOML"),
        ("", "no [[figures]]"),
        ('[[figures]]\nname = "x"\nsize = [10, 10]\naxis = 5\nshapes = []', "figure 'x'.shapes"),
        (
            '[[figures]]\nname = "x"\ntitle = "t"\ncaption = "c"\nmirror_caption = "m"\n'
            'size = [10, 10]\n[[figures.shapes]]\nname = "a"\nrole = "body"\n'
            "path = [[0, 0], [1, 1]]\nmirror = true",
            "only a pair figure",
        ),
        (
            '[[figures]]\nname = "x"\ntitle = "t"\ncaption = "c"\nsize = [10, 10]\naxis = 5\n'
            '[[figures.shapes]]\nname = "a"\nrole = "bone"\npath = [[0, 0], [1, 1]]',
            "figure 'x'.shapes[0].role",
        ),
        (
            '[[figures]]\nname = "x"\ntitle = "t"\ncaption = "c"\nsize = [10, 10]\naxis = 5\n'
            '[[figures.shapes]]\nname = "a"\nrole = "body"\npath = [[0, "y"], [1, 1]]',
            "figure 'x'.shapes[0].path: expected a number",
        ),
        (
            '[[figures]]\nname = "x"\ntitle = "t"\ncaption = "c"\nsize = [10, 10]\naxis = 5\n'
            '[[figures.shapes]]\nname = "a"\nrole = "body"\npath = [[0, 0], [1, 1]]\ncolour = 1',
            "unknown key 'colour'",
        ),
        (
            '[[figures]]\nname = "x"\ntitle = "t"\ncaption = "c"\nsize = [10, 10]\naxis = 5\n'
            '[[figures.shapes]]\nname = "a"\npath = [[0, 0], [1, 1]]',
            "needs at least one body",
        ),
    ],
)
def test_a_bad_figures_file_names_the_figure_and_key(text: str, message: str) -> None:
    with pytest.raises(FigureError, match=re.escape(message)):
        parse_figures(text, "figures.toml")


def test_the_shipped_figures_file_parses_as_it_is_loaded() -> None:
    assert parse_figures(figures_file().read_text(encoding="utf-8")) == load_figures()


# --- every point has a place ------------------------------------------------------------------


@pytest.mark.parametrize("point", POINTS, ids=lambda p: p.code)
def test_every_point_has_a_figure_and_a_place_inside_its_outline(point: Point) -> None:
    place = point.map
    assert place is not None, f"{point.code} has no [points.map]"
    figure = get_figure(place.figure)
    assert spot_problems(figure, place.at, place.mirror, place.landmarks) == []
    for x, y in place.at:
        assert figure.contains(x, y)
    for x, y in place.mirror:
        # a one-limb figure's mirror is on the figure flipped
        assert figure.contains(x if figure.pair else figure.width - x, y)
    assert place.landmarks, f"{point.code} names no landmark it is found from"


@pytest.mark.parametrize("point", POINTS, ids=lambda p: p.code)
def test_every_point_is_on_the_side_it_should_be(point: Point) -> None:
    place = point.map
    assert place is not None
    figure = get_figure(place.figure)
    if point.sides is Sides.MIDLINE:
        assert place.mirror == []
        assert figure.axis is not None
        assert all(abs(x - figure.axis) <= 2 for x, _ in place.at)
        return
    assert len(place.mirror) == len(place.at)
    if figure.pair:
        assert all(figure.on_left(x) for x, _ in place.at)
        assert not any(figure.on_left(x) for x, _ in place.mirror)
    for (x, y), (mx, my) in zip(place.at, place.mirror, strict=True):
        assert mx == pytest.approx(figure.reflect(x), abs=2)
        assert my == pytest.approx(y, abs=2)


@pytest.mark.parametrize(("name", "codes"), sorted(REGIONS.items()))
def test_each_region_shows_the_points_the_issue_lists(name: str, codes: set[str]) -> None:
    on_it = {p.code for p in POINTS if p.map is not None and p.map.figure == name}
    assert on_it >= codes


def test_measures_in_cun_agree_with_the_figures() -> None:
    points = load_points()

    def at(code: str) -> tuple[float, float]:
        place = points.resolve(code).map
        assert place is not None
        x, y = place.at[0]
        return x, y

    # back: spine to the shoulder blade's inner edge is 3 cun (78 units): BL-23 and BL-25 are
    # 1.5 cun out, BL-52, BL-53 and BL-43 3 cun; BL-52 is level with BL-23.
    back_cun = 78 / 3
    axis = get_figure("back").axis
    assert axis is not None
    for code, cun in [("BL-23", 1.5), ("BL-25", 1.5), ("BL-52", 3), ("BL-53", 3), ("BL-43", 3)]:
        assert abs(axis - at(code)[0]) == pytest.approx(cun * back_cun, abs=3), code
    assert at("BL-52")[1] == at("BL-23")[1]
    # front: midline to nipple 4 cun (96): KI-27 2 cun out, LU-1 6 cun out
    front_axis = get_figure("trunk-front").axis
    assert front_axis is not None
    assert abs(at("KI-27")[0] - front_axis) == pytest.approx(2 * 24, abs=3)
    assert abs(at("LU-1")[0] - front_axis) == pytest.approx(6 * 24, abs=3)
    # navel (470) to the pubic bone (624) is 5 cun: CV-6 is 1.5 cun below the navel
    assert at("CV-6")[1] - 470 == pytest.approx(1.5 * 154 / 5, abs=3)
    # arm: elbow crease (433) to wrist crease (196) is 12 cun: LI-10 is 2 cun below LI-11
    assert math.dist(at("LI-10"), (30, 433)) == pytest.approx(2 * 237 / 12, abs=3)
    # GB-30: a third of the way from the thigh-bone bump (46, 630) to the sacrum's base (210, 612)
    assert math.dist(at("GB-30"), (46 + 164 / 3, 630 - 18 / 3)) < 5
    # EX-UE7: about halfway from the wrist (199) to the knuckles (about 110)
    for _x, y in load_points().resolve("EX-UE7").map.at:  # type: ignore[union-attr]
        assert y == pytest.approx((199 + 110) / 2, abs=6)
    # KI-6: a cun (25) below the inner ankle bone's tip (195 + 17)
    assert at("KI-6")[1] - 212 == pytest.approx(25, abs=3)


def _point(**map_fields: object) -> dict[str, object]:
    data = to_data(load_points().resolve("LI-4"))
    data["map"] = {**data["map"], **map_fields}
    return data


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"figure": "hand"}, "no figure 'hand'; did you mean 'hands'"),
        ({"at": [[1, 1]], "mirror": [[349, 1]]}, "is outside the outline"),
        ({"at": [[249, 156]], "mirror": [[101, 156]]}, "is not on the person's left"),
        ({"mirror": [[240, 156]]}, "is not the reflection"),
        ({"landmarks": ["thumbnail"]}, "has no landmark 'thumbnail'"),
        ({"at": [[101, 156, 3]]}, "at.0"),
    ],
)
def test_the_point_model_checks_the_place(fields: dict[str, object], message: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=re.escape(message)):
        validate(Point, _point(**fields))


def test_a_midline_point_has_no_mirror_and_a_sided_one_has_one() -> None:
    from pydantic import ValidationError

    data = to_data(load_points().resolve("LI-4"))
    data["sides"] = "midline"
    with pytest.raises(ValidationError, match="midline has no mirror"):
        validate(Point, data)
    data = to_data(load_points().resolve("CV-6"))
    data["map"]["mirror"] = [[230, 516]]
    with pytest.raises(ValidationError, match="on the person's left"):
        validate(Point, data)


def test_a_library_with_a_misplaced_point_fails_to_load_naming_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from acutimer.routine import points as points_module

    text = POINTS_FILE.read_text(encoding="utf-8").replace("at = [[101, 156]]", "at = [[5, 5]]", 1)
    bad = tmp_path / "points.toml"
    bad.write_text(text, encoding="utf-8")
    monkeypatch.setattr(points_module, "POINTS_FILE", bad)
    monkeypatch.setenv("ACUTIMER_HOME", str(tmp_path))
    points_module.load_points.cache_clear()
    try:
        with pytest.raises(AcutimerError) as raised:
            points_module.load_points()
    finally:
        points_module.load_points.cache_clear()
    message = str(raised.value.problems[0])
    assert "points.toml:" in message and "points[0].map" in message and "outside" in message


# --- the rasteriser ---------------------------------------------------------------------------


def test_fill_and_outline_of_a_square() -> None:
    canvas = Canvas(6, 6)
    canvas.fill([(1, 1), (5, 1), (5, 5), (1, 5)], Ink.BODY)
    canvas.outline()
    body = {(x, y) for y in range(6) for x in range(6) if canvas.get(x, y) & Ink.BODY}
    edge = {(x, y) for y in range(6) for x in range(6) if canvas.get(x, y) & Ink.EDGE}
    assert body == {(x, y) for x in range(1, 5) for y in range(1, 5)}
    assert edge == body - {(2, 2), (3, 2), (2, 3), (3, 3)}


def test_a_cut_at_the_frame_is_left_open() -> None:
    canvas = Canvas(4, 4)
    canvas.fill([(0, 0), (4, 0), (4, 4), (0, 4)], Ink.BODY)
    canvas.outline(clip=(0, 0, 3, 3))
    assert not any(canvas.get(x, y) & Ink.EDGE for x in range(4) for y in range(4))


def test_a_line_joins_its_ends_and_a_dotted_one_skips_every_other_dot() -> None:
    canvas = Canvas(10, 10)
    canvas.line([(0.5, 0.5), (9.5, 0.5)], Ink.FAINT)
    assert [canvas.get(x, 0) for x in range(10)] == [Ink.FAINT] * 10
    canvas.line([(0.5, 2.5), (9.5, 2.5)], Ink.FAINT, dotted=True)
    assert [bool(canvas.get(x, 2)) for x in range(10)] == [True, False] * 5


def test_braille_packs_the_dots_of_a_cell() -> None:
    canvas = Canvas(2, 4)
    assert canvas.cell(0, 0) == (" ", 0)
    canvas.set(0, 0, Ink.EDGE)  # dot 1
    canvas.set(1, 3, Ink.FAINT)  # dot 8
    assert canvas.cell(0, 0) == (chr(0x2800 + 0x01 + 0x80), Ink.EDGE | Ink.FAINT)
    canvas.set(0, 1, Ink.BODY)  # inside, not drawn
    assert canvas.cell(0, 0)[0] == chr(0x2881)


def test_inside_polygon() -> None:
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    assert inside_polygon(5, 5, square)
    assert not inside_polygon(11, 5, square)
    assert not inside_polygon(5, -1, square)


# --- the renderer -----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(sorted(REGIONS)),
    width=st.integers(min_value=-5, max_value=140),
    height=st.integers(min_value=-5, max_value=70),
    flip=st.booleans(),
    x=st.floats(min_value=-1e6, max_value=1e6),
    y=st.floats(min_value=-1e6, max_value=1e6),
)
def test_any_size_gives_exactly_that_many_cells_and_keeps_the_mark(
    name: str, width: int, height: int, flip: bool, x: float, y: float
) -> None:
    picture = render(name, [Mark(x, y, "LI-4")], width, height, flip=flip)
    rows = picture.plain()
    assert len(rows) == max(1, height)
    assert all(len(row) == max(1, width) for row in rows)
    assert sum(row.count("●") for row in rows) == 1
    assert all(
        span.style is None or isinstance(span.style, Style)
        for line in picture.lines
        for span in line
    )


def test_a_huge_size_is_capped() -> None:
    picture = render("face", [], 10**9, 10**9)
    assert (picture.width, picture.height) == MAX_CELLS
    assert fit("face", 10**9, 10**9)[0] <= MAX_CELLS[0]


@pytest.mark.parametrize("name", sorted(REGIONS))
def test_fit_keeps_the_figures_proportions(name: str) -> None:
    figure = get_figure(name)
    width, height = fit(name, 60, 20)
    assert width <= 60 and height <= 20
    assert width == 60 or height == 20
    # cells are twice as tall as wide: 2 dots across, 4 down
    assert (2 * width) / (4 * height) == pytest.approx(figure.width / figure.height, rel=0.15)


@pytest.mark.parametrize("point", POINTS, ids=lambda p: p.code)
def test_each_mark_lands_on_the_drawn_body(point: Point) -> None:
    # The mark's cell, drawn without the mark, is inside the outline: on the body, not beside it.
    from acutimer.bodymap.render import _draw

    for side in (Side.LEFT, Side.RIGHT):
        marks, flip = marks_for(point, side)
        assert point.map is not None
        figure = get_figure(point.map.figure)
        width, height = fit(figure.name, 48, 18)
        canvas, place = _draw(figure, tuple(marks), width, height, flip, frozenset())
        for mark in marks:
            x, y = place(mark.x, mark.y)
            cell = [
                canvas.get(math.floor(x / 2) * 2 + dx, math.floor(y / 4) * 4 + dy)
                for dx in (0, 1)
                for dy in range(4)
            ]
            assert any(dot & (Ink.BODY | Ink.EDGE) for dot in cell), (point.code, side)


def test_the_side_in_use_is_marked_and_the_mark_moves() -> None:
    points = load_points()
    li4 = points.resolve("LI-4")
    left = point_picture(li4, Side.LEFT, 48, 16)
    right = point_picture(li4, Side.RIGHT, 48, 16)
    both = point_picture(li4, Side.BOTH, 48, 16)
    assert left is not None and right is not None and both is not None

    def columns(picture: object) -> list[int]:
        rows = picture.plain()  # type: ignore[attr-defined]
        return sorted(c for row in rows for c, ch in enumerate(row) if ch == "●")

    (left_column,) = columns(left)
    (right_column,) = columns(right)
    assert left_column < 24 < right_column  # your left hand is on the left
    assert columns(both) == [left_column, right_column]
    # a front view: the person's left is on the viewer's right
    ki27 = points.resolve("KI-27")
    front = point_picture(ki27, Side.LEFT, 30, 24)
    assert front is not None
    (front_column,) = columns(front)
    assert front_column > 15
    # midline: one mark whatever the side
    cv6 = points.resolve("CV-6")
    assert len(columns(point_picture(cv6, Side.LEFT, 30, 24))) == 1


def test_a_one_limb_figure_is_flipped_for_the_right_side() -> None:
    bl60 = load_points().resolve("BL-60")
    left = point_picture(bl60, Side.LEFT, 30, 16)
    right = point_picture(bl60, Side.RIGHT, 30, 16)
    assert left is not None and right is not None
    assert "left ankle" in left.caption and "right ankle" in right.caption
    mirrored = str.maketrans({chr(0x2800 + b): chr(0x2800 + _mirror_bits(b)) for b in range(256)})

    # the drawing (outline and landmarks) mirrors exactly; the label may sit elsewhere
    def drawing(rows: list[str]) -> list[str]:
        return [re.sub(r"[^\u2800-\u28ff ]", " ", row) for row in rows]

    flipped = [row[::-1].translate(mirrored) for row in drawing(left.plain())]
    differs = sum(
        a != b
        for r1, r2 in zip(flipped, drawing(right.plain()), strict=True)
        for a, b in zip(r1, r2, strict=True)
    )
    assert differs <= 12  # only where the labels and marks stood


def _mirror_bits(bits: int) -> int:
    """The braille pattern seen in a mirror: the two columns swap."""
    pairs = [(0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80)]
    out = 0
    for left, right in pairs:
        if bits & left:
            out |= right
        if bits & right:
            out |= left
    return out


def test_the_label_sits_beside_the_mark_and_the_landmarks_are_stronger() -> None:
    te3 = load_points().resolve("TE-3")
    picture = point_picture(te3, Side.LEFT, 48, 16)
    assert picture is not None
    text = "\n".join(picture.plain())
    assert "TE-3" in text
    styles = {span.style for line in picture.lines for span in line}
    assert {Style.MARK, Style.LABEL, Style.LANDMARK, Style.OUTLINE} <= styles
    # the landmarks of the other hand stay faint: only the hand in use is measured from
    right_half = [
        span.style
        for line in picture.lines
        for span, start in _with_starts(line)
        if start >= picture.width // 2
    ]
    assert Style.LANDMARK not in right_half


def _with_starts(line: tuple[object, ...]) -> list[tuple[object, int]]:
    out = []
    column = 0
    for span in line:
        out.append((span, column))
        column += len(span.text)  # type: ignore[attr-defined]
    return out


def test_ansi_colours_the_mark_and_plain_has_no_escapes() -> None:
    picture = point_picture(load_points().resolve("GV-26"), None, 30, 14)
    assert picture is not None
    assert "\x1b[1;91m●" in "".join(picture.ansi())
    assert "\x1b" not in "".join(picture.plain())


def test_a_figure_is_rendered_once_per_size_and_side_never_per_tick() -> None:
    clear_cache()
    bl23 = load_points().resolve("BL-23")
    for _tick in range(1000):  # a screen redrawing every tick of a hold
        point_picture(bl23, Side.BOTH, 40, 16)
    assert (cache_info().misses, cache_info().hits) == (1, 999)
    point_picture(bl23, Side.LEFT, 40, 16)  # the session switches sides
    point_picture(bl23, Side.LEFT, 24, 10)  # the screen shrinks
    for _tick in range(100):
        point_picture(bl23, Side.LEFT, 24, 10)
    assert cache_info().misses == 3


def test_the_cache_is_keyed_by_content_not_by_identity() -> None:
    clear_cache()
    first = render("face", [Mark(100, 167, "GV-26")], 20, 10)
    again = render("face", (Mark(100.0, 167.0, "GV-26"),), 20, 10)
    assert again is first
    assert render("face", [Mark(100, 167, "X")], 20, 10) is not first


def test_pictures_are_immutable() -> None:
    picture = render("face", [], 10, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        picture.width = 3  # type: ignore[misc]


def test_point_map_is_plain_data_in_json() -> None:
    data = to_data(load_points().resolve("EX-UE7"))
    assert data["map"]["figure"] == "hands"
    assert len(data["map"]["at"]) == 2 == len(data["map"]["mirror"])
    assert isinstance(PointMap, type)


# --- the cache of the parsed figures file -----------------------------------------------------


@pytest.fixture
def fresh_figures() -> Iterator[None]:
    forget_figures()
    clear_cache()
    yield
    forget_figures()
    clear_cache()


def _copies(home: Path) -> list[Path]:
    return sorted((home / "cache" / "figures").glob("*.json"))


@pytest.mark.usefixtures("fresh_figures")
def test_the_figures_file_is_parsed_once_then_read_from_its_copy(acutimer_home: Path) -> None:
    expected = parse_figures(figures_file().read_text(encoding="utf-8"))
    assert load_figures() == expected
    (copy,) = _copies(acutimer_home)
    forget_figures()
    assert load_figures() == expected  # from the copy
    assert copy.exists()


@pytest.mark.parametrize(
    "damage",
    [
        "{not json",
        "[]",
        '{"figures": 3}',
        '{"digest": "0", "data": {"figures": [{"name": "hands"}]}}',
        "TRUNCATE",
        "DROP-A-FIGURE",
    ],
    ids=["broken", "list", "not-an-entry", "wrong-digest", "truncated", "edited"],
)
@pytest.mark.usefixtures("fresh_figures")
def test_a_damaged_copy_is_never_used(acutimer_home: Path, damage: str) -> None:
    expected = parse_figures(figures_file().read_text(encoding="utf-8"))
    load_figures()
    (copy,) = _copies(acutimer_home)
    text = copy.read_text(encoding="utf-8")
    if damage == "TRUNCATE":
        damage = text[: len(text) // 2]
    elif damage == "DROP-A-FIGURE":  # valid JSON, its digest no longer matches
        entry = json.loads(text)
        entry["data"]["figures"] = entry["data"]["figures"][1:]
        damage = json.dumps(entry)
    copy.write_text(damage, encoding="utf-8")
    forget_figures()
    assert figure_names() == set(expected)
    assert get_figure("hands") == expected["hands"]
    assert get_figure("back") == expected["back"]
    assert render("hands", [Mark(101, 156, "LI-4")], 30, 10).plain()


@pytest.mark.usefixtures("fresh_figures")
def test_a_broken_figures_file_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from acutimer.bodymap import shipped as figures_module
    from acutimer.routine import points as points_module

    broken = tmp_path / "figures.toml"
    broken.write_text(figures_file().read_text(encoding="utf-8") + "\ngarbage = [\n")
    monkeypatch.setattr(figures_module, "figures_file", lambda: broken)
    monkeypatch.setattr(points_module, "figures_file", lambda: broken)
    points_module.load_points.cache_clear()
    try:
        with pytest.raises(AcutimerError) as raised:
            points_module.load_points()
    finally:
        points_module.load_points.cache_clear()
    (problem,) = raised.value.problems
    assert str(broken) in str(problem) and "not valid TOML" in str(problem)
