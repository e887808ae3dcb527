"""Cut and scene identifiers in paths and notes (ep01_c012, S03C012, cut_12, C012, sc_05), normalised to `EP01/C012`.

A cut names the unit of work; a scene (`sc05`, `scene_5` -> `SC005`) stands in only where no cut is named.
"""

from __future__ import annotations

import re
from functools import lru_cache

_EPISODE = re.compile(r"(?<![a-z0-9])(?:ep|episode|#)[ _-]?(\d{1,3})(?!\d)", re.I)
_CUT = re.compile(r"(?<![a-z])(?:c|cut)[ _-]?(\d{1,4})(?!\d)", re.I)
_SCENE = re.compile(r"(?<![a-z])(?:scene|sc)[ _-]?(\d{1,4})(?!\d)", re.I)
_SEPARATOR = re.compile(r"[\\/!]")
NEAR_FOLDERS = 3  # ep01/c012/layout/file.png: folders this close to a file can name its cut


def _ids(text: str, prefix: str) -> set[str]:
    cuts = {f"{prefix}C{int(m.group(1)):03d}" for m in _CUT.finditer(text)}
    return cuts or {f"{prefix}SC{int(m.group(1)):03d}" for m in _SCENE.finditer(text)}


@lru_cache(maxsize=4096)  # the same folder and file names recur all over a dump (ep01, c012, layout.psd)
def _part_ids(part: str, prefix: str) -> frozenset[str]:
    return frozenset(_ids(part, prefix))


@lru_cache(maxsize=4096)
def _part_episode(part: str) -> str:
    """The episode prefix a path part names ("EP01/"), or ""."""
    return _prefix(_EPISODE.search(part))


def is_scene(cut: str) -> bool:
    """True for a scene-level ID (`EP01/SC005`), which stands in for a cut."""
    return cut.rsplit("/", 1)[-1].startswith("SC")


def _prefix(episode: re.Match[str] | None) -> str:
    return f"EP{int(episode.group(1)):02d}/" if episode else ""


def cut_ids(text: str, episode: str = "") -> set[str]:
    """Normalised cut IDs in `text` (scene IDs when it names no cut), qualified by the episode it names.

    `episode` (e.g. "EP01/", from the file's path) qualifies them when the text names none.
    """
    named = _EPISODE.search(text)
    return _ids(text, _prefix(named) if named else episode)


def _near_parts(path: str, member: str | None) -> list[str]:
    """The file name and its nearest folders, nearest first (folders far up, e.g. the scanned root's, name no cut)."""
    parts = [p for p in _SEPARATOR.split(f"{path}/{member or ''}") if p]
    return parts[::-1][: NEAR_FOLDERS + 1]


def _episode_of(parts: list[str]) -> str:
    return next((episode for p in parts if (episode := _part_episode(p))), "")


def path_episode(path: str, member: str | None) -> str:
    """The episode prefix ("EP01/") named by a file's name or nearest folders; "" when none."""
    return _path_facts(path, member)[0]


def path_cut_ids(path: str, member: str | None) -> set[str]:
    """Cut IDs named by a file: from its name, else from its nearest folders (the nearest that names one)."""
    return set(_path_facts(path, member)[1])


@lru_cache(maxsize=256)  # a file's record asks for both, and sometimes twice
def _path_facts(path: str, member: str | None) -> tuple[str, frozenset[str]]:
    """(episode prefix, cut IDs) of a file's path."""
    parts = _near_parts(path, member)
    prefix = _episode_of(parts)
    for part in parts:
        found = _part_ids(part, prefix)
        if found:
            return prefix, found
    return prefix, frozenset()
