"""Cut and scene identifiers in paths and notes (ep01_c012, S03C012, cut_12, C012), normalised to `EP01/C012`."""

from __future__ import annotations

import re

_EPISODE = re.compile(r"(?<![a-z0-9])(?:ep|episode|#)[ _-]?(\d{1,3})(?!\d)", re.I)
_CUT = re.compile(r"(?<![a-z])(?:c|cut)[ _-]?(\d{1,4})(?!\d)", re.I)


def cut_ids(text: str) -> set[str]:
    """Normalised cut IDs found in `text`, qualified by the episode when one is named."""
    episode = _EPISODE.search(text)
    prefix = f"EP{int(episode.group(1)):02d}/" if episode else ""
    return {f"{prefix}C{int(m.group(1)):03d}" for m in _CUT.finditer(text)}


def path_cut_ids(path: str, member: str | None) -> set[str]:
    """Cut IDs named by a file: from its name, else from its folders (the nearest that names one)."""
    parts = [p for p in re.split(r"[\\/!]", f"{path}/{member or ''}") if p]
    episode = next((m for p in reversed(parts) if (m := _EPISODE.search(p))), None)
    prefix = f"EP{int(episode.group(1)):02d}/" if episode else ""
    for part in reversed(parts):
        found = {f"{prefix}C{int(m.group(1)):03d}" for m in _CUT.finditer(part)}
        if found:
            return found
    return set()
