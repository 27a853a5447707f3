"""The real wait (timerfd, inotify, signals), the notifiers, one reminder per home, and the
user service that ``--install`` writes. No sleeps: every wake here is already pending."""

from __future__ import annotations

import io
import os
import plistlib
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from acutimer.commands.cli import main
from acutimer.history.owners import OwnerLock, any_alive
from acutimer.remind import service
from acutimer.remind.notify import LineNotifier, TerminalNotifier, default_notifier
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


# --- notifiers --------------------------------------------------------------------------------


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_terminal_notifier_rings_and_sends_osc_777_and_9() -> None:
    stream = Tty()
    notifier, way = default_notifier(stream)
    assert isinstance(notifier, TerminalNotifier) and "OSC 777/9" in way
    notifier.notify("Time for low", "planned 10:00")
    text = stream.getvalue()
    assert text.startswith("\a")
    assert "\x1b]777;notify;Time for low;planned 10:00\x1b\\" in text
    assert "\x1b]9;Time for low: planned 10:00\x1b\\" in text


def test_notification_text_cannot_smuggle_terminal_commands() -> None:
    stream = Tty()
    TerminalNotifier(stream).notify("a;b\x1b]52;c;x\x07", "\x1b[2J")
    text = stream.getvalue()
    assert text.count("\x1b") == 4  # the two OSC openers and their two terminators, nothing else
    assert "\x07" not in text[1:]


def test_without_a_terminal_it_writes_a_line_and_never_raises() -> None:
    stream = io.StringIO()
    notifier, way = default_notifier(stream)
    assert isinstance(notifier, LineNotifier) and "no terminal" in way
    notifier.notify("Time for low", "planned 10:00")
    assert stream.getvalue() == "reminder: Time for low: planned 10:00\n"
    stream.close()
    notifier.notify("again", "closed")  # a closed stream is not a crash


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
