"""The built-in point library: it loads, has every point, and its names resolve correctly."""

from __future__ import annotations

import dataclasses
import tomllib

import pytest

from acutimer.routine.models import (
    MAX_STEP_SECONDS,
    Caution,
    Point,
    PointLibrary,
    Pressure,
    Sides,
    Step,
    Technique,
)
from acutimer.routine.points import POINTS_FILE, SOURCES, Points, load_points, normalise_name
from acutimer.routine.timeline import step_phases
from acutimer.routine.validation import validate

REQUIRED_CODES = [
    # hand and arm
    "LI-4",
    "TE-3",
    "EX-UE7",
    "SI-3",
    "LU-5",
    "LI-10",
    # front of the trunk
    "CV-6",
    "KI-27",
    "LU-1",
    # lower back and buttock
    "BL-23",
    "BL-52",
    "BL-25",
    "BL-53",
    "GB-30",
    # leg and ankle
    "BL-40",
    "BL-60",
    "LR-4",
    "KI-6",
    # upper back, shoulder, neck, head
    "BL-43",
    "SI-11",
    "GB-21",
    "GB-20",
    "GB-6",
    "GB-10",
    # face
    "GV-26",
]

ALIASES = {
    # old Bladder numbering
    "B-47": "BL-52",
    "B 47": "BL-52",
    "B 48": "BL-53",
    "B48": "BL-53",
    "Bladder 48": "BL-53",
    "B 53": "BL-40",
    "B 54": "BL-40",
    "Bladder 54": "BL-40",
    # other codes and spellings
    "B-23": "BL-23",
    "Bladder 23": "BL-23",
    "Kidney Shu": "BL-23",
    "Shen Shu": "BL-23",
    "shenshu": "BL-23",
    "Kidney tonification point": "BL-23",
    "Bl-52": "BL-52",
    "Urinary Bladder-52": "BL-52",
    "Willpower Room": "BL-52",
    "UB-40": "BL-40",
    "Bl-40": "BL-40",
    "Commanding Middle": "BL-40",
    "Middle Crook": "BL-40",
    "Middle of the Crook": "BL-40",
    "Wei Zhong": "BL-40",
    "Bl-25": "BL-25",
    "Large Intestine Transporter": "BL-25",
    "Bladder Vitals": "BL-53",
    "GB 30": "GB-30",
    "Kunlun": "BL-60",
    "Kunlun Mountains": "BL-60",
    "Mount Kunlun": "BL-60",
    "Urinary Bladder 60": "BL-60",
    "BL60": "BL-60",
    # hand and arm
    "he gu": "LI-4",
    "Hegu": "LI-4",
    "LI 4": "LI-4",
    "Large Intestine-4": "LI-4",
    "Enclosed Valley": "LI-4",
    "Joining Valley": "LI-4",
    "zhong zhu": "TE-3",
    "Central Inlet": "TE-3",
    "TE 3": "TE-3",
    "Yaotongdian": "EX-UE7",
    "ex-ue7": "EX-UE7",
    "Hou Xi": "SI-3",
    "Cubit Marsh": "LU-5",
    "LU 5": "LU-5",
    "Shou San Li": "LI-10",
    # trunk
    "Qi Hai": "CV-6",
    "CV 6": "CV-6",
    "Sea of Life": "CV-6",
    "Sea of Energy": "CV-6",
    "Stomach Point": "CV-6",
    "Shufu": "KI-27",
    "Elegant Mansion": "KI-27",
    "Zhong Fu": "LU-1",
    "Lung-1": "LU-1",
    # upper body and face
    "Gao Huang Shu": "BL-43",
    "Tian Zong": "SI-11",
    "Celestial Gathering": "SI-11",
    "SI 11": "SI-11",
    "Jian Jing": "GB-21",
    "Shoulder Well": "GB-21",
    "Feng Chi": "GB-20",
    "Wind Pool": "GB-20",
    "Xuan Li": "GB-6",
    "Fu Bai": "GB-10",
    "Ren Zhong": "GV-26",
    "Middle of the Person": "GV-26",
}

SHARED_NAMES = [
    "Sea of vitality",
    "Womb and Vitals",
    "Hipbone Points",
    "Lower back points",
    "Knee Back Points",
]
"""Names the articles give to two points at once: they must name neither."""

BORROWED_NAMES = {
    "Yang Gang": "BL-53",
    "Yang Headrope": "BL-53",
    "Zhibian": "BL-40",
    "Lowermost Edge": "BL-40",
}
"""Another point's standard names that one article gives to a library point: they name none."""


@pytest.fixture(scope="module")
def points() -> Points:
    return load_points()


@pytest.fixture(scope="module")
def by_code(points: Points) -> dict[str, Point]:
    return {p.code: p for p in points}


def test_library_file_validates() -> None:
    data = tomllib.loads(POINTS_FILE.read_text(encoding="utf-8"))
    library = validate(PointLibrary, data)
    assert len(library.points) == len(REQUIRED_CODES)


def test_every_required_code_present_in_region_order(points: Points) -> None:
    codes = [p.code for p in points]
    assert codes == REQUIRED_CODES


def test_codes_are_unique(points: Points) -> None:
    codes = [p.code for p in points]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(("alias", "code"), sorted(ALIASES.items()))
def test_alias_resolves(points: Points, alias: str, code: str) -> None:
    assert points.resolve(alias).code == code


def test_no_name_names_two_points(points: Points) -> None:
    owner: dict[str, str] = {}
    clashes = []
    for point in points:
        for name in point.names:
            key = normalise_name(name)
            if key in owner and owner[key] != point.code:
                clashes.append((name, owner[key], point.code))
            owner.setdefault(key, point.code)
    assert clashes == []


def test_points_refuses_a_shared_alias(by_code: dict[str, Point]) -> None:
    twin = dataclasses.replace(by_code["BL-52"], aliases=["B-23"])
    with pytest.raises(ValueError, match="names both"):
        Points([by_code["BL-23"], twin])


@pytest.mark.parametrize("name", SHARED_NAMES)
def test_names_shared_by_two_points_are_not_aliases(points: Points, name: str) -> None:
    assert points.get(name) is None


def test_sources_are_article_titles(points: Points) -> None:
    titles = set(SOURCES.values())
    for point in points:
        assert point.sources, point.code
        assert set(point.sources) <= titles, point.code
        assert len(point.sources) == len(set(point.sources)), point.code


def test_every_article_is_used(points: Points) -> None:
    used = {title for p in points for title in p.sources}
    assert used == set(SOURCES.values())


def test_pregnancy_flags(points: Points) -> None:
    flagged = {p.code for p in points if Caution.PREGNANCY in p.cautions}
    assert {"LI-4", "BL-60", "GB-21"} <= flagged


def test_bl40_is_gentle_only(by_code: dict[str, Point]) -> None:
    bl40 = by_code["BL-40"]
    assert Caution.GENTLE_ONLY in bl40.cautions
    assert bl40.pressure is Pressure.LIGHT
    assert bl40.sides is Sides.LEFT_THEN_RIGHT
    assert bl40.hold == 30


def test_weak_back_points(by_code: dict[str, Point]) -> None:
    assert Caution.WEAK_BACK in by_code["BL-23"].cautions
    assert Caution.WEAK_BACK in by_code["BL-52"].cautions


def test_cv6_palm_caution(by_code: dict[str, Point]) -> None:
    note = by_code["CV-6"].caution_note or ""
    assert "palm" in note
    assert "pregnan" in note


def test_uncertain_identifications_say_so(by_code: dict[str, Point]) -> None:
    assert "90%" in (by_code["EX-UE7"].confidence or "")
    assert "50%" in (by_code["KI-6"].confidence or "")
    assert by_code["GB-30"].confidence
    assert by_code["BL-53"].confidence


def test_protocol_defaults(by_code: dict[str, Point]) -> None:
    li4 = by_code["LI-4"]
    assert (li4.technique, li4.hold, li4.release, li4.repeats) == (Technique.PINCH, 5, 3, 3)
    ki27 = by_code["KI-27"]
    assert (ki27.hold, ki27.sides) == (120, Sides.RIGHT_THEN_LEFT)
    lu5 = by_code["LU-5"]
    assert (lu5.hold, lu5.repeats, lu5.sides) == (30, 3, Sides.RIGHT)
    cv6 = by_code["CV-6"]
    assert (cv6.sides, cv6.hold, cv6.release, cv6.repeats) == (Sides.MIDLINE, 60, 600, 3)
    bl23 = by_code["BL-23"]
    assert (bl23.sides, bl23.pressure) == (Sides.BOTH, Pressure.MEDIUM)
    assert 60 <= bl23.hold <= 90
    assert by_code["BL-60"].pressure is Pressure.LIGHT
    assert by_code["TE-3"].sides is Sides.ALTERNATING
    assert by_code["GV-26"].sides is Sides.MIDLINE


def test_default_step_fits_the_step_limit(points: Points) -> None:
    for point in points:
        step = Step(
            point=point.code,
            sides=point.sides,
            pressure=point.pressure,
            technique=point.technique,
            hold=point.hold,
            release=point.release,
            repeats=point.repeats,
        )
        phases = step_phases(step, 0, 8.0, last=True)
        assert sum(p.duration for p in phases) <= MAX_STEP_SECONDS, point.code


def test_texts_are_short_and_plain(points: Points) -> None:
    for point in points:
        for field in ("location", "how_to_press", "desk_note", "caution_note", "confidence"):
            text = getattr(point, field)
            if text is None:
                continue
            assert len(text) <= 200, (point.code, field)
            assert "[" not in text, (point.code, field)
        assert point.helps, point.code
        assert all(len(h) <= 60 for h in point.helps), point.code


def test_points_out_of_reach_by_hand_say_how_to_reach_them(points: Points) -> None:
    by_ball = {p.code for p in points if not p.desk}
    assert by_ball == {"BL-43", "SI-11", "BL-53", "GB-30"}
    for code in by_ball:
        note = points.resolve(code).desk_note
        assert note and "tennis ball" in note, code


def test_search_finds_old_bladder_number(points: Points) -> None:
    found = points.search("B-47")
    assert found
    assert found[0].code == "BL-52"


def test_search_by_region(points: Points) -> None:
    codes = {p.code for p in points.search("lower back")}
    assert {"BL-23", "BL-52", "BL-25"} <= codes


def test_unknown_code_suggests_a_close_one(points: Points) -> None:
    with pytest.raises(ValueError, match=r"did you mean .*'LI-4'"):
        points.resolve("LI-44")


def test_unknown_name_without_close_match(points: Points) -> None:
    with pytest.raises(ValueError, match="unknown point"):
        points.resolve("qqqqqqqqqqqq")
