"""The hostile pass: tens of thousands of mutated routine files and a few hundred attacks on paths,
caches, the history, settings, locales and signals, counted the way the issue counted them.

    python bench/hostile_pass.py [--mutants 55000] [--seed 11] [--only mutants,paths,...]

Every run of acutimer is judged on four things (tests/hostile_support.py): a traceback, a hang
(over 5 s), an exit status other than 0 or 2 (or 2 without the file named), and control
characters written raw. Mutants run in-process (validate, show, show --json, and for accepted
ones list and a whole plain session on a jumping clock); the other attacks run as processes,
in a real terminal where that is the point. The summary at the end gives inputs, tracebacks,
hangs, exits out of place, and accepted mutants that wrote raw control bytes.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import itertools
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_support import Outcome, raw_controls, run_cli, run_plain_fast  # noqa: E402

# --- mutations ------------------------------------------------------------------------------

HOSTILE_VALUES = [
    "9" * 5000,
    "-" + "9" * 4500,
    "9" * 400 + ".0",
    "0." + "0" * 400 + "1",
    "1e400",
    "-1e400",
    "5e-324",
    "1e-300",
    "0.0001",
    "0.49",
    "-0.0",
    "nan",
    "inf",
    "-inf",
    "true",
    "false",
    "[]",
    "[1, 2]",
    "{}",
    "{a = 1}",
    "1979-05-27T07:32:00Z",
    '""',
    '"   "',
    '"0.1s"',
    '"1e-9s"',
    '"99999999999999999999999999999999999999m"',
    '"x\\u001b]0;PWNED\\u0007"',
    '"\\u001b]52;c;cHduZWQ=\\u0007"',
    '"\\u001bc"',
    '"\\u001b[2J\\u001b[H"',
    '"a\\rb"',
    '"\\u0000"',
    '"\\u009b2J"',
    '"\\u202eevil"',
    '"\\u2028"',
    '"\\ufeff"',
    '"\\u0008\\u0008\\u0008"',
    '"P99"',
    '"P0"',
    '"XX-99"',
    '"He Gu"',
    '"upside-down"',
    '"' + "x" * 5000 + '"',
    "[" * 60 + "]" * 60,
    "{a = " * 40 + "1" + "}" * 40,
]
ODD_KEYS = [
    '"x[y]"',
    '"a]"',
    '"["',
    '"a.b"',
    '"\\u001b]0;T\\u0007"',
    '"\\u202e"',
    '""',
    '" "',
    "hodl",
    "holds",
    '"steps[0]"',
    "a.b.c",
    '"点穴"',
]
DEEP = [
    "[" + ".".join(["a"] * 50_000) + "]\nx = 1\n",
    "x = " + "[" * 50_000 + "]" * 50_000 + "\n",
    "x = " + "{a = " * 20_000 + "1" + "}" * 20_000 + "\n",
    ".".join(["a"] * 20_000) + " = 1\n",
    "[[" + ".".join(["a"] * 5000) + "]]\n",
]


def mutate(base: bytes, rng: random.Random) -> bytes:
    """One mutant of ``base``: one to three random edits of random kinds."""
    data = base
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        data = rng.choice(_MUTATIONS)(data, rng)
    return data


def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    at = rng.randrange(len(data))
    return data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]


def _insert_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    junk = rng.choice(
        [
            bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8))),
            b"\x1b]0;PWNED\x07",
            b"\x00",
            b"\r",
            b"\xef\xbb\xbf",
            b"\xff\xfe",
            b"\x9b",
            "\u202e".encode(),
        ]
    )
    return data[:at] + junk + data[at:]


def _delete(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randrange(1, 20) :]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _line_edit(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    kind = rng.choice(["dup", "del", "swap", "move"])
    if kind == "dup":
        lines.insert(j, lines[i])
    elif kind == "del":
        del lines[i]
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    else:
        lines.insert(j, lines.pop(i))
    return b"\n".join(lines)


def _value(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    candidates = [n for n, line in enumerate(lines) if b" = " in line]
    if not candidates:
        return data
    n = rng.choice(candidates)
    key = lines[n].split(b" = ", 1)[0]
    lines[n] = key + b" = " + rng.choice(HOSTILE_VALUES).encode()
    return b"\n".join(lines)


def _key(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    candidates = [n for n, line in enumerate(lines) if b" = " in line]
    if not candidates:
        return data
    n = rng.choice(candidates)
    value = lines[n].split(b" = ", 1)[1]
    new = rng.choice(ODD_KEYS).encode() + b" = " + value
    if rng.random() < 0.5:
        lines[n] = new
    else:
        lines.insert(n + 1, new)
    return b"\n".join(lines)


def _deep(data: bytes, rng: random.Random) -> bytes:
    nested = rng.choice(DEEP).encode()
    return nested + data if rng.random() < 0.5 else data + b"\n" + nested


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _repeat_steps(data: bytes, rng: random.Random) -> bytes:
    head, sep, rest = data.partition(b"[[steps]]")
    if not sep:
        return data
    step = sep + rest.split(b"[[steps]]")[0]
    return head + step * rng.choice([2, 50, 199, 200, 201, 400])


def _degenerate(data: bytes, rng: random.Random) -> bytes:
    value = rng.choice(["5e-324", "1e-9", "0.0001", "0.2", "0.49", "0.5", "1"]).encode()
    out = []
    for line in _lines(data):
        key = line.split(b" = ", 1)[0].strip()
        if key in (b"hold", b"release", b"rest", b"find", b"find_time") and rng.random() < 0.7:
            line = key + b" = " + value
        out.append(line)
    return b"\n".join(out)


_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    _flip,
    _insert_bytes,
    _delete,
    _line_edit,
    _value,
    _value,
    _value,
    _key,
    _key,
    _deep,
    _truncate,
    _repeat_steps,
    _degenerate,
]

# --- counting ---------------------------------------------------------------------------------


class Tally:
    """What the pass found, by section."""

    def __init__(self) -> None:
        self.counts: dict[str, collections.Counter[str]] = collections.defaultdict(
            collections.Counter
        )
        self.examples: dict[str, list[str]] = collections.defaultdict(list)

    def judge(self, section: str, outcome: Outcome, named: str | None = None) -> list[str]:
        counts = self.counts[section]
        counts["runs"] += 1
        problems = outcome.problems(named)
        for problem in problems:
            kind = problem.split(":")[0].split(" ")[0]
            counts[kind] += 1
            if len(self.examples[f"{section}/{kind}"]) < 3:
                self.examples[f"{section}/{kind}"].append(f"{outcome.args}: {problem[-700:]}")
        return problems

    def note(self, section: str, key: str, amount: int = 1) -> None:
        self.counts[section][key] += amount

    def report(self) -> str:
        lines = []
        for section, counts in self.counts.items():
            lines.append(f"{section}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        for key, examples in self.examples.items():
            lines.append(f"  e.g. {key}:")
            lines += [f"    {e}" for e in examples]
        return "\n".join(lines)


# --- sections -------------------------------------------------------------------------------


_HOMES = itertools.count()


@contextlib.contextmanager
def home(work: Path, name: str) -> Iterator[Path]:
    """A new ACUTIMER_HOME (not made yet) for one attack: never one used before, so nothing a
    run left behind (a tone still being written, say) meets the next."""
    path = work / f"{name}-{next(_HOMES)}"
    os.environ["ACUTIMER_HOME"] = str(path)
    try:
        yield path
    finally:
        os.environ.pop("ACUTIMER_HOME", None)


KEEP: Path | None = None
"""Where to keep the inputs that found a problem (``--keep``)."""


def _keep(data: bytes, problems: list[str], number: int) -> None:
    if KEEP is not None and problems:
        KEEP.mkdir(parents=True, exist_ok=True)
        (KEEP / f"mutant-{number}.toml").write_bytes(data)
        (KEEP / f"mutant-{number}.txt").write_text("\n\n".join(problems))


def section_mutants(tally: Tally, work: Path, count: int, seed: int) -> None:
    try:
        from acutimer.safetext import encodable, visible
    except ImportError:  # an acutimer from before the guard: names are shown as they are

        def visible(text: str) -> str:
            return text

        def encodable(text: str, encoding: str | None) -> str:
            return text

    rng = random.Random(seed)
    bases = [p.read_bytes() for p in sorted((ROOT / "routines").glob("*.toml"))]
    started = time.monotonic()
    with home(work, "mutants") as acutimer_home:
        folder = acutimer_home / "routines"
        folder.mkdir(parents=True)
        accepted = 0
        for number in range(count):
            data = mutate(rng.choice(bases), rng)
            encoding = rng.choices(["utf-8", "latin-1", "ascii"], [85, 10, 5])[0]
            name = rng.choices(
                ["m.toml", "my routine.toml", "x\x1b]0;T\x07.toml", "n" * 200 + ".toml"],
                [85, 5, 5, 5],
            )[0]
            path = folder / name
            path.write_bytes(data)
            shown = encodable(visible(path.name), encoding)
            tally.note("mutants", "inputs")
            validate = run_cli(["validate", str(path)], encoding=encoding)
            problems = tally.judge("mutants", validate, shown)
            for args in (["show", str(path)], ["show", str(path), "--json"]):
                problems += tally.judge("mutants", run_cli(args, encoding=encoding), shown)
            if validate.code == 0:
                accepted += 1
                tally.note("mutants", "accepted")
                more = tally.judge("mutants", run_plain_fast(path, encoding=encoding))
                more += tally.judge("mutants", run_cli(["list"], encoding=encoding))
                if any(p.startswith("raw") for p in more + problems):
                    tally.note("mutants", "accepted and raw")
                problems += more
            _keep(data, problems, number)
            path.unlink()
            if number % 5000 == 4999:
                rate = (number + 1) / (time.monotonic() - started)
                print(f"  {number + 1} mutants, {accepted} accepted ({rate:.0f}/s)", flush=True)


def section_paths(tally: Tally, work: Path) -> None:
    with home(work, "paths") as acutimer_home:
        acutimer_home.mkdir()
        odd = work / "odd"
        odd.mkdir(exist_ok=True)
        fifo = odd / "fifo.toml"
        if not fifo.exists():
            os.mkfifo(fifo)
        (odd / "dir.toml").mkdir(exist_ok=True)
        (odd / "file").write_text("x")
        with contextlib.suppress(FileExistsError):
            (odd / "loop").symlink_to(odd / "loop")
        with contextlib.suppress(FileExistsError):
            (odd / "dangling.toml").symlink_to(odd / "nowhere")
        paths = [
            fifo,
            odd / "dir.toml",
            odd / "file" / "r.toml",
            odd / "loop" / "r.toml",
            odd / "dangling.toml",
            odd / ("n" * 300 + ".toml"),
            Path("/dev/zero"),
            Path("/dev/null"),
            Path("/dev/tty"),
            odd / "missing.toml",
        ]
        for path in paths:
            for args in (["validate"], ["show"], ["show", "--json"], ["run", "--plain"], ["edit"]):
                command = [args[0], str(path), *args[1:]]
                tally.note("paths", "inputs")
                tally.judge("paths", run_cli(command))
    for kind in ("file", "loop", "dangling", "routines-file", "routines-loop", "cache-file"):
        with home(work, f"home-{kind}") as acutimer_home:
            acutimer_home.parent.mkdir(exist_ok=True)
            if kind == "file":
                acutimer_home.write_text("x")
            elif kind == "loop":
                acutimer_home.symlink_to(acutimer_home)
            elif kind == "dangling":
                acutimer_home.symlink_to(work / "nowhere")
            else:
                acutimer_home.mkdir()
                target = {"routines-file": "routines", "routines-loop": "routines"}.get(
                    kind, "cache"
                )
                where = acutimer_home / target
                if kind.endswith("loop"):
                    where.symlink_to(where)
                else:
                    where.write_text("x")
            for args in (
                ["list"],
                ["list", "--json"],
                ["history"],
                ["history", "--json"],
                ["schema", "--write"],
                ["new", "mine", "--points", "LI-4"],
                ["show", "upper-back"],
                ["validate", "upper-back"],
                ["points", "LI-4"],
            ):
                tally.note("paths", "inputs")
                tally.judge("paths", run_cli(args))


def _db(path: Path, sessions: int = 5) -> None:
    from datetime import UTC, datetime, timedelta

    from history_support import record

    from acutimer.history.store import HistoryStore

    store = HistoryStore.open(path)
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    store.add(record(start + timedelta(hours=i), before=5, after=3) for i in range(sessions))
    store.close()


def section_history(tally: Tally, work: Path, seed: int) -> None:
    from acutimer.history.store import history_path

    rng = random.Random(seed)
    forms = [["history"], ["history", "--json"], ["history", "--export", "csv"]]
    for _ in range(150):
        with home(work, "history") as acutimer_home:
            acutimer_home.mkdir()
            path = history_path(acutimer_home)
            _db(path, 20)
            kind = rng.choice(["bytes", "truncate", "rows", "version", "marks", "tables"])
            if kind in ("bytes", "truncate"):
                with sqlite3.connect(path) as db:
                    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                data = bytearray(path.read_bytes())
                if kind == "bytes":
                    for _ in range(rng.randrange(1, 50)):
                        data[rng.randrange(len(data))] = rng.randrange(256)
                else:
                    data = data[: rng.randrange(len(data))]
                path.write_bytes(bytes(data))
            else:
                with sqlite3.connect(path) as db:
                    db.execute("PRAGMA ignore_check_constraints = ON")
                    if kind == "rows":
                        column = rng.choice(
                            ["started_at", "active_seconds", "utc_offset", "local_day", "status",
                             "pain_before", "routine", "steps_total", "ended_at"]
                        )  # fmt: skip
                        value = rng.choice(
                            ["now", "", "x\x1b]0;T\x07", 10**18, -(2**63), 1.5, b"\xff", None]
                        )
                        with contextlib.suppress(sqlite3.IntegrityError):
                            db.execute(
                                f"UPDATE sessions SET {column} = ? WHERE id % 3 = 0", (value,)
                            )
                    elif kind == "version":
                        db.execute(f"PRAGMA user_version = {rng.choice([-5, 1, 3, 99, 2**31 - 1])}")
                    elif kind == "marks":
                        db.execute("INSERT INTO point_marks VALUES (1, 9, ?, 'x')", (b"\x1b",))
                    else:
                        db.execute("DROP TABLE point_marks")
            for args in forms:
                tally.note("history", "inputs")
                tally.judge("history", run_cli(args))
            # and a session recorded into it
            routine = ROOT / "routines" / "hand-points-break.toml"
            tally.note("history", "inputs")
            tally.judge("history", run_plain_fast(routine, speed=1.0))


def section_caches(tally: Tally, work: Path, seed: int) -> None:
    from acutimer.paths import cache_dir

    rng = random.Random(seed)
    for _ in range(150):
        with home(work, "caches") as acutimer_home:
            folder = acutimer_home / "routines"
            folder.mkdir(parents=True)
            shutil.copy(ROOT / "routines" / "upper-back.toml", folder / "mine.toml")
            run_cli(["list"])
            run_cli(["show", "mine"])
            entries = [cache_dir() / "list.json", *cache_dir().glob("validated/*/*.json")]
            target = rng.choice(entries)
            try:
                data = json.loads(target.read_text())
                _poke(data, rng)
                text = json.dumps(data)
            except (ValueError, RecursionError):
                text = "{"
            if rng.random() < 0.2:
                text = rng.choice(["{", "[]", "null", "[" * 100_000, "\x00\xff"])
            target.write_text(text, encoding="utf-8", errors="surrogateescape")
            for args in (["list"], ["show", "mine"], ["show", "upper-back"], ["points", "LI-4"]):
                tally.note("caches", "inputs")
                outcome = run_cli(args)
                tally.judge("caches", outcome)
                if args == ["show", "mine"] and b"Upper back" not in outcome.out:
                    tally.note("caches", "lied")


def _poke(node: object, rng: random.Random) -> None:
    """Change one value somewhere in ``node`` to something no validated routine has."""
    path: list[tuple[object, object]] = []
    while isinstance(node, dict | list) and node:
        key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
        path.append((node, key))
        node = node[key]  # type: ignore[index]
    if not path:
        return
    parent, key = path[-1]
    parent[key] = rng.choice(  # type: ignore[index]
        [-5, 5e-324, 1e308, "x\x1b]0;T\x07", True, None, [1] * 5000, "evil", {}, 10**30]
    )


def section_config(tally: Tally, work: Path, seed: int) -> None:
    rng = random.Random(seed)
    contents = [
        "bell = " + "9" * 5000,
        "a = " + "[" * 50_000 + "]" * 50_000,
        "[" + ".".join(["a"] * 50_000) + "]",
        'bell = "\\u001b]0;T\\u0007"',
        "\x1b]0;T\x07 = true",
        "bell = 1e400",
        "bell = tru",
        "\xff\xfe",
        "",
    ]
    for _ in range(60):
        with home(work, "config") as acutimer_home:
            acutimer_home.mkdir()
            config = acutimer_home / "config.toml"
            kind = rng.random()
            if kind < 0.1:
                os.mkfifo(config)
            elif kind < 0.2:
                config.mkdir()
            else:
                config.write_text(rng.choice(contents), encoding="utf-8", errors="surrogateescape")
            routine = ROOT / "routines" / "hand-points-break.toml"
            tally.note("config", "inputs")
            tally.judge("config", run_plain_fast(routine, speed=1.0))


def _process(
    args: list[str], env: dict[str, str], *, timeout: float = 20, stdin: int | None = None
) -> Outcome:
    outcome = Outcome(args)
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "acutimer", *args],
            capture_output=True,
            env=env,
            timeout=timeout,
            stdin=stdin if stdin is not None else subprocess.DEVNULL,
        )
        outcome.code, outcome.out, outcome.err = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired:
        outcome.hung = True
    outcome.seconds = time.monotonic() - started
    encoding = "latin-1" if "ISO-8859-1" in env.get("LC_ALL", "") else "utf-8"
    if env.get("PYTHONIOENCODING") == "ascii":
        encoding = "ascii"
    outcome.encoding = encoding
    outcome.raw = raw_controls(outcome.out + outcome.err, encoding)
    if b"Traceback" in outcome.err:
        outcome.traceback = outcome.err.decode(encoding, "replace")[-1500:]
    return outcome


def section_locales(tally: Tally, work: Path) -> None:
    with home(work, "locales") as acutimer_home:
        acutimer_home.mkdir()
        _db(acutimer_home / "history.sqlite3")
        folder = acutimer_home / "routines"
        folder.mkdir()
        text = (ROOT / "routines" / "hand-points-break.toml").read_text()
        (folder / "Rücken … → ━.toml").write_text(text.replace("Hand points", "Rücken → ━ …"))
        base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
        base["ACUTIMER_HOME"] = str(acutimer_home)
        locales = [
            {"LC_ALL": "en_US.ISO-8859-1"},
            {"LANG": "en_US.ISO-8859-1"},
            {"LC_ALL": "C"},
            {"LC_ALL": "POSIX"},
            {},
            {"PYTHONIOENCODING": "ascii"},
            {"PYTHONIOENCODING": "latin-1", "LC_ALL": "en_US.ISO-8859-1"},
        ]
        commands = [
            ["list"],
            ["history"],
            ["history", "--export", "csv"],
            ["show", "Rücken … → ━"],
            ["points", "he gu"],
            ["validate", str(folder / "Rücken … → ━.toml")],
            ["run", "hand-points-break", "--plain", "--speed", "1000"],
            ["run", "Rücken … → ━", "--plain", "--speed", "1000"],
        ]
        for locale in locales:
            for args in commands:
                tally.note("locales", "inputs")
                tally.judge("locales", _process(args, {**base, **locale}))


def section_signals(tally: Tally, work: Path, seed: int) -> None:
    rng = random.Random(seed)
    with home(work, "signals") as acutimer_home:
        acutimer_home.mkdir()
        env = {**os.environ, "ACUTIMER_HOME": str(acutimer_home), "PYTHONUNBUFFERED": "1"}
        routine = work / "signals.toml"
        routine.write_text(
            (ROOT / "routines" / "hand-points-break.toml")
            .read_text()
            .replace('hold = "10s"', 'hold = "1s"')
        )
        kinds = [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGKILL]
        for _ in range(60):
            number_signal = rng.choice(kinds)
            process = subprocess.Popen(
                [sys.executable, "-m", "acutimer", "run", str(routine), "--plain", "--no-pain"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            time.sleep(rng.uniform(0.3, 3.0))
            sent = time.monotonic()
            process.send_signal(number_signal)
            tally.note("signals", "inputs")
            outcome = Outcome(["run", "--plain", f"signal {number_signal.name}"])
            try:
                out, err = process.communicate(timeout=10)
                outcome.code, outcome.out, outcome.err = 0, out, err
                if process.returncode not in (0, 128 + number_signal, -number_signal):
                    outcome.code = process.returncode
                if time.monotonic() - sent > 3:
                    tally.note("signals", "slow to end")
            except subprocess.TimeoutExpired:
                outcome.hung = True
                process.kill()
                process.communicate()
            outcome.raw = raw_controls(outcome.out + outcome.err)
            if b"Traceback" in outcome.err:
                outcome.traceback = outcome.err.decode()[-1500:]
            tally.judge("signals", outcome)
        check = _process(["history", "--json"], env)
        tally.judge("signals", check)
        data = json.loads(check.out or b"{}")
        running = [s for s in data.get("sessions", []) if s["status"] == "running"]
        tally.note("signals", "rows left running", len(running))
        tally.note("signals", "rows", len(data.get("sessions", [])))


def section_terminals(tally: Tally, work: Path, rounds: int) -> None:
    """TERM=dumb and no TERM, on a pseudo-terminal; SIGWINCH storms on the TUI in tmux."""
    import pty
    import select

    with home(work, "terminals") as acutimer_home:
        acutimer_home.mkdir()
        (acutimer_home / "config.toml").write_text("safety_acknowledged = true\nask_pain = false\n")
        for term in ("dumb", None, "unknown"):
            env = {k: v for k, v in os.environ.items() if k != "TERM"}
            env["ACUTIMER_HOME"] = str(acutimer_home)
            if term:
                env["TERM"] = term
            for args in (["run", "hand-points-break", "--speed", "1000"], []):
                leader, follower = pty.openpty()
                process = subprocess.Popen(
                    [sys.executable, "-m", "acutimer", *args],
                    stdin=follower, stdout=follower, stderr=follower, env=env,
                )  # fmt: skip
                os.close(follower)
                seen = b""
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline:
                    ready, _, _ = select.select([leader], [], [], 0.5)
                    if not ready:
                        if process.poll() is not None:
                            break
                        continue
                    try:
                        chunk = os.read(leader, 4096)
                    except OSError:
                        break
                    if not chunk:
                        break
                    seen += chunk
                tally.note("terminals", "inputs")
                outcome = Outcome([f"TERM={term}", *args])
                try:
                    outcome.code = process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    outcome.hung = True
                    process.kill()
                    process.wait()
                os.close(leader)
                outcome.err = seen
                if b"Traceback" in seen:
                    outcome.traceback = seen.decode(errors="replace")[-800:]
                if b"\x1b[?1049h" in seen:
                    tally.note("terminals", "full screen with a dumb TERM")
                tally.judge("terminals", outcome)
        if shutil.which("tmux") is None:
            return
        for _ in range(rounds):
            tally.note("terminals", "inputs")
            outcome = _storm(acutimer_home)
            tally.judge("terminals", outcome)


def _storm(acutimer_home: Path) -> Outcome:
    import fcntl
    import struct
    import termios

    socket = f"hostile-{os.getpid()}"
    tmux = ["tmux", "-L", socket]
    outcome = Outcome(["run (TUI)", "SIGWINCH storm"])
    command = (
        f"env ACUTIMER_HOME={acutimer_home} TERM=xterm-256color {sys.executable} -m acutimer "
        "run hand-points-break --no-bell"
    )
    subprocess.run([*tmux, "new-session", "-d", "-s", "s", "-x", "80", "-y", "24"], check=True)
    subprocess.run([*tmux, "set-option", "-t", "s", "remain-on-exit", "on"], check=True)
    subprocess.run([*tmux, "respawn-pane", "-k", "-t", "s", command], check=True)
    try:
        time.sleep(2.5)
        tty = subprocess.run(
            [*tmux, "display", "-p", "-t", "s", "#{pane_tty}"], capture_output=True, text=True
        ).stdout.strip()
        fd = os.open(tty, os.O_RDWR | os.O_NOCTTY)
        try:
            end, count = time.monotonic() + 3, 0
            while time.monotonic() < end:
                size = struct.pack("HHHH", 15 + count % 20, 45 + count % 60, 0, 0)
                fcntl.ioctl(fd, termios.TIOCSWINSZ, size)
                count += 1
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        except OSError:
            pass
        finally:
            os.close(fd)
        time.sleep(2)
        screen = subprocess.run(
            [*tmux, "capture-pane", "-p", "-t", "s", "-S", "-100"], capture_output=True, text=True
        ).stdout
        dead = subprocess.run(
            [*tmux, "display", "-p", "-t", "s", "#{pane_dead}"], capture_output=True, text=True
        ).stdout.strip()
        if dead == "1" or "Traceback" in screen or "Error" in screen:
            outcome.traceback = screen[-1500:]
        elif "step 1 of 2" not in screen:
            outcome.hung = True
        outcome.code = 0
    finally:
        subprocess.run([*tmux, "kill-server"], check=False)
    return outcome


def section_locked(tally: Tally, work: Path) -> None:
    """A history another process writes to: the session starts at once, nothing stalls."""
    from acutimer.history.store import history_path

    with home(work, "locked") as acutimer_home:
        acutimer_home.mkdir()
        path = history_path(acutimer_home)
        _db(path)
        env = {**os.environ, "ACUTIMER_HOME": str(acutimer_home), "PYTHONUNBUFFERED": "1"}
        routine = ROOT / "routines" / "hand-points-break.toml"
        for mode in ("WAL", "DELETE"):
            with sqlite3.connect(path) as db:
                db.execute(f"PRAGMA journal_mode = {mode}")
            holder = sqlite3.connect(path, isolation_level=None)
            holder.execute("BEGIN EXCLUSIVE")
            process = subprocess.Popen(
                [sys.executable, "-m", "acutimer", "run", str(routine), "--plain", "--no-pain"],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
            )  # fmt: skip
            started = time.monotonic()
            assert process.stdout is not None
            first = b""
            while b"[00:00]" not in first:
                line = process.stdout.readline()
                if not line:
                    break
                first += line
            tally.note("locked", "inputs")
            tally.note("locked", f"first phase after {time.monotonic() - started:.1f} s ({mode})")
            time.sleep(4)
            holder.rollback()
            holder.close()
            time.sleep(3)
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=20)
            outcome = Outcome(["run --plain", f"locked {mode}"], code=0, out=first + out, err=err)
            if b"stopped" in out:
                tally.note("locked", "blamed the user")
            if b"Traceback" in err:
                outcome.traceback = err.decode()[-1500:]
            outcome.raw = raw_controls(outcome.out + outcome.err)
            tally.judge("locked", outcome)
        check = _process(["history", "--json"], env)
        rows = json.loads(check.out)["sessions"]
        tally.note("locked", "sessions recorded", len(rows) - 5)


SECTIONS = ["paths", "history", "caches", "config", "locales", "signals", "locked", "terminals",
            "mutants"]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=55_000)
    parser.add_argument("--storms", type=int, default=10)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--only", default=",".join(SECTIONS))
    parser.add_argument("--keep", type=Path, default=None, help="keep inputs that found problems")
    parser.add_argument(
        "--work", type=Path, default=None, help="where the pass makes its files (default: /tmp)"
    )
    args = parser.parse_args()
    global KEEP
    KEEP = args.keep
    tally = Tally()
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(
        prefix="acutimer-hostile-", dir=args.work, ignore_cleanup_errors=True
    ) as folder:
        work = Path(folder)
        for section in args.only.split(","):
            began = time.monotonic()
            print(f"{section}...", flush=True)
            try:
                if section == "mutants":
                    section_mutants(tally, work, args.mutants, args.seed)
                elif section in ("history", "caches", "config", "signals"):
                    globals()[f"section_{section}"](tally, work, args.seed)
                elif section == "terminals":
                    section_terminals(tally, work, args.storms)
                else:
                    globals()[f"section_{section}"](tally, work)
            except Exception:  # the pass's own failure: said, and the other sections still run
                tally.note(section, "harness error")
                print(traceback.format_exc(), flush=True)
            counts = tally.counts.get(section, {})
            print(f"  done in {time.monotonic() - began:.0f} s: {dict(counts)}", flush=True)
    print(tally.report())
    total = {k: sum(c[k] for c in tally.counts.values()) for k in ("inputs", "traceback", "hang")}
    raw = sum(c["raw"] for c in tally.counts.values())
    print(
        f"\nALL: {total['inputs']} inputs, {total['traceback']} tracebacks, {total['hang']} hangs, "
        f"{raw} runs writing raw control bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
