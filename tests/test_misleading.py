"""Messages that used to say something false, and the behaviour behind them, made true.

Each test is one message or behaviour from the issue: what acutimer says when the routines dir is
a file, when the home is read-only, when a history's version is odd, when the routines folder
cannot be read, with TERM=dumb, for ``repeats = true`` and protocols outside P1-P19, for names in
other scripts, for TOML errors at the end of a document, for a config.toml a stranger wrote, and
for a history another process is writing to.
"""

from __future__ import annotations

import os
import pty
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fakeclock import FakeClock
from hostile_support import run_cli

from acutimer.config import load_config
from acutimer.history import pending as pending_module
from acutimer.history.recorder import Recorder
from acutimer.history.store import HistoryReadOnly, HistoryStore, history_path
from acutimer.routine.authoring import safe_name, title_from_name
from acutimer.routine.loading import load_routine
from acutimer.session.engine import Session
from acutimer.session.events import EventKind, State

GOOD = """\
title = "Test"
summary = "A routine for tests."
focus = "lower-back"
position = "seated"

[[steps]]
point = "LI-4"
hold = "5s"
"""


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def in_the_way(path: Path, kind: str) -> None:
    """Put ``kind`` where ``path`` should be: "a file", "a symlink loop" or "a dangling link"."""
    if kind == "a file":
        write(path, "x")
    elif kind == "a symlink loop":
        path.symlink_to(path)
    else:
        path.symlink_to(path.parent / "nowhere")


# --- the routines dir or the home in the way ------------------------------------------------


def test_a_routines_dir_that_is_a_file_is_said_so(acutimer_home: Path) -> None:
    write(acutimer_home / "routines", "not a folder")
    outcome = run_cli(["new", "mine", "--points", "LI-4"])
    err = outcome.err.decode()
    assert outcome.code == 2 and not outcome.problems(), outcome.problems()
    assert f"{acutimer_home / 'routines'}: cannot be written (it is a file, not a folder)" in err
    assert "meanwhile" not in err


@pytest.mark.parametrize("args", [["schema", "--write"], ["new", "mine", "--points", "LI-4"]])
@pytest.mark.parametrize("kind", ["a file", "a symlink loop", "a dangling link"])
def test_a_home_in_the_way_is_named_with_why(
    acutimer_home: Path, args: list[str], kind: str
) -> None:
    acutimer_home.parent.mkdir(parents=True, exist_ok=True)
    in_the_way(acutimer_home, kind)
    reason = {
        "a file": "it is a file, not a folder",
        "a symlink loop": "loop of symbolic links",
        "a dangling link": "it is a link to nothing",
    }[kind]
    outcome = run_cli(args)
    err = outcome.err.decode()
    assert outcome.code == 2 and not outcome.problems(), outcome.problems()
    assert str(acutimer_home) in err and reason in err, err


def test_a_routine_saved_meanwhile_is_still_said_so(
    acutimer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from acutimer import fsutil

    real_link = os.link

    def link_after_another(source: str, target: str) -> None:
        Path(target).write_text("someone else's", encoding="utf-8")
        real_link(source, target)

    monkeypatch.setattr(fsutil.os, "link", link_after_another)
    outcome = run_cli(["new", "mine", "--points", "LI-4"])
    assert outcome.code == 2 and "already exists (created meanwhile)" in outcome.err.decode()
    assert (acutimer_home / "routines" / "mine.toml").read_text() == "someone else's"


# --- the history's messages -------------------------------------------------------------------


def _history_with_a_session(home: Path) -> Path:
    from datetime import UTC, datetime

    from history_support import record

    path = history_path(home)
    store = HistoryStore.open(path)
    store.add([record(datetime(2026, 1, 5, 9, tzinfo=UTC), routine="upper-back")])
    store.close()
    return path


def test_an_intact_history_in_a_read_only_home_is_shown(
    acutimer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened read-only, not "move that file aside" (root ignores permissions, so the folder's
    refusal is played by the open itself)."""
    _history_with_a_session(acutimer_home)

    def read_only(cls: type[HistoryStore], where: Path, *, timeout: float = 10) -> HistoryStore:
        raise HistoryReadOnly(f"{where} cannot be opened for writing (attempt to write)")

    monkeypatch.setattr(HistoryStore, "open", classmethod(read_only))
    outcome = run_cli(["history"])
    text = outcome.out.decode()
    assert outcome.code == 0 and not outcome.problems(), outcome.problems()
    assert "1 session in all" in text and "Upper back and shoulders" in text
    assert "it is shown as it is" in outcome.err.decode()
    assert "move that file aside" not in outcome.err.decode()


def test_a_read_only_open_reads_a_wal_history(acutimer_home: Path) -> None:
    path = _history_with_a_session(acutimer_home)
    store = HistoryStore.open_readonly(path)
    try:
        assert [r.routine for r in store.sessions()] == ["upper-back"]
        with pytest.raises(Exception, match=r"readonly|read-only|write"):
            store.set_pain(1, "before", 3)
    finally:
        store.close()


def test_only_a_damaged_history_is_to_be_moved_aside(acutimer_home: Path) -> None:
    write(history_path(acutimer_home), b"SQLite format 3\x00" + b"\xff" * 5000)
    outcome = run_cli(["history"])
    assert outcome.code == 2 and not outcome.problems(), outcome.problems()
    assert "move that file aside" in outcome.err.decode()


@pytest.mark.parametrize("version", [1, -3])
def test_an_odd_user_version_is_said_as_such(acutimer_home: Path, version: int) -> None:
    path = _history_with_a_session(acutimer_home)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {version}")
    outcome = run_cli(["history"])
    err = outcome.err.decode()
    assert outcome.code == 2 and not outcome.problems(), outcome.problems()
    assert f"says it is history version {version}" in err and "another program" in err
    assert "duplicate column" not in err and "move that file aside" not in err
    recorder, warning = Recorder.open(acutimer_home)
    assert recorder is None and warning is not None and f"version {version}" in warning
    with sqlite3.connect(path) as db:  # left as it was
        assert db.execute("PRAGMA user_version").fetchone()[0] == version


# --- the routines folder cannot be read ------------------------------------------------------


@pytest.mark.parametrize("kind", ["a file", "a symlink loop"])
def test_an_unreadable_routines_folder_is_said_so(acutimer_home: Path, kind: str) -> None:
    folder = acutimer_home / "routines"
    acutimer_home.mkdir(parents=True)
    in_the_way(folder, kind)
    for args in (["list"], ["list", "--json"]):
        outcome = run_cli(args)
        assert outcome.code == 0 and not outcome.problems(), outcome.problems()
        assert f"your routines folder {folder} cannot be read" in outcome.err.decode()


@pytest.mark.skipif(os.geteuid() == 0, reason="chmod does not stop root")
def test_a_folder_without_read_permission_is_said_so(acutimer_home: Path) -> None:
    folder = acutimer_home / "routines"
    write(folder / "mine.toml", GOOD)
    folder.chmod(0o000)
    try:
        outcome = run_cli(["list"])
        assert "permission denied" in outcome.err.decode()
    finally:
        folder.chmod(0o755)


# --- TERM=dumb ------------------------------------------------------------------------------


def _in_a_terminal(
    args: list[str], env: dict[str, str], until: bytes, *, ends: bool = False
) -> tuple[int, bytes]:
    """Run acutimer on a pseudo-terminal; read until ``until`` is seen, then end it (or, when
    it ``ends`` by itself, wait for that)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "acutimer", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 30
    try:
        while until not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        if not ends:
            process.terminate()
        return process.wait(timeout=30), seen
    finally:
        process.kill()
        os.close(leader)


@pytest.mark.parametrize("term", ["dumb", None])
def test_a_terminal_that_cannot_draw_gets_the_plain_runner(
    acutimer_home: Path, term: str | None
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TERM"}
    if term is not None:
        env["TERM"] = term
    env["ACUTIMER_HOME"] = str(acutimer_home)
    _, seen = _in_a_terminal(["run", "hand-points-break", "--no-pain"], env, b"[00:00] Step 1/2")
    assert b"[00:00] Step 1/2 \xc2\xb7 LI-4 He Gu" in seen, seen[-500:]
    assert b"\x1b[?1049h" not in seen  # no alternate screen: not the full-screen app


def test_the_picker_says_it_needs_a_terminal_that_draws(acutimer_home: Path) -> None:
    env = {**os.environ, "TERM": "dumb", "ACUTIMER_HOME": str(acutimer_home)}
    status, seen = _in_a_terminal([], env, b"runs one", ends=True)
    assert status == 2
    assert b"acutimer: TERM=dumb: the routine picker needs a terminal that can draw" in seen


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("repeats = true", "a whole number such as 3, not true/false"),
        ("repeats = 2.5", "not a number with a fraction"),
        ('protocol = "P20"', "P1 to P19"),
        ('protocol = "P0"', "P1 to P19"),
        ('protocol = "P99"', "P1 to P19"),
        ('hold = "0.5s"', "at least 1s"),
        ("hold = 5e-324", "at least 1s"),
        ('release = "0.2s"', "release of 0.2s is too short to follow"),
        ("rest = 0.001", "use 0 for none, or at least 0.5s"),
        ("find = 1e-300", "too short"),
    ],
)
def test_values_that_validated_and_should_not(tmp_path: Path, line: str, words: str) -> None:
    key = line.split(" = ")[0]
    text = GOOD.replace('hold = "5s"', line) if key == "hold" else GOOD + line + "\n"
    path = write(tmp_path / "r.toml", text)
    outcome = run_cli(["validate", str(path)])
    err = outcome.err.decode()
    assert outcome.code == 2 and not outcome.problems(str(path)), outcome.problems(str(path))
    assert f"steps[0].{key} (step 1): " in err and words in err, err


@pytest.mark.parametrize("protocol", ["P1", "P19", "P2′", "P5′", "P2'"])
def test_the_documented_protocols_are_accepted(tmp_path: Path, protocol: str) -> None:
    path = write(tmp_path / "r.toml", GOOD + f'protocol = "{protocol}"\n')
    assert load_routine(str(path)).routine.steps[0].protocol == protocol


@pytest.mark.parametrize(
    ("name", "stem", "title"),
    [
        ("点穴", "点穴", "点穴"),
        ("Rücken Übung", "rücken-übung", "Rücken Übung"),
        ("Ёлка зимой", "ёлка-зимой", "Ёлка зимой"),
        ("  ../x/y  ", "x-y", "X y"),
        ("a" * 300, "a" * 64, "A" + "a" * 119),
        ("点" * 100, "点" * 40, "点" * 100),
    ],
)
def test_names_keep_their_letters(name: str, stem: str, title: str) -> None:
    assert safe_name(name) == stem
    assert len(safe_name(name).encode("utf-8")) <= 120
    assert title_from_name(name) == title


def test_a_name_of_other_letters_is_saved_and_runs(acutimer_home: Path) -> None:
    outcome = run_cli(["new", "点穴", "--points", "LI-4"])
    assert outcome.code == 0, outcome.err
    assert (acutimer_home / "routines" / "点穴.toml").is_file()
    assert run_cli(["show", "点穴"]).code == 0


@pytest.mark.parametrize(
    ("tail", "line", "words"),
    [
        ('\nnote = """never closed\nand on\n', 10, "a string that opens on this line"),
        ("\n[pace]\ninhale = [4,\n5,\n", 11, ""),
        ('\nnote = { a = "b"\n', 10, ""),
        ('\nnote = "a"\nnote = "b"', 11, "cannot overwrite"),
        ("\nnote", 10, "expected '='"),
    ],
    ids=["a string", "an array", "an inline table", "a duplicate key", "a key alone"],
)
def test_toml_errors_at_the_end_get_a_line(
    tmp_path: Path, tail: str, line: int, words: str
) -> None:
    path = write(tmp_path / "r.toml", GOOD + tail)
    outcome = run_cli(["validate", str(path)])
    err = outcome.err.decode()
    assert outcome.code == 2 and f"{path}:{line}: is not valid TOML" in err, err
    assert words in err and "end of document" not in err


# --- config.toml from a stranger -----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words", "line"),
    [
        ("bell = " + "9" * 5000 + "\n", "a number 5,000 digits long", 1),
        ("bell = true\na = " + "[" * 40 + "]" * 40, "nested more than 32 levels", 2),
        ("[" + ".".join(["a"] * 40) + "]\n", "nested more than 32 levels", 1),
        ("x = " + "[" * 50_000 + "]" * 50_000, "a settings file is a few lines", None),
        (b"bell = \xff\n", "not UTF-8", None),
        ("bell = tru\n", "invalid value", 1),
        ("bell = 1\n", "bell: should be true or false", 1),
        ("bel = true\n", "unknown key 'bel' (did you mean 'bell'?)", 1),
    ],
    ids=[
        "a huge integer",
        "a deep array",
        "a deep table",
        "a large file",
        "not UTF-8",
        "bad TOML",
        "a wrong type",
        "an unknown key",
    ],
)
def test_a_broken_config_gives_defaults_and_one_message(
    acutimer_home: Path, content: str | bytes, words: str, line: int | None
) -> None:
    path = write(acutimer_home / "config.toml", content)
    config, warning = load_config()
    assert config.bell is True and config.ask_pain is True
    assert warning is not None and words in warning, warning
    assert warning.startswith(f"{path}:{line}" if line else str(path))


@pytest.mark.parametrize("kind", ["a FIFO", "a directory"])
def test_a_config_that_is_not_a_file(acutimer_home: Path, kind: str) -> None:
    path = acutimer_home / "config.toml"
    acutimer_home.mkdir(parents=True)
    os.mkfifo(path) if kind == "a FIFO" else path.mkdir()
    config, warning = load_config()  # a FIFO would wait for a writer forever
    assert config.bell is True
    assert warning is not None and "is not a regular file" in warning
    assert "going on with the default settings" in warning


def test_a_broken_config_does_not_stop_a_session(tmp_path: Path, acutimer_home: Path) -> None:
    write(acutimer_home / "config.toml", "ask_pain = " + "9" * 5000)
    path = write(tmp_path / "r.toml", GOOD)
    from hostile_support import run_plain_fast

    outcome = run_plain_fast(path)
    assert outcome.code == 0 and not outcome.problems(), outcome.problems()
    assert "config.toml:1: is not valid TOML: has a number 5,000 digits long" in (
        outcome.err.decode()
    )


# --- a history another process is writing to ---------------------------------------------


def _locked(path: Path) -> sqlite3.Connection:
    """A connection in the middle of a write transaction, as another process would hold."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    return other


def test_a_locked_history_does_not_hold_the_session_up(
    tmp_path: Path, acutimer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = history_path(acutimer_home)
    HistoryStore.open(path).close()
    other = _locked(path)
    clock = FakeClock()
    session = Session(load_routine(str(write(tmp_path / "r.toml", GOOD))).routine, clock=clock)
    stalls: list[bool] = []
    session.subscribe(lambda e: stalls.append(e.stalled) if e.kind is EventKind.PAUSED else None)
    started = time.monotonic()
    recorder, _ = Recorder.open(acutimer_home)
    assert recorder is not None and recorder.enabled
    recorder.attach(session, "r", GOOD)
    session.start()
    clock.advance(2)
    session.update()
    assert time.monotonic() - started < 2.0, "waited on the lock"  # 0.25 s per try
    assert recorder.pending and recorder.session_id is None
    other.rollback()
    other.close()
    # The retry comes at most once a second: that second has passed (no sleep in a test).
    monkeypatch.setattr(pending_module, "RETRY_SECONDS", 0.0)
    clock.advance(1)
    recorder.retry()
    assert not recorder.pending and recorder.session_id is not None
    session.quit()
    recorder.close()
    store = HistoryStore.open(path)
    [row] = store.sessions()
    store.close()
    assert row.status == "abandoned" and row.active_seconds == pytest.approx(3, abs=0.01)
    assert stalls == []


def test_a_history_busy_at_open_records_the_session_later(
    tmp_path: Path, acutimer_home: Path
) -> None:
    path = history_path(acutimer_home)
    HistoryStore.open(path).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode = DELETE")  # a rollback journal: readers wait too
    other = _locked(path)
    recorder, notice = Recorder.open(acutimer_home)
    assert recorder is not None and notice is not None and "is busy" in notice
    clock = FakeClock()
    session = Session(load_routine(str(write(tmp_path / "r.toml", GOOD))).routine, clock=clock)
    recorder.attach(session, "r", GOOD)
    recorder.set_pain_before(6)
    session.start()
    other.rollback()
    other.close()
    while session.state is State.RUNNING:
        clock.advance(1)
        session.update()
    recorder.close()  # the last try waits a little longer, and finds it free
    assert session.state is State.FINISHED
    store = HistoryStore.open(path)
    [row] = store.sessions()
    store.close()
    assert (row.status, row.pain_before) == ("completed", 6)


def test_a_history_busy_to_the_end_says_the_session_was_not_recorded(
    tmp_path: Path, acutimer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import acutimer.history.recorder as module

    monkeypatch.setattr(module, "FINAL_WAIT_SECONDS", 0.3)
    path = history_path(acutimer_home)
    HistoryStore.open(path).close()
    other = _locked(path)
    warnings: list[str] = []
    recorder, _ = Recorder.open(acutimer_home, on_warning=warnings.append)
    assert recorder is not None
    session = Session(load_routine(str(write(tmp_path / "r.toml", GOOD))).routine)
    recorder.attach(session, "r", GOOD)
    session.start()
    session.quit()
    recorder.close()
    other.rollback()
    other.close()
    assert warnings and "stayed busy" in warnings[0] and "not recorded" in warnings[0]


def test_the_programs_own_wait_is_not_a_stall(tmp_path: Path) -> None:
    """A listener that holds the clock up (a slow write) and says so is not taken for Ctrl+Z."""
    clock = FakeClock()
    session = Session(load_routine(str(write(tmp_path / "r.toml", GOOD))).routine, clock=clock)
    events: list[EventKind] = []

    def slow_listener(event: object) -> None:
        kind = getattr(event, "kind", None)
        events.append(kind)  # type: ignore[arg-type]
        if kind is EventKind.PHASE_STARTED and len(events) < 4:
            clock.advance(10)  # the write took ten seconds
            session.vouch()

    session.subscribe(slow_listener)
    session.start()
    session.update()
    assert session.state is State.RUNNING and EventKind.PAUSED not in events
    clock.advance(10)
    session.update()  # a real stop still is one
    assert session.state is State.PAUSED


@pytest.mark.parametrize(
    ("kind", "code", "words"),
    [
        ("a symlink loop", 2, "cannot be read (its path goes round a loop of symbolic links)"),
        ("a file", 0, "No sessions recorded yet"),
    ],
)
def test_history_with_a_home_in_the_way(
    acutimer_home: Path, kind: str, code: int, words: str
) -> None:
    acutimer_home.parent.mkdir(parents=True, exist_ok=True)
    in_the_way(acutimer_home, kind)
    for args in (["history"], ["history", "--json"]):
        outcome = run_cli(args)
        assert outcome.code == code and not outcome.problems(), outcome.problems()
    assert words in run_cli(["history"]).text


@pytest.mark.skipif(os.geteuid() == 0, reason="chmod does not stop root")
def test_history_in_an_unreadable_home(acutimer_home: Path) -> None:
    _history_with_a_session(acutimer_home)
    acutimer_home.chmod(0o000)
    try:
        outcome = run_cli(["history"])
        assert outcome.code == 2 and "permission denied" in outcome.err.decode()
    finally:
        acutimer_home.chmod(0o755)
