"""Find and load points and routines: built-in, from the user's dir, or from a path.

Everything that goes wrong with a file becomes an :class:`~acutimer.errors.AcutimerError` naming
the file, the key and the line.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from acutimer import vcache
from acutimer.errors import AcutimerError, Problem, did_you_mean
from acutimer.models import Pace, Point, PointLibrary, Routine, Step
from acutimer.paths import (
    RoutineRef,
    all_refs,
    builtin_dir,
    builtin_refs,
    home_dir,
    looks_like_path,
    shadowed_names,
    user_refs,
    user_routines_dir,
)
from acutimer.plaindata import build, to_data

T = TypeVar("T")

__all__ = [
    "MAX_FILE_BYTES",
    "POINTS_FILE",
    "SOURCES",
    "LoadedRoutine",
    "Points",
    "RoutineRef",
    "all_refs",
    "builtin_dir",
    "builtin_refs",
    "decode_text",
    "find_routine",
    "home_dir",
    "json_schema",
    "load_points",
    "load_ref",
    "load_routine",
    "looks_like_path",
    "normalise_name",
    "parse_routine",
    "read_file_bytes",
    "shadowed_names",
    "user_refs",
    "user_routines_dir",
    "validate",
    "validate_routine_data",
]

MAX_FILE_BYTES = 1_000_000
"""Routine files are a few kilobytes; anything over this is refused unread."""

POINTS_FILE = Path(__file__).resolve().parent / "data" / "points.toml"

SOURCES = {
    "A": "The Top 5 Acupressure Points for Back Pain Relief",
    "B": "6 Effective Acupressure Points for Back Pain Relief",
    "C": "14 Handy Acupressure Points For Back Pain You Can Use At Home",
    "D": "7 Acupressure points to ease back pain",
    "E": "The Reality of Back Pain",
}
"""The five articles the built-in data comes from, by the letters the extraction uses."""


# --- points ---------------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Fold a point name for matching: ``"He Gu"``, ``"hegu"`` and ``"HE-GU"`` are alike."""
    return re.sub(r"[\s\-_.·'’]+", "", name).casefold()


class Points:
    """The point library with look-ups by code, name and alias."""

    def __init__(self, points: list[Point]) -> None:
        self.points = points
        self._by_name: dict[str, Point] = {}
        for point in points:
            for name in point.names:
                key = normalise_name(name)
                other = self._by_name.get(key)
                if other is not None and other.code != point.code:
                    raise ValueError(f"{name!r} names both {other.code} and {point.code}")
                self._by_name[key] = point

    def __iter__(self) -> Iterator[Point]:
        return iter(self.points)

    def __len__(self) -> int:
        return len(self.points)

    def get(self, name: str) -> Point | None:
        """The point a code, name or alias names, or None."""
        return self._by_name.get(normalise_name(name))

    def resolve(self, name: str) -> Point:
        """The point ``name`` names.

        Raises:
            ValueError: unknown point, with a "did you mean" where one is close.
        """
        point = self.get(name)
        if point is not None:
            return point
        folded = normalise_name(name)
        hint = did_you_mean(folded, self._by_name, cutoff=0.5)
        message = f"unknown point {name!r}"
        if hint:
            names = re.findall(r"'([^']*)'", hint)
            codes = dict.fromkeys(self._by_name[n].code for n in names)
            message += f"; did you mean {' or '.join(repr(c) for c in codes)}?"
        else:
            message += "; `acutimer points` lists them"
        raise ValueError(message)

    def search(self, query: str) -> list[Point]:
        """Points whose code, names, aliases or region contain ``query`` (folded)."""
        folded = normalise_name(query)
        if not folded:
            return list(self.points)
        exact = self.get(query)
        found = [
            p for p in self.points if any(folded in normalise_name(n) for n in [*p.names, p.region])
        ]
        if exact is not None and exact not in found:
            found.insert(0, exact)
        return found


def validate(model: type[T], data: Any, context: dict[str, Any] | None = None) -> T:
    """Validate ``data`` as ``model`` with pydantic (imported here, on first use only).

    Raises:
        pydantic.ValidationError: with every problem found.
    """
    return _adapter(model).validate_python(data, context=context)  # type: ignore[no-any-return]


_ADAPTERS: dict[type, Any] = {}


def _adapter(model: type[Any]) -> Any:
    if model not in _ADAPTERS:
        from pydantic import TypeAdapter

        _ADAPTERS[model] = TypeAdapter(model)
    return _ADAPTERS[model]


def json_schema(model: type[Any]) -> dict[str, Any]:
    """The JSON Schema of ``model``."""
    schema: dict[str, Any] = _adapter(model).json_schema()
    return schema


@functools.cache
def load_points() -> Points:
    """The built-in point library (read once per process; validated once per version)."""
    raw = POINTS_FILE.read_bytes()
    name = vcache.key(b"points", raw)
    cached = vcache.get("points", name)
    if isinstance(cached, dict):
        return Points(build(PointLibrary, cached).points)
    data = _parse_toml(raw, str(POINTS_FILE))
    from pydantic import ValidationError

    try:
        library = validate(PointLibrary, data)
    except ValidationError as error:
        raise AcutimerError(_problems(error, str(POINTS_FILE), POINTS_FILE.read_text())) from None
    points = Points(library.points)  # checks that no alias names two points
    vcache.put("points", name, to_data(library))
    return points


# --- routines -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedRoutine:
    """A validated routine and where it came from."""

    ref: RoutineRef
    routine: Routine
    text: str
    """The file's text, for hashing and line look-ups."""


def find_routine(name_or_path: str) -> RoutineRef:
    """Resolve a ROUTINE argument: a built-in or user routine name, or a path to a file.

    A built-in name wins over a user routine of the same name (``list`` reports the clash).
    """
    if looks_like_path(name_or_path):
        return RoutineRef(name_or_path, Path(name_or_path).expanduser(), False)
    for ref in all_refs():
        if ref.name == name_or_path:
            return ref
    names = [r.name for r in all_refs()]
    hint = did_you_mean(name_or_path, names, cutoff=0.5)
    message = f"no routine named {name_or_path!r}"
    message += f"; {hint}" if hint else "; `acutimer list` shows them"
    raise AcutimerError.single(name_or_path, message)


def load_routine(name_or_path: str) -> LoadedRoutine:
    """Find and load a routine by name or path."""
    ref = find_routine(name_or_path)
    return load_ref(ref)


def load_ref(ref: RoutineRef) -> LoadedRoutine:
    """Load and validate the routine ``ref`` points at."""
    label = str(ref.path) if not ref.builtin else f"{ref.name} (built-in)"
    raw = read_file_bytes(ref.path, label)
    text = decode_text(raw, label)
    routine = parse_routine(text, label)
    return LoadedRoutine(ref, routine, text)


def read_file_bytes(path: Path, label: str) -> bytes:
    """Read a file, turning every way it can fail into a clear message."""
    try:
        if path.is_dir():
            raise AcutimerError.single(label, "is a directory, not a routine file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise AcutimerError.single(
                label,
                f"is {size / 1_000_000:.1f} MB; a routine file is a few kB "
                f"(the limit is {MAX_FILE_BYTES // 1_000_000} MB)",
            )
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise AcutimerError.single(label, "no such file") from None
    except PermissionError:
        raise AcutimerError.single(label, "cannot be read (permission denied)") from None
    except OSError as error:
        raise AcutimerError.single(label, f"cannot be read ({error.strerror or error})") from None


def decode_text(raw: bytes, label: str) -> str:
    """Bytes to text, refusing binary and non-UTF-8 files with the line of the first bad byte."""
    if b"\x00" in raw[:8192]:
        raise AcutimerError.single(label, "looks like a binary file, not a TOML routine file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise AcutimerError.single(
            label,
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start}); "
            "save it as UTF-8",
            line=line,
        ) from None


def _parse_toml(raw: bytes | str, label: str) -> dict[str, Any]:
    text = raw if isinstance(raw, str) else decode_text(raw, label)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(match.group(1)) if match else None
        if match:
            message = message[: match.start()].strip()
        if message.startswith("Invalid") or message.startswith("Expected"):
            message = message[0].lower() + message[1:]
        raise AcutimerError.single(label, f"is not valid TOML: {message}", line=line) from None
    except RecursionError:
        raise AcutimerError.single(label, "is not valid TOML: nested too deeply") from None


def parse_routine(text: str, label: str) -> Routine:
    """Validate routine text. Raises :class:`AcutimerError` with every problem found.

    A text validated before (with the same point library and acutimer) is rebuilt from the
    validation cache without pydantic.
    """
    if not text.strip():
        raise AcutimerError.single(
            label, "is empty; a routine needs a title, summary, focus, position and [[steps]]"
        )
    name = vcache.key(b"routine", text, vcache.points_key())
    cached = vcache.get("routines", name)
    if isinstance(cached, dict):
        return build(Routine, cached)
    data = _parse_toml(text, label)
    routine = validate_routine_data(data, label, text)
    vcache.put("routines", name, to_data(routine))
    return routine


def validate_routine_data(data: dict[str, Any], label: str, text: str = "") -> Routine:
    """Validate already-parsed routine data (from a file, or from the builder)."""
    from pydantic import ValidationError

    points = load_points()
    try:
        routine = validate(Routine, data, context={"points": points.resolve})
    except ValidationError as error:
        raise AcutimerError(_problems(error, label, text)) from None
    for step in routine.steps:
        if step.sides is None:
            step.sides = points.resolve(step.point).sides
    from acutimer.timeline import check_limits

    problems = check_limits(routine)
    if problems:
        from acutimer.tomlpos import find_line, format_path, key_lines

        lines = key_lines(text)
        raise AcutimerError(
            [
                Problem(label, message, key=format_path(path), line=find_line(lines, path))
                for path, message in problems
            ]
        )
    return routine


# --- turning pydantic errors into problems --------------------------------------------------


def _model_at(path: tuple[str | int, ...]) -> type[Any] | None:
    """The model whose fields live at ``path`` inside a routine."""
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return Routine
    if names[0] == "steps":
        if len(names) == 1:
            return Step
        if names[1] == "pace" and len(names) == 2:
            return Pace
        return None
    if names[0] == "pace" and len(names) == 1:
        return Pace
    return None


def _problems(error: Any, label: str, text: str) -> list[Problem]:
    from acutimer.tomlpos import find_line, format_path, key_lines  # only for bad files

    lines = key_lines(text)
    problems: list[Problem] = []
    for item in error.errors(include_url=False):
        loc = tuple(p for p in item["loc"] if not (isinstance(p, str) and "[" in p))
        kind = item["type"]
        hint = None
        message = item["msg"]
        if kind in ("extra_forbidden", "unexpected_keyword_argument"):
            parent = loc[:-1]
            model = _model_at(parent)
            unknown = str(loc[-1])
            message = f"unknown key {unknown!r}"
            if model is not None:
                hint = did_you_mean(unknown, [f.name for f in dataclasses.fields(model)])
        elif kind in ("missing", "missing_argument", "missing_keyword_only_argument"):
            message = "is required but missing"
        elif kind == "enum":
            expected = item.get("ctx", {}).get("expected", "")
            choices = re.findall(r"'([^']*)'", expected)
            message = f"{item['input']!r} is not one of {', '.join(choices)}"
            if isinstance(item["input"], str):
                hint = did_you_mean(item["input"], choices)
        elif kind in ("value_error", "assertion_error"):
            message = str(item.get("ctx", {}).get("error", message))
            match = re.search(r"; (did you mean .*\?)$", message)
            if match:
                message, hint = message[: match.start()], match.group(1)
        elif kind == "too_short" and loc and loc[-1] == "steps":
            message = "a routine needs at least one [[steps]] entry"
        problems.append(
            Problem(label, message, key=format_path(loc), line=find_line(lines, loc), hint=hint)
        )
    return sorted(problems, key=lambda p: p.line or 0)
