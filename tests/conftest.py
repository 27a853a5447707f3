"""Shared fixtures: every test gets its own empty acutimer home."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def acutimer_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point ACUTIMER_HOME at a fresh dir so no test touches the real user dirs."""
    home = tmp_path / "home"
    monkeypatch.setenv("ACUTIMER_HOME", str(home))
    # No real sound from the tests, and no title bytes in what they read: a test that wants
    # either sets it (and a fake player on PATH) itself.
    monkeypatch.setenv("ACUTIMER_SOUND", "false")
    monkeypatch.setenv("ACUTIMER_TITLE", "false")
    for name in ("ACUTIMER_VOICE", "ACUTIMER_VOLUME", "TEXTUAL_ANIMATIONS"):
        monkeypatch.delenv(name, raising=False)
    return home
