"""Playing acutimer's tones through whatever player the machine has.

The players are tried in order: ``pw-play`` (PipeWire), ``paplay`` (PulseAudio), ``aplay``
(ALSA), ``afplay`` (macOS). A tone never blocks the session: the player runs as a child that is
not waited for, and is reaped later. A player that cannot play (it exits with an error: no sound
server, no device) is dropped for the next one, once, with a word; with none left, the route says
so once and the caller falls back to the bell.

Volume is in the tone itself (its samples are scaled), so it works with every player, aplay too.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from acutimer.reach.children import Children
from acutimer.reach.tones import ToneFiles, length

PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pw-play", ()),
    ("paplay", ()),
    ("aplay", ("-q",)),
    ("afplay", ()),
)
"""Each player with the options it needs before the file, in the order they are tried."""

MAX_AT_ONCE = 2
"""Tones that may sound together; one more is dropped (at a high ``--speed``, phases fly by)."""

NO_PLAYER = "no sound player found (pw-play, paplay, aplay or afplay)"


class Sound:
    """Plays tones by name.

    Args:
        folder: where the tone files are kept (the cache dir).
        volume: 0 to 100; 0 plays nothing.
        note: told, once each, what happens: a player dropped, or none found.
        which: finds a program on PATH (``shutil.which``); tests pass their own.
        fallback: what happens instead, for the notes: "ringing the terminal bell instead".
    """

    def __init__(
        self,
        folder: Path,
        volume: int,
        note: Callable[[str], None],
        which: Callable[[str], str | None] = shutil.which,
        fallback: str = "ringing the terminal bell instead",
    ) -> None:
        self.fallback = fallback
        self.files = ToneFiles(folder, volume)
        self.volume = volume
        self.note = note
        self.children = Children()
        self.players = [(name, found, extra) for name, extra in PLAYERS if (found := which(name))]
        self.played: list[tuple[str, str]] = []
        """(player, tone) for every tone started, in order."""
        if not self.players:
            note(f"{NO_PLAYER}; {fallback}")

    def set_volume(self, volume: int) -> None:
        """Play the tones from now on at ``volume``."""
        self.volume = volume
        self.files = ToneFiles(self.files.folder, volume)

    @property
    def available(self) -> bool:
        """Whether a player is left to try."""
        self._reap()
        return bool(self.players)

    @property
    def player(self) -> str | None:
        """The name of the player in use."""
        return self.players[0][0] if self.players else None

    def play(self, tone: str) -> bool:
        """Start playing ``tone``; False when it cannot (no player: ring the bell instead).

        True also when the tone is dropped because others are still sounding, or when the
        volume is 0: the cue was given as far as sound goes.
        """
        self._reap()
        if not self.players:
            return False
        if self.volume <= 0 or len(self.children.running) >= MAX_AT_ONCE:
            return True
        path = self.files.path(tone)
        if path is None:
            return False
        while self.players:
            name, found, extra = self.players[0]
            if self.children.start([found, *extra, str(path)], name, length(tone)) is not None:
                self.played.append((name, tone))
                return True
            self._drop(name, "cannot be started")
        return False

    def _reap(self) -> None:
        for child, status in self.children.reap():
            if status != 0 and not child.stopped and self.player == child.command:
                self._drop(child.command, f"did not play (exit status {status})")

    def _drop(self, name: str, why: str) -> None:
        self.players = [p for p in self.players if p[0] != name]
        following = self.player
        then = f"trying {following}" if following else self.fallback
        self.note(f"sound: {name} {why}; {then}")

    def close(self, grace: float = 0.0) -> None:
        """Stop every tone: those ending within ``grace`` seconds may finish first."""
        self.children.close(grace)
