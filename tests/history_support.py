"""Sessions made up for history tests."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from acutimer.history.records import SessionRecord
from acutimer.history.store import HistoryStore, history_path


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


def sessions_in(home: Path) -> list[SessionRecord]:
    """Every session the history file of ``home`` holds, read back through the store."""
    store = HistoryStore.open(history_path(home))
    try:
        return store.sessions()
    finally:
        store.close()


def old_file(home: Path, script: str) -> Path:
    """Write the history file of ``home`` from the SQL ``script`` (as an older acutimer, or
    another program, left it) before any acutimer opens it; the file's path."""
    path = history_path(home)
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    try:
        db.executescript(script)
    finally:
        db.close()
    return path
