"""Settings from `[tool.analyzer]` in pyproject.toml or `.analyzer.toml`, found from the scanned path upward.

Command-line flags override the file; relative paths in the file are relative to the file's folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from analyzer.allowlist import Allowlist

CONFIG_NAMES = (".analyzer.toml", "pyproject.toml")
KNOWN_KEYS = {"format", "output", "fail-on", "baseline", "allowlist", "verbose", "quiet", "ocr"}


class ConfigError(Exception):
    """A configuration file that cannot be read or has a wrong value (a usage error, exit 2)."""


@dataclass(frozen=True)
class Config:
    """What a configuration file said, with the file it came from (None when there was none)."""

    source: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    allowlist: Allowlist = field(default_factory=Allowlist)

    @property
    def root(self) -> str:
        return os.path.dirname(os.path.abspath(self.source)) if self.source else os.getcwd()

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def path(self, key: str) -> str | None:
        """A path-valued setting, resolved against the configuration file's folder."""
        value = self.values.get(key)
        if value is None:
            return None
        return value if os.path.isabs(value) else os.path.join(self.root, value)


def _read_toml(path: str) -> dict[str, Any]:
    import tomllib

    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as err:
        raise ConfigError(f"cannot read {path}: {err.strerror or err}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML: {err}") from None


def _section(path: str) -> dict[str, Any] | None:
    """The analyzer table of a file, or None when a pyproject.toml has none."""
    data = _read_toml(path)
    if os.path.basename(path) == "pyproject.toml":
        return data.get("tool", {}).get("analyzer")
    return data.get("tool", {}).get("analyzer", data)


def find_config(start: str) -> str | None:
    """The nearest `.analyzer.toml`, or pyproject.toml with a `[tool.analyzer]` table, from `start` upward."""
    folder = os.path.abspath(start)
    if not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and _section(candidate) is not None:
                return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def load_config(paths: Sequence[str], explicit: str | None = None) -> Config:
    """The configuration for a scan of `paths`: `explicit` if given, else the nearest file above the first path."""
    source = explicit or find_config(paths[0] if paths else os.getcwd())
    if source is None:
        return Config()
    if explicit and not os.path.isfile(explicit):
        raise ConfigError(f"no such configuration file: {explicit}")
    section = _section(source) or {}
    if not isinstance(section, dict):
        raise ConfigError(f"{source}: [tool.analyzer] must be a table")
    unknown = sorted(set(section) - KNOWN_KEYS)
    if unknown:  # other features may add keys; say so instead of failing the scan
        print(f"analyzer: {source}: ignoring unknown setting(s): {', '.join(unknown)}", file=sys.stderr)
    root = os.path.dirname(os.path.abspath(source))
    try:
        allowlist = Allowlist.from_table(section.get("allowlist", {}), root)
    except ValueError as err:
        raise ConfigError(f"{source}: {err}") from None
    return Config(source, {k: v for k, v in section.items() if k != "allowlist"}, allowlist)
