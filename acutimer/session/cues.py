"""Which cue goes with which moment of a session: a tone, the words, the terminal's title.

:class:`Cues` listens to a session and reaches the user through
:class:`~acutimer.reach.Reach`; a front end only makes one for its session. It reads the
settings each time, so a setting changed during the session (from the app's command palette)
applies at the next cue.

- A phase reached by the clock gets its tone (:data:`SOUNDS`), or the bell when no tone can play;
  the session's start and end too. A phase reached by a key (next, back, restart) gets no tone
  or bell: the key was its own cue.
- With the voice on, each phase is said ("Step 2: Shen Shu. press firmly, both sides at once");
  on steps where the pressure follows the breath, so is each turn of the breath, if wanted.
- On those steps, a soft tick marks each turn of the breath, if wanted.
- The terminal's title tells the phase and the time left: "press 0:42 · acutimer".

A cue that comes late is dropped, never given late: when its phase is already over by the time
it is announced (several phases passed in one look at the clock, after the process was stopped),
or more than :data:`LATE_SECONDS` after its moment. Speech never queues behind itself (see
:mod:`acutimer.reach.speech`).
"""

from __future__ import annotations

import math

from acutimer.config import Config
from acutimer.reach import Reach
from acutimer.routine.describe import PHASE_LABEL, phase_instruction
from acutimer.routine.models import Breathing
from acutimer.routine.points import Points
from acutimer.routine.timeline import Phase, PhaseKind, breath_cue
from acutimer.session.engine import Session
from acutimer.session.events import Event, EventKind, State

SOUNDS: dict[str, str] = {
    PhaseKind.FIND.value: "next-point",
    PhaseKind.PRESS.value: "press",
    PhaseKind.RELEASE.value: "release",
    PhaseKind.SWITCH.value: "switch",
    PhaseKind.REST.value: "rest",
    PhaseKind.DONE.value: "end",
}
"""The tone for each kind of phase, by the kind's name."""
DEFAULT_SOUND = "ready"
"""The tone of a kind of phase not named in :data:`SOUNDS` (a "get ready" before a press, say):
the soft cue of something coming."""
TICK = "tick"
LATE_SECONDS = 1.5
"""Real seconds after its moment past which a cue is dropped."""


def sound_for(phase: Phase) -> str:
    """The tone that marks the start of ``phase``."""
    return SOUNDS.get(str(phase.kind), DEFAULT_SOUND)


def spoken(text: str) -> str:
    """Screen wording made fit to be read aloud: separators become pauses."""
    return text.replace(" · ", ", ").replace("×", " times ")


def clock_text(seconds: float) -> str:
    """Seconds left as a title shows them, rounded up as the countdown does: ``0:42``."""
    whole = max(0, math.ceil(seconds - 1e-6))
    return f"{whole // 60}:{whole % 60:02d}"


class Cues:
    """The cues of one session.

    Args:
        session: the session, not started yet (the start gets its cue too).
        points: the point library, to name each step's point.
        reach: the routes to the user.
        config: the settings in force; read at each cue.
    """

    def __init__(self, session: Session, points: Points, reach: Reach, config: Config) -> None:
        self.session = session
        self.points = points
        self.reach = reach
        self.config = config
        self.given: list[tuple[str, str]] = []
        """Every cue given, in order: ("tone", name), ("bell", ""), ("say", words)."""
        self._breath: tuple[int, int, str] | None = None
        session.subscribe(self.on_event)
        session.watch(self.update)

    # --- listening ------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        """Session listener: the cue for a phase that starts, and the title."""
        if event.kind is EventKind.PHASE_STARTED:
            self._phase_started(event)
        if event.kind in (
            EventKind.PHASE_STARTED,
            EventKind.PAUSED,
            EventKind.RESUMED,
            EventKind.SESSION_FINISHED,
            EventKind.SESSION_ABANDONED,
        ):
            self.show_title()

    def update(self) -> None:
        """After each look at the clock: a turn of the breath, and the title's seconds."""
        self._breath_turn()
        self.show_title()

    # --- phases ---------------------------------------------------------------------------

    def _late(self, phase: Phase) -> bool:
        session = self.session
        deadline = session.next_deadline()
        if deadline is None:
            return False
        now = session.clock()
        started = deadline - phase.duration / session.speed
        if phase.kind is not PhaseKind.DONE and now >= deadline:
            return True  # over already: a later phase comes in this same look
        return now - started > LATE_SECONDS

    def _phase_started(self, event: Event) -> None:
        phase = event.phase
        config = self.config
        self._breath = None
        if self._late(phase):
            return
        running = self.session.state is State.RUNNING
        if running and not event.jumped:
            done = self.reach.chime(
                sound_for(phase), sound=config.sound, volume=config.volume, bell=config.bell
            )
            if done:
                self.given.append((done, sound_for(phase) if done == "tone" else ""))
        if config.voice:
            words = self.words(phase)
            breath = self.session.breath() if running and phase.kind is PhaseKind.PRESS else None
            if breath is not None and self._follows_breath(phase):
                self._breath = (self.session.index, breath.number, str(breath.phase))
                if config.voice_breath:
                    words += ". " + spoken(breath.cue)
            self._say(words, urgent=True)

    def words(self, phase: Phase) -> str:
        """What the voice says as ``phase`` starts."""
        if phase.kind is PhaseKind.DONE:
            return "Session complete"
        step = self.session.routine.steps[phase.step]
        point = self.points.resolve(step.point)
        said = spoken(phase_instruction(phase, step, point))
        if phase.kind is PhaseKind.FIND:
            said = spoken(phase_instruction(phase, step, point)).replace(
                f"find {point.code}", "find the point"
            )
        first = self.session.timeline.index(phase) == self._first_of(phase.step)
        if first:
            said = f"Step {phase.step + 1}: {point.pinyin}. {said}"
        return said

    def _first_of(self, step: int) -> int:
        return next(i for i, p in enumerate(self.session.timeline) if p.step == step)

    def _follows_breath(self, phase: Phase) -> bool:
        step = self.session.routine.steps[phase.step]
        return (
            phase.kind is PhaseKind.PRESS
            and not phase.steady
            and step.breathing is Breathing.SYNCHRONISED
        )

    # --- the breath -----------------------------------------------------------------------

    def _breath_turn(self) -> None:
        session = self.session
        if session.state is not State.RUNNING or not self._follows_breath(session.phase):
            return
        breath = session.breath()
        if breath is None:
            return
        key = (session.index, breath.number, str(breath.phase))
        if key == self._breath:
            return
        first = self._breath is None
        self._breath = key
        if first and breath.number == 1 and breath.length - breath.remaining < 1e-6:
            return  # the phase's own cue said it
        if (breath.length - breath.remaining) / session.speed > LATE_SECONDS:
            return
        config = self.config
        ticking = config.breath_ticks and config.sound
        if ticking and self.reach.sound(config.volume).play(TICK):
            self.given.append(("tone", TICK))
        if config.voice and config.voice_breath:
            self._say(spoken(breath_cue(breath.phase, synchronised=True)), urgent=False)

    def _say(self, words: str, *, urgent: bool) -> None:
        if self.reach.say(words, volume=self.config.volume, urgent=urgent):
            self.given.append(("say", words))

    # --- the title ------------------------------------------------------------------------

    def title_text(self) -> str:
        """What the title says now: ``press 0:42``, ``paused · press 0:42``, ``done``."""
        session = self.session
        phase = session.phase
        if session.state is State.FINISHED or phase.kind is PhaseKind.DONE:
            return "done"
        if session.state is State.ABANDONED:
            return "stopped"
        label = PHASE_LABEL.get(phase.kind, str(phase.kind))
        text = f"{label} {clock_text(session.remaining())}"
        return f"paused · {text}" if session.state is State.PAUSED else text

    def show_title(self) -> None:
        """Put the phase and the time left in the terminal's title, if that is on."""
        if self.config.title:
            self.reach.title(self.title_text())
        else:
            self.reach.restore_title()

    def next_change(self) -> float | None:
        """Clock time at which the title's seconds next change (None unless running): for a
        front end that sleeps until it has something to do."""
        deadline = self.session.next_deadline()
        if deadline is None or not self.config.title:
            return None
        remaining = self.session.remaining()
        whole = max(0, math.ceil(remaining - 1e-6))
        return deadline - max(0, whole - 1) / self.session.speed
