"""The settings file: its keys, bad files and values, where each value came from, and
``acutimer config`` (show, set, unset, path, schema)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acutimer.commands.cli import main
from acutimer.config import KEYS, Config, SettingsSaver, Source, load_settings, write_settings
from acutimer.config.model import THEMES, descriptions
from acutimer.routine import vcache
from acutimer.routine.errors import AcutimerError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def config_file(acutimer_home: Path) -> Path:
    acutimer_home.mkdir(parents=True, exist_ok=True)
    return acutimer_home / "config.toml"


@pytest.fixture(autouse=True)
def no_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests look at the file and the environment themselves."""
    for key in KEYS:
        monkeypatch.delenv(f"ACUTIMER_{key.upper()}", raising=False)


# --- reading --------------------------------------------------------------------------------


def test_no_file_means_every_default() -> None:
    found = load_settings()
    assert found.config == Config()
    assert set(found.sources.values()) == {Source.DEFAULT}
    assert found.warning is None


def test_an_old_file_with_the_four_booleans_still_reads(config_file: Path) -> None:
    # As tomli-w wrote it before the file had documented keys.
    config_file.write_text(
        "safety_acknowledged = true\navoid_pregnancy_points = true\n"
        "ask_pain = false\nbell = false\n",
        encoding="utf-8",
    )
    found = load_settings()
    assert found.warning is None
    assert found.config.safety_acknowledged and found.config.avoid_pregnancy_points
    assert not found.config.ask_pain and not found.config.bell
    assert found.sources["bell"] is Source.FILE and found.lines["bell"] == 4


def test_a_bad_key_names_the_file_line_and_a_guess_and_the_rest_applies(
    config_file: Path,
) -> None:
    config_file.write_text(
        "safety_acknowledged = true\n# a comment\nvolme = 40\nvolume = 300\n"
        'sound = "yes"\ntheme = "nrod"\nvoice = true\n',
        encoding="utf-8",
    )
    found = load_settings()
    lines = (found.warning or "").splitlines()
    assert lines[0] == (
        f"{config_file}:3: volme: unknown key 'volme' (did you mean 'volume' or 'voice'?)"
    )
    assert (
        lines[1]
        == f"{config_file}:4: volume: should be a whole number from 0 to 100 (a percentage)"
    )
    assert lines[2] == f"{config_file}:5: sound: should be true or false"
    assert lines[3].startswith(f"{config_file}:6: theme: there is no theme 'nrod'")
    assert lines[3].endswith("(did you mean 'nord'?)")
    assert lines[4] == "going on with the default for volume, sound, theme"
    # The good keys still apply; each bad one keeps its default.
    assert found.config.safety_acknowledged and found.config.voice
    assert found.config.volume == 70 and found.config.sound and found.config.theme == "textual-dark"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("volume = 1.5\n", "volume: should be a whole number"),
        ("bell = 1\n", "bell: should be true or false"),
        ("theme = 7\n", "theme: should be text in quotes"),
        ("[sound]\non = true\n", "sound: should be true or false"),
        ("volume = -1\n", "from 0 to 100"),
        ("volume = " + "9" * 4000 + "\n", "volume: should be a whole number from 0 to 100"),
    ],
)
def test_each_bad_value_is_explained(config_file: Path, text: str, words: str) -> None:
    config_file.write_text(text, encoding="utf-8")
    found = load_settings()
    assert found.warning is not None and words in found.warning
    assert f"{config_file}:1: " in found.warning
    assert len(found.warning) < 300  # never the whole of a huge value
    assert found.config == Config()


BROKEN = {
    "huge-integer": (
        b"volume = " + b"9" * 5000 + b"\n",
        "is not valid TOML: has a number 5,000 digits long",
    ),
    "deep-array": (b"x = " + b"[" * 20_000 + b"]" * 20_000 + b"\n", "nested more than 32 levels"),
    "no-value": (b"volume = \n", "is not valid TOML"),
    "binary": (b"\x00\x01binary\xff", "looks like a binary file"),
    "not-utf8": (b"bell = false\n\xff\xfe\n", "is not UTF-8 text"),
    "huge-file": (b"# " + b"x" * 70_000 + b"\n", "a settings file is a few lines"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_named_and_defaults_apply(config_file: Path, case: str) -> None:
    content, words = BROKEN[case]
    config_file.write_bytes(content)
    found = load_settings()
    assert found.warning is not None and str(config_file) in found.warning
    assert words in found.warning
    assert found.config == Config()
    assert len(found.warning) < 300


def test_a_deeply_nested_table_is_refused_before_it_is_parsed(config_file: Path) -> None:
    config_file.write_text("bell = false\n[" + ".".join(["a"] * 3000) + "]\nb = 1\n")
    found = load_settings()
    assert found.warning is not None
    assert f"{config_file}:2: is not valid TOML: is nested more than 32 levels" in found.warning
    assert found.config.bell is True  # the file is not read: every setting is its default


def test_a_fifo_in_place_of_the_file_never_hangs(config_file: Path) -> None:
    os.mkfifo(config_file)
    done: list[str | None] = []
    reader = threading.Thread(target=lambda: done.append(load_settings().warning), daemon=True)
    reader.start()
    reader.join(10)
    assert done and done[0] is not None and "is not a regular file" in done[0]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=200))
def test_any_text_gives_settings_and_never_raises(config_file: Path, text: str) -> None:
    config_file.write_text(text, encoding="utf-8", errors="surrogatepass")
    found = load_settings()
    for key in KEYS:
        assert isinstance(getattr(found.config, key), type(getattr(Config(), key)))


# --- where a value comes from ---------------------------------------------------------------


def test_environment_and_command_line_come_on_top(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.write_text("volume = 30\nsound = true\nvoice = true\n", encoding="utf-8")
    monkeypatch.setenv("ACUTIMER_VOLUME", "45")
    monkeypatch.setenv("ACUTIMER_SOUND", "off")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    found = load_settings({"voice": False})
    assert (found.config.volume, found.sources["volume"]) == (45, Source.ENVIRONMENT)
    assert (found.config.sound, found.sources["sound"]) == (False, Source.ENVIRONMENT)
    assert (found.config.voice, found.sources["voice"]) == (False, Source.COMMAND_LINE)
    assert (found.config.reduced_motion, found.sources["reduced_motion"]) == (
        True,
        Source.ENVIRONMENT,
    )
    assert found.warning is None


def test_a_bad_environment_value_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACUTIMER_VOLUME", "loud")
    found = load_settings()
    assert (
        found.warning
        == "ACUTIMER_VOLUME: should be a whole number\ngoing on with the default settings"
    )
    assert found.config.volume == 70


def test_warm_settings_need_no_pydantic_and_a_damaged_cache_is_ignored(
    config_file: Path, acutimer_home: Path
) -> None:
    config_file.write_text("volume = 30\n", encoding="utf-8")
    env = {**os.environ, "ACUTIMER_HOME": str(acutimer_home)}
    env.pop("ACUTIMER_SOUND", None)
    env.pop("ACUTIMER_TITLE", None)
    command = [sys.executable, "-X", "importtime", "-m", "acutimer", "config"]
    subprocess.run(command, capture_output=True, env=env, timeout=60, check=True)
    warm = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=True)
    imported = [line.split("|")[-1].strip() for line in warm.stderr.splitlines() if "|" in line]
    assert "acutimer.config.load" in imported
    assert not [m for m in imported if m.split(".")[0] in ("pydantic", "textual")]
    # A cached entry that says something the file does not is never used.
    name = vcache.key(b"settings", "volume = 30\n")
    vcache.put("settings", name, {"volume": 999})
    assert load_settings().config.volume == 30
    vcache.put("settings", name, {"volume": "30"})
    assert load_settings().config.volume == 30


# --- changing the file ----------------------------------------------------------------------


def test_write_keeps_comments_order_and_other_lines(config_file: Path) -> None:
    config_file.write_text(
        "# my settings\nvolume = 30  # quiet, the office\n\nvoice = true\nbogus = 1\n",
        encoding="utf-8",
    )
    write_settings({"volume": 55, "sound": False, "voice": None})
    assert config_file.read_text(encoding="utf-8") == (
        "# my settings\nvolume = 55  # quiet, the office\n\nbogus = 1\nsound = false\n"
    )


def test_write_refuses_a_broken_file_and_leaves_it(config_file: Path) -> None:
    config_file.write_text("volume = \n", encoding="utf-8")
    with pytest.raises(AcutimerError) as refused:
        write_settings({"volume": 40})
    assert "was left as it is" in str(refused.value)
    assert config_file.read_text(encoding="utf-8") == "volume = \n"


def test_the_saver_writes_only_what_changed_in_the_app(config_file: Path) -> None:
    found = load_settings({"sound": False})  # --no-sound on the command line
    saver = SettingsSaver(found.config)
    assert saver.save() is None
    found.config.safety_acknowledged = True
    saver.save()
    assert "sound" not in config_file.read_text(encoding="utf-8")
    found.config.sound = True
    saver.save()
    found.config.sound = False  # back again: written too
    saver.save()
    assert load_settings().config.sound is False
    assert load_settings().config.safety_acknowledged is True


def test_config_set_show_unset_and_path(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(config_file)
    assert main(["config", "set", "volume", "40"]) == 0
    assert capsys.readouterr().out.strip() == f"volume = 40 in {config_file}"
    assert main(["config", "set", "sound", "off"]) == 0
    assert main(["config", "set", "theme", "nord"]) == 0
    capsys.readouterr()
    assert config_file.read_text(encoding="utf-8").splitlines()[-3:] == [
        "volume = 40",
        "sound = false",
        'theme = "nord"',
    ]
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert f"acutimer's settings, from {config_file}" in out
    lines = out.splitlines()
    row = next(line for line in lines if line.startswith("volume = 40"))
    assert row.endswith("file, line 3")  # under the two lines that say what the file is
    assert next(line for line in lines if line.startswith("voice = false")).endswith("default")
    for key in KEYS:
        assert any(line.startswith(f"{key} = ") for line in lines), key
    assert main(["config", "unset", "volume"]) == 0
    assert "back to its default (70)" in capsys.readouterr().out
    assert "volume" not in config_file.read_text(encoding="utf-8")


def test_config_show_json_gives_value_source_and_description(
    config_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config_file.write_text("bell = false\n", encoding="utf-8")
    monkeypatch.setenv("ACUTIMER_VOLUME", "20")
    assert main(["config", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {row["key"]: row for row in data["settings"]}
    assert set(rows) == set(KEYS)
    assert rows["bell"] | {"description": ""} == {
        "key": "bell",
        "value": False,
        "default": True,
        "source": "file",
        "line": 1,
        "environment": "ACUTIMER_BELL",
        "description": "",
    }
    assert rows["volume"]["source"] == "environment" and rows["volume"]["value"] == 20
    assert all(row["description"] for row in rows.values())


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["volume", "300"], "config set: volume: should be a whole number from 0 to 100"),
        (["volume", "loud"], "config set: volume: should be a whole number"),
        (["sound", "maybe"], "config set: sound: should be true or false"),
        (["theme", "nrod"], "did you mean 'nord'?"),
        (["volum", "3"], "there is no setting 'volum' (did you mean 'volume'?)"),
    ],
)
def test_config_set_refuses_a_bad_key_or_value(
    config_file: Path, args: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "set", *args]) == 2
    assert words in capsys.readouterr().err
    assert not config_file.exists()


def test_config_show_of_a_bad_file_exits_2_but_shows(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_file.write_text("volume = 300\n", encoding="utf-8")
    assert main(["config"]) == 2
    captured = capsys.readouterr()
    assert "volume = 70" in captured.out and "line 1 of the file is refused" in captured.out
    assert f"acutimer: {config_file}:1: volume:" in captured.err


def test_the_schema_describes_every_setting(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == set(KEYS)
    for name, field in schema["properties"].items():
        assert " ".join(field["description"].split()) == descriptions()[name]
    assert schema["properties"]["theme"]["enum"] == list(THEMES)


def test_every_setting_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in KEYS:
        assert f"`{key}`" in readme, key


def test_every_theme_textual_offers_can_be_saved() -> None:
    from textual.theme import BUILTIN_THEMES

    assert set(BUILTIN_THEMES) <= set(THEMES)
