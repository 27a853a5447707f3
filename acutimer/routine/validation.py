"""Validation with pydantic, and pydantic's errors turned into problems a person can act on.

pydantic is imported on first use only: a routine validated before is rebuilt from the cache.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any, TypeVar

from acutimer.routine.errors import AcutimerError, Problem, did_you_mean
from acutimer.routine.models import Gentler, Pace, Practice, Routine, Step

T = TypeVar("T")


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


def parse_toml(raw: bytes | str, label: str) -> dict[str, Any]:
    """Parse a routine's TOML; every way it fails is a problem naming the file and the line."""
    from acutimer.tomlread import TomlProblem, loads

    text = raw if isinstance(raw, str) else decode_text(raw, label)
    try:
        return loads(text)
    except TomlProblem as problem:
        raise AcutimerError.single(
            label, f"is not valid TOML: {problem.message}", line=problem.line
        ) from None


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
        if names[1] == "gentler" and len(names) == 2:
            return Gentler
        return None
    if names[0] == "pace" and len(names) == 1:
        return Pace
    if names[0] == "practice" and len(names) == 1:
        return Practice
    return None


def _data_path(loc: tuple[Any, ...], data: Any, *, keep_last: bool) -> tuple[str | int, ...]:
    """The part of pydantic's ``loc`` that is a path into ``data``: keys and indices only.

    pydantic may put the names of its own validators in a location; a key the user wrote may
    hold any character (``"x[y]"``), so the two are told apart by looking in the data, not by
    the look of a name. ``keep_last`` keeps a last key the data does not have (a missing one).
    """
    path: list[str | int] = []
    node = data
    for number, part in enumerate(loc):
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
        elif keep_last and number == len(loc) - 1 and isinstance(part, str | int):
            pass
        else:
            continue
        path.append(part)
    return tuple(path)


def problems_from(
    error: Any,
    label: str,
    text: str,
    data: Any = None,
    *,
    model_at: Callable[[tuple[str | int, ...]], type[Any] | None] = _model_at,
) -> list[Problem]:
    """pydantic's errors as problems naming the file, the key path and the line, with a "did
    you mean".

    Args:
        error: a pydantic ``ValidationError``.
        label: the file as the user knows it.
        text: the file's text, to find lines in.
        data: what was validated (the parsed TOML), to tell its keys from pydantic's names.
        model_at: which dataclass holds the keys at a path (for "did you mean"): a routine's,
            unless another file's model is given.
    """
    from acutimer.routine.tomlpos import find_line, format_path, key_lines  # only for bad files

    lines = key_lines(text)
    problems: list[Problem] = []
    for item in error.errors(include_url=False):
        kind = item["type"]
        missing = kind in ("missing", "missing_argument", "missing_keyword_only_argument")
        raw_loc = tuple(item["loc"])
        if data is None:
            loc = tuple(p for p in raw_loc if not (isinstance(p, str) and "[" in p))
        else:
            loc = _data_path(raw_loc, data, keep_last=missing)
        hint = None
        message = item["msg"]
        if kind in ("extra_forbidden", "unexpected_keyword_argument") and loc:
            parent = loc[:-1]
            model = model_at(parent)
            unknown = str(loc[-1])
            message = f"unknown key {unknown!r}"
            if model is not None:
                hint = did_you_mean(unknown, [f.name for f in dataclasses.fields(model)])
        elif missing:
            message = "is required but missing"
        elif kind == "enum":
            expected = item.get("ctx", {}).get("expected", "")
            choices = re.findall(r"'([^']*)'", expected)
            shown = repr(item["input"])
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            message = f"{shown} is not one of {', '.join(choices)}"
            if isinstance(item["input"], str):
                hint = did_you_mean(item["input"][:100], choices)
        elif kind in ("value_error", "assertion_error"):
            message = str(item.get("ctx", {}).get("error", message))
            match = re.search(r"; (did you mean .*\?)$", message)
            if match:
                message, hint = message[: match.start()], match.group(1)
        elif kind == "too_short" and loc and loc[-1] == "steps":
            message = "a routine needs at least one [[steps]] entry"
        elif kind == "too_long" and loc and loc[-1] == "steps":
            count = item.get("ctx", {}).get("actual_length")
            message = f"a routine has at most 200 steps{f' (this one: {count})' if count else ''}"
        problems.append(
            Problem(label, message, key=format_path(loc), line=find_line(lines, loc), hint=hint)
        )
    return sorted(problems, key=lambda p: p.line or 0)
