"""Safe file writes and reads: nothing a user wrote is lost to a crash half-way through a save,
and nothing read can block on a FIFO or grow without bound."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path


class TargetExists(FileExistsError):
    """A write with ``overwrite=False`` found the file already there."""


_IN_THE_WAY = "it is a file, not a folder"


def make_dirs(folder: Path) -> None:
    """Create ``folder`` and its parents.

    Raises:
        NotADirectoryError: a file is in the way; its ``filename`` is that file (not an
            "already exists" about the folder).
        OSError: any other failure (a symlink loop, permission, a read-only disk...).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        for part in (folder, *folder.parents):
            try:
                if os.path.lexists(part) and not stat.S_ISDIR(os.stat(part).st_mode):
                    raise NotADirectoryError(errno.ENOTDIR, _IN_THE_WAY, str(part)) from None
            except FileNotFoundError:  # a dangling symlink
                raise NotADirectoryError(
                    errno.ENOTDIR, "it is a link to nothing", str(part)
                ) from None
        raise


def atomic_write_text(path: Path, text: str, *, overwrite: bool = True) -> None:
    """Write ``text`` (as UTF-8) to ``path`` atomically: see :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite)


def atomic_write_bytes(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file in the same dir, then a rename.

    A crash at any moment leaves either the old file or the new one, never a half-written file.

    Args:
        path: the file to write.
        data: its new content.
        overwrite: when False, refuse (:class:`TargetExists`) if ``path`` exists at the moment
            of the rename, so another routine is never replaced without asking.

    Raises:
        TargetExists: ``overwrite`` is False and the file is there.
        OSError: the folder cannot be made or written (see :func:`describe_os_error`).
    """
    make_dirs(path.parent)
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
            try:
                os.link(temp, path)
            except FileExistsError:
                raise TargetExists(errno.EEXIST, "already exists", str(path)) from None
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


class NotAFile(OSError):
    """The path is a directory, a FIFO, a socket or a device: ``kind`` says which."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a file")
        self.kind = kind


class TooLarge(OSError):
    """The file is larger than the reader allows; ``size`` is its size in bytes."""

    def __init__(self, path: Path, size: int) -> None:
        super().__init__(f"{path} is {size} bytes")
        self.size = size


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, never blocking on what is not one.

    The file is opened without blocking and looked at before a byte is read, so a FIFO, a
    device or a socket where a file is expected is refused at once (a FIFO would otherwise wait
    for a writer forever), and so is a file that is too large.

    Raises:
        NotAFile: it is a directory, a FIFO, a socket or a device.
        TooLarge: it holds more than ``limit`` bytes.
        OSError: it cannot be opened or read (missing, permission, a symlink loop...).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile(path, _kind(info.st_mode))
        if info.st_size > limit:
            raise TooLarge(path, info.st_size)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise TooLarge(path, len(data))
    return data


def describe_os_error(error: OSError) -> str:
    """What went wrong with a file or folder, in words (no errno numbers)."""
    if isinstance(error, NotAFile | TooLarge):
        return str(error)
    if error.strerror in (_IN_THE_WAY, "it is a link to nothing"):
        return error.strerror
    reasons = {
        errno.ENOENT: "it does not exist",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOTDIR: "part of its path is a file, not a folder",
        errno.EISDIR: "it is a directory",
        errno.ELOOP: "its path goes round a loop of symbolic links",
        errno.ENAMETOOLONG: "its name is too long",
        errno.EROFS: "the file system is read-only",
        errno.ENOSPC: "the disk is full",
        errno.EEXIST: "something of that name is already there",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))


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
