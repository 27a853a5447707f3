"""Bad routine files: one per failure mode, each naming the file, the key and the line."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acutimer.commands.cli import main
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import load_routine

GOOD = """\
title = "Test"
summary = "A routine for tests."
focus = "lower-back"
position = "seated"

[[steps]]
point = "LI-4"
hold = "5s"

[[steps]]
point = "CV-6"
hold = "1m"
"""


def write(tmp_path: Path, text: str | bytes, name: str = "routine.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(AcutimerError) as caught:
        load_routine(str(path))
    return [str(p) for p in caught.value.problems]


def test_good_file_loads(tmp_path: Path) -> None:
    loaded = load_routine(str(write(tmp_path, GOOD)))
    assert [s.point for s in loaded.routine.steps] == ["LI-4", "CV-6"]
    assert loaded.routine.steps[1].hold == 60


# (replace in GOOD, by, expected key, expected line, words in the message)
CASES = [
    ('hold = "5s"', 'hold = "0s"', "steps[0].hold", 8, "at least 1s"),
    ('hold = "5s"', "hold = -3", "steps[0].hold", 8, "at least 1s"),
    ('hold = "5s"', 'hold = "5 parsecs"', "steps[0].hold", 8, "cannot read"),
    ('hold = "5s"', "hold = true", "steps[0].hold", 8, "not true/false"),
    ('hold = "5s"', "hold = 1e308", "steps[0].hold", 8, "longer than a step"),
    ('hold = "5s"', "hold = nan", "steps[0].hold", 8, "finite"),
    ('hold = "5s"', 'hold = "5s"\nrepeats = 0', "steps[0].repeats", 9, "at least 1"),
    (
        'hold = "5s"',
        'hold = "5s"\nrepeats = 9223372036854775807',
        "steps[0].repeats",
        9,
        "more than",
    ),
    ('hold = "5s"', 'hold = "5s"\nrepeats = 2.5', "steps[0].repeats", 9, "whole number"),
    ('hold = "5s"', 'hold = "5s"\nhodl = 3', "steps[0].hodl", 9, "did you mean 'hold'"),
    ('hold = "5s"', 'hold = "5s"\nsides = "lefft"', "steps[0].sides", 9, "did you mean 'left'"),
    ('point = "LI-4"', 'point = "LI-44"', "steps[0].point", 7, "did you mean 'LI-4'"),
    ('point = "LI-4"', 'point = "XX-99"', "steps[0].point", 7, "unknown point"),
    ('title = "Test"', 'titel = "Test"', "titel", 1, "did you mean 'title'"),
    ('focus = "lower-back"', 'focus = "lowerback"', "focus", 3, "did you mean 'lower-back'"),
    ('hold = "1m"', 'hold = "31m"', "steps[1].hold", 12, "longer than a step"),
    (
        'hold = "1m"',
        'hold = "20m"\nrepeats = 2\nrelease = "1m"',
        "steps[1]",
        10,
        "at most 30m",
    ),
    ('hold = "5s"', 'hold = "5s"\nsteady_after = "1m"', "steps[0]", 6, "synchronised"),
    ('hold = "5s"', 'hold = "5s"\n[steps.pace]\ninhale = 0', "steps[0].pace.inhale", 10, "between"),
]


@pytest.mark.parametrize(("old", "new", "key", "line", "words"), CASES)
def test_bad_value_names_file_key_and_line(
    tmp_path: Path, old: str, new: str, key: str, line: int, words: str
) -> None:
    path = write(tmp_path, GOOD.replace(old, new, 1))
    found = problems_of(path)
    assert any(f"{path}:{line}: {key}" in p and words in p for p in found), (
        f"expected {path}:{line}: {key} ... {words} in {found}"
    )


def test_session_over_three_hours(tmp_path: Path) -> None:
    step = '\n[[steps]]\npoint = "CV-6"\nhold = "29m"\n'
    path = write(tmp_path, GOOD + step * 7)
    assert any("steps" in p and "at most 3h" in p for p in problems_of(path))


def test_missing_required_keys(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "Only a title"\n')
    found = "\n".join(problems_of(path))
    for key in ("summary", "focus", "position", "steps"):
        assert f"{path}: {key}: is required" in found


def test_steps_must_not_be_empty(tmp_path: Path) -> None:
    text = GOOD.split("[[steps]]")[0] + "steps = []\n"
    found = problems_of(write(tmp_path, text))
    assert any("steps" in p and "at least one" in p for p in found)


def test_inline_steps_are_located(tmp_path: Path) -> None:
    text = (
        GOOD.split("[[steps]]")[0]
        + 'steps = [\n  {point = "LI-4", hold = 5},\n  {point = "LI-4", hold = 0},\n]\n'
    )
    found = problems_of(write(tmp_path, text))
    assert any(":8: steps[1].hold (step 2)" in p for p in found), found


@pytest.mark.parametrize(
    ("content", "words", "line"),
    [
        ("", "is empty", None),
        ("   \n\n", "is empty", None),
        ('title = "x"\ntitle = "y"\n', "not valid TOML", 2),
        ("[[steps]\n", "not valid TOML", 1),
        (b'title = "caf\xe9"\n', "not UTF-8", 1),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", None),
    ],
)
def test_unreadable_content(
    tmp_path: Path, content: str | bytes, words: str, line: int | None
) -> None:
    path = write(tmp_path, content)
    (problem,) = problems_of(path)
    where = f"{path}:{line}:" if line else f"{path}:"
    assert problem.startswith(where) and words in problem, problem


def test_missing_file(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path / "nope.toml")
    assert "nope.toml" in problem and "no such file" in problem


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "dir.toml"
    folder.mkdir()
    (problem,) = problems_of(folder)
    assert "dir.toml" in problem and "is a directory" in problem


def test_huge_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.write(b"# " + b"x" * (20 * 1024 * 1024) + b"\n")
    (problem,) = problems_of(path)
    assert "huge.toml" in problem and "MB" in problem


def test_validate_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, GOOD, "good.toml")
    bad = write(tmp_path, GOOD.replace('hold = "5s"', "hold = 0"), "bad.toml")
    assert main(["validate", str(good)]) == 0
    assert "ok: " in capsys.readouterr().out
    assert main(["validate", str(good), str(bad)]) == 2
    captured = capsys.readouterr()
    assert f"{bad}:8: steps[0].hold (step 1)" in captured.err
    assert "Traceback" not in captured.err
    assert main(["validate", str(tmp_path / "missing.toml")]) == 2


# --- never a traceback ----------------------------------------------------------------------

toml_keys = st.sampled_from(
    [
        "title",
        "summary",
        "focus",
        "position",
        "steps",
        "point",
        "hold",
        "repeats",
        "release",
        "rest",
        "sides",
        "pace",
        "inhale",
        "breathing",
        "steady_after",
        "find_time",
        "x",
    ]
)
toml_scalars = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.sampled_from(["5s", "1m30s", "LI-4", "both", "lower-back", "seated", "synchronised", "0"]),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(toml_keys, inner, max_size=4),
    max_leaves=12,
)
toml_documents = st.dictionaries(toml_keys, toml_values, max_size=8)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=toml_documents)
def test_random_toml_never_tracebacks(tmp_path: Path, document: dict[str, object]) -> None:
    path = tmp_path / "random.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    assert main(["validate", str(path)]) in (0, 2)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300) | st.text(alphabet=string.printable, max_size=300))
def test_random_bytes_never_traceback(tmp_path: Path, data: bytes | str) -> None:
    path = tmp_path / "random.toml"
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    assert main(["validate", str(path)]) in (0, 2)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    key=st.sampled_from(
        ["hold", "release", "rest", "repeats", "sides", "point", "breathing", "find"]
    ),
    value=toml_scalars,
)
def test_random_step_values_never_traceback(tmp_path: Path, key: str, value: object) -> None:
    text = GOOD.replace('hold = "1m"', 'hold = "1m"\n' + tomli_w.dumps({key: value}).strip())
    if key == "hold":
        text = GOOD.replace('hold = "1m"', tomli_w.dumps({key: value}).strip())
    path = tmp_path / "random.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) in (0, 2)
