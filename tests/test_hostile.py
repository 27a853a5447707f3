"""A routine file from a stranger, generated class by class: no traceback, no hang, nothing raw.

Each class of hostile input the issue found is generated here rather than tried once: huge
numbers in every numeric field, odd keys at every level, control characters in every text field,
degenerate durations, deep nesting, broken and binary files, odd file names, and output in
locales that cannot show every character. Every file goes through ``validate``, ``show``,
``show --json`` and ``list``, and one that is accepted through a whole plain session too (on a
clock that jumps, so no time passes). Each run must end with exit 0, or 2 with the file named;
with no traceback; within :data:`hostile_support.HANG_SECONDS`; and with no control character
written raw.

The normal run tries a few hundred examples; ``pytest -m long`` (``python bench/hostile.py``)
tries 10,000 and more.
"""

from __future__ import annotations

import json
import os
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile_support import Outcome, run_cli, run_plain_fast
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "40"))
"""Examples per class in the normal run (each example is several runs of acutimer)."""
LONG_EXAMPLES = int(os.environ.get("HOSTILE_LONG_EXAMPLES", "10000"))
"""Examples of the mixed test under ``-m long``."""

HEADER = """\
title = "Hostile"
summary = "A routine for the hostile tests."
focus = "lower-back"
position = "seated"
find_time = "2s"
"""
STEP = """
[[steps]]
point = "LI-4"
sides = "left-then-right"
hold = "3s"
release = "1s"
repeats = 2
rest = "1s"
"""
DURATION_KEYS = ["hold", "release", "rest", "find", "steady_after"]
TEXT_KEYS = ["note", "meanwhile", "caution", "source", "point", "protocol"]
TOP_TEXT_KEYS = ["title", "summary", "preparation"]

# --- writing TOML by hand (tomli_w refuses some of what a stranger can write) ----------------


def basic_string(text: str) -> str:
    """``text`` as a TOML basic string: every control character as a \\u escape."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F or 0xD800 <= ord(char) <= 0xDFFF:
            out.append(f"\\u{ord(char):04x}" if not 0xD800 <= ord(char) <= 0xDFFF else "?")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def with_step_line(line: str) -> str:
    """The routine with ``line`` in its first step, in place of the line of the same key."""
    key = line.split(" = ", 1)[0]
    lines = STEP.splitlines()
    kept = [existing for existing in lines if not existing.startswith(f"{key} = ")]
    return HEADER + "\n".join([*kept, line]) + "\n" + STEP


def line_of(text: str, start: str) -> int:
    """The (1-based) number of the first line of ``text`` that starts with ``start``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


# --- strategies, one per class ----------------------------------------------------------------

CONTROL_PIECES = st.sampled_from(
    [
        "\x1b]0;PWNED\x07",
        "\x1b]52;c;cHduZWQ=\x07",
        "\x1bc",
        "\x1b[2J",
        "\x1b[1A",
        "\r",
        "\x00",
        "\x07",
        "\x08",
        "\x7f",
        "\x9b2J",
        "\x9d0;x\x9c",
        "\u202e",
        "\u2066",
        "\u200f",
        "\ufeff",
        "\u2028",
    ]
)
any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
control_text = st.lists(st.one_of(CONTROL_PIECES, any_text), min_size=1, max_size=4).map("".join)


@st.composite
def controls_in_text(draw: st.DrawFn) -> str:
    """A control character in one text field, anywhere in the file."""
    value = basic_string(draw(control_text))
    key = draw(st.sampled_from(TOP_TEXT_KEYS + TEXT_KEYS))
    if key in TOP_TEXT_KEYS:
        lines = [line for line in HEADER.splitlines() if not line.startswith(f"{key} =")]
        return "\n".join([f"{key} = {value}", *lines]) + "\n" + STEP
    return with_step_line(f"{key} = {value}")


DIGITS = st.integers(300, 6000).map(lambda n: "9" * n)


@st.composite
def huge_numbers(draw: st.DrawFn) -> str:
    """An integer too long for Python, or a float too large for one, in a numeric field."""
    key = draw(st.sampled_from([*DURATION_KEYS, "repeats", "find_time", "inhale", "hold_in"]))
    digits = draw(DIGITS)
    value = draw(
        st.sampled_from(
            [digits, f"-{digits}", f"{digits}.5", f"0.{digits}", f"1e{digits[:5]}", f'"{digits}s"']
        )
    )
    if key == "find_time":
        return HEADER.replace('find_time = "2s"', f"find_time = {value}") + STEP
    if key in ("inhale", "hold_in"):
        return HEADER + f"[pace]\n{key} = {value}\n" + STEP
    return with_step_line(f"{key} = {value}")


odd_key_text = st.one_of(
    st.sampled_from(["x[y]", "a]", "[", "]]", "a.b", "steps[0]", '"', "\\", " ", "", "hold "]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    control_text,
)


@st.composite
def odd_keys(draw: st.DrawFn) -> str:
    """A key of any text at the top, in a step, or in a pace."""
    key = basic_string(draw(odd_key_text))
    where = draw(st.sampled_from(["top", "step", "pace", "step pace"]))
    line = f"{key} = 1"
    if where == "top":
        return line + "\n" + HEADER + STEP
    if where == "step":
        return with_step_line(line)
    if where == "pace":
        return HEADER + f"[pace]\n{line}\n" + STEP
    return HEADER + STEP + f"[steps.pace]\n{line}\n"


degenerate = st.one_of(
    st.sampled_from(["5e-324", "1e-300", "-0.0", "0.0001", "0.49", "nan", "inf", "-inf", "-1"]),
    st.floats(min_value=-2, max_value=2).map(repr),
    st.sampled_from(['"0.1s"', '"0.0001 min"', '"0:00"', '"1e-9s"', '"0.4s"', '""', '"   "']),
)


@st.composite
def degenerate_durations(draw: st.DrawFn) -> str:
    """Durations too short to follow, negative, or not numbers, in many steps at once."""
    key = draw(st.sampled_from([*DURATION_KEYS, "find_time", "inhale", "hold_in", "exhale"]))
    value = draw(degenerate)
    count = draw(st.integers(1, 200))
    if key == "find_time":
        return HEADER.replace('find_time = "2s"', f"find_time = {value}") + STEP * count
    if key in ("inhale", "hold_in", "exhale"):
        return HEADER + f"[pace]\n{key} = {value}\n" + STEP * count
    step = STEP.replace('hold = "3s"', f"hold = {value}") if key == "hold" else STEP
    if key != "hold":
        step = step.replace('rest = "1s"\n', f'rest = "1s"\n{key} = {value}\n')
    if key == "steady_after":
        step += 'breathing = "synchronised"\n'
    return HEADER + step * count


@st.composite
def deep_nesting(draw: st.DrawFn) -> str:
    """Tables, arrays, inline tables or dotted keys nested from 10 to 60,000 deep."""
    depth = draw(st.one_of(st.integers(10, 100), st.integers(1000, 60000)))
    kind = draw(st.sampled_from(["header", "array", "inline", "dotted", "array of tables"]))
    if kind == "header":
        nested = "[" + ".".join(["a"] * depth) + "]\nx = 1\n"
    elif kind == "array of tables":
        nested = "[[" + ".".join(["a"] * depth) + "]]\nx = 1\n"
    elif kind == "array":
        nested = "x = " + "[" * depth + "]" * depth + "\n"
    elif kind == "inline":
        nested = "x = " + "{a = " * depth + "1" + "}" * depth + "\n"
    else:
        nested = ".".join(["a"] * depth) + " = 1\n"
    return draw(st.sampled_from([nested + HEADER + STEP, HEADER + STEP + nested]))


@st.composite
def broken_files(draw: st.DrawFn) -> bytes:
    """Bytes: truncated or spliced routines, binary junk, other encodings, unclosed strings."""
    good = (HEADER + STEP + STEP).encode()
    kind = draw(st.sampled_from(["cut", "flip", "insert", "junk", "latin-1", "unclosed", "dup"]))
    if kind == "cut":
        return good[: draw(st.integers(0, len(good)))]
    if kind == "flip":
        at = draw(st.integers(0, len(good) - 1))
        return good[:at] + bytes([draw(st.integers(0, 255))]) + good[at + 1 :]
    if kind == "insert":
        at = draw(st.integers(0, len(good)))
        return good[:at] + draw(st.binary(min_size=1, max_size=8)) + good[at:]
    if kind == "junk":
        return draw(st.binary(max_size=400))
    if kind == "latin-1":
        return good.replace(b'"Hostile"', '"Rücken"'.encode("latin-1"))
    if kind == "unclosed":
        quote = draw(st.sampled_from(['"""', "'''", '"', "'", "[", "{"]))
        return good + f"\nnote = {quote}never closed\n".encode()
    return good + draw(st.sampled_from([b'title = "again"\n', b"[[steps]]\n[steps]\n"]))


@st.composite
def wrong_types(draw: st.DrawFn) -> str:
    """A value of the wrong kind in any field: true, a list, a table, text for a number."""
    key = draw(st.sampled_from([*DURATION_KEYS, "repeats", *TEXT_KEYS, "sides", "breathing"]))
    value = draw(
        st.sampled_from(
            ["true", "false", "[1, 2]", "{a = 1}", '"three"', "3.5", "2.0", "1979-05-27", "[]"]
        )
    )
    return with_step_line(f"{key} = {value}")


DOCUMENTS: dict[str, st.SearchStrategy[Any]] = {
    "controls in text": controls_in_text(),
    "huge numbers": huge_numbers(),
    "odd keys": odd_keys(),
    "degenerate durations": degenerate_durations(),
    "deep nesting": deep_nesting(),
    "broken files": broken_files(),
    "wrong types": wrong_types(),
}
file_names = st.one_of(
    st.just("routine.toml"),
    st.sampled_from(["my routine.toml", "Rücken Übung.toml", "点穴.toml", "-x.toml"]),
    st.integers(200, 240).map(lambda n: "n" * n + ".toml"),
    st.lists(CONTROL_PIECES, min_size=1, max_size=3).map(
        lambda parts: "".join(p.replace("\x00", "").replace("/", "") for p in parts) + ".toml"
    ),
)
encodings = st.sampled_from(["utf-8", "utf-8", "latin-1", "ascii"])


# --- the check --------------------------------------------------------------------------------


def write(folder: Path, name: str, content: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    path.write_bytes(data)
    return path


def check_file(path: Path, encoding: str, *, run: bool = True) -> list[Outcome]:
    """Every read-only command on ``path``, and a session if it is valid; asserts each."""
    outcomes = [
        run_cli(["validate", str(path)], encoding=encoding),
        run_cli(["show", str(path)], encoding=encoding),
        run_cli(["show", str(path), "--json"], encoding=encoding),
        run_cli(["list"], encoding=encoding),
    ]
    named = path.name
    for outcome in outcomes:
        is_list = outcome.args == ["list"]
        problems = outcome.problems(None if is_list else _shown_name(named, encoding))
        assert not problems, f"{outcome.args}: {problems}"
    if outcomes[2].code == 0:
        data = json.loads(outcomes[2].out.decode(encoding))
        assert data["steps"], "an accepted routine has steps"
    if run and outcomes[0].code == 0:
        session = run_plain_fast(path, encoding=encoding)
        assert not session.problems(), f"run --plain: {session.problems()}"
        assert session.code == 0
        outcomes.append(session)
    return outcomes


def _shown_name(name: str, encoding: str) -> str:
    """How the file's name appears in a message: controls shown, in the output's encoding."""
    from acutimer.safetext import encodable, visible

    return encodable(visible(name), encoding)


COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


def _user_file(home: Path, name: str, content: str | bytes) -> Path:
    return write(home / "routines", name, content)


def _one(home: Path, content: str | bytes, name: str, encoding: str) -> None:
    path = _user_file(home, name, content)
    try:
        check_file(path, encoding)
    finally:
        path.unlink()


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_each_class_of_hostile_file(acutimer_home: Path, kind: str) -> None:
    @settings(max_examples=EXAMPLES, **COMMON)  # type: ignore[arg-type]
    @given(content=DOCUMENTS[kind], name=file_names, encoding=encodings)
    def check(content: str | bytes, name: str, encoding: str) -> None:
        _one(acutimer_home, content, name, encoding)

    check()


@pytest.mark.long
def test_hostile_files_at_length(acutimer_home: Path) -> None:
    """Every class mixed, many thousand times (``pytest -m long``; bench/hostile.py)."""

    @settings(max_examples=LONG_EXAMPLES, **COMMON)  # type: ignore[arg-type]
    @given(content=st.one_of(*DOCUMENTS.values()), name=file_names, encoding=encodings)
    def check(content: str | bytes, name: str, encoding: str) -> None:
        _one(acutimer_home, content, name, encoding)

    check()


# --- accepted files show nothing raw -------------------------------------------------------


def test_a_valid_file_with_a_hostile_name_runs_clean(acutimer_home: Path) -> None:
    """A file named with an OSC, a CR and a bidi control validates, lists, shows and runs, and
    its name reaches no output raw."""
    name = "x\x1b]0;PWNED\x07\r\u202eevil.toml"
    path = _user_file(acutimer_home, name, HEADER + STEP)
    outcomes = check_file(path, "utf-8")
    assert [o.code for o in outcomes] == [0, 0, 0, 0, 0]
    listing = outcomes[3].out.decode()
    assert "x␛]0;PWNED␇␍\\u202eevil" in listing


CONTROL_VALUES: list[tuple[str, str]] = [
    ("note", "a\x1b]0;PWNED\x07b"),
    ("meanwhile", "\x1b[2J"),
    ("caution", "\r\x1b[1A"),
    ("source", "\x9b2J"),
    ("point", "LI-4\x1b"),
    ("protocol", "P1\x07"),
]


@pytest.mark.parametrize(("key", "value"), CONTROL_VALUES)
def test_control_characters_are_refused_naming_the_key_and_line(
    tmp_path: Path, key: str, value: str
) -> None:
    text = with_step_line(f"{key} = {basic_string(value)}")
    path = write(tmp_path, "r.toml", text)
    outcome = run_cli(["validate", str(path)])
    assert outcome.code == 2 and not outcome.problems(str(path))
    line = line_of(text, f"{key} = ")
    assert f"{path}:{line}: steps[0].{key} (step 1): holds a control character" in (
        outcome.err.decode()
    ), outcome.err


@pytest.mark.parametrize("key", TOP_TEXT_KEYS)
def test_control_characters_in_routine_text_are_refused(tmp_path: Path, key: str) -> None:
    text = "\n".join(
        [f'{key} = "x\\u001b]52;c;cHduZWQ=\\u0007"']
        + [line for line in HEADER.splitlines() if not line.startswith(f"{key} =")]
    )
    path = write(tmp_path, "r.toml", text + "\n" + STEP)
    outcome = run_cli(["validate", str(path)])
    assert outcome.code == 2 and not outcome.problems(str(path))
    assert f"{path}:1: {key}: holds a control character (␛)" in outcome.err.decode()


# --- odd paths ------------------------------------------------------------------------------


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo.toml"
    os.mkfifo(path)
    return path


def _long_name(tmp_path: Path) -> Path:
    return tmp_path / ("n" * 300 + ".toml")


def _in_a_file(tmp_path: Path) -> Path:
    (tmp_path / "plain-file").write_text("x", encoding="utf-8")
    return tmp_path / "plain-file" / "r.toml"


def _loop(tmp_path: Path) -> Path:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    return tmp_path / "loop" / "r.toml"


def _directory(tmp_path: Path) -> Path:
    (tmp_path / "dir.toml").mkdir()
    return tmp_path / "dir.toml"


def _device(tmp_path: Path) -> Path:
    return Path("/dev/zero")


ODD_PATHS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "a FIFO": (_fifo, "is a FIFO (named pipe), not a routine file"),
    "a 300-character name": (_long_name, "its name is too long"),
    "a file in the way": (_in_a_file, "part of its path is a file, not a folder"),
    "a symlink loop": (_loop, "a loop of symbolic links"),
    "a directory": (_directory, "is a directory"),
    "a device": (_device, "is a device"),
}


@pytest.mark.parametrize("kind", sorted(ODD_PATHS))
@pytest.mark.parametrize("command", [["validate"], ["show"], ["run", "--plain"], ["edit"]])
def test_odd_paths_are_refused_at_once(tmp_path: Path, kind: str, command: list[str]) -> None:
    make, words = ODD_PATHS[kind]
    path = make(tmp_path)
    args = [command[0], str(path), *command[1:]]
    outcome = run_cli(args)
    assert outcome.code == 2 and not outcome.problems(str(path)), outcome.problems(str(path))
    assert words in outcome.err.decode(), outcome.err


# --- locales --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", "lower-back-desk"],
        ["points", "he gu"],
        ["history"],
        ["validate", "upper-back"],
        ["points"],
        ["schema"],
    ],
)
def test_a_locale_that_cannot_show_every_character(
    encoding: str, args: list[str], acutimer_home: Path
) -> None:
    from datetime import UTC, datetime

    from history_support import record

    from acutimer.history.store import HistoryStore, history_path

    store = HistoryStore.open(history_path(acutimer_home))
    store.add([record(datetime(2026, 1, 5, 9, tzinfo=UTC), before=5, after=3)])
    store.close()
    outcome = run_cli(args, encoding=encoding)
    assert outcome.code == 0 and not outcome.problems(), outcome.problems()
    outcome.out.decode(encoding)  # what was written is that encoding
    if args == ["history"]:
        assert "5 -> 3" in outcome.out.decode(encoding)


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_a_plain_session_in_a_latin_1_or_ascii_locale(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, "r.toml", HEADER.replace("Hostile", "Rücken … → ━") + STEP)
    outcome = run_plain_fast(path, encoding=encoding)
    assert outcome.code == 0 and not outcome.problems(), outcome.problems()
    text = outcome.out.decode(encoding)
    assert ("Rücken" if encoding == "latin-1" else "Rucken") + " ... -> =" in text


# --- the guard itself ----------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet=st.characters()), CONTROL_PIECES)).map("".join))
def test_visible_text_holds_no_control_and_is_stable(text: str) -> None:
    from acutimer.safetext import encodable, visible

    shown = visible(text)
    assert not raw_of(shown)
    assert visible(shown) == shown
    assert "\n" not in text or "\n" in shown
    for encoding in ("latin-1", "ascii"):
        encodable(shown, encoding).encode(encoding)


def raw_of(text: str) -> list[str]:
    return [
        c
        for c in text
        if (ord(c) < 0x20 and c not in "\n\t")
        or 0x7F <= ord(c) <= 0x9F
        or 0xD800 <= ord(c) <= 0xDFFF
        or c in "\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\ufeff"
        or 0x2066 <= ord(c) <= 0x2069
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(alphabet=st.characters()),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.text(alphabet=st.characters()), inner, max_size=3)
        ),
        max_leaves=8,
    )
)
def test_json_for_a_terminal_reads_back_the_same(data: Any) -> None:
    from acutimer.safetext import json_text

    text = json_text(json.dumps(data, ensure_ascii=False))
    assert not raw_of(text)
    assert json.loads(text) == data


def test_printable_text_passes_unchanged() -> None:
    from acutimer.safetext import visible

    text = string.printable.replace("\r", "").replace("\x0b", "").replace("\x0c", "")
    assert visible(text) == text
    assert visible("Rücken Übung 点穴 ━ → … 👨‍👩‍👧") == "Rücken Übung 点穴 ━ → … 👨‍👩‍👧"
    assert visible("a\tb", tabs=False) == "a␉b"
    assert visible("\x1b]0;x\x07\r\x00\x7f\x9b\u202e\udcff") == "␛]0;x␇␍␀␡\\x9b\\u202e\\xff"


def test_the_body_maps_own_colours_pass_the_guard_and_nothing_else() -> None:
    import io

    from acutimer.safetext import guard, write_styled

    stream = io.StringIO()
    write_styled(guard(stream), "\x1b[90m⡤\x1b[0m x\x1b]0;T\x07 \x1b[2J\x1b[1;91m●\x1b[0m")
    assert stream.getvalue() == "\x1b[90m⡤\x1b[0m x␛]0;T␇ ␛[2J\x1b[1;91m●\x1b[0m"
