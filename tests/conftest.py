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


class FakeDesktop:
    """The desktop's notification service, as the tests have it: it takes every notification
    and shows none (no real D-Bus call, no pop-up on the machine running the tests)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, title: str, body: str, timeout: float) -> bool:
        self.sent.append((title, body))
        return True

    def probe(self, timeout: float) -> bool:
        return True


@pytest.fixture(autouse=True)
def desktop(monkeypatch: pytest.MonkeyPatch) -> FakeDesktop:
    """No test reaches the real notification service: a test that wants a route to fail, or the
    real library, gives the notifier its own."""
    from acutimer.reach import notify

    fake = FakeDesktop()
    monkeypatch.setattr(notify, "desktop_notifier_send", fake.send)
    monkeypatch.setattr(notify, "desktop_notifier_probe", fake.probe)
    return fake
