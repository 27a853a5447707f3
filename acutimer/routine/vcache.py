"""A cache of validated data, so that running or showing a routine needs no pydantic.

Validating with pydantic costs about a tenth of a second to import and a tenth of acutimer's
memory; what it accepted once is kept here as plain JSON and rebuilt with
:func:`acutimer.routine.plaindata.build`. Entries are named by a hash of everything the result
depends on (the text, the point library's text, acutimer's version), so a stale entry is never
found. Only
successes are cached: a file with problems is validated, and explained, every time.

What an entry holds is untrusted (anyone can edit a file in the cache dir). Each entry starts
with a line of its own digest (:func:`seal`), so a damaged or hand-edited entry is refused even
where its values stay in bounds (a title changed to another title); :func:`get` reads only a
regular file of bounded size; and the caller rebuilds what it gives with the checks of
:func:`acutimer.routine.plaindata.build`. An entry that fails any of them is dropped
(:func:`drop`) and the source validated again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from acutimer import __version__
from acutimer.paths import cache_dir, points_file


def key(*parts: str | bytes) -> str:
    """A cache key for data derived from ``parts`` by this version of acutimer."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


@functools.cache
def points_key() -> str:
    """The key of the point library as shipped: routines validated against it depend on it.

    Read once per process: the shipped library does not change under a running acutimer.
    """
    return key(b"points", points_file().read_bytes())


def _path(kind: str, name: str) -> Path:
    return cache_dir() / "validated" / kind / f"{name}.json"


MAX_ENTRY_BYTES = 8_000_000
"""An entry is a few kB (the point library's about 100 kB); a larger one is not read."""


def seal(name: str, body: str) -> str:
    """``body`` with a first line that is the digest of ``name`` and ``body``."""
    return key(b"entry", name, body) + "\n" + body


def unseal(name: str, text: str) -> str | None:
    """The body of a sealed text, or None when the digest does not match (damaged, edited)."""
    digest, _, body = text.partition("\n")
    return body if digest == key(b"entry", name, body) else None


def get(kind: str, name: str) -> Any | None:
    """The cached data, or None when there is none (or it is damaged, or not JSON)."""
    from acutimer.fsutil import read_file

    try:
        body = unseal(name, read_file(_path(kind, name), MAX_ENTRY_BYTES).decode("utf-8"))
        return None if body is None else json.loads(body)
    except (OSError, ValueError, RecursionError):
        return None


def drop(kind: str, name: str) -> None:
    """Remove an entry found to be bad; best effort."""
    with contextlib.suppress(OSError):
        _path(kind, name).unlink()


def put(kind: str, name: str, data: Any) -> None:
    """Keep ``data``; best effort, since a missing entry only costs time."""
    from acutimer.fsutil import atomic_write_text

    with contextlib.suppress(OSError, TypeError, ValueError):
        atomic_write_text(_path(kind, name), seal(name, json.dumps(data, ensure_ascii=False)))
