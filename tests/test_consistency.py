"""The command line says things one way: exit codes, plurals, durations, headers, suggestions."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acutimer.commands.cli import main
from acutimer.paths import user_routines_dir
from acutimer.routine import describe
from acutimer.routine.units import format_duration, parse_duration
from acutimer.routine.words import plural


def test_points_that_find_nothing_exit_2_as_other_bad_input(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["points", "xyz"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "acutimer: unknown point 'xyz'" in captured.err
    assert main(["points", "xyz", "--json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out) == [] and "unknown point" in captured.err


def test_points_has_a_header_and_explains_its_desk_column(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["points"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["CODE", "PINYIN", "ENGLISH", "DESK", "REGION"]
    li4 = next(line for line in lines if line.startswith("LI-4 "))
    assert " yes " in li4
    assert any(line.startswith("DESK: yes when you can reach the point") for line in lines)


def test_list_never_cuts_a_title_short_in_a_pipe(capsys: pytest.CaptureFixture[str]) -> None:
    title = "A very long title that goes on and on past any column a table would give it"
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "long.toml").write_text(
        f'title = "{title}"\nsummary = "s"\nfocus = "upper-back"\nposition = "any"\n'
        '[[steps]]\npoint = "LI-4"\nhold = "5s"\n',
        encoding="utf-8",
    )
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert title in out and "…" not in out
    row = next(line for line in out.splitlines() if line.startswith("long "))
    assert row.endswith("  1 *")


def test_one_step_is_one_step_not_one_steps(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "cv6-work-hour"]) == 0
    out = capsys.readouterr().out
    assert " · 1 step · " in out and "1 steps" not in out
    assert main(["validate", "cv6-work-hour"]) == 0
    assert "1 step," in capsys.readouterr().out
    assert (plural(1, "step"), plural(0, "step"), plural(2, "step")) == (
        "1 step",
        "0 steps",
        "2 steps",
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0s"), (45, "45s"), (60, "1m"), (302, "5m2s"), (3600, "1h"), (3725, "1h2m5s")],
)
def test_one_way_to_write_a_duration(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text
    assert describe.fmt_span(seconds + 0.4) == text  # a span is rounded to the second


@given(st.integers(min_value=0, max_value=4 * 3600))
def test_a_written_duration_reads_back_the_same(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


@pytest.mark.parametrize(
    ("codes", "said", "not_said"),
    [
        ("LI-4,NOPE", "no point is called 'NOPE'; `acutimer points` lists them", "did you mean"),
        ("weizong", "did you mean 'Wei Zhong (BL-40)'?", "SI-11"),
        ("LI-44", "did you mean 'LI-4'", "BL-43"),
        ("joining vally", "did you mean 'Joining Valley (LI-4)'?", "LI-10"),
    ],
)
def test_a_bad_point_suggests_close_names_not_unrelated_codes(
    codes: str, said: str, not_said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "mine", "--points", codes]) == 2
    err = capsys.readouterr().err
    assert said in err and not_said not in err
    assert not (user_routines_dir() / "mine.toml").exists()
