"""The rows of ``acutimer list``, cached so the command answers without loading pydantic.

Validating a routine needs the models (and pydantic, about a tenth of a second to import). The
list only needs a summary of each file, so summaries are kept in a small JSON cache keyed by each
file's path, modification time and size, the point library's, and acutimer's version. Any change
to a file re-validates that file; a missing or unreadable cache is simply rebuilt.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from acutimer import __version__
from acutimer.paths import RoutineRef, all_refs, cache_dir, points_file, shadowed_names

CACHE_NAME = "list.json"


def _signature(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size]


def _summary(ref: RoutineRef) -> dict[str, Any]:
    from acutimer.routine.errors import AcutimerError
    from acutimer.routine.loading import load_ref
    from acutimer.routine.timeline import total_seconds

    try:
        routine = load_ref(ref).routine
    except AcutimerError as error:
        return {"error": str(error.problems[0]), "title": "", "duration_seconds": 0, "steps": 0}
    return {
        "title": routine.title,
        "focus": routine.focus.value,
        "position": routine.position.value,
        "duration_seconds": total_seconds(routine),
        "steps": len(routine.steps),
    }


def _read_cache(path: Path, stamp: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def list_rows() -> list[dict[str, Any]]:
    """One row per routine (built-in first): name, title, focus, position, duration, steps."""
    cache_file = cache_dir() / CACHE_NAME
    stamp = {"version": __version__, "points": _signature(points_file())}
    entries = _read_cache(cache_file, stamp)
    shadowed = shadowed_names()
    rows: list[dict[str, Any]] = []
    fresh: dict[str, Any] = {}
    changed = False
    for ref in all_refs():
        key = str(ref.path)
        signature = _signature(ref.path)
        entry = entries.get(key)
        if not (isinstance(entry, dict) and entry.get("signature") == signature):
            entry = {"signature": signature, "summary": _summary(ref)}
            changed = True
        fresh[key] = entry
        row = {"name": ref.name, "builtin": ref.builtin, "path": key, **entry["summary"]}
        if not ref.builtin and ref.name in shadowed:
            row["shadowed"] = True
        rows.append(row)
    if changed or len(fresh) != len(entries):
        _write_cache(cache_file, {"stamp": stamp, "entries": fresh})
    return rows


def _write_cache(path: Path, data: dict[str, Any]) -> None:
    """Best effort: a cache that cannot be written only costs speed next time."""
    from acutimer.fsutil import atomic_write_text

    with contextlib.suppress(OSError):
        atomic_write_text(path, json.dumps(data))


def clear_cache() -> None:
    """Forget every cached summary."""
    with contextlib.suppress(OSError):
        os.remove(cache_dir() / CACHE_NAME)
