"""What the history holds of a session, as plain records, and the clock it dates them by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from acutimer.history.outcome import outcome


def local_now() -> datetime:
    """Now, as an aware datetime in the machine's current time zone."""
    return datetime.now().astimezone()


def content_hash(text: str) -> str:
    """The SHA-256 of a routine's text: tells apart two versions of a routine with one name."""
    import hashlib  # here, not at the top: ``acutimer history`` never needs it

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SessionRecord:
    """One session as the history holds it."""

    id: int
    routine: str
    content_hash: str
    started_at: datetime
    """Aware, in the UTC offset the user had when it started: ``.date()`` is their local day."""
    ended_at: datetime | None
    status: str
    """How it ended, as stored: running, completed (it ran to the end, whatever was skipped) or
    abandoned (left early). What it counts as is :attr:`outcome`."""
    steps_total: int
    steps_done: int
    steps_skipped: int
    last_step: int | None
    """The last step completed (0-based), or None."""
    paused_seconds: float
    active_seconds: float
    pain_before: int | None = None
    pain_after: int | None = None
    helped: tuple[str, ...] = ()
    """Codes of the points marked "this point helped"."""
    title: str | None = None
    """The routine's title when it ran (None in rows from before titles were kept)."""
    steps_left_out: int = 0
    """Steps the user's settings left out before it began (counted in ``steps_skipped`` too)."""
    presses_planned: int = 0
    """Presses followed in it: those of steps with long waits (0: none)."""
    presses_done: int = 0
    """Of those, the presses whose time ran to its end."""
    presses_missed: int = 0
    """Of those, the presses missed while the user was away."""
    parts: int = 1
    """The parts it ran in: 1, and one more for each time it was resumed."""
    gap_seconds: float = 0.0
    """Wall-clock seconds between its parts (0 for a session never resumed)."""

    @property
    def outcome(self) -> str:
        """completed, partial, abandoned or running: see :mod:`acutimer.history.outcome`."""
        return outcome(self.status, self.steps_total, self.steps_done, self.steps_left_out)

    @property
    def reached_end(self) -> bool:
        """Whether it ran to the end of the routine (skipped steps and all), or was left."""
        return self.status == "completed"


PressRow = tuple[int, int, str | None, int]
"""A press a session follows, as written when it starts: step, number, side, repeat."""


@dataclass(frozen=True)
class Progress:
    """What a session has done so far, as written at each step."""

    updated_at: datetime
    steps_done: int
    steps_skipped: int
    last_step: int | None
    paused_seconds: float
    active_seconds: float
    done: tuple[int, ...] = ()
    """The steps done (0-based), in the order they were done: what a resumed part counts."""
    passed: tuple[int, ...] = ()
    """The steps passed over with next or a jump (not those the settings left out)."""


def step_list(steps: tuple[int, ...]) -> str:
    """Step indices as the history keeps them: ``"0,1,3"``."""
    return ",".join(str(s) for s in steps)


def parse_step_list(text: object) -> tuple[int, ...] | None:
    """The step indices of :func:`step_list`, or None for anything else (a row from before they
    were kept, or a value some other program wrote)."""
    if not isinstance(text, str):
        return None
    if not text:
        return ()
    parts = text.split(",")
    if not all(p.isascii() and p.isdecimal() and len(p) <= 6 for p in parts):
        return None
    return tuple(int(p) for p in parts)
