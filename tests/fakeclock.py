"""The one fake clock the tests share: monotonic seconds that move only when told to."""

from __future__ import annotations


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass."""
        self.now += seconds


class SelectClock(FakeClock):
    """A fake clock that stands in for the ``select`` module too, for the plain runner: its waits
    move the clock by their timeout instead of sleeping, and no key ever comes."""

    def select(
        self, read: list[int], write: list[int], error: list[int], timeout: float | None
    ) -> tuple[list[int], list[int], list[int]]:
        assert timeout is not None, "a session without keys never waits without a limit"
        self.now += timeout
        return [], [], []
