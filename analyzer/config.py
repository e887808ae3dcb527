"""Settings from `[tool.analyzer]` in pyproject.toml or `.analyzer.toml`, from trusted places only.

A delivery is the adversary of the people who scan it: a settings file shipped inside it could send the report
over a victim file, silence findings or pass the gate. So settings come, in this order, from `--config FILE`,
the nearest file from the working directory upward that does not lie inside a scanned folder, or the user's
config folder; never from inside a scanned tree. `--no-config` (or `--config /dev/null`) means the defaults.
Command-line flags override the file; relative paths in the file are relative to the file's folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from analyzer.allowlist import Allowlist
from analyzer.errors import ConfigError
from analyzer.userfiles import NotARegularFile, read_bounded

__all__ = ["Config", "ConfigError", "find_config", "load_config", "user_config_path"]

CONFIG_NAMES = (".analyzer.toml", "pyproject.toml")
MAX_CONFIG_BYTES = 1 << 20  # a settings file is a few lines; more is not a settings file


def _is_str(value: Any) -> bool:
    return isinstance(value, str) and "\x00" not in value


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


# Each known key and the test its value must pass (the reason names the expected type).
KEYS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "format": (_is_str, "a string"),
    "output": (_is_str, "a file name"),
    "fail-on": (_is_str, "a string"),
    "fail-on-unread": (_is_bool, "true or false"),
    "baseline": (_is_str, "a file name"),
    "verbose": (_is_bool, "true or false"),
    "quiet": (_is_bool, "true or false"),
    "ocr": (_is_bool, "true or false"),
    "csv-bom": (_is_bool, "true or false"),
    "allowlist": (lambda value: isinstance(value, dict), "a table"),
}


@dataclass(frozen=True)
class Config:
    """What a configuration file said, with the file it came from (None when there was none)."""

    source: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    allowlist: Allowlist = field(default_factory=Allowlist)
    ignored: tuple[str, ...] = ()  # settings files passed over because they lie inside a scanned tree

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


def user_config_path() -> str:
    """`$XDG_CONFIG_HOME/analyzer/config.toml` (default `~/.config/analyzer/config.toml`)."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, "analyzer", "config.toml")


def _read_toml(path: str) -> dict[str, Any]:
    import tomllib

    try:
        raw = read_bounded(path, MAX_CONFIG_BYTES)
    except NotARegularFile:
        raise ConfigError(f"{path}: not a regular file") from None
    except OSError as err:
        raise ConfigError(f"cannot read {path}: {err.strerror or err}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES} bytes, not a settings file")
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as err:
        raise ConfigError(f"{path}: invalid TOML: {err}") from None


def _section(path: str) -> dict[str, Any] | None:
    """The analyzer table of a file, or None when a pyproject.toml has none."""
    data = _read_toml(path)
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: [tool] must be a table")
    if os.path.basename(path) == "pyproject.toml":
        return tool.get("analyzer")
    return tool.get("analyzer", data)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _scanned_folders(scanned: Sequence[str]) -> list[str]:
    return [os.path.realpath(p) for p in scanned if os.path.isdir(p)]


def find_config(start: str, scanned: Sequence[str] = ()) -> tuple[str | None, tuple[str, ...]]:
    """The nearest `.analyzer.toml`, or pyproject.toml with a `[tool.analyzer]` table, from `start` upward,
    skipping files inside the `scanned` folders; and the files it skipped."""
    folders = _scanned_folders(scanned)
    folder = os.path.abspath(start)
    if not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    skipped: list[str] = []
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            if not os.path.isfile(candidate):
                continue
            if any(_inside(os.path.realpath(candidate), f) for f in folders):
                try:
                    has_table = _section(candidate) is not None
                except ConfigError:
                    has_table = True  # unreadable, and untrusted anyway: say it was passed over
                if has_table:
                    skipped.append(candidate)
                continue
            if _section(candidate) is not None:
                return candidate, tuple(skipped)
        parent = os.path.dirname(folder)
        if parent == folder:
            return None, tuple(skipped)
        folder = parent


def _validated(source: str, section: Any) -> dict[str, Any]:
    if not isinstance(section, dict):
        raise ConfigError(f"{source}: [tool.analyzer] must be a table")
    unknown = sorted(set(section) - set(KEYS))
    if unknown:  # a newer analyzer may know more keys: say so instead of failing the scan
        shown = ", ".join(repr(k)[:80] for k in unknown[:10])
        print(f"analyzer: {source}: ignoring unknown setting(s): {shown}", file=sys.stderr)
    values: dict[str, Any] = {}
    for key, (valid, expected) in KEYS.items():
        if key in section:
            if not valid(section[key]):
                raise ConfigError(f"{source}: {key} must be {expected}, not {type(section[key]).__name__}")
            values[key] = section[key]
    if values.get("quiet") and values.get("verbose"):
        raise ConfigError(f"{source}: quiet and verbose cannot both be true")
    return values


def load_config(
    scanned: Sequence[str] = (), explicit: str | None = None, *, use_files: bool = True, cwd: str | None = None
) -> Config:
    """The configuration for a scan of `scanned`: `explicit` if given, else the nearest trusted file above the
    working directory, else the user's config file; the defaults with `use_files=False` or `--config /dev/null`."""
    if not use_files or (explicit is not None and os.path.abspath(explicit) == os.devnull):
        return Config()
    ignored: tuple[str, ...] = ()
    if explicit is not None:
        if not os.path.exists(explicit):
            raise ConfigError(f"no such configuration file: {explicit}")

        source: str | None = explicit
    else:
        source, ignored = find_config(cwd or os.getcwd(), scanned)
        if source is None and os.path.isfile(user_config_path()):
            source = user_config_path()
    if source is None:
        return Config(ignored=ignored)
    values = _validated(source, _section(source) or {})
    root = os.path.dirname(os.path.abspath(source))
    try:
        allowlist = Allowlist.from_table(values.pop("allowlist", {}), root)
    except ValueError as err:
        raise ConfigError(f"{source}: {err}") from None
    return Config(source, values, allowlist, ignored)
