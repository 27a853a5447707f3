"""Routine dataclasses to and from plain data (JSON, TOML), without pydantic.

Validation goes through pydantic once; what it accepted can then be kept as plain data (the
validation cache, ``--json`` output, saved files) and rebuilt here without pydantic. A cache is
not a source of truth, though: :func:`build` checks what it is given as strictly as validation
does (the types, every enum, and each field's own checks from :mod:`acutimer.routine.checks`),
and raises :class:`BadData` on the first thing wrong, so the caller drops the entry and
validates afresh.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")


def to_data(value: Any, *, keep_none: bool = False) -> Any:
    """A dataclass (or list of them) as JSON-ready data: enums as their values, None left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            if item is None and not keep_none:
                continue
            out[field.name] = to_data(item, keep_none=keep_none)
        return out
    if isinstance(value, list | tuple):
        return [to_data(item, keep_none=keep_none) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


class BadData(ValueError):
    """Data that no validated model could have made: a damaged or hand-edited cache entry."""


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls, include_extras=True)
    return _HINTS[cls]


def build(cls: type[T], data: Any, context: Any = None) -> T:
    """Rebuild a dataclass from data that :func:`to_data` made from a validated one.

    Args:
        cls: the dataclass.
        data: its plain data (untrusted: it may come from a file anyone can edit).
        context: what validation was given (e.g. the point library's look-up).

    Raises:
        BadData: the data has the wrong shape, an unknown key, a bad enum value, or a value
            outside a field's bounds.
    """
    try:
        return _build(cls, data, context)
    except BadData:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
        raise BadData(f"{cls.__name__}: {error}") from None


def _build(cls: type[T], data: Any, context: Any) -> T:
    if not isinstance(data, dict):
        raise BadData(f"{cls.__name__} should be a table, not {type(data).__name__}")
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = set(data) - names
    if unknown:
        raise BadData(f"{cls.__name__} has no field {sorted(unknown)[0]!r}")
    kwargs = {name: _field(hints[name], value, context) for name, value in data.items()}
    return cls(**kwargs)


def _field(kind: Any, value: Any, context: Any) -> Any:
    """One value of type ``kind`` (maybe ``Annotated`` with checks), checked as validation
    checks it."""
    markers: tuple[Any, ...] = ()
    if typing.get_origin(kind) is typing.Annotated:
        kind, *extra = typing.get_args(kind)
        markers = tuple(extra)
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        if value is None:
            if len(options) == len(typing.get_args(kind)):
                raise BadData("a value is missing")
            return None
        return _field(options[0], value, context)
    from acutimer.routine.checks import Before, Items

    # As pydantic runs them: checks on the raw value first (a list's length before its 5,000
    # items are built), then the type, then the rest in their order.
    first = [m for m in markers if isinstance(m, Before | Items)]
    for marker in first:
        value = marker.check(value, context)
    value = _typed(kind, value, context)
    for marker in markers:
        if marker not in first:
            value = marker.check(value, context)
    return value


def _typed(kind: Any, value: Any, context: Any) -> Any:
    origin = typing.get_origin(kind)
    if origin is list:
        (item,) = typing.get_args(kind)
        if not isinstance(value, list):
            raise BadData(f"expected a list, not {type(value).__name__}")
        return [_field(item, v, context) for v in value]
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _build(kind, value, context)
    if isinstance(kind, type) and issubclass(kind, Enum):
        if not isinstance(value, str):
            raise BadData(f"expected one of {[m.value for m in kind]}, not {value!r}")
        return kind(value)
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadData(f"expected a number, not {type(value).__name__}")
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            raise BadData("expected a finite number")
        return number
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadData(f"expected a whole number, not {type(value).__name__}")
        return value
    if kind is bool:
        if not isinstance(value, bool):
            raise BadData(f"expected true or false, not {type(value).__name__}")
        return value
    if kind is str:
        if not isinstance(value, str):
            raise BadData(f"expected text, not {type(value).__name__}")
        return value
    raise BadData(f"cannot check a value of type {kind!r}")
