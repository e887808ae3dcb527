"""Is a string something a person wrote (a note) rather than an id, path, number or URL?"""

from __future__ import annotations

import re

from analyzer.text.scripts import has_cjk

_LETTERS = re.compile(r"[^\W\d_]{2,}")
_MACHINE_STRING = re.compile(
    r"^(?:[a-z]+://|[\w.-]+@|[0-9a-f]{16,}$|[\w./\\-]+\.\w{2,4}$"
    r"|\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$)",  # a UUID (ftrack, Shotgrid ids)
    re.I,
)


def looks_human(text: str) -> bool:
    if _MACHINE_STRING.match(text.strip()):
        return False
    return has_cjk(text) or len(_LETTERS.findall(text)) >= 2
