"""Which files belong to one sketch: same folder, same stem once sidecar suffixes are dropped.

c010.png, c010_zh.txt and c010_ko.xmp are one sketch. Shared by align (sidecar pairs) and the hook (sidecars to scan).
"""

from __future__ import annotations

import os
import re

# Suffixes that name a sidecar's language or role rather than its sketch: c010_zh.txt, c010-notes.json.
_SIDECAR_SUFFIX = re.compile(r"[_\-. ](zh|cn|chs|cht|ko|kr|kor|ja|jp|en|notes?|memo|comments?|retakes?|sidecar)$", re.I)


def sketch_stem(name: str) -> str:
    """The sketch a file name belongs to, lower-cased: `c010_ko.xmp` -> `c010`."""
    stem = os.path.basename(name).split(".")[0]
    while True:
        shorter = _SIDECAR_SUFFIX.sub("", stem)
        if shorter == stem or not shorter:
            break
        stem = shorter
    return stem.lower()
