"""What the reminders did with each planned time: ``remind-state.json`` in the acutimer home.

A planned time is offered once: the mark keeps it so across a restart of ``acutimer remind``, a
clock set back, or a DST change (marks are keyed by :attr:`acutimer.plan.schedule.Slot.key`, the
wall time, never an offset). ``acutimer plan`` shows a skipped time as skipped. The file is only
memory: a broken one is set aside with a warning and the reminders start afresh.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from acutimer.fsutil import atomic_write_text
from acutimer.paths import home_dir

FILE_NAME = "remind-state.json"
KEEP_DAYS = 8
"""Marks of plan days older than this are dropped."""

OFFERED, SNOOZED, SKIPPED, PASSED = "offered", "snoozed", "skipped", "passed"
"""``passed``: a time gone by while the machine slept, left for a later one of its routine."""
_MARKS = {OFFERED, SNOOZED, SKIPPED, PASSED}
_DAY = re.compile(r"@(\d{4}-\d{2}-\d{2})T")
MAX_STATE_BYTES = 1_000_000


def state_path(home: Path | None = None) -> Path:
    """Where the reminders' marks live."""
    return (home if home is not None else home_dir()) / FILE_NAME


@dataclass
class RemindState:
    """Marks by slot key, and when each snoozed time comes back."""

    marks: dict[str, str] = field(default_factory=dict)
    snoozed: dict[str, datetime] = field(default_factory=dict)

    def mark(self, key: str, what: str) -> None:
        """Mark a planned time; a time marked otherwise is no longer snoozed."""
        self.marks[key] = what
        if what != SNOOZED:
            self.snoozed.pop(key, None)

    def snooze(self, key: str, until: datetime) -> None:
        """Offer the time again at ``until``."""
        self.marks[key] = SNOOZED
        self.snoozed[key] = until

    def prune(self, today: date) -> None:
        """Forget marks of plan days long gone."""
        oldest = today - timedelta(days=KEEP_DAYS)
        for key in list(self.marks):
            match = _DAY.search(key)
            if match is None or date.fromisoformat(match.group(1)) < oldest:
                self.marks.pop(key)
                self.snoozed.pop(key, None)


def load_state(path: Path | None = None) -> tuple[RemindState, str | None]:
    """The marks, and a warning when the file could not be used (it then starts afresh)."""
    path = path or state_path()
    try:
        if path.stat().st_size > MAX_STATE_BYTES:
            raise ValueError("too big")
        data = json.loads(path.read_text(encoding="utf-8"))
        state = RemindState()
        for key, what in data.get("marks", {}).items():
            if isinstance(key, str) and what in _MARKS and _DAY.search(key):
                state.marks[key] = what
        for key, when in data.get("snoozed", {}).items():
            until = datetime.fromisoformat(when)
            if until.tzinfo is not None and state.marks.get(key) == SNOOZED:
                state.snoozed[key] = until
        return state, None
    except FileNotFoundError:
        return RemindState(), None
    except (OSError, ValueError, TypeError, AttributeError) as error:
        return RemindState(), f"{path}: cannot be used ({error}); starting with no marks"


def save_state(state: RemindState, path: Path | None = None) -> None:
    """Write the marks atomically (best effort: they are memory, not records)."""
    path = path or state_path()
    data = {
        "version": 1,
        "marks": state.marks,
        "snoozed": {key: when.isoformat() for key, when in state.snoozed.items()},
    }
    with contextlib.suppress(OSError):
        atomic_write_text(path, json.dumps(data, indent=1, sort_keys=True))
