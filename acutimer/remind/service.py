"""``acutimer remind --install``: a user service that starts the reminders at login.

A systemd user unit on Linux, a launchd agent on macOS. The file carries a checksum of what we
wrote, so a file the user changed (or one we did not write) is never replaced or removed without
asking. Nothing is started or stopped here: the command prints how to turn it on or off.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from acutimer.fsutil import atomic_write_text

UNIT_NAME = "acutimer-remind.service"
AGENT_LABEL = "org.acutimer.remind"
_MARK = "acutimer-checksum:"


@dataclass(frozen=True)
class Service:
    """Where the service file goes, what it says, and how to turn it on and off."""

    path: Path
    text: str
    turn_on: str
    turn_off: str
    extra_files: tuple[Path, ...] = ()
    """Links an enable made, removed with the file (systemd's ``default.target.wants``)."""


def _checksum(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _command(python: str) -> list[str]:
    return [python, "-m", "acutimer", "remind"]


def _environment() -> dict[str, str]:
    env = {"PYTHONUNBUFFERED": "1"}
    home = os.environ.get("ACUTIMER_HOME")
    if home:
        env["ACUTIMER_HOME"] = str(Path(home).expanduser().resolve())
    return env


def systemd_service(python: str | None = None) -> Service:
    """The systemd user unit (``$XDG_CONFIG_HOME/systemd/user``)."""
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    folder = config / "systemd" / "user"
    exec_start = " ".join(shlex.quote(part) for part in _command(python or sys.executable))
    lines = [
        "[Unit]",
        "Description=acutimer: reminders for your practice plan",
        "",
        "[Service]",
        "Type=simple",
        f"ExecStart={exec_start}",
        *(f"Environment={shlex.quote(f'{k}={v}')}" for k, v in _environment().items()),
        "Restart=on-failure",
        "RestartSec=30",
        "",
        "[Install]",
        "WantedBy=default.target",
        "",
    ]
    body = "\n".join(lines)
    head = (
        "# Written by `acutimer remind --install`; `acutimer remind --uninstall` removes it.\n"
        f"# {_MARK} {_checksum(body)}\n"
    )
    return Service(
        folder / UNIT_NAME,
        head + body,
        turn_on=f"systemctl --user daemon-reload && systemctl --user enable --now {UNIT_NAME}",
        turn_off=f"systemctl --user stop {UNIT_NAME} && systemctl --user daemon-reload",
        extra_files=(folder / "default.target.wants" / UNIT_NAME,),
    )


def launchd_service(python: str | None = None) -> Service:
    """The launchd agent (``~/Library/LaunchAgents``)."""
    import plistlib

    home = Path.home()
    agent = {
        "Label": AGENT_LABEL,
        "ProgramArguments": _command(python or sys.executable),
        "EnvironmentVariables": _environment(),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "StandardOutPath": str(home / "Library" / "Logs" / "acutimer-remind.log"),
        "StandardErrorPath": str(home / "Library" / "Logs" / "acutimer-remind.log"),
    }
    body = plistlib.dumps(agent).decode("utf-8")
    declaration, _, rest = body.partition("\n")
    # No "--" inside an XML comment: the option is not named here.
    comment = f"<!-- Written by acutimer remind (install). {_MARK} {_checksum(rest)} -->"
    path = home / "Library" / "LaunchAgents" / f"{AGENT_LABEL}.plist"
    domain = f"gui/{os.getuid() if hasattr(os, 'getuid') else 501}"
    return Service(
        path,
        f"{declaration}\n{comment}\n{rest}",
        turn_on=f"launchctl bootstrap {domain} {shlex.quote(str(path))}",
        turn_off=f"launchctl bootout {domain}/{AGENT_LABEL}",
    )


def service_for(platform: str | None = None, python: str | None = None) -> Service | None:
    """The service for this platform, or None where there is no such thing we know."""
    platform = platform or sys.platform
    if platform.startswith("linux"):
        return systemd_service(python)
    if platform == "darwin":
        return launchd_service(python)
    return None


def ours_unchanged(text: str) -> bool:
    """Whether ``text`` is a file we wrote and nobody has changed since."""
    lines = text.split("\n")
    for index, line in enumerate(lines[:3]):
        if _MARK in line:
            recorded = line.split(_MARK, 1)[1].strip().removesuffix("-->").strip()
            rest = "\n".join(lines[index + 1 :])
            return _checksum(rest) == recorded
    return False


Ask = Callable[[str], bool]


def install(service: Service, ask: Ask | None) -> tuple[bool, list[str]]:
    """Write the service file; returns (whether it is in place, lines to print).

    ``ask`` asks a yes/no question (None: no one to ask, so a changed file is left alone).
    """
    path = service.path
    try:
        current = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = None
    except (OSError, UnicodeDecodeError) as error:
        return False, [f"acutimer: {path}: cannot be read ({error}); left alone"]
    if current == service.text:
        return True, [f"{path} is already installed, unchanged", f"turn it on: {service.turn_on}"]
    if current is not None and not ours_unchanged(current):
        question = f"{path} was changed by hand (or is not ours). Replace it?"
        if ask is None or not ask(question):
            return False, [
                f"acutimer: {path} was changed by hand (or is not ours): left as it is",
                "move it aside, or run this in a terminal to be asked",
            ]
    try:
        atomic_write_text(path, service.text)
    except OSError as error:
        return False, [f"acutimer: {path}: cannot be written ({error.strerror})"]
    verb = "wrote" if current is None else "updated"
    return True, [
        f"{verb} {path}:",
        *(f"  {line}" for line in service.text.rstrip("\n").split("\n")),
        f"turn it on (it then starts at every login): {service.turn_on}",
    ]


def uninstall(service: Service, ask: Ask | None) -> tuple[bool, list[str]]:
    """Remove the service file (and the link an enable made); returns (done, lines)."""
    path = service.path
    try:
        current = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return True, [f"{path} is not there: nothing to remove"]
    except (OSError, UnicodeDecodeError) as error:
        return False, [f"acutimer: {path}: cannot be read ({error}); left alone"]
    if not ours_unchanged(current):
        question = f"{path} was changed by hand (or is not ours). Remove it anyway?"
        if ask is None or not ask(question):
            return False, [f"acutimer: {path} was changed by hand (or is not ours): left as it is"]
    removed = [path]
    path.unlink()
    for extra in service.extra_files:
        if extra.is_symlink() and Path(os.readlink(extra)).name == path.name:
            extra.unlink()
            removed.append(extra)
    return True, [
        *(f"removed {p}" for p in removed),
        f"if it is running, stop it: {service.turn_off}",
    ]


def ask_in_terminal(question: str) -> bool:
    """Ask yes/no on the terminal; anything but y/yes is no."""
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")
