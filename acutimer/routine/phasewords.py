"""Words for a phase as it runs: its label, what to do in it, and what a long wait says.

Shared by the plain runner, the TUI and the cues; plain strings only.
"""

from __future__ import annotations

from acutimer.routine.limits import CALL_BACK_SECONDS
from acutimer.routine.models import Step, Technique
from acutimer.routine.pointmodels import Point
from acutimer.routine.stepwords import PRESS_VERB, TECHNIQUE_TEXT, side_text
from acutimer.routine.timeline import Phase, PhaseKind
from acutimer.routine.units import format_duration as fmt

PHASE_LABEL = {
    PhaseKind.FIND: "find the point",
    PhaseKind.PRESS: "press",
    PhaseKind.RELEASE: "release",
    PhaseKind.SWITCH: "switch side",
    PhaseKind.REST: "rest",
    PhaseKind.GET_READY: "get ready",
    PhaseKind.DONE: "done",
}
"""A phase's name, as a label over the countdown."""


def phase_instruction(phase: Phase, step: Step, point: Point) -> str:
    """What to do in a phase, in a few words: ``"press firmly · left hand"``."""
    side = side_text(phase.side, point)
    if phase.kind is PhaseKind.FIND:
        return f"find {point.code} · {side}"
    if phase.kind is PhaseKind.SWITCH:
        return f"switch to the {side}" if phase.side is not None else "switch sides"
    if phase.kind is PhaseKind.RELEASE:
        return "release"
    if phase.kind is PhaseKind.REST:
        return "rest"
    if phase.kind is PhaseKind.GET_READY:
        if phase.before_next_step:
            return "get ready for the next point"
        return f"get ready: back to {point.code} · {side}"
    if phase.kind is PhaseKind.DONE:
        return "done"
    verb = "hold steady" if phase.steady else PRESS_VERB[step.pressure]
    if step.technique is not Technique.HOLD and not phase.steady:
        verb += f" ({TECHNIQUE_TEXT[step.technique]})"
    return f"{verb} · {side}"


def long_wait_lines(phase: Phase, step: Step, *, wait_for_me: bool | None) -> list[str]:
    """What a long wait says (a release, switch or rest of 2 minutes or more): get on with your
    work, and how you are called back. Nothing for any other phase.

    Args:
        phase: the phase.
        step: the step it belongs to (its get-ready time is when the call back comes).
        wait_for_me: the setting now, or None where it cannot be changed (no keys).
    """
    if not phase.long:
        return []
    ahead = fmt(step.get_ready_seconds or CALL_BACK_SECONDS)
    what = "the next point" if phase.kind is PhaseKind.REST else "the next press"
    lines = [
        f"Carry on with your work: {ahead} before {what}, a soft tone and a notification "
        "call you back."
    ]
    if wait_for_me:
        lines.append(
            f"Wait for me is on: if no key comes from you by then, the session waits for you "
            f"at {what} (w turns it off)."
        )
    elif wait_for_me is not None:
        lines.append(f"Wait for me is off: {what} starts on time, back or not (w turns it on).")
    return lines


def waiting_line(phase: Phase) -> str:
    """In a get-ready phase with wait for me on: how to say you are back."""
    what = "the next point" if phase.before_next_step else "the press"
    return f"Back? Press Enter. Wait for me is on: {what} does not start without you."


def held_line(phase: Phase) -> str:
    """The session waits for you at the end of a get-ready phase: how to go on."""
    what = "the next point" if phase.before_next_step else "the press"
    return f"waiting for you · Enter or space starts {what}"
