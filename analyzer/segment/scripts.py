"""Unicode script classes and the tokenizer that cuts text into runs of one script."""

from __future__ import annotations

import re
from dataclasses import dataclass

HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\ud7ff"
KANA = "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007\U00020000-\U0003134f"
LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
CYRILLIC = "\u0400-\u04ff"

SCRIPT_RUN = re.compile(
    rf"(?P<Hangul>[{HANGUL}]+)"
    rf"|(?P<Kana>[{KANA}]+)"
    rf"|(?P<Han>[{HAN}]+)"
    rf"|(?P<Latin>[{LATIN}]+(?:['’][{LATIN}]+)*)"
    rf"|(?P<Cyrillic>[{CYRILLIC}]+)"
    r"|(?P<Other>[^\W\d_]+)"
)
HAS_CJK = re.compile(rf"[{HANGUL}{KANA}{HAN}]")
HAS_HANGUL = re.compile(rf"[{HANGUL}]")
HAS_HAN = re.compile(rf"[{HAN}]")
HAS_KANA = re.compile(rf"[{KANA}]")

# Punctuation that closes what came before it; it stays with the preceding run.
CLOSING = frozenset("。！？．，、；：…」』）)]】〕》〉”’\"'!?.,;:%％")
# Characters that separate two runs and belong to neither.
SEPARATORS = frozenset(" \t\r\n\u3000→⇒=>|/\\-–—~～•·*")


@dataclass(frozen=True, slots=True)
class ScriptRun:
    script: str
    start: int
    end: int


def script_runs(text: str) -> list[ScriptRun]:
    """Maximal runs of letters of one script; digits, punctuation and symbols are left out."""
    return [ScriptRun(m.lastgroup or "Other", m.start(), m.end()) for m in SCRIPT_RUN.finditer(text)]


def has_cjk(text: str) -> bool:
    return HAS_CJK.search(text) is not None
