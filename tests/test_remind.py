"""``acutimer remind``'s loop, driven by a fake wall clock, a fake waiter and a fake notifier:
offered once, snooze and skip, nothing during a session, one offer after a sleep, clocks and
zones that move, a broken plan. No sleeps."""

from __future__ import annotations

import io
import signal
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest

from acutimer.plan.model import Plan, PlanEntry
from acutimer.plan.state import PASSED, SKIPPED, RemindState
from acutimer.plan.today import Done, day_views
from acutimer.remind.loop import Deps, Reminder
from acutimer.remind.wait import Wake
from acutimer.routine.errors import AcutimerError

PARIS = ZoneInfo("Europe/Paris")
MONDAY = date(2026, 3, 2)


class WallClock:
    """A wall clock (aware datetimes) that moves only when told to, and a zone that may change."""

    def __init__(self, now: datetime, zone: tzinfo = PARIS) -> None:
        self.now = now
        self.zone = zone

    def __call__(self) -> datetime:
        return self.now.astimezone(self.zone)

    def set(self, hhmm: str, day: date = MONDAY) -> None:
        hours, minutes = map(int, hhmm.split(":"))
        self.now = datetime(day.year, day.month, day.day, hours, minutes, tzinfo=self.zone)


class FakeNotifier:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def notify(self, title: str, body: str) -> None:
        self.sent.append((title, body))


class FakeWaiter:
    """Records what the loop waits for and hands back the next scripted wake."""

    def __init__(self) -> None:
        self.ignore_interrupt = False
        self.calls: list[tuple[datetime | None, bool, float | None]] = []
        self.wakes: list[Wake] = []

    def wait(self, until: datetime | None, *, keys: bool, poll: float | None = None) -> Wake:
        self.calls.append((until, keys, poll))
        return self.wakes.pop(0) if self.wakes else Wake(timer=True)

    @property
    def until(self) -> datetime | None:
        return self.calls[-1][0]


class World:
    """A reminder over a fake world; ``step()`` runs one turn of the loop."""

    def __init__(self, plan: Plan, start: str = "08:00", *, interactive: bool = True) -> None:
        self.clock = WallClock(datetime(2026, 3, 2, 8, 0, tzinfo=PARIS))
        self.clock.set(start)
        self.plan: Plan | Exception = plan
        self.sessions: list[Done] = []
        self.running = False
        self.started: list[str] = []
        self.notifier = FakeNotifier()
        self.out = io.StringIO()
        self.state = RemindState()
        self.saved = 0
        self.waiter = FakeWaiter()
        self.reminder = Reminder(
            Deps(
                now=self.clock,
                zone=lambda: self.clock.zone,
                load_plan=self._load,
                completed=lambda first, last: [
                    s for s in self.sessions if first <= s.started_at.date() <= last
                ],
                session_running=lambda: self.running,
                run_session=self._run,
                notifier=self.notifier,
                out=self.out,
                interactive=interactive,
                state=self.state,
                save_state=self._save,
            )
        )
        self.reminder.reload()

    def _load(self) -> Plan:
        if isinstance(self.plan, Exception):
            raise self.plan
        return self.plan

    def _save(self, state: RemindState) -> None:
        self.saved += 1

    def _run(self, routine: str) -> int:
        assert self.waiter.ignore_interrupt  # Ctrl+C in the session is the session's
        self.started.append(routine)
        self.clock.now += timedelta(minutes=5)
        self.sessions.append(Done(routine, self.clock.now - timedelta(minutes=5)))
        return 0

    def step(self, *wakes: Wake) -> None:
        self.waiter.wakes.extend(wakes)
        self.reminder.step(self.waiter)

    def offered(self) -> list[str]:
        return [o.slot.routine for o in self.reminder.queue]


def plan(*entries: PlanEntry) -> Plan:
    return Plan(routines=list(entries))


def at(routine: str, *times: str, **kwargs: object) -> PlanEntry:
    return PlanEntry(routine=routine, at=list(times), **kwargs)  # type: ignore[arg-type]


def moment(hhmm: str, day: date = MONDAY, zone: tzinfo = PARIS) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=zone)


# --- the wait and the offer -------------------------------------------------------------------


def test_it_sleeps_until_the_next_time_and_then_offers_it_once() -> None:
    world = World(plan(at("low", "10:00", "15:00")))
    world.step()
    assert world.waiter.until == moment("10:00")
    assert world.notifier.sent == [] and "next: low at 10:00" in world.out.getvalue()
    world.clock.set("10:00")
    world.step()
    assert world.notifier.sent == [("Time for low", "planned 10:00")]
    assert world.offered() == ["low"]
    assert "Enter start now" in world.out.getvalue()
    assert world.waiter.until == moment("15:00")  # waits for keys, and for the next time
    world.step()
    assert len(world.notifier.sent) == 1  # the same time is never offered twice


def test_enter_runs_the_session_here_and_says_it_is_done() -> None:
    world = World(plan(at("low", "10:00")), start="10:00")
    world.step(Wake(keys="\r"))
    assert world.started == ["low"]
    assert "done: low (10:00)" in world.out.getvalue()
    assert world.reminder.queue == []
    assert not world.waiter.ignore_interrupt
    views = day_views(world.reminder.plan or Plan(), MONDAY, world.clock(), PARIS, world.sessions)
    assert [v.status for v in views] == ["done"]


def test_a_session_that_did_not_complete_is_said_so() -> None:
    world = World(plan(at("low", "10:00")), start="10:00")
    world.reminder.d.run_session = lambda routine: 130
    world.step(Wake(keys="\n"))
    assert "low was not completed (exit status 130)" in world.out.getvalue()


def test_snooze_offers_it_again_ten_minutes_later() -> None:
    world = World(plan(at("low", "10:00", "15:00")), start="10:00")
    world.step(Wake(keys="s"))
    assert world.reminder.queue == []
    assert "snoozed low until 10:10" in world.out.getvalue()
    world.step()
    assert world.waiter.until == moment("10:10")
    world.clock.set("10:10")
    world.step()
    assert [title for title, _ in world.notifier.sent] == ["Time for low", "Time for low"]
    assert world.offered() == ["low"]


def test_skip_lets_the_time_go_and_the_plan_shows_it_skipped() -> None:
    world = World(plan(at("low", "10:00", "15:00")), start="10:00")
    world.step(Wake(keys="x"))
    assert "skipped low (10:00)" in world.out.getvalue()
    world.clock.set("10:30")
    world.step()
    assert len(world.notifier.sent) == 1
    views = day_views(
        world.reminder.plan or Plan(), MONDAY, world.clock(), PARIS, [], world.state.marks
    )
    assert [v.status for v in views] == [SKIPPED, "later"]


def test_a_time_already_done_is_not_offered() -> None:
    world = World(plan(at("low", "10:00")), start="09:00")
    world.sessions.append(Done("low", moment("09:30")))
    world.clock.set("10:00")
    world.step()
    assert world.notifier.sent == []


def test_q_stops_and_signals_end_cleanly() -> None:
    world = World(plan(at("low", "10:00")))
    world.step(Wake(keys="q"))
    assert world.reminder.stopped and world.reminder.status == 0
    for number, status in ((signal.SIGTERM, 0), (signal.SIGINT, 130)):
        world = World(plan(at("low", "10:00")))
        world.step(Wake(stop=number))
        assert world.reminder.stopped and world.reminder.status == status
        assert "reminders stopped" in world.out.getvalue()


# --- sessions, sleeps, clocks and zones -------------------------------------------------------


def test_no_reminder_while_a_session_runs_then_one_when_it_ends() -> None:
    world = World(plan(at("low", "10:00"), at("hands", "10:05")), start="09:55")
    world.running = True
    world.clock.set("10:08")
    world.step()
    assert world.notifier.sent == []
    assert world.waiter.calls[-1] == (None, True, 60.0)  # woken by the session's end, or a look
    assert "a session is running" in world.out.getvalue()
    world.running = False
    world.step(Wake(sessions=True))
    assert world.notifier.sent == [
        (
            "2 routines are due",
            "low (missed at 10:00 while away); hands (missed at 10:05 while away)",
        )
    ]


def test_after_a_sleep_missed_times_are_offered_once_never_as_a_burst() -> None:
    every = PlanEntry(routine="hands", every=3600.0, between="09:00-18:00")
    world = World(plan(every, at("low", "11:15", "15:45")), start="08:30")
    world.step()
    world.clock.set("16:20")  # the lid was closed from 08:30 to 16:20
    world.step()
    assert len(world.notifier.sent) == 1
    title, body = world.notifier.sent[0]
    assert title == "2 routines are due"
    assert "hands (missed at 16:00 while away)" in body and "low (missed at 15:45" in body
    assert world.offered() == ["hands", "low"]
    passed = [k for k, what in world.state.marks.items() if what == PASSED and "03-02" in k]
    assert len(passed) == 7 + 1  # 09:00..15:00 of hands, 11:15 of low: let go quietly
    world.step(Wake(keys="x"))
    world.step(Wake(keys="x"))
    world.step()
    assert len(world.notifier.sent) == 1


def test_a_clock_set_back_never_offers_a_time_twice() -> None:
    world = World(plan(at("low", "10:00")), start="10:00")
    world.step()
    world.clock.set("09:00")  # someone set the clock back an hour
    world.step()
    world.clock.set("10:00")
    world.step()
    assert len(world.notifier.sent) == 1


def test_a_clock_set_forward_loses_nothing() -> None:
    world = World(plan(at("low", "10:00")), start="09:00")
    world.step()
    world.clock.set("12:00")
    world.step()
    assert world.notifier.sent == [("Time for low", "missed at 10:00 while away")]


def test_the_night_dst_ends_the_repeated_hour_fires_once() -> None:
    autumn = date(2026, 10, 25)
    world = World(plan(at("night", "02:30")))
    world.clock.now = moment("01:00", autumn)
    world.step()
    first = world.waiter.until
    assert first is not None and first.astimezone(PARIS).utcoffset() == timedelta(hours=2)
    world.clock.now = first
    world.step()
    world.clock.now = first + timedelta(hours=1)  # 02:30 again, in winter time
    world.step()
    assert len(world.notifier.sent) == 1


def test_the_night_dst_starts_a_skipped_time_fires_once_after_the_jump() -> None:
    spring = date(2026, 3, 29)
    world = World(plan(at("night", "02:30", "03:30")))
    world.clock.now = moment("01:00", spring)
    world.step()
    assert world.waiter.until is not None
    assert world.waiter.until.astimezone(PARIS).strftime("%H:%M") == "03:30"
    world.clock.now = world.waiter.until
    world.step()
    world.step(Wake(keys="x"))
    world.step()
    assert len(world.notifier.sent) == 1  # 02:30 (moved to 03:30) and 03:30 are one time


def test_flying_west_the_same_planned_time_is_not_offered_again() -> None:
    world = World(plan(at("low", "10:00")), start="10:00")
    world.step()
    new_york = ZoneInfo("America/New_York")
    world.clock.zone = new_york  # landed: 10:00 comes round again, six hours later
    world.clock.now = moment("10:00", MONDAY, new_york)
    world.step()
    assert len(world.notifier.sent) == 1


def test_flying_east_a_time_that_passed_in_the_air_is_offered_once() -> None:
    world = World(plan(at("low", "10:00", "20:00")), start="07:00")
    world.step()
    tokyo = ZoneInfo("Asia/Tokyo")
    world.clock.zone = tokyo
    world.clock.now = moment("21:30", MONDAY, tokyo)
    world.step()
    assert world.notifier.sent == [("Time for low", "missed at 20:00 while away")]


def test_times_of_earlier_days_are_let_go() -> None:
    world = World(plan(at("low", "10:00")), start="09:00")
    world.clock.now = moment("08:00", MONDAY + timedelta(days=2))
    world.step()
    assert world.notifier.sent == []


# --- the plan file ----------------------------------------------------------------------------


def test_a_broken_plan_is_reported_and_the_last_good_one_kept() -> None:
    world = World(plan(at("low", "10:00")))
    world.plan = AcutimerError.single(
        "plan.toml", "unknown key 'evrey'", key="routines[0].evrey", line=3
    )
    world.step(Wake(plan=True))
    out = world.out.getvalue()
    assert "plan.toml:3: routines[0].evrey: unknown key 'evrey'" in out
    assert "last good plan" in out
    world.clock.set("10:00")
    world.step()
    assert world.notifier.sent == [("Time for low", "planned 10:00")]


def test_a_plan_broken_from_the_start_waits_for_a_fix() -> None:
    world = World(plan())
    world.plan = AcutimerError.single("plan.toml", "is not valid TOML", line=2)
    world.reminder.plan = None
    world.reminder.reload()
    assert "no reminders until it is fixed" in world.out.getvalue()
    world.step()
    assert world.waiter.until is None
    world.plan = plan(at("low", "10:00"))
    world.step(Wake(plan=True))
    world.step()
    assert world.waiter.until == moment("10:00")


def test_a_changed_plan_is_read_when_it_wakes_us() -> None:
    world = World(plan(at("low", "10:00")))
    world.step()
    world.plan = plan(at("low", "09:00"))
    world.step(Wake(plan=True))
    world.step()
    assert world.waiter.until == moment("09:00")
    assert "plan changed: 1 routine planned" in world.out.getvalue()


# --- without a terminal, and hostile data -----------------------------------------------------


def test_without_a_terminal_it_only_notifies() -> None:
    world = World(plan(at("low", "10:00")), start="10:00", interactive=False)
    world.step()
    assert world.notifier.sent and world.reminder.queue == []
    assert "Enter start now" not in world.out.getvalue()
    assert world.waiter.calls[-1][1] is False


def test_a_failing_notifier_never_stops_the_reminders() -> None:
    world = World(plan(at("low", "10:00")), start="10:00")

    class Broken:
        def notify(self, title: str, body: str) -> None:
            raise RuntimeError("no notification service")

    world.reminder.d.notifier = Broken()
    world.step()
    assert "the notification failed (no notification service)" in world.out.getvalue()
    assert world.offered() == ["low"]


def test_control_characters_in_a_routine_name_never_reach_the_terminal() -> None:
    world = World(plan(at("\x1b]52;c;aGk=\x07evil", "10:00")), start="10:00")
    world.step()
    assert "\x1b" not in world.out.getvalue() and "\x07" not in world.out.getvalue()
    assert all("\x1b" not in t + b for t, b in world.notifier.sent)


@pytest.mark.parametrize("key", ["\r", "s", "x"])
def test_keys_without_an_offer_do_nothing(key: str) -> None:
    world = World(plan(at("low", "10:00")))
    world.step(Wake(keys=key))
    assert world.started == [] and not world.reminder.stopped


def test_input_that_ends_turns_offers_into_notifications_only() -> None:
    world = World(plan(at("low", "10:00", "11:00")), start="10:00")
    world.step(Wake(keys_closed=True))
    assert "reminders only notify now" in world.out.getvalue()
    assert world.reminder.queue == []
    world.clock.set("11:00")
    world.step()
    assert len(world.notifier.sent) == 2 and world.reminder.queue == []


def test_what_is_due_now_is_offered_before_what_was_caught_up() -> None:
    world = World(plan(at("low", "07:00"), at("hands", "10:00")), start="09:59")
    world.step()  # 07:00 of low, missed while away, is offered first...
    assert world.offered() == ["low"]
    world.clock.set("10:00")
    world.step()  # ...until hands comes due: it goes in front
    assert world.offered() == ["hands", "low"]
    assert "hands: now (planned 10:00)" in world.out.getvalue()
