"""``acutimer history``: the presses of sessions with long waits, done and missed.

A session of a routine such as CV-6 through the work hour presses three times, ten minutes
apart; its history says how many of those presses ran on the timer and how many were missed
while you were away (see :mod:`acutimer.session.presses` for what each word rests on).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from acutimer.history.records import SessionRecord

FOOTNOTE = (
    "  done: its time ran on the timer · missed: you were away (the session",
    "  waited for you in vain, or stayed paused through it)",
)
"""What the words rest on, in lines that fit 80 columns."""


def press_fields(record: SessionRecord) -> dict[str, Any]:
    """The press counts of a session as JSON-ready values (None for a session without long
    waits, or from before they were recorded)."""
    planned = record.presses_planned
    return {
        "presses_planned": planned or None,
        "presses_done": record.presses_done if planned else None,
        "presses_missed": record.presses_missed if planned else None,
    }


def press_text(record: SessionRecord) -> str:
    """``2 of 3 done, 1 missed, 1 not reached``."""
    planned, done, missed = record.presses_planned, record.presses_done, record.presses_missed
    parts = [f"{done} of {planned} done"]
    if missed:
        parts.append(f"{missed} missed")
    rest = planned - done - missed
    if rest:
        parts.append(f"{rest} not reached")
    return ", ".join(parts)


def press_lines(
    records: list[SessionRecord], labels: Mapping[str, str], clip: Callable[[str, int], str]
) -> list[str]:
    """The text report's lines for the sessions listed (newest first), or none when none of
    them followed presses; ``labels`` names each routine as the table above does."""
    followed = [r for r in records if r.presses_planned]
    if not followed:
        return []
    width = min(24, max(len(labels.get(r.routine, r.routine)) for r in followed))
    lines = ["Presses after long waits"]
    for r in followed:
        when = r.started_at.strftime("%m-%d %H:%M")
        name = clip(labels.get(r.routine, r.routine), width)
        lines.append(f"  {when:<11}  {name:<{width}}  {press_text(r)}")
    return [*lines, *FOOTNOTE]
