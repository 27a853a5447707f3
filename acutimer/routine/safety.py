"""The safety texts every front end shows: the full notice and the plain runner's short form.

They come from the articles' safety lists (pregnancy, high blood pressure, heart disease, cancer,
arthritis and long-term conditions; wounds, scars, varicose veins, inflammation and swelling;
discomfort means too hard), put in our own words, plus the signs that call for a doctor rather
than acupressure, which are ours: acutimer makes no claim to treat anything.
"""

from __future__ import annotations

SEE_A_DOCTOR = (
    "Do not press; see a doctor instead, if back or leg pain comes with weakness or numbness in "
    "a leg, loss of control of your bladder or bowels, or a fever, or if it began with a fall or "
    "an injury."
)
"""When to see a doctor rather than press: the signs that back pain needs a doctor."""

NOTICE = [
    "Ask a doctor before you start if you are pregnant, have high blood pressure, heart "
    "disease, cancer or arthritis, or live with another long-term condition.",
    SEE_A_DOCTOR,
    "Never press on an open wound, a scar, a varicose vein, or anywhere that is inflamed or "
    "swollen.",
    "Firm is fine; pain is not. If a press hurts, ease off: you are pressing too hard.",
    "Use a light touch on delicate spots, such as the back of the knee.",
    "The places you pressed may feel tender for a day or so afterwards. That is common; if it "
    "bothers you, press more lightly next time.",
    "acutimer keeps time for you; it does not diagnose or treat anything. Pain that is severe "
    "or keeps getting worse is a reason to see a doctor.",
]
"""The full safety notice, one point a line: before the first session, and on the s key."""

SAFETY_LINES = [
    "Safety: firm is fine, pain is not. Never press on a wound, scar, varicose vein or swollen "
    "skin. Pregnant, high blood pressure, heart disease, cancer, arthritis or another "
    "long-term condition? Ask a doctor first.",
    "Leg weakness or numbness, loss of bladder or bowel control, fever, or pain since a fall "
    "or injury: see a doctor, do not press.",
]
"""The plain runner's short form of the notice, printed before every session."""
