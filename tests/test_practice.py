"""The ``[practice]`` table: its words, its errors (file, key, line, did you mean), the schema,
and the built-in routines' advice traced to the articles."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acutimer.paths import builtin_refs
from acutimer.routine.authoring import routine_schema, routine_toml
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import load_ref, parse_routine
from acutimer.routine.points import SOURCES
from acutimer.routine.practice import (
    WEEKDAYS,
    days_text,
    parse_clock,
    parse_days,
    parse_times,
    parse_window,
    window_minutes,
)

HEAD = 'title = "T"\nsummary = "S"\nfocus = "lower-back"\nposition = "seated"\n\n'
STEP = '\n[[steps]]\npoint = "LI-4"\nhold = "5s"\n'


def _routine(practice: str) -> str:
    return HEAD + "[practice]\n" + practice + STEP


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("every day", list(WEEKDAYS)),
        ("Daily", list(WEEKDAYS)),
        ("weekdays", ["mon", "tue", "wed", "thu", "fri"]),
        ("mon-fri", ["mon", "tue", "wed", "thu", "fri"]),
        ("weekends", ["sat", "sun"]),
        ("fri-mon", ["mon", "fri", "sat", "sun"]),
        ("mon, thu", ["mon", "thu"]),
        ("Monday Wednesday", ["mon", "wed"]),
        (["sun", "mon", "mon"], ["mon", "sun"]),
    ],
)
def test_days_are_read_as_people_write_them(text: str | list[str], days: list[str]) -> None:
    assert parse_days(text) == days


def test_days_text_is_short_and_reads_back() -> None:
    assert days_text(list(WEEKDAYS)) == "every day"
    assert days_text(["mon", "tue", "wed", "thu", "fri"]) == "mon-fri"
    assert days_text(["mon", "wed", "sat", "sun"]) == "mon,wed,sat,sun"


@given(st.sets(st.sampled_from(WEEKDAYS), min_size=1))
def test_days_text_round_trips(days: set[str]) -> None:
    chosen = [d for d in WEEKDAYS if d in days]
    assert parse_days(days_text(chosen)) == chosen


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("mon-frx", "did you mean 'fri'?"),
        ("", "no days given"),
        (3, "days are written like"),
        ("someday", "is not a day"),
    ],
)
def test_bad_days_say_what_to_write(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_days(value)


def test_clock_and_window() -> None:
    assert parse_clock("09:30") == 570
    assert parse_clock("9:05") == 545
    assert parse_clock("1730") == 17 * 60 + 30
    assert parse_window(" 9:00 - 18:00 ") == "09:00-18:00"
    assert window_minutes("21:00-01:00") == (21 * 60, 25 * 60)
    for bad in ("24:00", "12:60", "noon", "9"):
        with pytest.raises(ValueError, match="time of day"):
            parse_clock(bad)
    with pytest.raises(ValueError, match="same time"):
        parse_window("10:00-10:00")
    with pytest.raises(ValueError, match="HH:MM-HH:MM"):
        parse_window("10:00")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, [3, 3]), ("3", [3, 3]), ("2-3", [2, 3]), ("2 to 3", [2, 3]), ([5, 10], [5, 10])],
)
def test_times_a_day_is_a_number_or_a_range(value: object, expected: list[int]) -> None:
    assert parse_times(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "at least 1"),
        (True, "whole number"),
        ("3-2", "runs backwards"),
        (25, "more than 24"),
        ("a few", "cannot read"),
        (2.5, "whole number"),
        ([1, "x"], "whole number"),
    ],
)
def test_bad_times_a_day(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_times(value)


@pytest.mark.parametrize(
    ("practice", "line", "key", "message"),
    [
        ('times_a_day = 2\ndayz = "mon"\n', 8, "practice.dayz", "did you mean 'days'?"),
        ('times_a_day = 2\ndays = "mon-frx"\n', 8, "practice.days", "did you mean 'fri'?"),
        ('times_a_day = "3-2"\n', 7, "practice.times_a_day", "runs backwards"),
        ('times_a_day = 2\nmin_gap = "13h"\n', 8, "practice.min_gap", "more than 12 hours"),
        ('times_a_day = 2\nbetween = "9-18"\n', 8, "practice.between", "HH:MM"),
        ('times_a_day = 2\nsource = ""\n', 8, "practice.source", "at least 1 character"),
        ('min_gap = "1h"\n', 6, "practice.times_a_day", "required"),
        (
            'times_a_day = 3\nmin_gap = "3h"\nbetween = "09:00-12:00"\n',
            6,
            "practice",
            "3 sittings at least 3h apart do not fit between 09:00-12:00",
        ),
    ],
)
def test_a_bad_practice_table_names_file_key_and_line(
    practice: str, line: int, key: str, message: str
) -> None:
    with pytest.raises(AcutimerError) as caught:
        parse_routine(_routine(practice), "mine.toml")
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.key) == ("mine.toml", line, key)
    assert message in str(problem)


def test_a_practice_table_is_optional_and_survives_a_save() -> None:
    assert parse_routine(HEAD + STEP, "plain.toml").practice is None
    routine = parse_routine(
        _routine('times_a_day = "2-3"\nmin_gap = "90m"\ndays = "weekdays"\n'), "p.toml"
    )
    assert routine.practice is not None
    assert routine.practice.text() == "2-3 times a day, at least 1h30m apart, mon-fri"
    saved = routine_toml(routine)
    assert tomllib.loads(saved)["practice"]["min_gap"] == "1h30m"  # as every duration is written
    assert parse_routine(saved, "saved.toml").practice == routine.practice


def test_the_schema_describes_every_practice_key() -> None:
    schema = routine_schema()
    practice = schema["$defs"]["Practice"]
    assert set(practice["properties"]) == {
        "times_a_day",
        "min_gap",
        "days",
        "between",
        "source",
        "note",
    }
    for name, field in practice["properties"].items():
        assert field.get("description"), name
    assert practice["additionalProperties"] is False


def test_every_built_in_says_how_often_from_an_article_or_as_an_assumption() -> None:
    known = {*SOURCES.values(), "assumption"}
    for ref in builtin_refs():
        practice = load_ref(ref).routine.practice
        assert practice is not None, ref.name
        assert practice.source in known, ref.name
        assert practice.note, ref.name


def test_built_ins_take_the_safer_reading_of_how_often() -> None:
    by_name = {ref.name: load_ref(ref).routine.practice for ref in builtin_refs()}
    # "2 to 3 times a day" (hand lumbar points) against "5 to 10 times" (BL-52): the lower.
    lower = by_name["lower-back-desk"]
    assert lower is not None and lower.times_a_day == [2, 3]
    # KI-27 "up to five times a day": upper-back and evening-lying together stay within it.
    upper, evening = by_name["upper-back"], by_name["evening-lying"]
    assert upper is not None and evening is not None
    assert upper.most + evening.most <= 5
    # No article gives a count for the hip points: once a day, marked as ours.
    hip = by_name["sciatica-hip"]
    assert hip is not None and hip.most == 1 and hip.source == "assumption"
