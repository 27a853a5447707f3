"""The user's settings: a documented, validated TOML file in the acutimer folder.

:mod:`.model` is the file's model (a key per setting, each with its docstring), :mod:`.load`
reads it with the environment and the command line on top, and :mod:`.edit` changes it (``acutimer
config set``, and the apps when a setting changes) without losing what else the file says.

It sits above ``routine`` in the layers: it reuses the routine files' errors, line look-ups and
validation, so a bad setting is explained as a bad routine file is.
"""

from __future__ import annotations

from acutimer.config.edit import SettingsSaver, write_settings
from acutimer.config.load import Settings, config_path, load_config, load_settings
from acutimer.config.model import KEYS, Config, Source

__all__ = [
    "KEYS",
    "Config",
    "Settings",
    "SettingsSaver",
    "Source",
    "config_path",
    "load_config",
    "load_settings",
    "write_settings",
]
