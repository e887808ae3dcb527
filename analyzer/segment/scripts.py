"""The tokenizer that cuts text into runs of one script."""

from __future__ import annotations

import re

from analyzer.text.scripts import CYRILLIC, HAN, HANGUL, KANA, LATIN

SCRIPT_RUN = re.compile(
    rf"(?P<Hangul>[{HANGUL}]+)"
    rf"|(?P<Kana>[{KANA}]+)"
    rf"|(?P<Han>[{HAN}]+)"
    rf"|(?P<Latin>[{LATIN}]+(?:['’][{LATIN}]+)*)"
    rf"|(?P<Cyrillic>[{CYRILLIC}]+)"
    r"|(?P<Other>[^\W\d_]+)"
)

# Characters that separate two runs and belong to neither (full-width forms included).
SEPARATORS = frozenset(" \t\r\n\u3000\u00a0→⇒⟶➡=>|/\\-–—~～•·・*／｜－＝＞")
# Opening brackets and quotes belong to the run that follows them.
OPENING = frozenset("「『（(【〔《〈“‘[{<＜［｛")
