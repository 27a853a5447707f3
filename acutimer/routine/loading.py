"""Find and load routines: built-in, from the user's dir, or from a path.

Everything that goes wrong with a file becomes an :class:`~acutimer.routine.errors.AcutimerError`
naming the file, the key and the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from acutimer.paths import RoutineRef, all_refs, looks_like_path
from acutimer.routine import vcache
from acutimer.routine.errors import AcutimerError, Problem, did_you_mean
from acutimer.routine.models import Routine
from acutimer.routine.plaindata import BadData, build, to_data
from acutimer.routine.points import load_points
from acutimer.routine.validation import decode_text, parse_toml, problems_from, validate

MAX_FILE_BYTES = 1_000_000
"""Routine files are a few kilobytes; anything over this is refused unread."""


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


def label_of(ref: RoutineRef) -> str:
    """How messages name the file of ``ref``."""
    return str(ref.path) if not ref.builtin else f"{ref.name} (built-in)"


def load_ref(ref: RoutineRef) -> LoadedRoutine:
    """Load and validate the routine ``ref`` points at."""
    return load_bytes(ref, read_file_bytes(ref.path, label_of(ref)))


def load_bytes(ref: RoutineRef, raw: bytes) -> LoadedRoutine:
    """Validate ``raw``, the bytes of the file ``ref`` points at."""
    label = label_of(ref)
    text = decode_text(raw, label)
    routine = parse_routine(text, label)
    return LoadedRoutine(ref, routine, text)


def read_file_bytes(path: Path, label: str) -> bytes:
    """Read a routine file, turning every way it can fail into a clear message.

    A FIFO, a device or a directory is refused without a byte read (nothing blocks), and so is
    a file over :data:`MAX_FILE_BYTES`.
    """
    from acutimer.fsutil import NotAFile, TooLarge, describe_os_error, read_file

    try:
        return read_file(path, MAX_FILE_BYTES)
    except NotAFile as error:
        raise AcutimerError.single(label, f"is {error.kind}, not a routine file") from None
    except TooLarge as error:
        raise AcutimerError.single(
            label,
            f"is {error.size / 1_000_000:.1f} MB; a routine file is a few kB "
            f"(the limit is {MAX_FILE_BYTES // 1_000_000} MB)",
        ) from None
    except FileNotFoundError:
        raise AcutimerError.single(label, "no such file") from None
    except OSError as error:
        raise AcutimerError.single(label, f"cannot be read ({describe_os_error(error)})") from None
    except ValueError:  # a NUL in the name
        raise AcutimerError.single(label, "is not a usable file name") from None


def parse_routine(text: str, label: str) -> Routine:
    """Validate routine text. Raises :class:`AcutimerError` with every problem found.

    A text validated before (with the same point library and acutimer) is rebuilt from the
    validation cache without pydantic, through the same checks; an entry that fails them is
    dropped, and the text validated again.
    """
    if not text.strip():
        raise AcutimerError.single(
            label, "is empty; a routine needs a title, summary, focus, position and [[steps]]"
        )
    name = vcache.key(b"routine", text, vcache.points_key())
    cached = vcache.get("routines", name)
    if cached is not None:
        try:
            return rebuild_routine(cached)
        except BadData:
            vcache.drop("routines", name)
    data = parse_toml(text, label)
    routine = validate_routine_data(data, label, text)
    vcache.put("routines", name, to_data(routine))
    return routine


def rebuild_routine(data: Any) -> Routine:
    """A routine from the validation cache, checked as validation checks a file.

    Raises:
        BadData: the entry could not have come from a valid routine.
    """
    from acutimer.routine.timeline import check_limits

    routine = build(Routine, data, context={"points": load_points().resolve})
    if any(step.sides is None for step in routine.steps) or check_limits(routine):
        raise BadData("the routine is outside the bounds of a valid one")
    return routine


def validate_routine_data(data: dict[str, Any], label: str, text: str = "") -> Routine:
    """Validate already-parsed routine data (from a file, or from the builder)."""
    from pydantic import ValidationError

    points = load_points()
    try:
        routine = validate(Routine, data, context={"points": points.resolve})
    except ValidationError as error:
        raise AcutimerError(problems_from(error, label, text, data)) from None
    for step in routine.steps:
        if step.sides is None:
            step.sides = points.resolve(step.point).sides
    from acutimer.routine.timeline import check_limits

    problems = check_limits(routine)
    if problems:
        from acutimer.routine.tomlpos import find_line, format_path, key_lines

        lines = key_lines(text)
        raise AcutimerError(
            [
                Problem(label, message, key=format_path(path), line=find_line(lines, path))
                for path, message in problems
            ]
        )
    return routine


def routine_titles() -> dict[str, str]:
    """The title of every routine that loads, by name (a built-in wins a shared name)."""
    return {name: title for name, (title, _codes) in routine_catalogue().items()}


def routine_catalogue() -> dict[str, tuple[str, list[str]]]:
    """The title and point codes (each once, in order) of every routine that loads, by name
    (a built-in wins a shared name)."""

    library = load_points()
    found: dict[str, tuple[str, list[str]]] = {}
    for ref in all_refs():
        if ref.name in found:
            continue
        try:
            routine = load_ref(ref).routine
        except AcutimerError:
            continue
        codes = dict.fromkeys(library.resolve(step.point).code for step in routine.steps)
        found[ref.name] = (routine.title, list(codes))
    return found


@dataclass(frozen=True)
class RoutineFile:
    """A routine file read for editing: its data as the file has it, valid or not."""

    ref: RoutineRef
    data: dict[str, Any]
    text: str
    routine: Routine | None
    """The routine, when the file is valid."""
    problems: list[Problem]
    """What is wrong with it, when it is not."""


def read_for_edit(ref: RoutineRef) -> RoutineFile:
    """Read a routine file to open in the builder, problems and all.

    Raises:
        AcutimerError: the file cannot be read, is not TOML at all, or has a shape the builder
            cannot show (:func:`check_shape`): there is nothing to show it in.
    """
    label = str(ref.path) if not ref.builtin else f"{ref.name} (built-in)"
    text = decode_text(read_file_bytes(ref.path, label), label)
    data = parse_toml(text, label) if text.strip() else {}
    try:
        routine = parse_routine(text, label)
    except AcutimerError as error:
        check_shape(data, label)
        return RoutineFile(ref, data, text, None, error.problems)
    return RoutineFile(ref, data, text, routine, [])


def check_shape(data: dict[str, Any], label: str) -> None:
    """Refuse routine data whose shape no form can show: steps that are not a list of tables,
    a pace that is not a table. Any other problem can be shown on its field.

    Raises:
        AcutimerError: naming the file and the key.
    """
    steps = data.get("steps", [])
    if not isinstance(steps, list) or not all(isinstance(s, dict) for s in steps):
        raise AcutimerError.single(
            label,
            "its steps are not a list of [[steps]] tables, which the builder cannot show; "
            "fix it in an editor (`acutimer validate` says where)",
            key="steps",
        )
    for key, table in [("pace", data), *((f"steps[{i}].pace", s) for i, s in enumerate(steps))]:
        if "pace" in table and not isinstance(table["pace"], dict):
            raise AcutimerError.single(
                label,
                'is not a table (e.g. pace = { inhale = "4s", exhale = "6s" }), which the '
                "builder cannot show; fix it in an editor",
                key=key,
            )
