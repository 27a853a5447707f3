"""The reminder loop: what is due, offering it once, and waiting for the next time.

Everything it touches comes in through :class:`Deps` (the clock, the zone, the plan, the
history, the notifier, the way to run a session) and :class:`Waiter`, so the tests drive it with
a fake clock and a fake notifier, one :meth:`Reminder.step` at a time, with no sleeps.

The rules:

- A planned time is offered once: it is marked (:mod:`acutimer.plan.state`) before anyone is
  told, by its wall-time key, so a restart, a clock set back or a DST night cannot offer it
  again; a time already done (a completed session near it) is not offered at all.
- After a sleep (of the machine, or a clock moved on) only the latest passed time of each
  routine is offered, and all that are offered at one moment share one notification: never a
  burst. Times of earlier days are let go.
- No reminder while a session is running anywhere: it waits until the session ends.
- A broken plan file is reported (file, key, line) and the last good plan is kept.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol, TextIO

from acutimer.plan.model import Plan
from acutimer.plan.schedule import Slot, day_slots, next_slot
from acutimer.plan.state import OFFERED, PASSED, SKIPPED, SNOOZED, RemindState
from acutimer.plan.today import DUE_FOR, Done, match_done
from acutimer.remind.notify import Notifier, safe
from acutimer.remind.wait import Wake
from acutimer.routine.errors import EXIT_INTERRUPTED, EXIT_OK, AcutimerError

SNOOZE = timedelta(minutes=10)
LATE = timedelta(minutes=2)
"""An offer this long after its time was caught up (the machine slept, the clock moved)."""
SESSION_POLL = 60.0
"""While a session runs: look again this often (a killed session leaves its lock file)."""
KEYS = "Enter start now · s snooze 10 min · x skip · q quit"


class Waiter(Protocol):
    """What the loop sleeps in (:class:`acutimer.remind.wait.SystemWaiter`, or a fake)."""

    ignore_interrupt: bool

    def wait(self, until: datetime | None, *, keys: bool, poll: float | None = None) -> Wake:
        """Sleep until ``until``, a key, a signal or a change."""


@dataclass
class Deps:
    """What the loop needs from the world."""

    now: Callable[[], datetime]
    """Now, aware."""
    zone: Callable[[], tzinfo]
    """The local time zone, read afresh (it may change while we run)."""
    load_plan: Callable[[], Plan]
    """The plan; raises :class:`AcutimerError` for a broken file."""
    completed: Callable[[date, date], list[Done]]
    """Completed sessions on those local days."""
    session_running: Callable[[], bool]
    run_session: Callable[[str], int]
    """Run a session of the routine in this terminal; returns its exit status."""
    notifier: Notifier
    out: TextIO
    interactive: bool
    """Keys can be read: offers wait for an answer."""
    state: RemindState = field(default_factory=RemindState)
    save_state: Callable[[RemindState], None] = lambda state: None


@dataclass
class Offer:
    """A planned time put to the user."""

    slot: Slot
    late: bool


class Reminder:
    """The loop. :meth:`run` until stopped, or :meth:`step` once (tests)."""

    def __init__(self, deps: Deps) -> None:
        self.d = deps
        self.plan: Plan | None = None
        """The last good plan."""
        self.queue: list[Offer] = []
        self.stopped = False
        self.status = EXIT_OK
        self._shown: str | None = None
        self._waiting_said = False
        self._history_said = False

    def say(self, text: str) -> None:
        """One line on the terminal (or the log)."""
        with contextlib.suppress(OSError, ValueError):  # the terminal went away
            print(text, file=self.d.out, flush=True)

    # --- the plan -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the plan again; a broken one is reported and the last good plan kept."""
        try:
            plan = self.d.load_plan()
        except AcutimerError as error:
            for problem in error.problems:
                self.say(f"acutimer: {safe(str(problem))}")
            if self.plan is not None:
                self.say("the plan file has problems: reminders go on with the last good plan")
            else:
                self.say("the plan file has problems: no reminders until it is fixed")
            return
        first = self.plan is None
        self.plan = plan
        self._shown = None
        count = len(plan.routines)
        if not count:
            self.say("nothing planned: `acutimer plan add ROUTINE` plans one; this waits for it")
        elif not first:
            self.say(f"plan changed: {count} routine{'s' * (count != 1)} planned")

    # --- one turn -----------------------------------------------------------------------------

    def run(self, waiter: Waiter) -> int:
        """Remind until stopped (q, Ctrl+C, SIGTERM); returns the exit status."""
        self.reload()
        while not self.stopped:
            self.step(waiter)
        return self.status

    def step(self, waiter: Waiter) -> None:
        """Offer what is due, then wait once."""
        now, zone = self.d.now(), self.d.zone()
        if self.d.session_running():
            if not self._waiting_said:
                self.say("a session is running: reminders wait until it ends")
                self._waiting_said = True
            self._handle(waiter.wait(None, keys=self.d.interactive, poll=SESSION_POLL), None)
            return
        if self._waiting_said:
            self._waiting_said = False
            self._shown = None
        self.collect(now, zone)
        if not self.d.interactive:
            self.queue.clear()  # told by the notifier; no one to ask
        offer = self.queue[0] if self.queue else None
        if offer is not None:
            self._show_offer(offer, zone)
        else:
            self._show_next(now, zone)
        wake = waiter.wait(self.next_time(now, zone), keys=self.d.interactive)
        self._handle(wake, offer, waiter)

    def next_time(self, now: datetime, zone: tzinfo) -> datetime | None:
        """When to look again: the plan's next time, or a snoozed time coming back."""
        times = [until for until in self.d.state.snoozed.values() if until > now]
        if self.plan is not None:
            upcoming = next_slot(self.plan, now, zone)
            if upcoming is not None:
                times.append(upcoming.at)
        return min(times) if times else None

    def collect(self, now: datetime, zone: tzinfo) -> list[Offer]:
        """Queue what is due now (once each) and tell the user once; returns the new offers."""
        if self.plan is None:
            return []
        today = now.astimezone(zone).date()
        state = self.d.state
        passed = [
            s
            for d in (today - timedelta(days=1), today)
            for s in day_slots(self.plan, d, zone)
            if s.at <= now
        ]
        open_slots = [
            s
            for s in passed
            if s.key not in state.marks
            or (state.marks[s.key] == SNOOZED and state.snoozed.get(s.key, now) <= now)
        ]
        if not open_slots and not self.queue:
            return []
        done = self._done(today, zone)
        self.queue = [o for o in self.queue if o.slot.key not in done]
        latest: dict[str, Slot] = {}
        for slot in open_slots:
            if slot.key in done:
                continue
            recent = slot.local(zone).date() == today or now - slot.at <= DUE_FOR
            earlier = latest.get(slot.routine)
            if not recent or (earlier is not None and earlier.at > slot.at):
                state.mark(slot.key, PASSED)
                continue
            if earlier is not None:
                state.mark(earlier.key, PASSED)
            latest[slot.routine] = slot
        offers = [Offer(slot, now - slot.at > LATE) for slot in latest.values()]
        for offer in offers:
            state.mark(offer.slot.key, OFFERED)
            self.queue = [o for o in self.queue if o.slot.routine != offer.slot.routine]
        # What is due now comes first; times caught up after a sleep wait behind it.
        self.queue = [o for o in offers if not o.late] + self.queue + [o for o in offers if o.late]
        if open_slots:
            state.prune(today)
            self.d.save_state(state)
        if offers:
            self._notify(offers, zone)
        return offers

    def _done(self, today: date, zone: tzinfo) -> set[str]:
        assert self.plan is not None
        from acutimer.history.errors import HistoryError

        try:
            sessions = self.d.completed(today - timedelta(days=2), today + timedelta(days=1))
        except HistoryError as error:
            if not self._history_said:
                self.say(f"acutimer: {error}; times done are not known")
                self._history_said = True
            sessions = []
        around = [
            s for d in range(-2, 2) for s in day_slots(self.plan, today + timedelta(days=d), zone)
        ]
        return set(match_done(around, sessions))

    def _notify(self, offers: list[Offer], zone: tzinfo) -> None:
        if len(offers) == 1:
            [offer] = offers
            title = f"Time for {offer.slot.routine}"
            body = self._when(offer, zone)
        else:
            title = f"{len(offers)} routines are due"
            body = "; ".join(f"{o.slot.routine} ({self._when(o, zone)})" for o in offers)
        try:
            self.d.notifier.notify(safe(title), safe(body))
        except Exception as error:  # a notifier must never stop the reminders
            self.say(f"acutimer: the notification failed ({error})")

    @staticmethod
    def _when(offer: Offer, zone: tzinfo) -> str:
        at = offer.slot.local(zone).strftime("%H:%M")
        return f"missed at {at} while away" if offer.late else f"planned {at}"

    # --- the terminal -------------------------------------------------------------------------

    def _show_offer(self, offer: Offer, zone: tzinfo) -> None:
        text = f"{safe(offer.slot.routine)}: {'now' if not offer.late else 'still to do'}"
        text += f" ({self._when(offer, zone)})"
        if self._shown != offer.slot.key:
            self._shown = offer.slot.key
            self.say(f"\n{text}\n  {KEYS}")

    def _show_next(self, now: datetime, zone: tzinfo) -> None:
        upcoming = next_slot(self.plan, now, zone) if self.plan is not None else None
        if upcoming is None:
            text = "next: nothing planned" if self.plan is not None else ""
        else:
            local = upcoming.local(zone)
            day = "" if local.date() == now.astimezone(zone).date() else local.strftime("%a ")
            text = f"next: {safe(upcoming.routine)} at {day}{local.strftime('%H:%M')}"
        if text and text != self._shown:
            self._shown = text
            self.say(text)

    def _handle(self, wake: Wake, offer: Offer | None, waiter: Waiter | None = None) -> None:
        if wake.stop is not None:
            import signal

            self.stopped = True
            self.status = EXIT_INTERRUPTED if wake.stop == signal.SIGINT else EXIT_OK
            self.say("reminders stopped")
            return
        if wake.keys_closed and self.d.interactive:
            self.d.interactive = False
            self.queue.clear()
            self.say("no more keys can come (input closed): reminders only notify now")
        if wake.plan:
            self.reload()
        for key in wake.keys:
            if key in "qQ":
                self.stopped = True
                self.say("reminders stopped")
                return
            if offer is None:
                continue
            if key in "\r\n" and waiter is not None:
                self.start(offer, waiter)
                return
            if key in "sS":
                self.snooze(offer)
                return
            if key in "xX":
                self.skip(offer)
                return

    def snooze(self, offer: Offer) -> None:
        """Offer it again in 10 minutes."""
        until = self.d.now() + SNOOZE
        self.d.state.snooze(offer.slot.key, until)
        self.d.save_state(self.d.state)
        self.queue.remove(offer)
        self._shown = None
        local = until.astimezone(self.d.zone()).strftime("%H:%M")
        self.say(f"snoozed {safe(offer.slot.routine)} until {local}")

    def skip(self, offer: Offer) -> None:
        """Let this time go (``acutimer plan`` shows it as skipped)."""
        self.d.state.mark(offer.slot.key, SKIPPED)
        self.d.save_state(self.d.state)
        self.queue.remove(offer)
        self._shown = None
        self.say(f"skipped {safe(offer.slot.routine)} ({offer.slot.wall})")

    def start(self, offer: Offer, waiter: Waiter) -> None:
        """Run the session here, then say whether it did the planned time."""
        self.queue.remove(offer)
        self._shown = None
        waiter.ignore_interrupt = True  # Ctrl+C in the session is the session's
        try:
            status = self.d.run_session(offer.slot.routine)
        finally:
            waiter.ignore_interrupt = False
        zone = self.d.zone()
        today = self.d.now().astimezone(zone).date()
        if offer.slot.key in self._done(today, zone):
            self.say(f"done: {safe(offer.slot.routine)} ({offer.slot.wall})")
        else:
            self.say(
                f"{safe(offer.slot.routine)} was not completed (exit status {status}); "
                f"`acutimer plan` shows what is left"
            )
