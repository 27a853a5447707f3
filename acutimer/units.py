"""Formatting durations; no dependencies, so the fast commands can use it."""

from __future__ import annotations


def format_duration(seconds: float) -> str:
    """Format seconds the way a routine file would write them: ``"90s"`` → ``"1m30s"``."""
    whole = round(seconds)
    if abs(seconds - whole) > 1e-9:
        return f"{seconds:g}s"
    minutes, secs = divmod(whole, 60)
    if minutes and secs:
        return f"{minutes}m{secs}s"
    if minutes:
        return f"{minutes}m"
    return f"{secs}s"
