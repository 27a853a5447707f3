"""Reading the history: its sessions as records, and any read-only query over it.

No pydantic on this path: ``acutimer history`` must start fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Any

from acutimer.history.opening import OpenedStore
from acutimer.history.records import SessionRecord
from acutimer.history.rowchecks import GOOD_SESSIONS

COLUMNS = (
    "id, routine, content_hash, started_at, utc_offset, ended_at, status, steps_total, "
    "steps_done, steps_skipped, last_step, paused_seconds, active_seconds, pain_before, "
    "pain_after, title, steps_left_out"
)
"""The columns a :class:`SessionRecord` begins with, in its order (reads and imports name them)."""


class StoreReads(OpenedStore):
    """The reads of the history: every one reads the good rows only (checked afresh)."""

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read-only query (for statistics); errors become :class:`HistoryError`."""
        with self._errors():
            self._fresh_view()
            return self._db.execute(sql, params).fetchall()

    def rows(self, sql: str, params: tuple[object, ...] = ()) -> Iterator[tuple[Any, ...]]:
        """Like :meth:`query`, one row at a time: stopping early skips the rest."""
        with self._errors():
            self._fresh_view()
            yield from self._db.execute(sql, params)

    def sessions(
        self, first_day: date | None = None, limit: int | None = None
    ) -> list[SessionRecord]:
        """Sessions from the local day ``first_day`` on (all when None), oldest first.

        With ``limit``, only that many of the most recent.
        """
        where = ""
        params: tuple[object, ...] = ()
        if first_day is not None:
            where, params = "WHERE local_day >= ?", (first_day.isoformat(),)
        order = "started_at, id"
        if limit is not None:
            order, params = "started_at DESC, id DESC LIMIT ?", (*params, limit)
        with self._errors():
            self._fresh_view()
            rows = self._db.execute(
                f"SELECT {COLUMNS}, parts, gap_seconds FROM {GOOD_SESSIONS} {where} "
                f"ORDER BY {order}",
                params,
            ).fetchall()
            # The marks and presses of these sessions only (a few, with a limit), read as the
            # sessions are, in id order: point_marks first, each row's session by its id.
            ids = (
                f"session_id IN ({','.join(str(int(row[0])) for row in rows)})"
                if limit is not None
                else "1"
            )
            helped: dict[int, list[str]] = {}
            for session_id, point in self._db.execute(
                f"SELECT session_id, point FROM point_marks WHERE typeof(point) = 'text' "
                f"AND {ids} ORDER BY session_id, step, at"
            ):
                helped.setdefault(session_id, []).append(point)
            presses: dict[int, tuple[int, int, int]] = {
                row[0]: (row[1], row[2], row[3])
                for row in self._db.execute(
                    "SELECT session_id, count(*), count(CASE WHEN outcome = 'done' THEN 1 END), "
                    f"count(CASE WHEN outcome = 'missed' THEN 1 END) FROM presses WHERE {ids} "
                    "GROUP BY session_id"
                )
            }
        if limit is not None:
            rows.reverse()
        zones: dict[int, timezone] = {}
        records = []
        for (sid, name, digest, start, offset, end, status, total, done, skipped, last,
             paused, active, before, after, title, left_out, parts, gap) in rows:  # fmt: skip
            zone = zones.get(offset)
            if zone is None:
                zone = zones[offset] = timezone(timedelta(seconds=offset))
            try:
                started = datetime.fromisoformat(start).astimezone(zone)
                ended = datetime.fromisoformat(end).astimezone(zone) if end else None
            except ValueError:  # a date SQLite reads but Python does not: left out too
                continue
            records.append(
                SessionRecord(
                    sid, name, str(digest), started, ended, status, total, done, skipped,
                    last, float(paused), float(active), before, after,
                    tuple(dict.fromkeys(helped.get(sid, ()))), title, left_out,
                    *presses.get(sid, (0, 0, 0)), int(parts), float(gap),
                )
            )  # fmt: skip
        return records
