"""Which session cut short may be resumed, and why not when none may.

A session cut short (q, Ctrl+C, a closed terminal, ``kill -9``: its row is ``abandoned``) may be
resumed while all of these hold:

- it ended less than the ``resume_within_minutes`` setting ago (2 hours by default);
- no session of its routine started after it (starting afresh gives it up);
- its row says which steps it did (rows from before resume was possible do not), and it did
  or passed over at least one (one quit before its first step ended has nothing to carry on);
- the routine's file is unchanged: the caller compares :attr:`Resumable.content_hash` with the
  file's hash (:func:`acutimer.history.records.content_hash`) and starts afresh otherwise.

A resumed session stays one row: the recorder reopens it (see
:meth:`acutimer.history.store.HistoryStore.reopen`) and adds the new part's steps, pauses and
active time to what the row holds, and the gap between the parts to ``gap_seconds``. Its outcome
is then worked out from all its parts by the one rule of :mod:`acutimer.history.outcome`.

No textual, no pydantic: ``acutimer run`` asks this before its first paint.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from acutimer.history.errors import HistoryError
from acutimer.history.records import content_hash, parse_step_list
from acutimer.history.store import HistoryStore, history_path

_CANDIDATES = 20
"""Sessions cut short within the window looked at, latest first (more is never needed)."""


@dataclass(frozen=True)
class Resumable:
    """A session cut short that may be resumed."""

    id: int
    routine: str
    """The routine's name, as ``run`` takes it."""
    title: str | None
    content_hash: str
    """The hash of the routine's text when it ran: resume only while the file still has it."""
    started_at: datetime
    ended_at: datetime
    """When it was cut short (for a killed process: its last write)."""
    steps_total: int
    done: tuple[int, ...]
    passed: tuple[int, ...]
    pain_before: int | None
    parts: int

    @property
    def shown_name(self) -> str:
        """How messages name the routine: its title, else its name (no control characters)."""
        return "".join(c for c in self.title or self.routine if c.isprintable())

    def ago(self, now: datetime) -> timedelta:
        """How long ago it was cut short."""
        return max(timedelta(), now - self.ended_at)


@dataclass(frozen=True)
class Lookup:
    """What the history says about resuming: a session, or why there is none."""

    found: Resumable | None
    """The session to resume, if any."""
    too_old: Resumable | None = None
    """The latest session cut short, when it was cut short too long ago (None otherwise)."""


def find_resumable(
    store: HistoryStore, now: datetime, within: timedelta, routine: str | None = None
) -> Lookup:
    """The latest session cut short less than ``within`` before ``now`` (of ``routine`` only,
    when given) that no later session of its routine gave up."""
    where = "status = 'abandoned' AND ended_at IS NOT NULL"
    params: tuple[object, ...] = ()
    if routine is not None:
        where += " AND routine = ?"
        params = (routine,)
    rows = store.query(
        "SELECT id, routine, title, content_hash, started_at, ended_at, steps_total, "
        "done_steps, passed_steps, pain_before, parts, "
        "EXISTS (SELECT 1 FROM sessions later WHERE later.routine = s.routine "
        "AND later.started_at > s.started_at) "
        f"FROM sessions s WHERE {where} ORDER BY ended_at DESC, id DESC LIMIT ?",
        (*params, _CANDIDATES),
    )
    cutoff = now - within
    for (sid, name, title, digest, start, end, total, done, passed, before, parts,
         superseded) in rows:  # fmt: skip
        done_steps, passed_steps = parse_step_list(done), parse_step_list(passed)
        if superseded or done_steps is None or passed_steps is None:
            continue
        if not done_steps and not passed_steps:
            # Quit before its first step ended: nothing to carry on, and it gave up any
            # earlier session of its routine, as starting afresh does.
            continue
        found = Resumable(
            sid, name, title, digest, _when(start), _when(end), total, done_steps,
            passed_steps, before, parts,
        )  # fmt: skip
        if found.ended_at <= cutoff:
            return Lookup(None, found)
        return Lookup(found)
    return Lookup(None)


def look_up(
    now: datetime, within: timedelta, routine: str | None = None, home: Path | None = None
) -> Lookup:
    """:func:`find_resumable` in the history file (none there: nothing to resume). Raises
    :class:`HistoryError` when the file cannot be read."""
    path = history_path(home)
    if not path.exists():
        return Lookup(None)
    store = HistoryStore.open(path)
    try:
        return find_resumable(store, now, within, routine)
    finally:
        store.close()


def changed_note(found: Resumable, now: datetime) -> str:
    """What to say when the routine's file changed since the session was cut short."""
    return (
        f"{found.shown_name} has changed since your session of it was cut short "
        f"{describe_span(found.ago(now))} ago, so it cannot carry on: this session starts afresh."
    )


def offer(
    routine: str, text: str, now: datetime, within: timedelta, home: Path | None = None
) -> tuple[Resumable | None, str]:
    """For a session of ``routine`` (whose file holds ``text``) about to start: the session
    cut short to offer to carry on (None: none), and a note to show when there was one but the
    file has changed since (else empty). Quiet about a history that cannot be read: the
    session's recorder says so as it starts."""
    if within <= timedelta():
        return None, ""
    try:
        found = look_up(now, within, routine, home).found
    except HistoryError:
        return None, ""
    if found is None:
        return None, ""
    if found.content_hash != content_hash(text):
        return None, changed_note(found, now)
    return found, ""


def _when(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def nothing_to_resume(lookup: Lookup, now: datetime, within: timedelta, routine: str | None) -> str:
    """What to say when there is no session to resume (one or two sentences)."""
    of = f" of {routine}" if routine is not None else ""
    if within <= timedelta():
        return "Resuming is off (the setting resume_within_minutes is 0)."
    limit = describe_span(within)
    text = f"Nothing to resume: no session{of} was cut short in the last {limit}."
    old = lookup.too_old
    if old is not None:
        text += (
            f" The last one, {old.shown_name}, stopped {describe_span(old.ago(now))} ago; "
            "`acutimer config set resume_within_minutes N` allows longer."
        )
    return text


def describe_span(span: timedelta) -> str:
    """A span in words: "25 minutes", "2 hours", "3 hours 10 minutes", "2 days"."""
    minutes = int(span.total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    for count, unit in ((days, "day"), (hours, "hour"), (minutes, "minute")):
        if count:
            parts.append(f"{count} {unit}{'s' if count != 1 else ''}")
    return " ".join(parts[:2])


def where_it_stopped(found: Resumable, first_step: int | None, steps: list[int]) -> str:
    """ "after step 3 of 7, at step 4" for a resumed session's messages (step numbers as the
    session counts them, from 1, among the steps it runs)."""
    done = len([s for s in found.done if s in steps])
    total = len(steps)
    if first_step is None or first_step not in steps:
        return f"{done} of {total} steps done; nothing is left to do"
    position = steps.index(first_step) + 1
    return f"{done} of {total} steps done; it carries on at step {position}"


def offer_text(found: Resumable, now: datetime, skip: Collection[int] = ()) -> str:
    """The question's first sentence: "You cut this routine short 25 minutes ago (3 of 7 steps
    done; it carries on at step 4)." ``skip``: the steps the settings leave out now."""
    steps = [s for s in range(found.steps_total) if s not in skip]
    left = [s for s in steps if s not in found.done and s not in found.passed]
    stopped = where_it_stopped(found, left[0] if left else None, steps)
    return f"You cut this routine short {describe_span(found.ago(now))} ago ({stopped})."
