"""Which files belong to one sketch: same folder, same name once the sidecar words at its end are dropped.

c010.png, c010_zh.txt, c010-notes.json and c010_ko.xmp are the sketch `c010`; cut_001 and cut_002 are two
sketches. The one definition that discovery (units of work), alignment (sidecar pairs), the rules (a
sketch's evidence), the hook and `scan --staged` (sibling sidecars) all use.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache

# Trailing name words that say a sidecar's language or role rather than which sketch it belongs to.
SIDECAR_WORDS = frozenset(
    [
        "zh",
        "cn",
        "chs",
        "cht",
        "ko",
        "kr",
        "kor",
        "ja",
        "jp",
        "en",
        "note",
        "notes",
        "memo",
        "comment",
        "comments",
        "retake",
        "retakes",
        "sidecar",
    ]
)
_WORD_BREAK = re.compile(r"[_\-. ]")


def sketch_name(name: str) -> str:
    """The sketch a file (or archive member) name belongs to, lower-cased: `ep01/c010_ko.xmp` -> `c010`.

    In NFC: macOS writes names decomposed (NFD), so a sketch's files copied from two machines may differ."""
    return _sketch_of_base(os.path.basename(name))


@lru_cache(maxsize=4096)  # names repeat from folder to folder (sketch.png, c001_ko.txt): most calls are one look-up
def _sketch_of_base(name: str) -> str:
    base = unicodedata.normalize("NFC", name).lstrip(".")  # `.analyzer-baseline.json`: not ``
    words = _WORD_BREAK.split((base.split(".")[0] or base).lower())
    while len(words) > 1 and words[-1] in SIDECAR_WORDS:
        words.pop()
    return "_".join(words)


def sketch_of(path: str, member: str | None = None) -> str:
    """The sketch a file or archive member belongs to, with its folder: `ep01/c010_ko.xmp` -> `ep01/c010`."""
    name = member or path
    return os.path.join(unicodedata.normalize("NFC", os.path.dirname(name)), sketch_name(name))
