"""Every way acutimer reaches the user, each with its way down when it can't.

- sound (:mod:`.sound`, tones from :mod:`.tones`): pw-play, paplay, aplay, afplay; none, the
  bell;
- speech (:mod:`.speech`): espeak-ng, spd-say, say; none, silence (said once);
- the terminal (:mod:`.terminal`): its title, saved and given back; the bell;
- desktop notifications (:mod:`.notify`): desktop-notifier, notify-send, the terminal.

:class:`Reach` holds the routes of one session (or of one run of reminders) and ends their
children when closed. Nothing here knows about routines or sessions: which cue goes with which
moment is :mod:`acutimer.session.cues`. Each route is made when first used, so a session that
never sounds looks up no player.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from acutimer.reach.notify import Notifier, Route
from acutimer.reach.sound import Sound
from acutimer.reach.speech import Voice
from acutimer.reach.terminal import Title

__all__ = ["Notifier", "Reach", "Route", "Sound", "Title", "Voice"]

Note = Callable[[str], None]


class Reach:
    """The routes to the user of one session.

    Args:
        note: told, once each, what a route could not do and what happens instead.
        bell: rings the terminal bell; None when there is no terminal to ring.
        flash: a cue to the eye, when the bell is off (the full-screen app flashes the box).
        terminal: writes to the terminal (title, notification sequences); None when output is
            not a terminal, so no such bytes are ever written into a pipe or a file. It may be
            set later, and taken away again (the full-screen app has the terminal only while
            it runs, not while suspended).
        folder: where tone files are kept (the cache dir).
        which: finds a program on PATH.
        notifier: the chain of notification routes (made on first use when None; tests give
            one with fake routes).

    ``defer``, while set, runs each cue later instead of now (the full-screen app sets it until
    its first paint, so the session's first tone never holds that paint back). ``post``, when
    set, runs a callable on the front end's own thread: what a notification sent in the
    background (:meth:`notify_soon`) says or writes to the terminal goes through it.
    """

    def __init__(
        self,
        note: Note,
        *,
        bell: Callable[[], None] | None = None,
        flash: Callable[[], None] | None = None,
        terminal: Callable[[str], None] | None = None,
        folder: Path | None = None,
        which: Callable[[str], str | None] = shutil.which,
        notifier: Notifier | None = None,
    ) -> None:
        self.note = note
        self.bell = bell
        self.flash = flash
        self.terminal = terminal
        self.folder = folder
        self.which = which
        self._sound: Sound | None = None
        self._voice: Voice | None = None
        self._title: Title | None = None
        self._notifier: Notifier | None = notifier
        self._sending: threading.Thread | None = None
        self.defer: Callable[[Callable[[], object]], object] | None = None
        self.post: Callable[[Callable[[], object]], object] | None = None

    # --- sound and the bell -------------------------------------------------------------------

    def sound(self, volume: int, *, bell: bool) -> Sound:
        """The sound route, at ``volume`` (made on first use). ``bell``: whether the bell is
        what happens when no tone can play, for the notes."""
        if self._sound is None:
            if self.folder is None:
                from acutimer.paths import cache_dir

                self.folder = cache_dir() / "sounds"
            if bell and self.bell is not None:
                fallback = "ringing the terminal bell instead"
            elif self.flash is not None:
                fallback = "flashing the screen instead"
            else:
                fallback = "going on without sound"
            self._sound = Sound(self.folder, volume, self.note, self.which, fallback)
        elif self._sound.volume != volume:
            self._sound.set_volume(volume)
        return self._sound

    def chime(self, tone: str, *, sound: bool, volume: int, bell: bool) -> str:
        """Mark a moment: ``tone`` if sound is on and can play, else the bell if it is on, else
        a flash (when there is one to give).

        Returns what was done: ``"tone"``, ``"bell"``, ``"flash"``, ``""``, or ``"later"``
        when it was deferred.
        """
        if self.defer is not None:
            self.defer(lambda: self._chime(tone, sound=sound, volume=volume, bell=bell))
            return "later"
        return self._chime(tone, sound=sound, volume=volume, bell=bell)

    def _chime(self, tone: str, *, sound: bool, volume: int, bell: bool) -> str:
        if sound and self.sound(volume, bell=bell).play(tone):
            return "tone"
        if bell and self.bell is not None:
            self.bell()
            return "bell"
        if not bell and self.flash is not None:
            self.flash()
            return "flash"
        return ""

    # --- speech -------------------------------------------------------------------------------

    def voice(self, volume: int) -> Voice:
        """The speech route (made on first use)."""
        if self._voice is None:
            self._voice = Voice(volume, self.note, self.which)
        self._voice.volume = volume
        return self._voice

    def say(self, text: str, *, volume: int, urgent: bool = True) -> bool:
        """Speak ``text`` (see :meth:`Voice.say`)."""
        if self.defer is not None:
            self.defer(lambda: self.voice(volume).say(text, urgent=urgent))
            return True
        return self.voice(volume).say(text, urgent=urgent)

    def warm(self, volume: int, *, bell: bool) -> None:
        """Make every tone's file now, in a thread, so no cue waits for one to be made.

        ``bell``: whether the bell is on (the note of a missing player says what happens)."""
        import threading

        from acutimer.reach.tones import TONES

        files = self.sound(volume, bell=bell).files

        def make() -> None:
            for name in TONES:
                files.path(name)

        threading.Thread(target=make, name="acutimer-tones", daemon=True).start()

    # --- the terminal -------------------------------------------------------------------------

    def title(self, text: str) -> None:
        """Show ``text`` in the terminal's title (nothing while there is no terminal)."""
        if self.terminal is None:
            return
        if self._title is None:
            self._title = Title(self._to_terminal)
        self._title.show(text)

    def _to_terminal(self, data: str) -> None:
        if self.terminal is not None:
            self.terminal(data)

    def restore_title(self) -> None:
        """Give the terminal its old title back."""
        if self._title is not None and self.terminal is not None:
            self._title.restore()

    def resume_title(self) -> None:
        """Show acutimer's title again after :meth:`restore_title` (back from Ctrl+Z)."""
        if self._title is not None and self.terminal is not None:
            self._title.resume()

    # --- notifications ------------------------------------------------------------------------

    def notify(self, title: str, body: str) -> Route | None:
        """A desktop notification, by the first route that works (see :mod:`.notify`)."""
        if self._notifier is None:
            # The desktop's own is the expected way: only another one is worth a word.
            self._notifier = Notifier(self._note_back, which=self.which, said=Route.DESKTOP)
        # The terminal as it is now (the full-screen app has it only while it runs).
        self._notifier.note = self._note_back
        self._notifier.terminal = self._terminal_back if self.terminal is not None else None
        return self._notifier.send(title, body)

    def notify_soon(self, title: str, body: str) -> bool:
        """:meth:`notify` in a thread of its own, so that a slow notification service (a D-Bus
        call, notify-send: up to seconds) never holds back a cue, a paint or a tick.

        One at a time: while one is on its way, another is dropped (returns False); a session
        asks for one at most every two minutes, so none is lost that way.
        """
        if self._sending is not None and self._sending.is_alive():
            return False
        self._sending = threading.Thread(
            target=self.notify, args=(title, body), name="acutimer-notify", daemon=True
        )
        self._sending.start()
        return True

    def notified(self, timeout: float | None = None) -> bool:
        """Wait until the notification sent by :meth:`notify_soon` is out (True) or ``timeout``
        passed (False)."""
        if self._sending is not None:
            self._sending.join(timeout)
            return not self._sending.is_alive()
        return True

    def _in_sender(self) -> bool:
        return self.post is not None and threading.current_thread() is self._sending

    def _note_back(self, message: str) -> None:
        if self.post is not None and self._in_sender():
            self.post(lambda: self.note(message))
        else:
            self.note(message)

    def _terminal_back(self, data: str) -> None:
        if self.post is not None and self._in_sender():
            self.post(lambda: self._to_terminal(data))
        else:
            self._to_terminal(data)

    # --- the end ------------------------------------------------------------------------------

    def close(self, grace: float = 0.0) -> None:
        """Give the title back and end every child: a tone or words due to end within
        ``grace`` seconds may finish first (the end of a session); none on a signal."""
        self.restore_title()
        for route in (self._sound, self._voice):
            if route is not None:
                route.close(grace)
