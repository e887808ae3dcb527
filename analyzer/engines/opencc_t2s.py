"""The characters at which OpenCC's traditional-to-simplified conversion (`t2s`) can change a text: the keys of its
character tables, read from the installed package's dictionaries once per user.

OpenCC converts at each position by the longest key of its tables found there, and a key occurs in a text only if
each of its characters does. So when every phrase key holds a character key (or converts to itself), a text holding
no character key is converted to itself, and the caller need not ask OpenCC (most Chinese notes are simplified
already, and one conversion costs several microseconds once OpenCC's tables have left the CPU's caches). The keys are
listed with OpenCC's own tool (opencc_dict), in the user's cache folder beside the merged `s2t` dictionary
(opencc_s2t.py), under the digest of the configuration and its dictionaries; a damaged list is made again. Anything
unexpected (another kind of dictionary, a phrase key holding no character key that converts to something else, no
tool) gives None: every text is converted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from analyzer.engines.opencc_s2t import _entries, kept_list

FORMAT = 1  # of the file written here; part of its name
# OpenCC's Python wrapper encodes the text as UTF-8, which a lone surrogate fails: such a text is still passed on, so
# the conversion raises as it did.
_SURROGATES = frozenset(map(chr, range(0xD800, 0xE000)))
# What `path` holds: whether its characters tell unchanged texts (False: some phrase key holds none of them, yet t2s
# converts it), and the characters.
Listed = tuple[bool, frozenset[str]]


@cache
def key_characters() -> frozenset[str] | None:
    """The characters a text must hold for `t2s` to change it (and the lone surrogates); None when that cannot be
    told, and then every text is converted."""
    found = _listed()
    return found[1][1] | _SURROGATES if found is not None and found[1][0] else None


def prepare() -> Path | None:
    """The list's path, listed now if needed (`analyzer models prepare`); None when there is none to use."""
    found = _listed()
    return found[0] if found is not None and found[1][0] else None


def _listed() -> tuple[Path, Listed] | None:
    """The list's path and what it holds, listed now if needed; None when there is none (opencc_s2t.kept_list)."""
    return kept_list("t2s-keys", FORMAT, _digest, _parse, _make)


def _digest(share: Path) -> str:
    """The digest of OpenCC's t2s configuration and of every dictionary it uses."""
    config = (share / "t2s.json").read_bytes()
    digest = hashlib.sha256(config)
    for name in _dictionaries(json.loads(config)):
        digest.update(hashlib.sha256((share / name).read_bytes()).digest())
    return digest.hexdigest()[:20]


def _dictionaries(config: dict[str, Any]) -> Iterator[str]:
    """The file of every dictionary a configuration uses (normalization and conversion chain)."""
    for step in [*config.get("normalization", []), *config["conversion_chain"]]:
        yield from _files(step["dict"])


def _files(dictionary: dict[str, Any]) -> Iterator[str]:
    """The files of an ocd2 dictionary or a group of them; ValueError for another kind."""
    if dictionary.get("type") == "ocd2":
        yield dictionary["file"]
    elif dictionary.get("type") == "group":
        for member in dictionary["dicts"]:
            yield from _files(member)
    else:
        raise ValueError(f"a dictionary of another kind in OpenCC's t2s configuration: {dictionary!r}")


def _parse(listed: str) -> Listed | None:
    """What a list holds (a line "safe" or "unsafe", then the characters); None when it is not such a list."""
    status, _, characters = listed.partition("\n")
    return (status == "safe", frozenset(characters)) if status in ("safe", "unsafe") else None


def _make(share: Path, tool: Path, staging: Path) -> tuple[str, Listed]:
    """The dictionaries' character keys, listed, and whether they tell unchanged texts."""
    keys: set[str] = set()
    changing: list[str] = []  # phrase keys converted to something else
    for name in _dictionaries(json.loads((share / "t2s.json").read_bytes())):
        for key, values in _entries(tool, share / name, staging / f"{name}.txt").items():
            if len(key) == 1:
                keys.add(key)
            elif values.split(" ")[0] != key:
                changing.append(key)
    # A phrase of characters t2s leaves alone one by one, converted as a whole: kept as "unsafe" (not asked again).
    safe = not any(keys.isdisjoint(phrase) for phrase in changing)
    return f"{'safe' if safe else 'unsafe'}\n{''.join(sorted(keys))}", (safe, frozenset(keys))
