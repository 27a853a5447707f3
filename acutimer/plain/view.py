"""What the plain runner says: a header, a line per phase change, a line per breath on
breath-synchronised steps, and a summary.

Every phase line starts with the session clock, ``[mm:ss]``: planned routine time into the
session, pauses left out, so it reads the same at any ``--speed``. Details that belong to a line
(where the point is, cautions, what to do meanwhile) follow it on lines indented to the text.

The view is a session listener: it prints when the engine reports a phase; it never times anything.
Every line goes out through :func:`acutimer.safetext.visible`, so text from a routine file or a
file name shows its control characters instead of sending them to the terminal; the bell is the
only control it sends, on purpose. The work per phase does not grow with the routine's length.
The words themselves, and the body map, come from :mod:`acutimer.plain.lines`.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from typing import TextIO

from acutimer.plain.lines import (
    header_lines,
    phase_details,
    phase_line,
    phase_map,
    step_number,
    summary_text,
)
from acutimer.plain.terminal import colour_ok
from acutimer.routine.models import Breathing, Routine
from acutimer.routine.models import format_duration as fmt
from acutimer.routine.phasewords import held_line, phase_instruction
from acutimer.routine.points import Points
from acutimer.routine.timeline import (
    BreathPhase,
    Phase,
    PhaseKind,
    breath_changes,
    breath_cue,
    breath_parts,
    pace_for,
)
from acutimer.routine.units import fmt_clock
from acutimer.safetext import visible, write_control, write_styled
from acutimer.session.engine import Session
from acutimer.session.events import Event, EventKind


class PlainView:
    """Prints a session as lines of text (and rings the bell, when no one else gives the cues).

    Args:
        session: the session to describe.
        points: the point library, to name and place each step's point.
        out: where lines go; flushed after each write.
        bell: ring the terminal bell at each phase change (only if ``out`` is a terminal); off
            when :class:`acutimer.session.cues.Cues` gives the cues (the runner's case).
        keys: whether keys work (the stall message then asks for space).
        mark_key: whether the h key marks a point as helpful (the session is recorded).
        maps: draw the point on a body map when it is time to find it: the find, each change
            of side, and the get-ready after a long wait; coloured when ``out`` is a terminal.
    """

    def __init__(
        self,
        session: Session,
        points: Points,
        out: TextIO,
        *,
        bell: bool = True,
        keys: bool = False,
        mark_key: bool = False,
        maps: bool = False,
    ) -> None:
        self.session = session
        self.routine: Routine = session.routine
        self.points = points
        self.out = out
        self.bell = bell and _isatty(out)
        self.keys = keys
        self.mark_key = mark_key
        self.maps = maps
        self._phase: Phase | None = None
        self._marks: list[tuple[float, BreathPhase]] = []
        self._inhales: list[int] = []
        """For each breath mark, how many in-breaths the phase has had up to it."""
        self._next_mark = 0
        self._step_starts: dict[int, float] = {}
        for phase in reversed(session.timeline):
            self._step_starts[phase.step] = phase.start
        self._jumping = False
        self._asking = False

    # --- output -----------------------------------------------------------------------------

    def write(self, *lines: str, bell: bool = False, styled: Sequence[str] = ()) -> None:
        """Write whole lines at once and flush them; control characters in them are shown, not
        sent (:func:`acutimer.safetext.visible`). ``styled`` lines, the body map's, follow with
        their own colours (:func:`acutimer.safetext.write_styled`)."""
        if bell and self.bell:
            write_control(self.out, "\a")
        self.out.write(visible("".join(line + "\n" for line in lines)))
        if styled:
            write_styled(self.out, "".join(line + "\n" for line in styled))
        self.out.flush()

    def header(
        self, skipped: Sequence[int], gentler: Sequence[int] = (), *, pregnancy: bool = False
    ) -> None:
        """The lines before the first phase: title, length, safety, the routine's caution and
        preparation, what the pregnancy setting does, keys.

        Args:
            skipped: steps left out by the settings.
            gentler: steps done their gentler way by the settings.
            pregnancy: whether the pregnancy setting is on.
        """
        lines = header_lines(
            self.session,
            self.points,
            skipped,
            gentler,
            pregnancy=pregnancy,
            keys=self.keys,
            mark_key=self.mark_key,
        )
        self.write(*lines, "")

    def summary(self) -> str:
        """One line on how the session went; printed at the end, however it ended."""
        text = summary_text(self.session)
        self.write(text)
        return text

    # --- events -----------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        """Session listener: print (and ring) what the event means."""
        kind = event.kind
        if kind is EventKind.PHASE_STARTED:
            if not self._jumping:
                self.catch_up(math.inf)  # a late tick may pass breaths of the phase just ended
            self._start_phase(event.phase)
        elif kind is EventKind.PAUSED and event.held:
            self.write(f"[{self._now()}] {held_line(event.phase)}")
        elif kind is EventKind.PAUSED and not self._asking:
            self._paused(stalled=event.stalled)
        elif kind is EventKind.RESUMED and not event.held:  # after a wait, the phase line says it
            self.write(f"[{self._now()}] going on: {self._left()}")
        elif kind is EventKind.STEP_SKIPPED and event.step not in self.session.skipped_upfront:
            point = self.points.resolve(self.routine.steps[event.step].point)
            number = step_number(self.session, event.step)
            self.write(f"[{self._now()}] skipping step {number} ({point.code})")

    def wait_for_me_changed(self) -> None:
        """The w key turned wait for me on or off for this session."""
        if self.session.wait_for_me:
            what = "on: after a long wait, with no key while you get ready, it waits for you"
        else:
            what = "off: after a long wait, the next press starts on time"
        self.write(f"[{self._now()}] wait for me {what} (this session)")

    def ask_to_end(self) -> None:
        """Ask whether to end the session (the q key); the runner reads the answer."""
        self.write(f"[{self._now()}] end the session now? y ends it · any other key carries on")

    def still_paused(self) -> None:
        """The answer was no, and the session was paused before the question."""
        self.write(f"[{self._now()}] carrying on, still paused · space to go on")

    @contextlib.contextmanager
    def asking(self) -> Iterator[None]:
        """Around the pause that a question makes: no "paused" line for it."""
        self._asking = True
        try:
            yield
        finally:
            self._asking = False

    @contextlib.contextmanager
    def jumping(self) -> Iterator[None]:
        """Around a key's jump: the breaths left in the phase being left were never reached."""
        self._jumping = True
        try:
            yield
        finally:
            self._jumping = False

    def catch_up(self, upto: float | None = None) -> None:
        """Print the breath lines of the current phase up to ``upto`` seconds into it (now)."""
        if upto is None:
            upto = self.session.phase_elapsed()
        phase = self._phase
        if phase is None:
            return
        # A hair of tolerance: a wake at a cue's clock time must print that cue, not spin.
        while self._next_mark < len(self._marks) and self._marks[self._next_mark][0] <= upto + 1e-6:
            self._next_mark += 1
            self._breath(phase, self._next_mark - 1)

    def next_mark(self) -> float | None:
        """Seconds into the current phase of the next breath cue, or None."""
        if self._next_mark < len(self._marks):
            return self._marks[self._next_mark][0]
        return None

    # --- lines ------------------------------------------------------------------------------

    def _start_phase(self, phase: Phase) -> None:
        self._phase = phase
        self._marks = self._breath_marks(phase)
        self._inhales = []
        count = 0
        for _, kind in self._marks:
            count += kind is BreathPhase.INHALE
            self._inhales.append(count)
        self._next_mark = 0
        clock = f"[{fmt_clock(phase.start)}] "
        if phase.kind is PhaseKind.DONE:
            self.write(f"{clock}Done.", bell=True)
            return
        line = phase_line(self.session, self.points, phase, breath_led=bool(self._marks))
        details = phase_details(
            self.session, self.points, phase, opens_step=self._opens_step(phase), keys=self.keys
        )
        drawn: list[str] = []
        if self.maps:
            drawn = phase_map(self.session, self.points, phase, colour=colour_ok(self.out))
        self.write(clock + line, *details, styled=drawn, bell=True)
        self.catch_up(0.0)

    def _breath(self, phase: Phase, index: int) -> None:
        offset, part = self._marks[index]
        if part is not BreathPhase.INHALE:
            return
        pace = pace_for(self.routine.steps[phase.step], self.routine)
        assert pace is not None  # marks exist only on steps with a pace
        number = self._inhales[index]
        count = self._inhales[-1]
        parts = " → ".join(
            f"{breath_cue(kind, synchronised=True)} ({fmt(length)})"
            for kind, length in breath_parts(pace)
        )
        self.write(f"[{fmt_clock(phase.start + offset)}]   breath {number} of {count} · {parts}")

    def _paused(self, *, stalled: bool) -> None:
        clock = f"[{self._now()}]"
        if not stalled:
            self.write(f"{clock} paused · space to go on")
        elif self.keys:
            self.write(
                f"{clock} paused: the timer was stopped (Ctrl+Z, or the computer slept) "
                "· space to go on"
            )
        else:
            self.write(
                f"{clock} the timer was stopped (or the computer slept); going on from where it was"
            )

    # --- helpers ----------------------------------------------------------------------------

    def _breath_marks(self, phase: Phase) -> list[tuple[float, BreathPhase]]:
        if phase.kind is not PhaseKind.PRESS or phase.steady:
            return []
        step = self.routine.steps[phase.step]
        pace = pace_for(step, self.routine)
        if step.breathing is not Breathing.SYNCHRONISED or pace is None:
            return []
        return breath_changes(pace, phase.duration)

    def _opens_step(self, phase: Phase) -> bool:
        return self._step_starts.get(phase.step) == phase.start

    def _now(self) -> str:
        return fmt_clock(self.session.elapsed())

    def _left(self) -> str:
        phase = self.session.phase
        if phase.kind is PhaseKind.DONE:
            return "done"
        step = self.routine.steps[phase.step]
        what = phase_instruction(phase, step, self.points.resolve(step.point))
        return f"{what}, {fmt(math.ceil(self.session.remaining()))} left"


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
