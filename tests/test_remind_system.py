"""The real wait (timerfd, inotify, signals), the notifiers, one reminder per home, and the
user service that ``--install`` writes. No sleeps: every wake here is already pending."""

from __future__ import annotations

import io
import os
import plistlib
import signal
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from reach_support import FakeBin

from acutimer.commands.cli import main
from acutimer.history.owners import OwnerLock, any_alive
from acutimer.reach.notify import Notifier as Notifications
from acutimer.reach.notify import desktop_notifier_probe as REAL_PROBE
from acutimer.reach.notify import desktop_notifier_send as REAL_SEND
from acutimer.remind import service
from acutimer.remind.notify import ReminderNotifier, default_notifier
from acutimer.remind.single import hold_instance_lock
from acutimer.remind.wait import SystemWaiter

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="timerfd and inotify")


@pytest.fixture
def waiter(tmp_path: Path):  # type: ignore[no-untyped-def]
    with SystemWaiter(tmp_path / "plan.toml", tmp_path / "history.sqlite3.live", None) as w:
        yield w


@linux
def test_it_waits_on_events_not_on_a_timeout(waiter: SystemWaiter) -> None:
    assert waiter.mode == "events"


@linux
def test_a_deadline_gone_by_wakes_it_at_once(waiter: SystemWaiter) -> None:
    wake = waiter.wait(datetime.now(UTC) - timedelta(seconds=5), keys=False)
    assert wake.timer and not wake.plan


@linux
def test_the_plan_file_written_or_replaced_wakes_it(tmp_path: Path, waiter: SystemWaiter) -> None:
    (tmp_path / "plan.toml").write_text("# a plan\n")
    wake = waiter.wait(datetime.now(UTC) + timedelta(days=1), keys=False)
    assert wake.plan and not wake.timer
    (tmp_path / ".plan.toml.123.tmp").write_text("x")
    os.replace(tmp_path / ".plan.toml.123.tmp", tmp_path / "plan.toml")
    assert waiter.wait(None, keys=False).plan


@linux
def test_a_session_starting_anywhere_wakes_it(tmp_path: Path, waiter: SystemWaiter) -> None:
    live = tmp_path / "history.sqlite3.live"
    lock = OwnerLock(live)  # the folder appears, then the lock file in it
    try:
        assert waiter.wait(None, keys=False).sessions
        assert any_alive(live)
    finally:
        lock.release()
    assert waiter.wait(None, keys=False).sessions
    assert not any_alive(live)


def test_sigterm_ends_the_wait_and_sigint_does_not_during_a_session(waiter: SystemWaiter) -> None:
    waiter.ignore_interrupt = True
    os.kill(os.getpid(), signal.SIGINT)
    assert waiter.stop_signal is None
    waiter.ignore_interrupt = False
    os.kill(os.getpid(), signal.SIGTERM)
    assert waiter.wait(None, keys=False).stop == signal.SIGTERM


def test_the_signal_handlers_are_put_back(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    with SystemWaiter(tmp_path / "plan.toml", tmp_path / "live", None):
        assert signal.getsignal(signal.SIGTERM) is not before
    assert signal.getsignal(signal.SIGTERM) is before


def test_keys_from_the_terminal_wake_it(tmp_path: Path) -> None:
    read, write = os.pipe()
    try:
        with SystemWaiter(tmp_path / "plan.toml", tmp_path / "live", read) as waiter:
            os.write(write, b"s")
            assert waiter.wait(None, keys=True).keys == "s"
            os.close(write)
            write = -1
            assert waiter.wait(None, keys=True).keys_closed  # end of input: keys stop
    finally:
        os.close(read)
        if write >= 0:
            os.close(write)


# --- notifiers: issue 17's chain, as remind uses it ------------------------------------------


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class Routes:
    """Fake routes for the chain: the desktop service (up or down) and a notify-send."""

    def __init__(self, folder: Path, *, desktop: bool, notify_send: int | None) -> None:
        self.bin = FakeBin(folder)
        if notify_send is not None:
            self.bin.add("notify-send", status=notify_send)
        self.desktop_up = desktop
        self.desktop_sent: list[tuple[str, str]] = []
        self.notes: list[str] = []

    def desktop(self, title: str, body: str, timeout: float) -> bool:
        if self.desktop_up:
            self.desktop_sent.append((title, body))
        return self.desktop_up

    def chain(self, stream: io.StringIO) -> tuple[ReminderNotifier, str]:
        terminal = stream.isatty()

        def write(data: str) -> None:
            stream.write(data)

        notifications = Notifications(
            self.notes.append,
            write if terminal else None,
            desktop=self.desktop,
            probe=lambda timeout: self.desktop_up,
            which=self.bin.which,
        )
        return default_notifier(stream, notifications=notifications)


@pytest.fixture
def routes(tmp_path: Path) -> Iterator[Callable[..., Routes]]:
    made: list[Routes] = []

    def make(*, desktop: bool, notify_send: int | None) -> Routes:
        made.append(Routes(tmp_path / f"bin{len(made)}", desktop=desktop, notify_send=notify_send))
        return made[-1]

    yield make
    for r in made:
        r.bin.close()


def test_a_desktop_service_takes_the_reminder_and_the_terminal_only_rings(
    routes: Callable[..., Routes],
) -> None:
    r = routes(desktop=True, notify_send=0)
    stream = Tty()
    notifier, way = r.chain(stream)
    assert way == "desktop notifications"
    notifier.notify("Time for low", "planned 10:00")
    notifier.notify("Time for low", "planned 15:00")
    assert r.desktop_sent == [("Time for low", "planned 10:00"), ("Time for low", "planned 15:00")]
    assert r.bin.calls() == []  # notify-send was never needed
    assert stream.getvalue() == "\a\a"  # the tab shows it; no second notification from it
    assert r.notes == []  # the way was said once, at the start, by the caller


def test_without_a_desktop_service_notify_send_takes_it(routes: Callable[..., Routes]) -> None:
    r = routes(desktop=False, notify_send=0)
    stream = Tty()
    notifier, way = r.chain(stream)
    assert way == "notify-send's desktop notifications"
    notifier.notify("Time for low", "planned 10:00")
    assert r.bin.calls() == ["notify-send --app-name=acutimer -- Time for low planned 10:00"]
    assert stream.getvalue() == "\a" and r.notes == []


def test_when_notify_send_fails_too_the_terminal_shows_it_and_says_so_once(
    routes: Callable[..., Routes],
) -> None:
    r = routes(desktop=False, notify_send=1)  # installed, but no service answers it
    stream = Tty()
    notifier, way = r.chain(stream)
    assert way == "notify-send's desktop notifications"  # the best guess, shown nothing
    notifier.notify("Time for low", "planned 10:00")
    notifier.notify("Time for low", "planned 15:00")
    text = stream.getvalue()
    assert text.count("\x1b]777;notify;Time for low;planned 10:00\x1b\\") == 1
    assert "\x1b]9;Time for low: planned 15:00\x1b\\" in text
    assert text.count("\a") == 2  # each one's own bell, no second one
    assert r.notes == [
        "notifications go through the terminal (a notification sequence and the bell)"
        "; desktop notifications and notify-send: not available"
    ]


def test_a_terminal_and_nothing_else_is_said_at_the_start(routes: Callable[..., Routes]) -> None:
    r = routes(desktop=False, notify_send=None)
    stream = Tty()
    notifier, way = r.chain(stream)
    assert way.startswith("this terminal") and "OSC 777/9" in way
    notifier.notify("Time for low", "planned 10:00")
    assert "\x1b]777;notify;Time for low;planned 10:00" in stream.getvalue()
    assert r.notes == []


def test_notification_text_cannot_smuggle_terminal_commands(
    routes: Callable[..., Routes],
) -> None:
    r = routes(desktop=False, notify_send=None)
    stream = Tty()
    notifier, _ = r.chain(stream)
    notifier.notify("a;b\x1b]52;c;x\x07", "\x1b[2J")
    text = stream.getvalue()
    assert text.count("\x1b") == 4  # the two OSC openers and their two terminators, nothing else
    assert text.count("\x07") == 1 and text.endswith("\x07")  # the bell alone


def test_with_no_route_at_all_it_writes_a_line_and_never_raises(
    routes: Callable[..., Routes],
) -> None:
    r = routes(desktop=False, notify_send=1)
    stream = io.StringIO()  # a user service: its output is the journal
    notifier, way = r.chain(stream)
    assert way == "notify-send's desktop notifications"
    notifier.notify("Time for low", "planned 10:00")
    assert stream.getvalue() == "reminder: Time for low: planned 10:00\n"
    assert r.notes == ["notifications: no way to show one (no notification service, no terminal)"]
    stream.close()
    notifier.notify("again", "closed")  # a closed output is not a crash
    r2 = routes(desktop=False, notify_send=None)
    assert r2.chain(io.StringIO())[1].startswith("a line on standard output")


def test_a_journal_gets_the_line_even_when_a_desktop_notification_went(
    routes: Callable[..., Routes],
) -> None:
    r = routes(desktop=True, notify_send=None)
    stream = io.StringIO()
    notifier, way = r.chain(stream)
    notifier.notify("Time for low", "planned 10:00")
    assert way == "desktop notifications" and r.desktop_sent
    assert stream.getvalue() == "reminder: Time for low: planned 10:00\n"


def test_the_real_chain_with_no_service_on_this_machine_never_raises(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "no-runtime"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no notify-send
    stream = Tty()
    real = Notifications(
        lambda text: print(f"acutimer: {text}", file=stream),
        stream.write,
        desktop=REAL_SEND,
        probe=REAL_PROBE,
    )
    notifier, way = default_notifier(stream, notifications=real)
    assert way.startswith("this terminal")
    notifier.notify("Time for low", "planned 10:00")
    assert "\x1b]777;notify;Time for low;planned 10:00" in stream.getvalue()
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""  # the library's log is kept quiet


# --- one per home -----------------------------------------------------------------------------


def test_a_second_reminder_for_the_same_home_is_refused(
    acutimer_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fd = hold_instance_lock()
    assert fd is not None
    try:
        assert main(["remind"]) == 1
        assert "already running" in capsys.readouterr().err
    finally:
        os.close(fd)


# --- the user service -------------------------------------------------------------------------


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    return folder


def test_install_writes_a_systemd_unit_and_says_how_to_turn_it_on(
    config_home: Path, acutimer_home: Path
) -> None:
    unit = service.systemd_service("/opt/py/bin/python3")
    done, lines = service.install(unit, None)
    assert done
    path = config_home / "systemd" / "user" / "acutimer-remind.service"
    text = path.read_text()
    assert "ExecStart=/opt/py/bin/python3 -m acutimer remind" in text
    assert f"Environment=ACUTIMER_HOME={acutimer_home.resolve()}" in text
    assert "WantedBy=default.target" in text
    assert lines[0] == f"wrote {path}:"
    assert any("systemctl --user enable --now acutimer-remind.service" in line for line in lines)
    again, lines = service.install(unit, None)
    assert again and "already installed" in lines[0]


def test_a_unit_the_user_changed_is_not_replaced_without_asking(config_home: Path) -> None:
    unit = service.systemd_service("/opt/py/bin/python3")
    service.install(unit, None)
    changed = unit.path.read_text().replace("RestartSec=30", "RestartSec=5")
    unit.path.write_text(changed)
    newer = service.systemd_service("/usr/bin/python3")
    done, lines = service.install(newer, None)
    assert not done and "changed by hand" in lines[0]
    assert unit.path.read_text() == changed
    asked: list[str] = []
    done, _ = service.install(newer, lambda q: asked.append(q) or False)
    assert not done and asked and unit.path.read_text() == changed
    done, _ = service.install(newer, lambda q: True)
    assert done and "/usr/bin/python3" in unit.path.read_text()


def test_an_unchanged_unit_of_ours_is_updated_in_place(config_home: Path) -> None:
    service.install(service.systemd_service("/opt/old/python3"), None)
    done, lines = service.install(service.systemd_service("/opt/new/python3"), None)
    assert done and lines[0].startswith("updated ")


def test_uninstall_removes_the_unit_and_its_enable_link(config_home: Path) -> None:
    unit = service.systemd_service("/opt/py/bin/python3")
    service.install(unit, None)
    wants = unit.path.parent / "default.target.wants"
    wants.mkdir()
    (wants / unit.path.name).symlink_to(unit.path)
    done, lines = service.uninstall(unit, None)
    assert done and not unit.path.exists() and not (wants / unit.path.name).is_symlink()
    assert lines[0] == f"removed {unit.path}"
    assert "systemctl --user stop acutimer-remind.service" in lines[-1]
    done, lines = service.uninstall(unit, None)
    assert done and "nothing to remove" in lines[0]


def test_uninstall_leaves_a_changed_unit_unless_told(config_home: Path) -> None:
    unit = service.systemd_service("/opt/py/bin/python3")
    unit.path.parent.mkdir(parents=True)
    unit.path.write_text("[Service]\nExecStart=/my/own/thing\n")
    done, _ = service.uninstall(unit, None)
    assert not done and unit.path.exists()
    done, _ = service.uninstall(unit, lambda q: True)
    assert done and not unit.path.exists()


def test_the_launchd_agent_is_a_valid_plist(config_home: Path, tmp_path: Path) -> None:
    agent = service.launchd_service("/opt/py/bin/python3")
    agents = tmp_path / "user" / "Library" / "LaunchAgents"
    assert agent.path == agents / "org.acutimer.remind.plist"
    data = plistlib.loads(agent.text.encode())
    assert data["ProgramArguments"] == ["/opt/py/bin/python3", "-m", "acutimer", "remind"]
    assert data["RunAtLoad"] is True
    assert service.ours_unchanged(agent.text)
    assert "launchctl bootstrap gui/" in agent.turn_on


def test_remind_install_through_the_command_line(
    config_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the systemd unit")
    assert main(["remind", "--install"]) == 0
    out = capsys.readouterr().out
    assert "wrote " in out and "ExecStart=" in out and "systemctl --user" in out
    assert main(["remind", "--uninstall"]) == 0
    assert "removed " in capsys.readouterr().out
