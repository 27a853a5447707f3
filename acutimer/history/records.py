"""What the history holds of a session, as plain records, and the clock it dates them by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
    presses_planned: int = 0
    """Presses followed in it: those of steps with long waits (0: none)."""
    presses_done: int = 0
    """Of those, the presses whose time ran to its end."""
    presses_missed: int = 0
    """Of those, the presses missed while the user was away."""


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
