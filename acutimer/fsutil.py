"""Safe file writes: nothing a user wrote is lost to a crash half-way through a save."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from pathlib import Path


def atomic_write_text(path: Path, text: str, *, overwrite: bool = True) -> None:
    """Write ``text`` (as UTF-8) to ``path`` atomically: see :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite)


def atomic_write_bytes(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file in the same dir, then a rename.

    A crash at any moment leaves either the old file or the new one, never a half-written file.

    Args:
        path: the file to write.
        data: its new content.
        overwrite: when False, refuse (FileExistsError) if ``path`` exists at the moment of the
            rename, so another routine is never replaced without asking.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temp, path)
        else:
            # link() fails if the target exists: no window in which another file is replaced.
            os.link(temp, path)
            temp.unlink()
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def move_no_replace(source: Path, target: Path) -> None:
    """Move the file (or symlink) ``source`` to ``target``, never replacing a file there.

    A hard link is made first, then ``source`` is removed: a crash in between leaves both names
    for the same file, never neither. Where hard links cannot be made (another file system, a
    file system without them), the file is copied beside ``target``, linked into place, and only
    then is ``source`` removed.

    Raises:
        FileExistsError: something is already at ``target``; nothing was moved.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        _copy_no_replace(source, target)
    os.unlink(source)
    _fsync_dir(target.parent)
    _fsync_dir(source.parent)


def _copy_no_replace(source: Path, target: Path) -> None:
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        shutil.copy2(source, temp)
        with open(temp, "rb") as handle:
            os.fsync(handle.fileno())
        try:
            os.link(temp, target)
        except OSError as error:
            if isinstance(error, FileExistsError) or error.errno != errno.EPERM:
                raise
            if target.exists():  # no hard links here at all: check, then rename
                raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
            os.rename(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
