"""Counting things in words: "1 step", "2 steps". No dependencies: every layer may use it."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``plural(1, "step")`` → ``"1 step"``; ``plural(3, "step")`` → ``"3 steps"``.

    Args:
        count: how many.
        noun: the word for one.
        many: the word for several, when it is not ``noun`` + "s".
    """
    return f"{count} {noun if count == 1 else many or noun + 's'}"
