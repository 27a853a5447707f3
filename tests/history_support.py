"""Sessions made up for history tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from acutimer.history.records import SessionRecord


def record(
    started: datetime,
    *,
    routine: str = "lower-back-desk",
    status: str = "completed",
    minutes: float = 10,
    steps: int = 3,
    before: int | None = None,
    after: int | None = None,
) -> SessionRecord:
    """A finished session record starting at ``started``."""
    return SessionRecord(
        id=0,
        routine=routine,
        content_hash="h",
        started_at=started,
        ended_at=started + timedelta(minutes=minutes),
        status=status,
        steps_total=steps,
        steps_done=steps if status == "completed" else steps // 2,
        steps_skipped=0,
        last_step=steps - 1 if status == "completed" else steps // 2 - 1,
        paused_seconds=0,
        active_seconds=minutes * 60,
        pain_before=before,
        pain_after=after,
    )
