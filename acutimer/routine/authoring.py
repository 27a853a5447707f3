"""Make and save routines: safe names, TOML out, new routines from points or from a copy.

Saves are atomic (a temporary file in the same dir, then a rename) and never replace another
routine unless asked.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import tomli_w

from acutimer.fsutil import TargetExists, atomic_write_text, describe_os_error
from acutimer.paths import builtin_refs, home_dir, user_routines_dir
from acutimer.routine.errors import AcutimerError
from acutimer.routine.models import (
    Breathing,
    Focus,
    Position,
    Routine,
    Step,
    format_duration,
)
from acutimer.routine.plaindata import to_data
from acutimer.routine.pointmodels import Point
from acutimer.routine.points import Points, load_points, normalise_name
from acutimer.routine.validation import json_schema

SCHEMA_FILE_NAME = "routine.schema.json"


def schema_path() -> Path:
    """Where ``acutimer schema --write`` puts the JSON Schema."""
    return home_dir() / SCHEMA_FILE_NAME


def routine_schema() -> dict[str, Any]:
    """The JSON Schema of routine files."""
    schema = json_schema(Routine)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def write_schema() -> Path:
    """Write the JSON Schema into the user dir (atomically) and return its path.

    Raises:
        AcutimerError: the file cannot be written (the message says why, naming the folder).
    """
    path = schema_path()
    try:
        atomic_write_text(path, json.dumps(routine_schema(), indent=2, ensure_ascii=False) + "\n")
    except OSError as error:
        raise _cannot_write(path, error) from None
    return path


def _cannot_write(path: Path, error: OSError) -> AcutimerError:
    """A write failed: say where (the folder in the way, if that is what failed) and why."""
    where = error.filename if isinstance(error.filename, str) else str(path)
    return AcutimerError.single(where, f"cannot be written ({describe_os_error(error)})")


MAX_NAME_BYTES = 120
"""A routine's file name (without ``.toml``) is kept under this many UTF-8 bytes: file systems
allow 255, and some fewer."""


def safe_name(name: str) -> str:
    """A routine name that is a safe file stem: ``"../x"`` → ``"x"``, ``"a/b"`` → ``"a-b"``.

    Letters of any script are kept (``"Rücken Übung"`` → ``"rücken-übung"``, ``"点穴"`` stays
    ``"点穴"``); anything else becomes a dash.

    Raises:
        AcutimerError: when nothing usable is left.
    """
    stem = unicodedata.normalize("NFC", name).strip()
    if stem.lower().endswith(".toml"):
        stem = stem[: -len(".toml")]
    stem = re.sub(r"[^\w-]+", "-", stem).strip("-_").lower()
    stem = re.sub(r"-{2,}", "-", stem)[:64]
    while len(stem.encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    stem = stem.strip("-_")
    if not stem:
        raise AcutimerError.single(
            name or "''", "is not a usable routine name; use letters, digits and dashes"
        )
    return stem


def title_from_name(name: str) -> str:
    """``"../my-quick one"`` → ``"My quick one"``: a title for a routine made from a name."""
    words = re.sub(r"[\W_]+", " ", unicodedata.normalize("NFC", name)).strip()[:120].strip()
    return (words[:1].upper() + words[1:]) if words else "My routine"


def routine_path(name: str) -> Path:
    """The file a user routine called ``name`` is saved in (always inside the user dir)."""
    stem = safe_name(name)
    folder = user_routines_dir()
    try:
        folder = folder.resolve()
        path = (folder / f"{stem}.toml").resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        raise AcutimerError.single(
            str(folder), "cannot be used (its path goes round a loop of symbolic links)"
        ) from None
    if path.parent != folder:
        raise AcutimerError.single(name, "would be saved outside your routines folder")
    return path


_DURATION_KEYS = {"hold", "release", "rest", "find", "steady_after", "find_time", "get_ready"}
_PACE_KEYS = {"inhale", "hold_in", "exhale", "hold_out"}


def _friendly(table: dict[str, Any], keys: set[str]) -> None:
    for key in keys & table.keys():
        table[key] = format_duration(float(table[key]))


def routine_data(routine: Routine) -> dict[str, Any]:
    """A routine as plain data for TOML: durations as "1m30s", no empty keys."""
    data: dict[str, Any] = to_data(routine)
    _friendly(data, _DURATION_KEYS)
    _friendly(data["pace"], _PACE_KEYS)
    if "practice" in data:
        _friendly(data["practice"], {"min_gap"})
    for step in data["steps"]:
        if not step.get("steady_after"):
            step.pop("steady_after", None)
        _friendly(step, _DURATION_KEYS)
        if "pace" in step:
            _friendly(step["pace"], _PACE_KEYS)
    return data


def routine_toml(routine: Routine) -> str:
    """A routine as TOML text, starting with a ``#:schema`` line for editors."""
    header = f"#:schema {schema_path()}\n# An acutimer routine. `acutimer validate` checks it.\n\n"
    return header + tomli_w.dumps(routine_data(routine))


def save_routine(name: str, routine: Routine, *, force: bool = False) -> Path:
    """Save ``routine`` as the user routine ``name``.

    Raises:
        AcutimerError: when the name is taken (and ``force`` is false) or the file can't be written.
    """
    path = routine_path(name)
    stem = path.stem
    if not force and stem in {r.name for r in builtin_refs()}:
        raise AcutimerError.single(
            stem, "is the name of a built-in routine; choose another name (or --force to shadow it)"
        )
    if os.path.exists(path) and not force:
        raise AcutimerError.single(
            str(path), "already exists; choose another name, or use --force to replace it"
        )
    if not os.path.exists(schema_path()):
        write_schema()  # the file's #:schema line points at it
    try:
        atomic_write_text(path, routine_toml(routine), overwrite=force)
    except TargetExists:
        raise AcutimerError.single(str(path), "already exists (created meanwhile)") from None
    except OSError as error:
        raise _cannot_write(path, error) from None
    return path


_CODE_LIKE = re.compile(r"^[A-Za-z]{1,3}[\s\-_.]*\d{1,2}$|^EX[\s\-_.]*[A-Za-z]{2}\d{1,2}$", re.I)


def unknown_point(
    query: str,
    points: Points,
    *,
    otherwise: str = "`acutimer points` lists them, `acutimer points WORD` searches",
) -> str:
    """Why ``query`` names no point, with the points it may have meant, by name and code.

    A query that looks like a code ("LI-44") is compared with codes and code-like aliases, any
    other with the points' names, so "NOPE" is never answered with an unrelated code; a name
    close enough is shown with its code ("Wei Zhong (BL-40)"). ``otherwise`` says what to do
    when none is close.
    """
    import difflib

    folded = normalise_name(query)
    code_like = bool(_CODE_LIKE.match(query.strip()))
    names: dict[str, tuple[str, Point]] = {}
    for point in points:
        for name in point.names:
            if bool(_CODE_LIKE.match(name)) == code_like:
                names.setdefault(normalise_name(name), (name, point))
    close = difflib.get_close_matches(folded, list(names), n=6, cutoff=0.75)
    found: dict[str, str] = {}
    for key in close:
        name, point = names[key]
        label = point.code if name == point.code else f"{name} ({point.code})"
        found.setdefault(point.code, label)
    if not found and folded and not code_like:
        for point in points.search(query)[:3]:
            found.setdefault(point.code, f"{point.pinyin} ({point.code})")
    message = f"no point is called {query!r}"
    if found:
        return message + f"; did you mean {' or '.join(repr(f) for f in list(found.values())[:3])}?"
    return f"{message}; {otherwise}"


def routine_from_points(codes: list[str], title: str) -> Routine:
    """A routine of the given points, each with the library's usual timing for it."""
    points = load_points()
    steps = []
    problems = []
    for code in codes:
        point_or_none = points.get(code)
        if point_or_none is None:
            problems.append(unknown_point(code, points))
            continue
        point = point_or_none
        steps.append(
            Step(
                point=point.code,
                sides=point.sides,
                pressure=point.pressure,
                technique=point.technique,
                hold=point.hold,
                release=point.release if point.repeats > 1 else 0,
                repeats=point.repeats,
                rest=10,
                breathing=Breathing.PACED,
                source="assumption",
                note="Timing from the point library's usual defaults for this point.",
            )
        )
    if problems:
        raise AcutimerError.single("--points", "; ".join(problems))
    if not steps:
        raise AcutimerError.single("--points", "give at least one point, e.g. LI-4,TE-3")
    return Routine(
        title=title_from_name(title),
        summary="A routine made from chosen points with their usual timings.",
        focus=Focus.WHOLE_BACK,
        position=Position.SEATED,
        steps=steps,
    )
