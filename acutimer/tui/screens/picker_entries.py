"""The picker's rows as data: load them, filter them with ``/``, sort them, preview them, and
when each was last done. No textual here.

The filter matches what the picker shows of a routine, and what it is made of: its title, focus,
position and name, and the code, names and aliases of its points ("li4", "he gu", "B-47",
"lying", "lower back"). Each word of the query must begin a word of one of those; a word with a
hyphen is read as the words it joins, in order ("lower-back", "bl-4"), and a point's code and
names also count run together ("bl23", "hegu"). So "bl-4" finds BL-40 as it is typed, "he"
finds "He Gu" but not "the", and "li-4" is not found in "lying" beside "BL-40".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from acutimer.config.model import PICKER_SORTS
from acutimer.paths import RoutineRef
from acutimer.routine import describe, stepwords
from acutimer.routine.errors import AcutimerError
from acutimer.routine.loading import LoadedRoutine, load_ref
from acutimer.routine.models import Sides, format_duration
from acutimer.routine.points import Points, normalise_name
from acutimer.routine.timeline import step_seconds, total_seconds
from acutimer.routine.words import plural

SORTS = PICKER_SORTS
"""How the picker may sort: by title, or by when each routine was last run (newest first)."""


@dataclass(frozen=True)
class Entry:
    """One row of the picker: a routine, or why it would not load."""

    ref: RoutineRef
    loaded: LoadedRoutine | None
    error: AcutimerError | None

    @property
    def title(self) -> str:
        """What the picker calls it: the routine's title, or its name when it has errors."""
        return self.loaded.routine.title if self.loaded is not None else self.ref.name


def load_entry(ref: RoutineRef) -> Entry:
    """Load a routine for the list, keeping the error if it has one."""
    try:
        return Entry(ref, load_ref(ref), None)
    except AcutimerError as error:
        return Entry(ref, None, error)


def _words(text: str) -> str:
    """Lower case, every run of other characters one space, with a space in front."""
    return " " + re.sub(r"[^0-9a-z]+", " ", text.casefold()).strip()


def haystack(entry: Entry, points: Points) -> str:
    """Everything the filter looks in, folded into one string of words."""
    parts = [entry.ref.name]
    if entry.loaded is not None:
        routine = entry.loaded.routine
        parts += [routine.title, routine.focus.value, routine.position.value]
        for step in routine.steps:
            point = points.get(step.point)
            if point is None:
                parts.append(step.point)
                continue
            parts += [*point.names, *(normalise_name(name) for name in point.names)]
    # A bar between parts, so that no phrase runs from one name into the next.
    return " |".join(_words(part) for part in parts)


def matches(query: str, text: str) -> bool:
    """Whether each word of ``query`` begins a word of ``text`` (a :func:`haystack`)."""
    return all(f"{_words(term)}" in text for term in query.split())


def sort_entries(
    entries: Iterable[Entry], how: str, last_used: Mapping[str, datetime]
) -> list[Entry]:
    """Sorted by title, or by last use (newest first; never used after, by title)."""

    def by_title(entry: Entry) -> tuple[str, str]:
        return (entry.title.casefold(), entry.ref.name)

    ordered = sorted(entries, key=by_title)
    if how != "last used":
        return ordered
    used = [e for e in ordered if e.ref.name in last_used]
    used.sort(key=lambda e: last_used[e.ref.name], reverse=True)
    return used + [e for e in ordered if e.ref.name not in last_used]


def preview_text(
    entry: Entry,
    points: Points,
    last: datetime | None = None,
    *,
    pregnancy_setting: bool | None = None,
) -> str:
    """The preview of a routine: its summary, what to know first, and its steps; or its errors.

    ``last`` is when it was last done; ``pregnancy_setting`` is the user's setting, when known:
    the preview says what it does.
    """
    if entry.loaded is None:
        assert entry.error is not None
        problems = "\n".join(f"  {problem}" for problem in entry.error.problems)
        fix = "" if entry.ref.builtin else "\n\ne opens it in the builder, each problem marked."
        return f"This routine has errors and cannot run:\n{problems}{fix}"
    routine = entry.loaded.routine
    lines = [
        f"{routine.focus.value.replace('-', ' ')} · {routine.position.value} · "
        f"{plural(len(routine.steps), 'step')} · {format_duration(total_seconds(routine))}",
        "",
        routine.summary,
    ]
    lines += stepwords.opening_lines(routine)
    pregnancy = describe.pregnancy_text(routine, points, setting=pregnancy_setting)
    if pregnancy:
        lines.append(pregnancy)
    lines.append("")
    for index, step in enumerate(routine.steps):
        point = points.resolve(step.point)
        sides = stepwords.SIDES_TEXT[step.sides or Sides.LEFT_THEN_RIGHT]
        about = format_duration(step_seconds(routine, index))
        lines.append(f"{index + 1:>2}. {stepwords.point_title(point)}")
        lines.append(f"    {sides} · {stepwords.timing_text(step)} · about {about}")
    lines.append("")
    if last is not None:
        lines.append(f"Last done {last.astimezone():%a %d %b %Y, %H:%M}")
    lines.append(
        f"Your routine: {entry.ref.path.name}"
        if not entry.ref.builtin
        else f"Built-in ({entry.ref.name}): e or c makes a copy of your own"
    )
    return "\n".join(lines)


def read_last_used() -> tuple[dict[str, datetime], str | None]:
    """When each routine was last run, from the history (none yet: nothing), or why not."""
    from acutimer.history import stats
    from acutimer.history.errors import HistoryError
    from acutimer.history.store import HistoryStore, history_path

    path = history_path()
    if not path.exists():
        return {}, None
    try:
        store = HistoryStore.open(path)
        try:
            return stats.last_used(store), None
        finally:
            store.close()
    except HistoryError as error:
        return {}, f"the history cannot be read ({error})"
