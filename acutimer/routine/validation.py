"""Validation with pydantic, and pydantic's errors turned into problems a person can act on.

pydantic is imported on first use only: a routine validated before is rebuilt from the cache.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
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


def problems_from(
    error: Any,
    label: str,
    text: str,
    model_at: Callable[[tuple[str | int, ...]], type[Any] | None] = _model_at,
) -> list[Problem]:
    """pydantic's errors as problems with the key, the line and a "did you mean".

    ``model_at`` tells which dataclass holds the keys at a path (for "did you mean"): a
    routine's, unless another file's model is given.
    """
    from acutimer.routine.tomlpos import find_line, format_path, key_lines  # only for bad files

    lines = key_lines(text)
    problems: list[Problem] = []
    for item in error.errors(include_url=False):
        loc = tuple(p for p in item["loc"] if not (isinstance(p, str) and "[" in p))
        kind = item["type"]
        hint = None
        message = item["msg"]
        if kind in ("extra_forbidden", "unexpected_keyword_argument"):
            parent = loc[:-1]
            model = model_at(parent)
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
