"""Who owns a ``running`` history row: a lock file the recording process holds while it lives.

The operating system drops a process's locks when it dies, however it dies (``kill -9``, a closed
terminal, a crash), so "the lock can be taken" means "the owner is gone", with no guessing from
pids (which get reused) or timestamps (a paused session may be quiet for an hour).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from pathlib import Path

_TOKEN = re.compile(r"^\d+-[0-9a-f]{12}$")
_DRAFT = ".new-"
DRAFT_SECONDS = 60.0
"""A lock file still unnamed after this long was left by a process killed while making it."""
_HELD: set[str] = set()
"""Owner tokens this process holds (the file lock says so too; this spares a look-up)."""

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:  # the lock is held: that is the answer, not a failure
            return False
        return True
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # the lock is held: that is the answer, not a failure
            return False
        return True


def owner_alive(folder: Path, owner: str | None) -> bool:
    """Whether the process that wrote ``owner`` into a running row still holds its lock.

    A dead owner's lock file is removed on the way.
    """
    if owner in _HELD:
        return True
    if owner is None or not _TOKEN.match(owner):
        return False
    path = folder / f"{owner}.lock"
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        alive = not _try_lock(fd)
    finally:
        os.close(fd)
    if not alive:
        _remove(path)
    return alive


def sweep(folder: Path) -> None:
    """Remove the lock files of owners that are gone.

    A process killed between ending its session and removing its file, or before its first row,
    leaves a file no row names; this keeps the folder from filling up.
    """
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        if name.endswith(".lock"):
            owner_alive(folder, name.removesuffix(".lock"))
        elif name.startswith(_DRAFT):
            draft = folder / name
            with contextlib.suppress(FileNotFoundError):
                if time.time() - draft.stat().st_mtime > DRAFT_SECONDS:
                    _remove(draft)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except PermissionError:
        # Windows will not delete a file another process has open: it is not ours to remove.
        if sys.platform != "win32":
            raise


class OwnerLock:
    """The lock a recording process holds; its file name is the rows' ``owner`` token.

    A row names the token only once the lock is held, and the file gets its name only once
    locked, so no other process ever finds it unlocked while its owner lives.
    """

    def __init__(self, folder: Path) -> None:
        folder.mkdir(exist_ok=True)
        self.token = f"{os.getpid()}-{os.urandom(6).hex()}"
        self._path = folder / f"{self.token}.lock"
        flags = os.O_RDWR | os.O_CREAT | os.O_EXCL
        if sys.platform == "win32":
            # Windows refuses to rename an open file, and to delete one under its owner.
            fd = os.open(self._path, flags, 0o600)
            locked = _try_lock(fd)
        else:
            draft = folder / f"{_DRAFT}{self.token}"
            fd = os.open(draft, flags, 0o600)
            locked = _try_lock(fd)
            if locked:
                os.replace(draft, self._path)
        if not locked:
            os.close(fd)
            raise OSError(f"{self._path} is locked by another process")
        self._fd: int | None = fd
        _HELD.add(self.token)

    def release(self) -> None:
        """Let go of the lock and remove its file (only once no row of ours is running)."""
        if self._fd is None:
            return
        _HELD.discard(self.token)
        os.close(self._fd)
        self._fd = None
        _remove(self._path)


def any_alive(folder: Path) -> bool:
    """Whether any process is recording a session now (holds a lock in ``folder``).

    What ``acutimer remind`` asks before it reminds: no reminder while a session runs. Dead
    owners' files are removed on the way.
    """
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return False
    return any(
        owner_alive(folder, name.removesuffix(".lock")) for name in names if name.endswith(".lock")
    )
