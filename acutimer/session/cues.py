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
- A long wait (a release or rest of 2 minutes or more: time to get on with your work) calls
  you back before what follows it: as its get-ready phase starts (30 s before the press, unless
  the step says otherwise), or ``CALL_BACK_SECONDS`` before its end when the step has no
  get-ready phase, a soft tone (as the sound setting says) and a desktop notification, once
  each time the wait runs out on the clock; never for a wait left by a key, never for one
  already over. The notification goes in the background, so a slow service holds nothing up.

A cue that comes late is dropped, never given late: when its phase is already over by the time
it is announced (several phases passed in one look at the clock, after the process was stopped),
or more than :data:`LATE_SECONDS` after its moment. Speech never queues behind itself (see
:mod:`acutimer.reach.speech`).
"""

from __future__ import annotations

import math

from acutimer.config import Config
from acutimer.reach import Reach
from acutimer.routine.limits import CALL_BACK_SECONDS
from acutimer.routine.models import Breathing
from acutimer.routine.phasewords import PHASE_LABEL, phase_instruction
from acutimer.routine.points import Points
from acutimer.routine.stepwords import side_text
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
        self._called_back = False
        """This phase has called the user back already (once per wait)."""
        self.notified: list[tuple[str, str]] = []
        """Every notification asked for, in order: (title, body)."""
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
        """After each look at the clock: a turn of the breath, a call back inside a long wait,
        and the title's seconds."""
        self._breath_turn()
        self._call_back_inside()
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
        self._called_back = False
        running = self.session.state is State.RUNNING
        if phase.kind is PhaseKind.GET_READY and running and not event.jumped:
            self._notify_call_back()
        if self._late(phase):
            return
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
        if ticking and self.reach.sound(config.volume, bell=config.bell).play(TICK):
            self.given.append(("tone", TICK))
        if config.voice and config.voice_breath:
            self._say(spoken(breath_cue(breath.phase, synchronised=True)), urgent=False)

    def _say(self, words: str, *, urgent: bool) -> None:
        if self.reach.say(words, volume=self.config.volume, urgent=urgent):
            self.given.append(("say", words))

    # --- calling back after a long wait ---------------------------------------------------

    def _call_back_inside(self) -> None:
        """A long wait with no get-ready phase after it: the call back near its end."""
        session = self.session
        phase = session.phase
        if session.state is not State.RUNNING or not self._calls_back_inside():
            return
        remaining = session.remaining()
        if remaining > CALL_BACK_SECONDS or remaining <= 0:
            return
        self._notify_call_back()
        moment = session.clock_at(phase.duration - CALL_BACK_SECONDS)
        config = self.config
        late = moment is not None and session.clock() - moment > LATE_SECONDS
        if not late:
            done = self.reach.chime(
                DEFAULT_SOUND, sound=config.sound, volume=config.volume, bell=config.bell
            )
            if done:
                self.given.append((done, DEFAULT_SOUND if done == "tone" else ""))

    def _calls_back_inside(self) -> bool:
        """Whether this phase is a long wait that calls back near its end, not done yet (one
        with a get-ready phase after it calls back as that starts)."""
        upcoming = self.session.upcoming()
        return (
            self.session.phase.long
            and not self._called_back
            and upcoming is not None
            and upcoming.kind is not PhaseKind.GET_READY
        )

    def _notify_call_back(self) -> None:
        """The desktop notification that calls the user back, once for this wait."""
        session = self.session
        deadline = session.next_deadline()
        if self._called_back or deadline is None or session.clock() >= deadline:
            return  # over already: what it would announce has begun
        self._called_back = True
        title, body = self.call_back_text()
        self.notified.append((title, body))
        self.reach.notify_soon(title, body)

    def call_back_text(self) -> tuple[str, str]:
        """The call back's notification, for what follows this phase:
        ``("acutimer: back to CV-6", "Press 2 of 3 starts in 30 s.")``."""
        session = self.session
        seconds = math.ceil(session.remaining() / session.speed - 1e-6)
        upcoming = session.upcoming()
        assert upcoming is not None and upcoming.kind is not PhaseKind.DONE  # a wait is followed
        step = session.routine.steps[upcoming.step]
        point = self.points.resolve(step.point)
        if upcoming.kind is PhaseKind.FIND:
            title = f"acutimer: next, {point.code} {point.pinyin}"
            what = "The next point"
        else:
            title = f"acutimer: back to {point.code} {point.pinyin}"
            what = "The next press"
            phase = session.phase
            if phase.kind is PhaseKind.GET_READY:
                phase = session.timeline[session.index - 1]  # the wait it ends
            if phase.kind is PhaseKind.SWITCH:
                what = f"The {side_text(upcoming.side, point)}"
            elif upcoming.repeats > 1:
                what = f"Press {upcoming.repeat} of {upcoming.repeats}"
        body = f"{what} starts in {seconds} s."
        if session.wait_for_me:
            body += " Wait for me is on: press Enter in acutimer when you are there."
        return title, body

    # --- the title ------------------------------------------------------------------------

    def title_text(self) -> str:
        """What the title says now: ``press 0:42``, ``paused · press 0:42``, ``done``."""
        session = self.session
        phase = session.phase
        if session.state is State.FINISHED or phase.kind is PhaseKind.DONE:
            return "done"
        if session.state is State.ABANDONED:
            return "stopped"
        if session.held:
            return "waiting for you"
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
        """Clock time at which the title's seconds next change, or a call back inside a long
        wait is due (None unless running): for a front end that sleeps until it has something
        to do."""
        session = self.session
        deadline = session.next_deadline()
        if deadline is None:
            return None
        times: list[float] = []
        if self._calls_back_inside():
            moment = session.clock_at(session.phase.duration - CALL_BACK_SECONDS)
            if moment is not None and moment > session.clock():
                times.append(moment)
        if self.config.title:
            whole = max(0, math.ceil(session.remaining() - 1e-6))
            times.append(deadline - max(0, whole - 1) / session.speed)
        return min(times) if times else None
