"""Validation markers for the routine dataclasses, read by pydantic only when it validates.

The models are plain dataclasses so that running a routine never needs pydantic (about a tenth
of a second to import, and a tenth of acutimer's memory). Their field annotations carry these
markers; pydantic asks each for its part of the schema through ``__get_pydantic_core_schema__``,
the hook it documents for custom types, and only then is pydantic_core imported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Before:
    """Run ``func`` on the raw input before the field's own type is checked."""

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.func, handler(source))


class After:
    """Check (and maybe change) the value once the field's type is satisfied."""

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.func, handler(source))


class AfterInContext:
    """Like :class:`After`, with the validation context (e.g. the point library) passed in."""

    def __init__(self, func: Callable[[Any, Any], Any]) -> None:
        self.func = func

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        def check(value: Any, info: Any) -> Any:
            return self.func(value, info.context)

        return core_schema.with_info_after_validator_function(check, handler(source))


class Text:
    """A string of bounded length (after stripping spaces), optionally matching a pattern."""

    def __init__(self, min_length: int = 1, max_length: int = 2000, pattern: str | None = None):
        self.min_length = min_length
        self.max_length = max_length
        self.pattern = pattern

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.str_schema(
            min_length=self.min_length,
            max_length=self.max_length,
            pattern=self.pattern,
            strip_whitespace=True,
        )


class Items:
    """A list with at least ``min_length`` and at most ``max_length`` items."""

    def __init__(self, min_length: int = 0, max_length: int | None = None) -> None:
        self.min_length = min_length
        self.max_length = max_length

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

    def __get_pydantic_json_schema__(self, core: Any, handler: Any) -> dict[str, Any]:
        return dict(self.schema)
