"""One ``acutimer remind`` per acutimer home: two would offer every time twice."""

from __future__ import annotations

import contextlib
import os
import sys

from acutimer.paths import home_dir

LOCK_NAME = "remind.lock"


def hold_instance_lock() -> int | None:
    """Take the home's reminder lock for the life of the process: its fd, or None if taken.

    The operating system drops the lock when the process dies, however it dies.
    """
    path = home_dir() / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(fd)
            return None
    else:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def already_running() -> str:
    """The message for a second ``acutimer remind``."""
    try:
        pid = (home_dir() / LOCK_NAME).read_text().strip()
    except OSError:
        pid = ""
    who = f" (process {pid})" if pid.isdigit() else ""
    return (
        f"acutimer remind is already running for {home_dir()}{who}; "
        "one is enough (stop it first to start one here)"
    )
