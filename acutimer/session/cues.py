"""Cues outside the text: the terminal bell and a spoken voice.

Neither may hold up the timer: the bell is one byte, and speech runs in a child process that is
never waited for. A new cue cuts off the one still being spoken.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import TextIO

TTS_COMMANDS = ("espeak-ng", "spd-say", "say")
"""Text-to-speech commands tried in order: Linux (espeak-ng, speech-dispatcher), then macOS."""

NO_TTS_MESSAGE = (
    "acutimer: --voice: no text-to-speech command found (install espeak-ng; "
    "spd-say and macOS say also work); going on without voice"
)


def find_tts() -> str | None:
    """The path of the first text-to-speech command on PATH, or None."""
    for name in TTS_COMMANDS:
        found = shutil.which(name)
        if found:
            return found
    return None


class Voice:
    """Speaks cues through a text-to-speech command, one at a time, without waiting."""

    def __init__(self, command: str) -> None:
        self.command = command
        self._speaking: subprocess.Popen[bytes] | None = None
        self._stopping: list[subprocess.Popen[bytes]] = []

    def say(self, text: str) -> None:
        """Start saying ``text``, cutting off the previous cue if it is still going."""
        self._reap()
        if self._speaking is not None and self._speaking.poll() is None:
            self._speaking.terminate()
            self._stopping.append(self._speaking)
        try:
            self._speaking = subprocess.Popen(
                [self.command, text],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            # The command vanished or cannot run: the session goes on silently.
            self._speaking = None

    def _reap(self) -> None:
        self._stopping = [p for p in self._stopping if p.poll() is None]


def open_voice(err: TextIO) -> Voice | None:
    """A voice when a text-to-speech command is installed; otherwise say so once on ``err``."""
    command = find_tts()
    if command is None:
        print(NO_TTS_MESSAGE, file=err, flush=True)
        return None
    return Voice(command)


def spoken(text: str) -> str:
    """Screen wording made fit to be read aloud: separators become pauses."""
    return text.replace(" · ", ", ").replace("×", " times ")
