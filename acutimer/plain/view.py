"""What the plain runner says: a header, a line per phase change, a line per breath on
breath-synchronised steps, and a summary.

Every phase line starts with the session clock, ``[mm:ss]``: planned routine time into the
session, pauses left out, so it reads the same at any ``--speed``. Details that belong to a line
(where the point is, cautions, what to do meanwhile) follow it on lines indented to the text.

The view is a session listener: it prints when the engine reports a phase; it never times anything.
Every line goes out through :func:`acutimer.safetext.visible`, so text from a routine file or a
file name shows its control characters instead of sending them to the terminal; the bell is the
only control it sends, on purpose. The work per phase does not grow with the routine's length.
"""

from __future__ import annotations

import bisect
import contextlib
import math
import shutil
from collections.abc import Iterator, Sequence
from typing import TextIO

from acutimer.history.outcome import ran_to_a_completed_end
from acutimer.plain.terminal import colour_ok
from acutimer.routine.describe import pregnancy_text
from acutimer.routine.models import Breathing, Routine, Technique
from acutimer.routine.models import format_duration as fmt
from acutimer.routine.phasewords import held_line, long_wait_lines, phase_instruction, waiting_line
from acutimer.routine.pointmap import map_lines
from acutimer.routine.points import Points
from acutimer.routine.safety import SAFETY_LINES
from acutimer.routine.stepwords import (
    PRESS_VERB,
    TECHNIQUE_TEXT,
    opening_lines,
    pace_text,
    side_text,
    step_text,
)
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
from acutimer.session.events import Event, EventKind, State

INDENT = " " * len("[00:00] ")

MAP_WIDTH, MAP_HEIGHT = 56, 14
"""The largest body map a plain session draws (columns with the indent, rows)."""

KEYS_LINE = (
    "Keys: space pause/resume · n next step · p previous step · r restart step · q quit (asks)"
)
MARK_KEY_LINE = (
    "      h marks the point you are on as one that helped (kept in your history); "
    "h again takes it back"
)
WAIT_KEY_LINE = "      after a long wait: Enter says you are back · w turns wait for me on or off"


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
        routine, session = self.routine, self.session
        lines = [
            f"{routine.title} · {_steps(len(session.steps))} · {fmt(session.total)}",
            *SAFETY_LINES,
        ]
        for index in skipped:
            point = self.points.resolve(routine.steps[index].point)
            lines.append(
                f"Leaving out step {index + 1} ({point.code} {point.pinyin}): "
                "your settings avoid points flagged for pregnancy."
            )
        for index in gentler:
            point = self.points.resolve(routine.steps[index].point)
            lines.append(
                f"Doing step {index + 1} ({point.code} {point.pinyin}) the gentler way: "
                "your pregnancy setting asks for it."
            )
        if not pregnancy:
            text = pregnancy_text(routine, self.points, setting=False)
            if text:
                lines.append(text)
        lines += opening_lines(routine)
        if session.speed != 1:
            lines.append(
                f"Preview at {session.speed:g}× speed; the clock shows routine time. "
                "A preview is not recorded in your history."
            )
        if self.keys:
            lines += [KEYS_LINE, MARK_KEY_LINE] if self.mark_key else [KEYS_LINE]
            if any(phase.long for phase in session.timeline):
                lines.append(WAIT_KEY_LINE)
        self.write(*lines, "")

    def summary(self) -> str:
        """One line on how the session went; printed at the end, however it ended."""
        session = self.session
        done = f"{len(session.completed)} of {_steps(len(session.steps))}"
        paused = (
            f", paused {fmt(round(session.paused_seconds))}" if session.paused_seconds >= 1 else ""
        )
        finished = session.state is State.FINISHED
        counts = (len(session.routine.steps), len(session.completed), len(session.skipped_upfront))
        if ran_to_a_completed_end(finished, *counts):
            text = f"Session complete: {done}, {fmt(session.total)}{paused}."
        elif finished:
            text = f"Session ended with steps skipped: {done} done, {fmt(session.total)}{paused}."
        else:
            where = ""
            if session.step is not None:
                where = f" in step {self._number(session.phase.step)}"
            text = (
                f"Stopped at [{fmt_clock(session.elapsed())}]{where}: {done} done, "
                f"{fmt(round(session.elapsed()))} of {fmt(session.total)}{paused}."
            )
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
            self.write(f"[{self._now()}] skipping step {self._number(event.step)} ({point.code})")

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
        self.write(
            clock + self._line(phase), *self._details(phase), styled=self._map(phase), bell=True
        )
        self.catch_up(0.0)

    def _line(self, phase: Phase) -> str:
        step = self.routine.steps[phase.step]
        point = self.points.resolve(step.point)
        name = f"Step {self._number(phase.step)} · {point.code} {point.pinyin}"
        length = fmt(phase.duration)
        side = side_text(phase.side, point)
        if phase.kind is PhaseKind.FIND:
            return f"{name} · {side} · find the point {length}"
        if phase.kind is PhaseKind.SWITCH:
            return f"{name} · switch to the {side} {length}"
        if phase.kind is PhaseKind.RELEASE:
            return f"{name} · release {length}"
        if phase.kind is PhaseKind.REST:
            return f"rest {length} · next: {self._next_step_name(phase.step)}"
        if phase.kind is PhaseKind.GET_READY:
            if phase.before_next_step:
                return f"get ready {length} · next: {self._next_step_name(phase.step)}"
            count = f" · press {phase.repeat} of {phase.repeats} next" if phase.repeats > 1 else ""
            return f"{name} · {side} · get ready {length}: back to the point{count}"
        verb = "hold steady" if phase.steady else PRESS_VERB[step.pressure]
        if step.technique is not Technique.HOLD and not phase.steady:
            verb += f" ({TECHNIQUE_TEXT[step.technique]})"
        count = f" ({phase.repeat} of {phase.repeats})" if phase.repeats > 1 else ""
        line = f"{name} · {side} · {verb} {length}{count}"
        pace = pace_for(step, self.routine)
        if self._marks:
            line += " · with the breath: steady in, deeper out"
        elif pace is not None:
            line += f" · breathe {pace_text(pace)}"
        else:
            line += " · breathe naturally"
        return line

    def _details(self, phase: Phase) -> list[str]:
        step = self.routine.steps[phase.step]
        point = self.points.resolve(step.point)
        texts = step_text(self.routine, step, point)
        lines: list[str] = []
        if self._opens_step(phase):
            lines += [f"Caution: {text}" for text in texts.cautions]
            lines += [text for text in (texts.where, texts.seated, texts.how) if text]
            if texts.note:
                lines.append(f"Note: {texts.note}")
        elif phase.kind is PhaseKind.GET_READY and not phase.before_next_step:
            lines.append(texts.where)  # back from a long wait: where it was
        if phase.kind is PhaseKind.GET_READY and self.keys and self.session.wait_for_me:
            lines.append(waiting_line(phase))
        wait_for_me = self.session.wait_for_me if self.keys else None
        lines += long_wait_lines(phase, step, wait_for_me=wait_for_me)
        if phase.kind in (PhaseKind.RELEASE, PhaseKind.REST) and texts.meanwhile:
            lines.append(f"Meanwhile: {texts.meanwhile}")
        return [INDENT + line for line in lines]

    def _map(self, phase: Phase) -> list[str]:
        """The body map of the point being found, with the side in use marked."""
        if not self.maps or phase.kind not in (
            PhaseKind.FIND,
            PhaseKind.SWITCH,
            PhaseKind.GET_READY,  # back to the point after a long wait: find it again
        ):
            return []
        if phase.kind is PhaseKind.GET_READY and phase.before_next_step:
            return []  # the next step's find, right after, draws it
        point = self.points.resolve(self.routine.steps[phase.step].point)
        width = shutil.get_terminal_size((80, 24)).columns
        return map_lines(
            point,
            phase.side,
            min(MAP_WIDTH, width),
            MAP_HEIGHT,
            colour=colour_ok(self.out),
            indent=INDENT,
        )

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

    def _number(self, step: int) -> str:
        return f"{step + 1}/{len(self.routine.steps)}"

    def _next_step_name(self, step: int) -> str:
        steps = self.session.steps
        at = bisect.bisect_right(steps, step)
        if at == len(steps):
            return "the end"
        point = self.points.resolve(self.routine.steps[steps[at]].point)
        return f"Step {self._number(steps[at])} · {point.code} {point.pinyin}"

    def _now(self) -> str:
        return fmt_clock(self.session.elapsed())

    def _left(self) -> str:
        phase = self.session.phase
        if phase.kind is PhaseKind.DONE:
            return "done"
        step = self.routine.steps[phase.step]
        what = phase_instruction(phase, step, self.points.resolve(step.point))
        return f"{what}, {fmt(math.ceil(self.session.remaining()))} left"


def _steps(count: int) -> str:
    return f"{count} step" if count == 1 else f"{count} steps"


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
