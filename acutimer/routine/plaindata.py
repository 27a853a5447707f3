"""Routine dataclasses to and from plain data (JSON, TOML), without pydantic.

Validation goes through pydantic once; what it accepted can then be kept as plain data (the
validation cache, ``--json`` output, saved files) and rebuilt here with no checks to repeat.
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


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def build(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a dataclass from data that :func:`to_data` made from a validated one."""
    hints = _hints(cls)
    fields = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs = {name: _convert(hints[name], value) for name, value in data.items() if name in fields}
    return cls(**kwargs)


def _convert(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return _convert(options[0], value)
    if origin is list:
        (item,) = typing.get_args(kind)
        return [_convert(item, v) for v in value]
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return build(kind, value)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(value)
    if kind is float:
        return float(value)
    return value
