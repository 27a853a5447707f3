"""The history database's schema, as the migrations that build it.

A new file runs every migration from version 0, so the path an old file takes is the path every
file takes, and the tests of one are tests of the other. Add a version by appending a tuple of
statements; never edit one that has shipped.
"""

from __future__ import annotations

SCHEMA_VERSION = 6

V1 = (
    # Sessions, with progress written at each step.
    """CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        routine TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        started_at TEXT NOT NULL,
        utc_offset INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'abandoned')),
        steps_total INTEGER NOT NULL,
        steps_done INTEGER NOT NULL DEFAULT 0,
        steps_skipped INTEGER NOT NULL DEFAULT 0,
        last_step INTEGER,
        paused_seconds REAL NOT NULL DEFAULT 0,
        active_seconds REAL NOT NULL DEFAULT 0)""",
    "CREATE INDEX sessions_started_at ON sessions (started_at)",
)
V2 = (
    # Pain ratings, the lock token of the process recording a running row, and point marks.
    "ALTER TABLE sessions ADD COLUMN pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10)",
    "ALTER TABLE sessions ADD COLUMN pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10)",
    "ALTER TABLE sessions ADD COLUMN owner TEXT",
    # The user's local date at the start, kept so that statistics group by an index.
    "ALTER TABLE sessions ADD COLUMN local_day TEXT",
    "UPDATE sessions SET local_day = date(started_at, utc_offset || ' seconds')",
    "CREATE INDEX sessions_local_day ON sessions (local_day, status, active_seconds)",
    "CREATE INDEX sessions_running ON sessions (owner) WHERE status = 'running'",
    """CREATE TABLE point_marks (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        point TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (session_id, step, point))""",
)
V3 = (
    # The routine's title as it ran (history shows titles, as the picker does; this one is
    # for routines since renamed or deleted), and the steps the user's settings left out before
    # it began, which the completion rule does not count (see acutimer.history.outcome).
    "ALTER TABLE sessions ADD COLUMN title TEXT",
    "ALTER TABLE sessions ADD COLUMN steps_left_out INTEGER NOT NULL DEFAULT 0",
    # The streak asks, day by day from today back, whether a session counts as completed: an
    # index that holds what the rule reads answers without reading the rows.
    "CREATE INDEX sessions_outcome ON sessions "
    "(local_day, status, steps_total, steps_done, steps_left_out)",
)
V4 = (
    # Each press of a step with long waits (2 minutes or more before a press): done, or missed
    # while the user was away (the session waited for them, or stayed paused through it). A row
    # for every such press is written as the session starts, with no outcome until it is known.
    """CREATE TABLE presses (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        number INTEGER NOT NULL CHECK (number >= 1),
        side TEXT CHECK (side IN ('left', 'right', 'both')),
        repeat INTEGER NOT NULL,
        outcome TEXT CHECK (outcome IN ('done', 'missed')),
        away TEXT CHECK (away IN ('waited', 'paused')),
        at TEXT,
        CHECK ((outcome = 'missed') = (away IS NOT NULL)),
        PRIMARY KEY (session_id, step, number))""",
)
RESUME = (
    # Version 5, after the presses of V4 (which shipped first). A session cut short can be
    # resumed (acutimer.history.resume): which steps it did and passed over (comma-separated
    # step indices, NULL in rows from before), how many parts it ran in, and the wall-clock
    # seconds between them. Rows already there keep every value and read as one part with no
    # gap. ``content_hash`` (V1) tells whether the routine changed; a resumed session keeps
    # its press rows (V4).
    "ALTER TABLE sessions ADD COLUMN done_steps TEXT",
    "ALTER TABLE sessions ADD COLUMN passed_steps TEXT",
    "ALTER TABLE sessions ADD COLUMN parts INTEGER NOT NULL DEFAULT 1 CHECK (parts >= 1)",
    "ALTER TABLE sessions ADD COLUMN gap_seconds REAL NOT NULL DEFAULT 0 CHECK (gap_seconds >= 0)",
    # resume looks for the sessions cut short lately, then for a later session of the routine.
    "CREATE INDEX sessions_cut_short ON sessions (ended_at) WHERE status = 'abandoned'",
    "CREATE INDEX sessions_routine ON sessions (routine, started_at)",
)
CHECKED = (
    # Version 6: rows are checked once, not at every read. The statistics leave out rows that
    # are not as acutimer writes them (acutimer.history.store's good_sessions); checking every
    # row at every read took over a second a scan at 100,000 sessions. Now any write to a row,
    # by acutimer or any other program that writes through SQLite, notes its id in
    # rows_unchecked; a row is checked while its id is there, and the next writable open moves
    # the ones that fail into rows_left_out. Every row there is now is checked once, first.
    "CREATE TABLE rows_unchecked (id INTEGER PRIMARY KEY)",
    "CREATE TABLE rows_left_out (id INTEGER PRIMARY KEY)",
    "INSERT INTO rows_unchecked SELECT id FROM sessions",
    "CREATE TRIGGER sessions_inserted AFTER INSERT ON sessions BEGIN "
    "INSERT OR IGNORE INTO rows_unchecked VALUES (new.id); END",
    "CREATE TRIGGER sessions_updated AFTER UPDATE ON sessions BEGIN "
    "INSERT OR IGNORE INTO rows_unchecked VALUES (new.id); END",
    # What helps you sums, per routine, the completed sessions' pain ratings: from this index
    # alone, without reading the rows.
    "CREATE INDEX sessions_effect ON sessions "
    "(routine, status, steps_total, steps_done, steps_left_out, pain_before, pain_after)",
)
MIGRATIONS: tuple[tuple[str, ...], ...] = (V1, V2, V3, V4, RESUME, CHECKED)
"""``MIGRATIONS[v]`` takes the schema from version ``v`` to ``v + 1``; a new file runs them all."""

REPAIR_CHECKED = tuple(
    statement.replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ")
    .replace("CREATE TRIGGER ", "CREATE TRIGGER IF NOT EXISTS ")
    .replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ")
    .replace("INSERT INTO rows_unchecked", "INSERT OR IGNORE INTO rows_unchecked")
    for statement in CHECKED
)
"""Version 6's bookkeeping put back where another program dropped part of it (a trigger that
names a dropped table would make every write of a session fail); every row is then checked anew."""
"""``MIGRATIONS[v]`` takes the schema from version ``v`` to ``v + 1``; a new file runs them all."""
