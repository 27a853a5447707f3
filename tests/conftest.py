"""Shared fixtures: every test gets its own empty acutimer home."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def acutimer_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point ACUTIMER_HOME at a fresh dir so no test touches the real user dirs."""
    home = tmp_path / "home"
    monkeypatch.setenv("ACUTIMER_HOME", str(home))
    return home
