"""Speaking cues through a text-to-speech command: espeak-ng, spd-say, then macOS's say.

Speech never queues behind itself. A cue that matters now (a new phase) cuts off whatever is
still being said; a cue that can wait for nothing (a turn of the breath) is dropped while
something else is being said. A late cue is dropped, never delayed.

A command that fails (it exits with an error) is dropped for the next one, once, with a word.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable

from acutimer.reach.children import Child, Children
from acutimer.reach.text import plain

TTS_COMMANDS = ("espeak-ng", "spd-say", "say")
"""Text-to-speech commands tried in order: Linux (espeak-ng, speech-dispatcher), then macOS."""

NO_TTS_MESSAGE = (
    "--voice: no text-to-speech command found (install espeak-ng; "
    "spd-say and macOS say also work); going on without voice"
)

SECONDS_PER_CHARACTER = 0.08
"""About how long speech takes (for the bounded wait at the end of a session)."""


def find_tts(which: Callable[[str], str | None] = shutil.which) -> str | None:
    """The path of the first text-to-speech command on PATH, or None."""
    for name in TTS_COMMANDS:
        found = which(name)
        if found:
            return found
    return None


class Voice:
    """Speaks cues, one at a time, without waiting for them.

    Args:
        volume: 0 to 100, for the commands that take one (espeak-ng, spd-say).
        note: told, once each, of a command dropped or of none found.
        which: finds a program on PATH.
    """

    def __init__(
        self,
        volume: int,
        note: Callable[[str], None],
        which: Callable[[str], str | None] = shutil.which,
    ) -> None:
        self.volume = volume
        self.note = note
        self.children = Children()
        self.commands = [(name, found) for name in TTS_COMMANDS if (found := which(name))]
        self._speaking: Child | None = None
        self.said: list[str] = []
        """Every cue started, in order (cut off or not)."""
        self.dropped: list[str] = []
        """Cues not said because something was still being said."""
        if not self.commands:
            note(NO_TTS_MESSAGE)

    @property
    def available(self) -> bool:
        """Whether a command is left to try."""
        self._reap()
        return bool(self.commands)

    def say(self, text: str, *, urgent: bool = True) -> bool:
        """Say ``text`` now. Urgent: cut off what is being said. Not urgent: say it only if
        nothing is being said. Returns whether it is being said."""
        self._reap()
        text = plain(text, 300).lstrip("-")
        if not self.commands or not text:
            return False
        speaking = self._speaking
        if speaking is not None and speaking.process.poll() is None:
            if not urgent:
                self.dropped.append(text)
                return False
            self._cut(speaking)
        while self.commands:
            name, found = self.commands[0]
            seconds = 1 + SECONDS_PER_CHARACTER * len(text)
            child = self.children.start(self._argv(name, found, text), name, seconds)
            if child is not None:
                self._speaking = child
                self.said.append(text)
                return True
            self._drop(name, "cannot be started")
        return False

    def _argv(self, name: str, found: str, text: str) -> list[str]:
        if name == "espeak-ng":
            return [found, "-a", str(2 * self.volume), text]  # amplitude 0-200, 100 its default
        if name == "spd-say":
            # -w: the command lasts as long as the speech, so cutting it off can be seen.
            return [found, "-w", "-i", str(2 * self.volume - 100), text]
        return [found, text]

    def _cut(self, child: Child) -> None:
        self.children.stop(child)
        if child.command == "spd-say":
            # The speech server, not the command, is talking: tell it to stop.
            name, found = self.commands[0]
            if name == "spd-say":
                stop = self.children.start([found, "-S"], name, 1.0)
                if stop is not None:
                    stop.stopped = True  # its exit status says nothing about speaking

    def _reap(self) -> None:
        for child, status in self.children.reap():
            in_use = self.commands[0][0] if self.commands else None
            if status != 0 and not child.stopped and child.command == in_use:
                self._drop(child.command, f"failed (exit status {status})")

    def _drop(self, name: str, why: str) -> None:
        self.commands = [c for c in self.commands if c[0] != name]
        following = self.commands[0][0] if self.commands else None
        then = f"trying {following}" if following else "going on without voice"
        self.note(f"voice: {name} {why}; {then}")

    def close(self, grace: float = 0.0) -> None:
        """Stop speaking: a cue due to end within ``grace`` seconds may finish first."""
        self.children.close(grace)
