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
import math
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
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


Check = Callable[[Any, Any], Any]
"""Checks one value (with the validation context) and returns it as the model holds it."""

_PLANS: dict[type, dict[str, Check]] = {}


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
    plan = _plan(cls)
    try:
        kwargs = {name: plan[name](value, context) for name, value in data.items()}
    except KeyError as error:
        raise BadData(f"{cls.__name__}: no field or value {error}") from None
    return cls(**kwargs)


def _plan(cls: type) -> dict[str, Check]:
    """A check for each field of ``cls``, made once from its type hints and markers."""
    plan = _PLANS.get(cls)
    if plan is None:
        hints = typing.get_type_hints(cls, include_extras=True)
        names = [f.name for f in dataclasses.fields(cls)]
        plan = _PLANS[cls] = {name: _checker(hints[name]) for name in names}
    return plan


def _checker(kind: Any) -> Check:
    """The check for a value of type ``kind``, as validation runs it: the markers that look at
    the raw value first (a list's length before its 5,000 items are built), then the type, then
    the other markers in their order."""
    from acutimer.routine.checks import Before, Items, JsonSchema

    markers: list[Any] = []
    if typing.get_origin(kind) is typing.Annotated:
        kind, *markers = typing.get_args(kind)
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        inner = _checker(options[0])
        if len(options) == len(typing.get_args(kind)):
            return inner

        def nullable(value: Any, context: Any) -> Any:
            return None if value is None else inner(value, context)

        return nullable
    base = _base(kind)
    first = [m.check for m in markers if isinstance(m, Before | Items)]
    then = [m.check for m in markers if not isinstance(m, Before | Items | JsonSchema)]
    if not first and not then:
        return base

    def check(value: Any, context: Any) -> Any:
        for step in first:
            value = step(value, context)
        value = base(value, context)
        for step in then:
            value = step(value, context)
        return value

    return check


def _base(kind: Any) -> Check:
    if typing.get_origin(kind) is list:
        (item,) = typing.get_args(kind)
        each = _checker(item)

        def items(value: Any, context: Any) -> Any:
            if not isinstance(value, list):
                raise BadData(f"expected a list, not {type(value).__name__}")
            return [each(v, context) for v in value]

        return items
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        model = kind
        return lambda value, context: _build(model, value, context)
    if isinstance(kind, type) and issubclass(kind, Enum):
        members = {m.value: m for m in kind}
        return lambda value, context: members[value]  # KeyError: not one of them
    simple = {float: _number, int: _whole, bool: _flag, str: _text}
    if kind in simple:
        return simple[kind]
    if kind in (datetime, date):
        # Plain data holds no dates (JSON has none): the caller reads its own text of one.
        return _refuse_date
    raise TypeError(f"no check for a value of type {kind!r}")


def _refuse_date(value: Any, context: Any) -> Any:
    raise BadData(f"a date in plain data should be read by its model's owner, not {value!r}")


def _number(value: Any, context: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadData(f"expected a number, not {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number):
        raise BadData("expected a finite number")
    return number


def _whole(value: Any, context: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadData(f"expected a whole number, not {type(value).__name__}")
    return value


def _flag(value: Any, context: Any) -> bool:
    if not isinstance(value, bool):
        raise BadData(f"expected true or false, not {type(value).__name__}")
    return value


def _text(value: Any, context: Any) -> str:
    if not isinstance(value, str):
        raise BadData(f"expected text, not {type(value).__name__}")
    return value
