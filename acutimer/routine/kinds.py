"""The words a routine file uses for sides, pressure, technique, breathing, focus, position and
cautions. No dependencies: every layer shares them."""

from __future__ import annotations

from enum import StrEnum


class Sides(StrEnum):
    """Which side or sides of the body a step works on, and in what order."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    MIDLINE = "midline"
    LEFT_THEN_RIGHT = "left-then-right"
    RIGHT_THEN_LEFT = "right-then-left"
    ALTERNATING = "alternating"


class Pressure(StrEnum):
    """How hard to press."""

    LIGHT = "light"
    MEDIUM = "medium"
    FIRM = "firm"
    DEEP = "deep"


class Technique(StrEnum):
    """How to work the point."""

    HOLD = "hold"
    CIRCLES = "circles"
    PINCH = "pinch"
    PULSES = "pulses"
    RUB = "rub"


class Breathing(StrEnum):
    """How to breathe while pressing."""

    PACED = "paced"
    """Follow the breathing guide at the routine's (or the step's) pace."""
    SLOW_DEEP = "slow-deep"
    """Slow, deep breaths: the guide runs at a slower pace."""
    NATURAL = "natural"
    """Breathe as you like; no guide."""
    SYNCHRONISED = "synchronised"
    """Pressure follows the breath: steady on the in-breath, deeper on the out-breath, ease off."""


class Focus(StrEnum):
    """The part of the back (or the kind of relief) a routine is for."""

    LOWER_BACK = "lower-back"
    UPPER_BACK = "upper-back"
    NECK_SHOULDERS = "neck-shoulders"
    HIP_SCIATICA = "hip-sciatica"
    WHOLE_BACK = "whole-back"


class Position(StrEnum):
    """The position a routine is done in."""

    SEATED = "seated"
    LYING = "lying"
    STANDING = "standing"
    ANY = "any"


class Condition(StrEnum):
    """Something about the person that a setting records and a step can be done more gently for."""

    PREGNANCY = "pregnancy"
    """The "leave out points flagged for pregnancy" setting is on."""


class Caution(StrEnum):
    """A safety flag on a point; the session shows it when the point comes up."""

    PREGNANCY = "pregnancy"
    """Left out in pregnancy: the articles list it among points said to bring on labour."""
    HIGH_BLOOD_PRESSURE = "high-blood-pressure"
    """Ask a doctor first if you have high blood pressure."""
    HEART_DISEASE = "heart-disease"
    """Ask a doctor first if you have heart disease."""
    GENTLE_ONLY = "gentle-only"
    """Delicate area: light pressure only."""
    AVOID_STRONG = "avoid-strong"
    """Avoid strong stimulation of this point."""
    WEAK_BACK = "weak-back"
    """With a weak or injured back, leave this point out."""


CAUTION_TEXT: dict[Caution, str] = {
    Caution.PREGNANCY: (
        "Leave this point out if you are pregnant: the articles list it among points said to "
        "bring on labour."
    ),
    Caution.HIGH_BLOOD_PRESSURE: (
        "If you have high blood pressure, check with a doctor before pressing here."
    ),
    Caution.HEART_DISEASE: "If you have heart disease, check with a doctor before pressing here.",
    Caution.GENTLE_ONLY: (
        "Delicate spot: nerves and vessels lie close under the skin. Press gently."
    ),
    Caution.AVOID_STRONG: "Keep the pressure light here: no strong pressing.",
    Caution.WEAK_BACK: (
        "If your back is weak or injured, leave this point out: one article says to use no "
        "pressure at all on a weak back."
    ),
}

CONDITION_CAUTION: dict[Condition, Caution] = {Condition.PREGNANCY: Caution.PREGNANCY}
"""The safety flag whose points a condition's setting leaves out."""
