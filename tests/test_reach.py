"""The ways to the user, each with its fallback: tones and their players, speech, the terminal's
title, desktop notifications. Fake programs on a PATH of their own stand in for the real ones."""

from __future__ import annotations

import io
import os
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from reach_support import FakeBin, tone_of

from acutimer.reach import Reach
from acutimer.reach.notify import RETRY_SECONDS, Notifier, Route, desktop_notifier_send
from acutimer.reach.sound import PLAYERS, Sound
from acutimer.reach.speech import TTS_COMMANDS, Voice
from acutimer.reach.terminal import TITLE_POP, TITLE_PUSH, Title, notification_sequence
from acutimer.reach.tones import PEAK, RATE, TONES, ToneFiles, length, render


@pytest.fixture
def bin_(tmp_path: Path) -> Iterator[FakeBin]:
    fake = FakeBin(tmp_path / "bin")
    yield fake
    fake.close()


# --- tones ------------------------------------------------------------------------------------


def _samples(data: bytes) -> list[int]:
    with wave.open(io.BytesIO(data), "rb") as found:
        assert (found.getnchannels(), found.getsampwidth(), found.getframerate()) == (1, 2, RATE)
        frames = found.readframes(found.getnframes())
    return [
        int.from_bytes(frames[i : i + 2], "little", signed=True) for i in range(0, len(frames), 2)
    ]


@pytest.mark.parametrize("name", list(TONES))
def test_each_tone_is_short_soft_and_starts_and_ends_in_silence(name: str) -> None:
    samples = _samples(render(name, 100))
    assert len(samples) == int(length(name) * RATE) + 1
    assert len(samples) / RATE <= 1.8
    peak = max(abs(s) for s in samples)
    level = max(note.level for note in TONES[name])
    assert peak == pytest.approx(PEAK * level * 32767, abs=2)  # never over half of full scale
    # No click: the first and last few milliseconds are near silence.
    assert max(abs(s) for s in samples[:10]) < 0.02 * 32767
    assert max(abs(s) for s in samples[-10:]) < 0.01 * 32767


def test_the_tones_differ_and_volume_scales_them() -> None:
    assert len({render(name, 70) for name in TONES}) == len(TONES)
    loud = max(abs(s) for s in _samples(render("press", 100)))
    soft = max(abs(s) for s in _samples(render("press", 50)))
    assert soft == pytest.approx(loud / 4, rel=0.01)  # by the square of the volume
    assert max(abs(s) for s in _samples(render("press", 0))) == 0


def test_tone_files_are_cached_and_a_damaged_one_is_made_again(tmp_path: Path) -> None:
    files = ToneFiles(tmp_path, 70)
    path = files.path("rest")
    assert path is not None and path.read_bytes() == render("rest", 70)
    assert ToneFiles(tmp_path, 70).path("rest") == path
    assert ToneFiles(tmp_path, 40).path("rest") != path  # the volume is in the name
    for damage in (b"", b"RIFF nonsense", path.read_bytes()[:-100]):
        path.write_bytes(damage)
        assert ToneFiles(tmp_path, 70).path("rest") == path
        assert path.read_bytes() == render("rest", 70)


def test_tones_go_on_when_the_cache_cannot_be_written(tmp_path: Path, bin_: FakeBin) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    notes: list[str] = []
    bin_.add("aplay")
    sound = Sound(blocked / "sounds", 70, notes.append, bin_.which)
    assert sound.play("press") is False  # the caller rings the bell
    assert bin_.calls() == []


# --- players ----------------------------------------------------------------------------------


@pytest.mark.parametrize("first", range(len(PLAYERS) + 1))
def test_players_are_tried_in_order_each_missing_in_turn(
    tmp_path: Path, bin_: FakeBin, first: int
) -> None:
    for name, _options in PLAYERS[first:]:
        bin_.add(name)
    notes: list[str] = []
    sound = Sound(tmp_path / "sounds", 70, notes.append, bin_.which)
    played = sound.play("press")
    sound.children.wait_idle()
    if first == len(PLAYERS):
        assert played is False
        assert notes == [
            "no sound player found (pw-play, paplay, aplay or afplay); "
            "ringing the terminal bell instead"
        ]
        return
    name, options = PLAYERS[first]
    (call,) = bin_.calls()
    assert call.split()[0] == name and call.split()[1:-1] == list(options)
    assert tone_of(call) == "press" and Path(call.split()[-1]).is_file()
    assert played is True and notes == []


@pytest.mark.parametrize(
    ("bell", "flash", "then"),
    [
        (True, False, "ringing the terminal bell instead"),
        (False, True, "flashing the screen instead"),
        (False, False, "going on without sound"),
    ],
)
def test_the_note_of_no_player_says_what_happens_with_the_bell_on_or_off(
    tmp_path: Path, bell: bool, flash: bool, then: str
) -> None:
    # Warming the tones at the start made the sound route first: it once said "ringing the
    # terminal bell instead" under --no-bell.
    notes: list[str] = []
    reach = Reach(
        notes.append,
        bell=lambda: None,
        flash=(lambda: None) if flash else None,
        folder=tmp_path,
        which=lambda _name: None,
    )
    reach.warm(70, bell=bell)
    assert notes == [f"no sound player found (pw-play, paplay, aplay or afplay); {then}"]


def test_a_player_that_fails_gives_way_to_the_next_then_to_the_bell(
    tmp_path: Path, bin_: FakeBin
) -> None:
    bin_.add("pw-play", status=1)  # no PipeWire running
    bin_.add("aplay", status=1)  # no sound card
    notes: list[str] = []
    sound = Sound(tmp_path / "sounds", 70, notes.append, bin_.which)
    assert sound.play("press")
    sound.children.wait_idle()
    assert sound.play("release")  # pw-play's failure is seen: aplay plays this one
    sound.children.wait_idle()
    assert sound.play("rest") is False  # aplay failed too: the bell
    assert [c.split()[0] for c in bin_.calls()] == ["pw-play", "aplay"]
    assert notes == [
        "sound: pw-play did not play (exit status 1); trying aplay",
        "sound: aplay did not play (exit status 1); ringing the terminal bell instead",
    ]
    assert (
        Reach(notes.append, bell=lambda: notes.append("BELL")).chime(
            "rest", sound=False, volume=70, bell=True
        )
        == "bell"
    )


def test_no_player_survives_close_and_grace_lets_the_last_tone_end(
    tmp_path: Path, bin_: FakeBin
) -> None:
    bin_.add("pw-play", 'sleep 0.2; echo finished >> "$(dirname "$0")/calls.log"')
    sound = Sound(tmp_path / "sounds", 70, lambda _: None, bin_.which)
    sound.play("press")
    sound.close(grace=3.0)  # the end of a session: the tone (0.6 s) may finish
    assert bin_.calls()[-1] == "finished"
    bin_.add("pw-play", "exec sleep 30")
    sound.play("press")
    (child,) = sound.children.running
    sound.close()  # a signal: at once
    assert child.process.returncode is not None
    with pytest.raises(ProcessLookupError):
        os.kill(child.process.pid, 0)


def test_volume_zero_plays_nothing_and_too_many_at_once_are_dropped(
    tmp_path: Path, bin_: FakeBin
) -> None:
    bin_.add("pw-play", "sleep 2")
    quiet = Sound(tmp_path / "sounds", 0, lambda _: None, bin_.which)
    assert quiet.play("press") is True and bin_.calls() == []
    sound = Sound(tmp_path / "sounds", 70, lambda _: None, bin_.which)
    for _ in range(4):
        sound.play("tick")
    assert len(sound.children.running) == 2
    sound.close()


# --- speech -----------------------------------------------------------------------------------


def test_speech_cuts_itself_off_for_a_phase_and_drops_a_breath(
    tmp_path: Path, bin_: FakeBin
) -> None:
    bin_.add("espeak-ng", "sleep 5")
    voice = Voice(70, lambda _: None, bin_.which)
    assert voice.say("Step 1: He Gu")
    assert bin_.started() == "espeak-ng"
    first = voice.children.running[0]
    assert voice.say("breathe out", urgent=False) is False  # still speaking: dropped
    assert voice.say("release")  # a new phase: the old words stop
    assert bin_.started() == "espeak-ng"
    first.process.wait(5)
    assert first.stopped and voice.dropped == ["breathe out"]
    voice.close()
    assert [c.split(" ", 3)[3] for c in bin_.calls()] == ["Step 1: He Gu", "release"]
    assert bin_.calls()[0].split()[1:3] == ["-a", "140"]  # the volume, 0-200


@pytest.mark.parametrize("first", range(len(TTS_COMMANDS) + 1))
def test_speech_commands_are_tried_in_order_each_missing_in_turn(
    bin_: FakeBin, tmp_path: Path, first: int
) -> None:
    for name in TTS_COMMANDS[first:]:
        bin_.add(name)
    notes: list[str] = []
    voice = Voice(50, notes.append, bin_.which)
    said = voice.say("\x1b]2;owned\x07 -rest\r\n")
    voice.children.wait_idle()
    if first == len(TTS_COMMANDS):
        assert said is False and len(notes) == 1 and "no text-to-speech command" in notes[0]
        return
    (call,) = bin_.calls()
    assert call.split()[0] == TTS_COMMANDS[first]
    assert "\x1b" not in call and "\x07" not in call and call.endswith("]2;owned -rest")


def test_a_failing_speech_command_gives_way_to_the_next(tmp_path: Path, bin_: FakeBin) -> None:
    bin_.add("espeak-ng", status=1)
    bin_.add("spd-say")
    notes: list[str] = []
    voice = Voice(70, notes.append, bin_.which)
    voice.say("one")
    voice.children.wait_idle()
    voice.say("two")
    voice.children.wait_idle()
    assert [c.split()[0] for c in bin_.calls()] == ["espeak-ng", "spd-say"]
    assert notes == ["voice: espeak-ng failed (exit status 1); trying spd-say"]


# --- the terminal -----------------------------------------------------------------------------


def test_the_title_is_saved_shown_and_given_back() -> None:
    written: list[str] = []
    title = Title(written.append)
    title.show("press 0:42")
    title.show("press 0:42")  # unchanged: nothing written
    title.show("press 0:41\x1b]52;c;evil\x07")
    title.restore()
    title.restore()
    assert written == [
        TITLE_PUSH + "\x1b]2;press 0:42 · acutimer\x1b\\",
        "\x1b]2;press 0:41 ]52;c;evil · acutimer\x1b\\",
        "\x1b]2;\x1b\\" + TITLE_POP,
    ]
    title.resume()  # back from Ctrl+Z: saved again, shown again
    assert written[-1] == TITLE_PUSH + "\x1b]2;press 0:41 ]52;c;evil · acutimer\x1b\\"


def test_without_a_terminal_no_title_bytes_are_written(tmp_path: Path) -> None:
    reach = Reach(lambda _: None, terminal=None, folder=tmp_path)
    reach.title("press 0:42")
    reach.close()  # nothing to give back, nothing raised


def test_a_terminal_notification_is_one_line_with_the_bell() -> None:
    sequence = notification_sequence("acutimer; time", "Press LI-4\x1b[2J now;")
    assert sequence.startswith("\x1b]777;notify;acutimer, time;Press LI-4 [2J now,\x1b\\")
    assert "\x1b]9;acutimer, time: Press LI-4 [2J now;\x1b\\" in sequence
    assert sequence.endswith("\a") and "\x1b[2J" not in sequence


# --- notifications ----------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_notifications_take_the_first_route_that_works_and_say_so_once(
    tmp_path: Path, bin_: FakeBin
) -> None:
    bin_.add("notify-send")
    sent: list[tuple[str, str]] = []
    notes: list[str] = []

    def desktop(title: str, body: str, timeout: float) -> bool:
        sent.append((title, body))
        return True

    notifier = Notifier(notes.append, None, desktop=desktop, which=bin_.which)
    assert notifier.send("acutimer", "Time for hand points") is Route.DESKTOP
    assert notifier.send("acutimer", "Again") is Route.DESKTOP
    assert sent == [("acutimer", "Time for hand points"), ("acutimer", "Again")]
    assert notes == ["notifications go through desktop notifications"]
    assert bin_.calls() == []


def test_without_a_notification_service_notify_send_then_the_terminal(
    tmp_path: Path, bin_: FakeBin
) -> None:
    bin_.add("notify-send")
    notes: list[str] = []
    clock = Clock()
    written: list[str] = []
    notifier = Notifier(
        notes.append, written.append, desktop=lambda *_: False, which=bin_.which, clock=clock
    )
    assert notifier.send("acutimer", "Break\x1b[31m") is Route.NOTIFY_SEND
    assert bin_.calls() == ["notify-send --app-name=acutimer -- acutimer Break [31m"]
    bin_.add("notify-send", status=1)  # its service went away
    clock.now += 1
    assert notifier.send("acutimer", "Break") is Route.TERMINAL
    assert written == [notification_sequence("acutimer", "Break")]
    assert notes == [
        "notifications go through notify-send; desktop notifications: not available",
        "notifications go through the terminal (a notification sequence and the bell)"
        "; notify-send: not available",
    ]


def test_with_no_route_nothing_raises_and_it_is_said_once_then_retried_later(
    bin_: FakeBin,
    tmp_path: Path,
) -> None:
    notes: list[str] = []
    clock = Clock()
    works: list[bool] = [False]
    notifier = Notifier(
        notes.append, None, desktop=lambda *_: works[0], which=bin_.which, clock=clock
    )
    assert notifier.send("a", "b") is None
    assert notifier.send("a", "b") is None
    assert notes == ["notifications: no way to show one (no notification service, no terminal)"]
    works[0] = True  # a desktop session started
    clock.now += RETRY_SECONDS - 1
    assert notifier.send("a", "b") is None  # not tried again so soon
    clock.now += 2
    assert notifier.send("a", "b") is Route.DESKTOP
    assert notes[-1] == "notifications go through desktop notifications"


def test_the_library_without_a_session_bus_fails_quietly(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/nonexistent")
    assert desktop_notifier_send("acutimer", "test", 2.0) is False
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""  # its log is kept off the screen
