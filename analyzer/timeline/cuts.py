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


def file_place(path: str, member: str | None) -> tuple[str, str]:
    """(folders, name) of a file: its path (and member) up to the last separator, and its last part, e.g.
    ("ep01/c012/", "layout.psd"); the parts of both (split at `/`, `\\`, `!`) are all the parts of the path. The
    folders repeat from file to file, so what they name is worked out once per folder (`_folder_facts`)."""
    where = f"{path}/{member or ''}"
    end = len(where.rstrip("\\/!"))
    cut = where.rfind("/", 0, end)  # the last separator: "/", or a "\\" or "!" after it (a search of the name only)
    cut = max(cut, where.rfind("\\", cut + 1, end))
    cut = max(cut, where.rfind("!", cut + 1, end))
    return where[: cut + 1], where[cut + 1 : end]


@lru_cache(maxsize=1024)
def folder_parts(folders: str) -> tuple[str, ...]:
    """The parts of a file's folders, nearest first."""
    return tuple(p for p in _SEPARATOR.split(folders) if p)[::-1]


@lru_cache(maxsize=1024)
def _folder_facts(folders: str) -> tuple[tuple[str, ...], str]:
    """The nearest folders that can name a file's cut (nearest first), and the episode the nearest one naming an
    episode names."""
    near = folder_parts(folders)[:NEAR_FOLDERS]
    return near, _episode_of(near)


@lru_cache(maxsize=1024)
def _folder_cuts(folders: str, prefix: str) -> frozenset[str]:
    """The cut IDs the nearest of a file's folders that names one names."""
    for part in _folder_facts(folders)[0]:
        found = _part_ids(part, prefix)
        if found:
            return found
    return frozenset()


def _episode_of(parts: list[str] | tuple[str, ...]) -> str:
    for part in parts:
        episode = _part_episode(part)
        if episode:
            return episode
    return ""


def path_episode(path: str, member: str | None) -> str:
    """The episode prefix ("EP01/") named by a file's name or nearest folders; "" when none."""
    return place_facts(*file_place(path, member))[0]


def path_cut_ids(path: str, member: str | None) -> set[str]:
    """Cut IDs named by a file: from its name, else from its nearest folders (the nearest that names one)."""
    return set(place_facts(*file_place(path, member))[1])


def place_facts(folders: str, name: str) -> tuple[str, frozenset[str]]:
    """(episode prefix, cut IDs) of the file `file_place` gives as (folders, name): its name first, then its nearest
    folders (what they name is worked out once per folder)."""
    folder_episode = _folder_facts(folders)[1]
    if not name:  # nothing but separators
        return folder_episode, _folder_cuts(folders, folder_episode)
    prefix = _part_episode(name) or folder_episode
    return prefix, _part_ids(name, prefix) or _folder_cuts(folders, prefix)
