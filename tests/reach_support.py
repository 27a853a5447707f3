"""Fake players, speech commands and notify-send for the tests: shell scripts on a PATH of their
own that write what they were asked to do into a log."""

from __future__ import annotations

import os
import select
import shutil
from collections.abc import Callable
from pathlib import Path


class FakeBin:
    """A folder of fake programs, each logging ``NAME ARGS...`` as one line of ``log``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.log = folder / "calls.log"
        # Each call is also written to a FIFO, so a test can block until a program has run.
        self.fifo = folder / "calls.fifo"
        os.mkfifo(self.fifo)
        self._reader = os.open(self.fifo, os.O_RDWR | os.O_NONBLOCK)
        self._pending = b""

    def add(self, name: str, then: str = "", *, status: int = 0) -> Path:
        """A program ``name`` that logs its arguments, runs ``then`` (shell), exits ``status``."""
        program = self.folder / name
        program.write_text(
            "#!/bin/sh\n"
            f'printf "%s %s\\n" "$(basename "$0")" "$*" >> "{self.log}"\n'
            f'printf "%s\\n" "$(basename "$0")" > "{self.fifo}"\n'
            f"{then}\n"
            f"exit {status}\n",
            encoding="utf-8",
        )
        program.chmod(0o755)
        return program

    @property
    def which(self) -> Callable[[str], str | None]:
        """Finds programs in this folder only."""
        return lambda name: shutil.which(name, path=str(self.folder))

    def started(self, timeout: float = 10.0) -> str:
        """Block until a program has started (or fail after ``timeout``); its name."""
        while b"\n" not in self._pending:
            ready, _, _ = select.select([self._reader], [], [], timeout)
            assert ready, "no fake program started in time"
            self._pending += os.read(self._reader, 4096)
        line, self._pending = self._pending.split(b"\n", 1)
        return line.decode()

    def forget(self) -> None:
        """Forget the programs started so far (what :meth:`started` waits for is the next)."""
        self._pending = b""
        while select.select([self._reader], [], [], 0)[0]:
            self._pending = os.read(self._reader, 65536)
        self._pending = b""

    def close(self) -> None:
        os.close(self._reader)

    def calls(self) -> list[str]:
        """Each call so far, as ``NAME ARGS``."""
        if not self.log.exists():
            return []
        return self.log.read_text(encoding="utf-8").splitlines()


def tone_of(call: str) -> str:
    """The tone a player was asked to play: ``pw-play /x/sounds/press-0123.wav`` → ``press``."""
    return Path(call.split()[-1]).stem.rsplit("-", 1)[0]
