"""Validation markers for the routine dataclasses, read by pydantic only when it validates.

The models are plain dataclasses so that running a routine never needs pydantic (about a tenth
of a second to import, and a tenth of acutimer's memory). Their field annotations carry these
markers; pydantic asks each for its part of the schema through ``__get_pydantic_core_schema__``,
the hook it documents for custom types, and only then is pydantic_core imported.

Each marker also has :meth:`check`, the same check in plain Python: what the validation cache
gives back is untrusted, and :func:`acutimer.routine.plaindata.build` puts it through these
before it is used, so a hand-edited entry can hold nothing a file could not.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from acutimer.safetext import first_control


def no_controls(text: str) -> str:
    """Refuse text that holds a control character (newline and tab are fine).

    Raises:
        ValueError: naming the character, as it is shown (``␛`` for ESC).
    """
    shown = first_control(text)
    if shown is not None:
        raise ValueError(
            f"holds a control character ({shown}); text may hold newlines and tabs, "
            "but no terminal controls"
        )
    return text


class Before:
    """Run ``func`` on the raw input before the field's own type is checked."""

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func

    def check(self, value: Any, context: Any) -> Any:
        return self.func(value)

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.func, handler(source))


class After:
    """Check (and maybe change) the value once the field's type is satisfied."""

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func

    def check(self, value: Any, context: Any) -> Any:
        return self.func(value)

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.func, handler(source))


class AfterInContext:
    """Like :class:`After`, with the validation context (e.g. the point library) passed in."""

    def __init__(self, func: Callable[[Any, Any], Any]) -> None:
        self.func = func

    def check(self, value: Any, context: Any) -> Any:
        return self.func(value, context)

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        def check(value: Any, info: Any) -> Any:
            return self.func(value, info.context)

        return core_schema.with_info_after_validator_function(check, handler(source))


class Text:
    """A string of bounded length (after stripping spaces), optionally matching a pattern, with
    no control characters (:func:`no_controls`)."""

    def __init__(self, min_length: int = 1, max_length: int = 2000, pattern: str | None = None):
        self.min_length = min_length
        self.max_length = max_length
        self.pattern = pattern

    def check(self, value: Any, context: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError("should be a string")
        # Controls first: Python's strip() takes \x1c-\x1f for spaces, pydantic's does not.
        value = no_controls(value).strip()
        if not self.min_length <= len(value) <= self.max_length:
            raise ValueError(f"should have {self.min_length} to {self.max_length} characters")
        if self.pattern is not None and _compiled(self.pattern).search(value) is None:
            raise ValueError(f"should match {self.pattern!r}")
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        text = core_schema.str_schema(
            min_length=self.min_length,
            max_length=self.max_length,
            pattern=self.pattern,
            strip_whitespace=True,
        )
        return core_schema.no_info_after_validator_function(no_controls, text)


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class Items:
    """A list with at least ``min_length`` and at most ``max_length`` items."""

    def __init__(self, min_length: int = 0, max_length: int | None = None) -> None:
        self.min_length = min_length
        self.max_length = max_length

    def check(self, value: Any, context: Any) -> Any:
        if not isinstance(value, list):
            raise ValueError("should be a list")
        if len(value) < self.min_length or (
            self.max_length is not None and len(value) > self.max_length
        ):
            raise ValueError(f"has {len(value)} items, outside the bounds")
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = dict(handler(source))
        schema["min_length"] = self.min_length
        if self.max_length is not None:
            schema["max_length"] = self.max_length
        return schema


class JsonSchema:
    """Replace the field's JSON Schema (for editors) with ``schema``."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema

    def check(self, value: Any, context: Any) -> Any:
        return value

    def __get_pydantic_json_schema__(self, core: Any, handler: Any) -> dict[str, Any]:
        return dict(self.schema)
