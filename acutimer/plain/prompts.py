"""The plain runner's side of the history: the recorder, the pain questions and the h key.

A session at ``--speed`` other than 1 is a preview and is not recorded. Pain is asked only when
the session is recorded and stdin is a terminal: one line each, before and after, Enter skips.
Nothing here raises because of the database (see :class:`acutimer.history.Recorder`).
"""

from __future__ import annotations

from typing import TextIO

from acutimer.history.recorder import Recorder
from acutimer.routine.points import Points
from acutimer.routine.units import fmt_clock
from acutimer.session.engine import Session

PAIN_BEFORE = "Pain now, 0-10 (Enter to skip): "
PAIN_AFTER = "Pain now, after the session, 0-10 (Enter to skip): "
PAIN_AGAIN = "A whole number from 0 (none) to 10 (worst), or Enter to skip."
PAIN_GIVEN_UP = "No rating kept."


def open_recorder(speed: float, err: TextIO) -> Recorder | None:
    """A recorder for a session at ``speed``, or None (a preview, or history is off: said on
    ``err``)."""
    if speed != 1:
        return None

    def warn(message: str) -> None:
        print(f"acutimer: {message}", file=err, flush=True)

    recorder, warning = Recorder.open(on_warning=warn)
    if warning is not None:
        warn(warning)
    return recorder


def parse_pain(text: str) -> int | None:
    """A pain rating typed by the user, or None if it is not a whole number from 0 to 10."""
    text = text.strip()
    # isdecimal and ASCII: int() would take '٣' or ' 3 ', and '²'.isdigit() is True.
    if not (text.isascii() and text.isdecimal()) or len(text) > 2:
        return None
    rating = int(text)
    return rating if rating <= 10 else None


def ask_pain(question: str, stdin: TextIO, out: TextIO) -> int | None:
    """Ask for a rating on one line; Enter (or the end of input) skips. Asks again once after
    an answer that is not a rating. Ctrl+C is left to the caller (KeyboardInterrupt)."""
    for attempt in range(2):
        out.write(question)
        out.flush()
        line = stdin.readline()
        if not line:
            out.write("\n")
            return None
        if not line.strip():
            return None
        rating = parse_pain(line)
        if rating is not None:
            return rating
        out.write((PAIN_AGAIN if attempt == 0 else PAIN_GIVEN_UP) + "\n")
    out.flush()
    return None


class Marks:
    """The h key: mark the current step's point as one that helped, or (again) take it back,
    and say so in one line."""

    def __init__(self, recorder: Recorder | None, session: Session, points: Points, out: TextIO):
        self.recorder = recorder
        self.session = session
        self.points = points
        self.out = out
        self.marked: set[int] = set()
        """The steps marked."""

    def toggle(self) -> None:
        """Mark the point of the current step, or take its mark back."""
        session, recorder = self.session, self.recorder
        clock = f"[{fmt_clock(session.elapsed())}]"
        step = session.step
        if step is None:
            return
        point = self.points.resolve(step.point)
        index = session.phase.step
        if session.speed != 1:
            self.out.write(f"{clock} a preview is not recorded, so {point.code} is not marked\n")
        elif recorder is None or not recorder.enabled:
            self.out.write(f"{clock} history is off, so {point.code} is not marked\n")
        elif index in self.marked:
            self.marked.discard(index)
            recorder.unmark_helped(index, point.code)
            self.out.write(f"{clock} took back the mark on {point.code} {point.pinyin}\n")
        else:
            self.marked.add(index)
            recorder.mark_helped(index, point.code)
            self.out.write(
                f"{clock} marked {point.code} {point.pinyin} as helpful · h again takes it back\n"
            )
        self.out.flush()


def ask_resume(offer: str, stdin: TextIO, out: TextIO) -> bool:
    """Ask on one line whether to carry on a session cut short: Enter (or y) carries on, n
    starts afresh; the end of input starts afresh too (no one is there to say otherwise). Any
    other answer is asked again once, then starts afresh. Ctrl+C is left to the caller."""
    for attempt in range(2):
        out.write(f"{offer} Enter carries on, n starts afresh: ")
        out.flush()
        line = stdin.readline()
        if not line:
            out.write("\n")
            return False
        answer = line.strip().lower()
        if answer in ("", "y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
        if attempt == 0:
            out.write("Press Enter to carry on, or n and Enter to start afresh.\n")
    out.write("Starting afresh.\n")
    out.flush()
    return False
