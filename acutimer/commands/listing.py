"""The rows of ``acutimer list``, cached so the command answers without rebuilding each routine.

The list only needs a summary of each file. Summaries are kept in a small JSON cache keyed by
a hash of each file's bytes (never by its size and modification time, which an edit can keep),
with the point library's key and acutimer's version. What the cache gives back is untrusted: the
file is sealed with its own digest (:func:`acutimer.routine.vcache.seal`), so an edited or
damaged cache is not used at all, and an entry whose summary could not have come from a valid
routine (a title with a control character, an unknown focus, a negative duration, 5,000 steps)
is dropped and the file read again; a missing or unreadable cache is simply rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
from typing import Any

from acutimer import __version__
from acutimer.paths import RoutineRef, all_refs, cache_dir, shadowed_names

CACHE_NAME = "list.json"
MAX_CACHE_BYTES = 4_000_000
POINT_CODE = re.compile(r"[A-Z]{2,3}-\d{1,2}|EX-[A-Z]{2}\d{1,2}")
"""What a point code looks like (as the point library's model has it), for a cached summary."""


def _summary(ref: RoutineRef, raw: bytes | None) -> dict[str, Any]:
    from acutimer.routine.errors import AcutimerError
    from acutimer.routine.loading import label_of, load_bytes, read_file_bytes
    from acutimer.routine.points import load_points
    from acutimer.routine.timeline import total_seconds

    try:
        if raw is None:
            raw = read_file_bytes(ref.path, label_of(ref))
        routine = load_bytes(ref, raw).routine
    except AcutimerError as error:
        return {"error": str(error.problems[0]), "title": "", "duration_seconds": 0, "steps": 0}
    library = load_points()
    return {
        "title": routine.title,
        "focus": routine.focus.value,
        "position": routine.position.value,
        "duration_seconds": total_seconds(routine),
        "steps": len(routine.steps),
        # The point codes it holds, for the history's "what helps you" by point.
        "points": list(dict.fromkeys(library.resolve(step.point).code for step in routine.steps)),
    }


def valid_summary(summary: Any) -> bool:
    """Whether a summary read back from the cache is one :func:`_summary` could have made."""
    from acutimer.routine.kinds import Focus, Position
    from acutimer.routine.models import MAX_SESSION_SECONDS
    from acutimer.safetext import first_control

    if not isinstance(summary, dict):
        return False
    if "error" in summary:
        error = summary["error"]
        if not isinstance(error, str):
            return False
        return (
            set(summary) == {"error", "title", "duration_seconds", "steps"}
            and isinstance(error, str)
            and 0 < len(error) < 10_000
            and summary["title"] == ""
            and type(summary["duration_seconds"]) is int
            and summary["duration_seconds"] == 0
            and type(summary["steps"]) is int
            and summary["steps"] == 0
        )
    title, duration, steps = (
        summary.get("title"),
        summary.get("duration_seconds"),
        summary.get("steps"),
    )
    return (
        set(summary) == {"title", "focus", "position", "duration_seconds", "steps", "points"}
        and isinstance(title, str)
        and 0 < len(title) <= 120
        and title == title.strip()
        and first_control(title) is None
        and isinstance(summary["focus"], str)
        and summary["focus"] in {f.value for f in Focus}
        and isinstance(summary["position"], str)
        and summary["position"] in {p.value for p in Position}
        and isinstance(duration, int | float)
        and not isinstance(duration, bool)
        and math.isfinite(duration)
        and 0 < duration <= MAX_SESSION_SECONDS
        and isinstance(steps, int)
        and not isinstance(steps, bool)
        and 1 <= steps <= 200
        and _valid_codes(summary["points"], steps)
    )


def _valid_codes(codes: Any, steps: int) -> bool:
    """A list of distinct point codes, no more than the steps, each as the library spells one."""
    return (
        isinstance(codes, list)
        and 1 <= len(codes) <= steps
        and len(set(map(str, codes))) == len(codes)
        and all(isinstance(code, str) and POINT_CODE.fullmatch(code) for code in codes)
    )


def _read_cache(stamp: dict[str, Any]) -> dict[str, Any]:
    from acutimer.fsutil import read_file
    from acutimer.routine.vcache import unseal

    try:
        text = read_file(cache_dir() / CACHE_NAME, MAX_CACHE_BYTES).decode("utf-8")
        body = unseal(CACHE_NAME, text)
        data = json.loads(body) if body is not None else None
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def _file_bytes(ref: RoutineRef) -> bytes | None:
    """The file's bytes, or None when it cannot be read (its summary then says why)."""
    from acutimer.fsutil import read_file
    from acutimer.routine.loading import MAX_FILE_BYTES

    try:
        return read_file(ref.path, MAX_FILE_BYTES)
    except (OSError, ValueError):
        return None


def list_rows() -> list[dict[str, Any]]:
    """One row per routine (built-in first): name, title, focus, position, duration, steps."""
    from acutimer.routine.vcache import points_key

    stamp = {"version": __version__, "points": points_key(), "format": 2}
    entries = _read_cache(stamp)
    shadowed = shadowed_names()
    rows: list[dict[str, Any]] = []
    fresh: dict[str, Any] = {}
    changed = False
    for ref in all_refs():
        key = str(ref.path)
        raw = _file_bytes(ref)
        digest = hashlib.sha256(raw).hexdigest() if raw is not None else None
        entry = entries.get(key)
        if not (
            digest is not None
            and isinstance(entry, dict)
            and entry.get("sha256") == digest
            and valid_summary(entry.get("summary"))
        ):
            entry = {"sha256": digest, "summary": _summary(ref, raw)}
            changed = True
        if digest is not None:
            fresh[key] = entry
        row = {"name": ref.name, "builtin": ref.builtin, "path": key, **entry["summary"]}
        if not ref.builtin and ref.name in shadowed:
            row["shadowed"] = True
        rows.append(row)
    if changed or len(fresh) != len(entries):
        _write_cache({"stamp": stamp, "entries": fresh})
    return rows


def _write_cache(data: dict[str, Any]) -> None:
    """Best effort: a cache that cannot be written only costs speed next time."""
    from acutimer.fsutil import atomic_write_text
    from acutimer.routine.vcache import seal

    with contextlib.suppress(OSError):
        atomic_write_text(cache_dir() / CACHE_NAME, seal(CACHE_NAME, json.dumps(data)))


def clear_cache() -> None:
    """Forget every cached summary."""
    with contextlib.suppress(OSError):
        os.remove(cache_dir() / CACHE_NAME)
