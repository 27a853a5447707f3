"""A routine being edited in the builder: plain data that may be invalid at any moment.

The builder screen is a view of a :class:`Draft`; all the editing rules live here, with no
textual import, so they are tested without a screen. Validation goes through the same path as a
file (:func:`acutimer.routine.loading.validate_routine_data`), so what the builder accepts,
``acutimer validate`` accepts.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from acutimer.routine.authoring import routine_data, unknown_point
from acutimer.routine.errors import AcutimerError, Problem
from acutimer.routine.loading import check_shape, validate_routine_data
from acutimer.routine.models import Condition, Focus, Position, Routine
from acutimer.routine.models import format_duration as fmt
from acutimer.routine.points import load_points
from acutimer.routine.timeline import step_seconds, total_seconds

_POINT_KEY = re.compile(r"steps\[(\d+)\]\.point")


class Draft:
    """A routine under construction, kept as the data a routine file would hold."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = copy.deepcopy(data)
        self.data.setdefault("steps", [])
        self._cache: tuple[Routine | None, list[Problem]] | None = None

    @classmethod
    def from_file_data(cls, data: dict[str, Any], label: str) -> Draft:
        """A draft of a routine file that may not validate, as the file has it.

        Its problems show on their fields; only a shape the builder cannot show at all (steps
        that are not a list of tables, a pace that is not a table) is refused.

        Raises:
            AcutimerError: naming the file and the key, for that shape.
        """
        check_shape(data, label)
        return cls(data)

    @classmethod
    def blank(cls, title: str = "My routine") -> Draft:
        """An empty routine with sensible settings and no steps yet."""
        return cls(
            {
                "title": title,
                "summary": "My own routine.",
                "focus": Focus.WHOLE_BACK.value,
                "position": Position.SEATED.value,
                "steps": [],
            }
        )

    @classmethod
    def from_routine(cls, routine: Routine) -> Draft:
        """A draft holding an existing routine, durations as friendly strings."""
        return cls(routine_data(routine))

    # --- editing ----------------------------------------------------------------------------

    @property
    def steps(self) -> list[dict[str, Any]]:
        """The steps as plain data."""
        steps: list[dict[str, Any]] = self.data["steps"]
        return steps

    def _changed(self) -> None:
        self._cache = None

    def set(self, key: str, value: Any, step: int | None = None) -> None:
        """Set a routine field, or a field of step ``step``; an empty string clears it.

        A dotted key sets a key of a table: ``pace.inhale``. A table left empty is removed, so
        the step (or routine) falls back on its default pace. A gentler way is for the pregnancy
        setting (``when``), the only one there is; with nothing else left, it goes.
        """
        target = self.data if step is None else self.steps[step]
        if "." in key:
            outer, key = key.split(".", 1)
            table = target.get(outer)
            if not isinstance(table, dict):
                table = target[outer] = {}
            self._put(table, key, value)
            if outer == "gentler" and table.keys() - {"when"}:
                # The one setting a gentler way can be for, so far: say so for the user.
                table.setdefault("when", [Condition.PREGNANCY.value])
            elif outer == "gentler":
                table.clear()  # nothing left of it but what it is for
            if not table:
                del target[outer]
        else:
            self._put(target, key, value)
        self._changed()

    @staticmethod
    def _put(table: dict[str, Any], key: str, value: Any) -> None:
        if value == "" or value is None:
            table.pop(key, None)
        else:
            table[key] = value

    def drop_keys(self, paths: list[str]) -> None:
        """Remove keys by their path (``colour``, ``pace.x``, ``steps[2].hodl``)."""
        for path in paths:
            target = self.data
            if path.startswith("steps["):
                index, _, path = path[len("steps[") :].partition("].")
                target = self.steps[int(index)]
            outer, _, inner = path.partition(".")
            if inner and isinstance(target.get(outer), dict):
                target[outer].pop(inner, None)
            elif not inner:
                target.pop(outer, None)
        self._changed()

    def add_step(self, point_code: str, at: int | None = None) -> int:
        """Add a step on ``point_code`` with the library's usual timing; returns its index."""
        point = load_points().resolve(point_code)
        step: dict[str, Any] = {
            "point": point.code,
            "sides": point.sides.value,
            "pressure": point.pressure.value,
            "technique": point.technique.value,
            "hold": fmt(point.hold),
            "repeats": point.repeats,
            "rest": "10s",
            "breathing": "paced",
            "source": "assumption",
        }
        if point.repeats > 1:
            step["release"] = fmt(point.release)
        index = len(self.steps) if at is None else max(0, min(at, len(self.steps)))
        self.steps.insert(index, step)
        self._changed()
        return index

    def move_step(self, index: int, offset: int) -> int:
        """Move a step up (negative) or down; returns where it ended up."""
        target = max(0, min(len(self.steps) - 1, index + offset))
        self.steps.insert(target, self.steps.pop(index))
        self._changed()
        return target

    def duplicate_step(self, index: int) -> int:
        """Copy a step just after itself; returns the copy's index."""
        self.steps.insert(index + 1, copy.deepcopy(self.steps[index]))
        self._changed()
        return index + 1

    def delete_step(self, index: int) -> None:
        """Remove a step."""
        del self.steps[index]
        self._changed()

    def insert_step(self, index: int, step: dict[str, Any]) -> int:
        """Put a step (one just deleted, say) back at ``index``; returns where it went."""
        index = max(0, min(index, len(self.steps)))
        self.steps.insert(index, copy.deepcopy(step))
        self._changed()
        return index

    # --- checking ---------------------------------------------------------------------------

    def validate(self) -> tuple[Routine | None, list[Problem]]:
        """The routine if the draft is valid, and every problem otherwise."""
        if self._cache is None:
            try:
                self._cache = (validate_routine_data(copy.deepcopy(self.data), "draft"), [])
            except AcutimerError as error:
                self._cache = (None, error.problems)
        return self._cache

    @property
    def routine(self) -> Routine | None:
        """The validated routine, or None while the draft has problems."""
        return self.validate()[0]

    def errors(self) -> dict[str, str]:
        """Problems by key path (``"steps[2].hold"``), for showing next to each field."""
        found: dict[str, str] = {}
        for problem in self.validate()[1]:
            text = problem.message + (f" ({problem.hint})" if problem.hint else "")
            step = _POINT_KEY.fullmatch(problem.key)
            if step is not None and problem.message.startswith("unknown point"):
                # Close names, not an unrelated code; and how to put a known point here.
                name = str(self.steps[int(step.group(1))].get("point", ""))
                text = unknown_point(name, load_points(), otherwise="p picks one from the library")
            found.setdefault(problem.key, text)
        return found

    def total(self) -> float | None:
        """The routine's length, or None while it has problems."""
        routine = self.routine
        return total_seconds(routine) if routine is not None else None

    def step_total(self, index: int) -> float | None:
        """One step's length, or None while the routine has problems."""
        routine = self.routine
        return step_seconds(routine, index) if routine is not None else None
