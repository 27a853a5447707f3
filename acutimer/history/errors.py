"""The ways the history database cannot be used, each with what can help.

:func:`explain` turns SQLite's error into the one that says which: waiting
(:class:`HistoryBusy`), reading only (:class:`HistoryReadOnly`) or moving the file aside
(:class:`HistoryDamaged`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class HistoryError(Exception):
    """The history database cannot be used; the message says why, naming the file."""

    advice = ""
    """What the user can do about it, when there is something (a line of its own)."""


class HistoryBusy(HistoryError):
    """Another process is writing to the history: try again in a moment."""


class HistoryDamaged(HistoryError):
    """The file is not a (sound) SQLite database: only moving it aside helps."""

    advice = "move that file aside to start a new history"


class HistoryReadOnly(HistoryError):
    """The file or its folder cannot be written; it may still be read."""


def explain(path: Path, error: sqlite3.Error) -> HistoryError:
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return HistoryDamaged(f"{path} is not a valid history database ({error})")
    if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return HistoryReadOnly(f"{path} cannot be opened for writing ({error})")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return HistoryBusy(f"{path} is busy: another program is writing to it")
    return HistoryError(f"{path}: {error}")
