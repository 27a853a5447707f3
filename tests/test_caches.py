"""Caches that cannot lie: keyed by content, and every entry read back treated as untrusted.

Each attack on the list cache and the validation cache: an edit that keeps size and mtime, an
edit that breaks an entry's seal, a corrupt file, and (sealed again, as a forger would) an
entry of the wrong shape, a bad enum, a negative hold, 5,000 steps, a control
character, an unknown point, a FIFO or a directory where the cache file was, JSON nested too
deep. The entry is dropped and rebuilt, never used, never a traceback; and whatever the rebuild
accepts, validation accepts too.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile_support import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acutimer.commands.listing import CACHE_NAME, list_rows
from acutimer.paths import builtin_refs, cache_dir
from acutimer.routine import vcache
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import load_routine, parse_routine, rebuild_routine
from acutimer.routine.plaindata import BadData, to_data

ROUTINE = """\
title = "{title}"
summary = "A routine for the cache tests."
focus = "lower-back"
position = "seated"

[[steps]]
point = "LI-4"
hold = "{hold}"
"""


def user_routine(home: Path, title: str = "First", hold: str = "10s") -> Path:
    folder = home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mine.toml"
    path.write_text(ROUTINE.format(title=title, hold=hold), encoding="utf-8")
    return path


def mine(rows: list[dict[str, Any]]) -> dict[str, Any]:
    (row,) = [r for r in rows if r["name"] == "mine"]
    return row


# --- the list cache -------------------------------------------------------------------------


def test_an_edit_that_keeps_size_and_mtime_is_seen(acutimer_home: Path) -> None:
    path = user_routine(acutimer_home, "First", "10s")
    assert mine(list_rows())["title"] == "First"
    stat = path.stat()
    path.write_text(ROUTINE.format(title="Other", hold="20s"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    row = mine(list_rows())
    assert (row["title"], row["duration_seconds"]) == ("Other", 56.0)


def read_sealed(path: Path, name: str) -> Any:
    body = vcache.unseal(name, path.read_text(encoding="utf-8"))
    assert body is not None, f"{path} is not sealed"
    return json.loads(body)


def write_sealed(path: Path, name: str, data: Any) -> None:
    """Write ``data`` as a cache entry that passes the seal (a forged one): only the checks of
    its values stand between it and use."""
    path.write_text(vcache.seal(name, json.dumps(data)), encoding="utf-8")


def _entry(home: Path) -> tuple[Path, dict[str, Any]]:
    user_routine(home)
    list_rows()
    cache = cache_dir() / CACHE_NAME
    return cache, read_sealed(cache, CACHE_NAME)


def _mine_entry(data: dict[str, Any]) -> dict[str, Any]:
    (key,) = [k for k in data["entries"] if k.endswith("mine.toml")]
    entry: dict[str, Any] = data["entries"][key]
    return entry


LIST_ATTACKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "a negative duration": lambda e: e["summary"].update(duration_seconds=-5),
    "an infinite duration": lambda e: e["summary"].update(duration_seconds=1e999),
    "5,000 steps": lambda e: e["summary"].update(steps=5000),
    "a bad enum": lambda e: e["summary"].update(focus="everywhere"),
    "a control character": lambda e: e["summary"].update(title="x\x1b]0;PWNED\x07"),
    "a title too long": lambda e: e["summary"].update(title="x" * 5000),
    "true for a number": lambda e: e["summary"].update(steps=True),
    "a list for a summary": lambda e: e.update(summary=[1, 2]),
    "an extra key": lambda e: e["summary"].update(evil=1),
    "a missing key": lambda e: e["summary"].pop("position"),
    "an error and a title": lambda e: e["summary"].update(error="x"),
    "another file's hash": lambda e: e.update(sha256="0" * 64),
    "a point code with a control": lambda e: e["summary"].update(points=["LI-4\x1b[2J"]),
    "a point code not a string": lambda e: e["summary"].update(points=[4]),
    "a point code twice": lambda e: e["summary"].update(points=["LI-4", "LI-4"]),
    "more points than steps": lambda e: e["summary"].update(points=["LI-4", "BL-23"]),
    "points not a list": lambda e: e["summary"].update(points="LI-4"),
}


@pytest.mark.parametrize("attack", sorted(LIST_ATTACKS))
def test_a_hand_edited_list_entry_is_rebuilt(acutimer_home: Path, attack: str) -> None:
    cache, data = _entry(acutimer_home)
    LIST_ATTACKS[attack](_mine_entry(data))
    write_sealed(cache, CACHE_NAME, data)
    row = mine(list_rows())
    assert (row["title"], row["duration_seconds"], row["steps"]) == ("First", 36.0, 1)
    rebuilt = _mine_entry(read_sealed(cache, CACHE_NAME))
    assert rebuilt["summary"]["title"] == "First"
    assert rebuilt["summary"]["points"] == row["points"] == ["LI-4"]


@pytest.mark.parametrize("where", ["the list cache", "the validation cache"])
def test_an_edit_within_bounds_breaks_the_seal(acutimer_home: Path, where: str) -> None:
    """Another title is a valid title: only the seal tells that the entry was changed."""
    path = user_routine(acutimer_home)
    list_rows()
    if where == "the list cache":
        entry = cache_dir() / CACHE_NAME
    else:
        entries = (cache_dir() / "validated" / "routines").glob("*.json")
        (entry,) = [e for e in entries if '"First"' in e.read_text(encoding="utf-8")]
    text = entry.read_text(encoding="utf-8")
    assert '"First"' in text
    entry.write_text(text.replace('"First"', '"Forged"'), encoding="utf-8")
    assert mine(list_rows())["title"] == "First"
    assert load_routine(str(path)).routine.title == "First"


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        b'{"stamp": 1}',
        b"\xff\xfe",
        b"[" * 100_000 + b"]" * 100_000,
        b"",
        "é\n{}".encode(),
    ],
    ids=["not json", "a list", "no entries", "not utf-8", "nested deep", "empty", "a bad seal"],
)
def test_a_damaged_list_cache_is_rebuilt(acutimer_home: Path, content: bytes) -> None:
    cache, _ = _entry(acutimer_home)
    cache.write_bytes(content)
    outcome = run_cli(["list"])
    assert outcome.code == 0 and not outcome.problems(), outcome.problems()
    assert "First" in outcome.out.decode()


@pytest.mark.parametrize("kind", ["a FIFO", "a directory"])
def test_a_cache_file_that_is_not_a_file_is_passed_over(acutimer_home: Path, kind: str) -> None:
    user_routine(acutimer_home)
    cache = cache_dir() / CACHE_NAME
    cache.parent.mkdir(parents=True)
    os.mkfifo(cache) if kind == "a FIFO" else cache.mkdir()
    outcome = run_cli(["list"])  # a FIFO opened for reading would wait for a writer forever
    assert outcome.code == 0 and not outcome.problems(), outcome.problems()
    assert "First" in outcome.out.decode()


def test_a_cache_dir_that_is_a_file_only_costs_time(acutimer_home: Path) -> None:
    user_routine(acutimer_home)
    cache_dir().parent.mkdir(parents=True, exist_ok=True)
    cache_dir().write_text("in the way", encoding="utf-8")
    for args in (["list"], ["show", "mine"], ["validate", "mine"], ["points", "LI-4"]):
        outcome = run_cli(args)
        assert outcome.code == 0 and not outcome.problems(), (args, outcome.problems())


# --- the validation cache -------------------------------------------------------------------


def _cached(path: Path) -> tuple[Path, dict[str, Any]]:
    load_routine(str(path))
    (entry,) = (cache_dir() / "validated" / "routines").glob("*.json")
    return entry, read_sealed(entry, entry.stem)


def _step(data: dict[str, Any]) -> dict[str, Any]:
    step: dict[str, Any] = data["steps"][0]
    return step


ENTRY_ATTACKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "a negative hold": lambda d: _step(d).update(hold=-5),
    "a hold of 5e-324": lambda d: _step(d).update(hold=5e-324),
    "an infinite rest": lambda d: _step(d).update(rest=1e999),
    "a bad enum": lambda d: _step(d).update(sides="upside-down"),
    "5,000 steps": lambda d: d.update(steps=[_step(d)] * 5000),
    "no steps": lambda d: d.update(steps=[]),
    "true for repeats": lambda d: _step(d).update(repeats=True),
    "1,000 repeats": lambda d: _step(d).update(repeats=1000),
    "text for a hold": lambda d: _step(d).update(hold="ten"),
    "a control character in a note": lambda d: _step(d).update(note="\x1b]0;PWNED\x07"),
    "a control character in the title": lambda d: d.update(title="\x9b2J"),
    "an unknown point": lambda d: _step(d).update(point="XX-99"),
    "an extra key": lambda d: d.update(evil=True),
    "a missing key": lambda d: d.pop("focus"),
    "a wrong shape": lambda d: d.update(pace=[4, 6]),
    "a pace out of bounds": lambda d: d["pace"].update(inhale=0),
    "steady_after without synchronised": lambda d: _step(d).update(steady_after=5),
    "a session over 3 hours": lambda d: d.update(
        steps=[{**_step(d), "hold": 1500, "rest": 290}] * 8
    ),
    "no sides": lambda d: _step(d).pop("sides"),
    "a protocol not documented": lambda d: _step(d).update(protocol="P99"),
}


@pytest.mark.parametrize("attack", sorted(ENTRY_ATTACKS))
def test_a_hand_edited_validation_entry_is_dropped_and_validated_again(
    acutimer_home: Path, attack: str
) -> None:
    path = user_routine(acutimer_home)
    entry, data = _cached(path)
    fresh = load_routine(str(path)).routine
    ENTRY_ATTACKS[attack](data)
    write_sealed(entry, entry.stem, data)
    with pytest.raises(BadData):
        rebuild_routine(data)
    assert load_routine(str(path)).routine == fresh
    assert read_sealed(entry, entry.stem) == to_data(fresh)  # rebuilt whole


@pytest.mark.parametrize(
    "content",
    [b"{", b"null", b'"x"', b"[" * 50_000 + b"]" * 50_000, b"1" * 5000, "é\n{}".encode()],
    ids=["not json", "null", "text", "nested deep", "a huge number", "a bad seal"],
)
def test_a_damaged_validation_entry_is_ignored(acutimer_home: Path, content: bytes) -> None:
    path = user_routine(acutimer_home)
    entry, _ = _cached(path)
    entry.write_bytes(content)
    outcome = run_cli(["show", str(path)])
    assert outcome.code == 0 and not outcome.problems(), outcome.problems()


def test_a_damaged_point_library_entry_is_rebuilt(acutimer_home: Path) -> None:
    from acutimer.routine import points as library

    library.load_points.cache_clear()
    fresh = [p.code for p in library.load_points()]
    (entry,) = (cache_dir() / "validated" / "points").glob("*.json")
    data = read_sealed(entry, entry.stem)
    data["points"][0]["hold"] = -1
    data["points"][1]["cautions"] = ["evil"]
    write_sealed(entry, entry.stem, data)
    library.load_points.cache_clear()
    try:
        assert [p.code for p in library.load_points()] == fresh
        assert library.load_points().points[0].hold > 0
    finally:
        library.load_points.cache_clear()


def test_only_a_routines_own_text_finds_its_entry() -> None:
    """The key is the text itself (and the library and version): one changed byte misses."""
    ref = next(r for r in builtin_refs() if r.name == "hand-points-break")
    text = ref.path.read_text(encoding="utf-8")
    assert vcache.key(b"routine", text, vcache.points_key()) != vcache.key(
        b"routine", text.replace("10s", "11s", 1), vcache.points_key()
    )
    parse_routine(text, "x")
    changed = text.replace('hold = "10s"', 'hold = "0s"', 1)
    with pytest.raises(AcutimerError, match="at least 1s"):
        parse_routine(changed, "x")


# --- whatever the rebuild accepts, validation accepts --------------------------------------

_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["LI-4", "He Gu", "left", "both", "deep", "synchronised", "P6", "2s"]),
    st.lists(st.integers(), max_size=2),
    st.just({}),
)
_fields = st.sampled_from(
    [
        "hold",
        "release",
        "repeats",
        "rest",
        "find",
        "sides",
        "pressure",
        "technique",
        "breathing",
        "steady_after",
        "note",
        "point",
        "protocol",
        "source",
        "pace",
    ]
)


@settings(
    max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "40")) * 5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(changes=st.lists(st.tuples(_fields, _values), min_size=1, max_size=3))
def test_the_rebuild_accepts_nothing_validation_refuses(
    acutimer_home: Path, changes: list[tuple[str, Any]]
) -> None:
    from acutimer.routine.loading import validate_routine_data

    ref = next(r for r in builtin_refs() if r.name == "hand-points-break")
    data = to_data(load_routine(str(ref.path)).routine)
    edited = copy.deepcopy(data)
    for key, value in changes:
        edited["steps"][0][key] = value
    try:
        rebuilt = rebuild_routine(copy.deepcopy(edited))
    except BadData:
        return
    validated = validate_routine_data(copy.deepcopy(edited), "entry")  # must not raise
    assert validated == rebuilt
