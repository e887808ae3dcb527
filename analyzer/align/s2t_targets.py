"""What OpenCC's simplified-to-traditional conversion (`s2t`) can turn each character into: a Chinese sentence's
readings need no conversion when every character gives the same readings whatever it is turned into
(readings.read_through).

OpenCC converts at each position by the longest key of its tables found there: each character becomes the character
at its place in the (first) value of a key that covers it, or stays itself when no key does. So the characters a
character can become are those at its places in the values of the keys holding it, its own value when it is a key
of one character, and itself when it is not; all the values are taken, not only the first (a superset is safe). A
character of a key whose value has another length (OpenCC's text is then kept whole: readings._convert), one that
the normalization step rewrites (CJK compatibility ideographs) and a lone surrogate (OpenCC's wrapper raises on it)
are unsafe: a text holding one is converted. Listed from the installed OpenCC's dictionaries with its own tool
(opencc_dict) once per user, in the user's cache folder beside the t2s keys (engines/opencc_t2s.py) and under the
digest of the configuration and its dictionaries; a damaged list is made again. Anything unexpected (another kind
of configuration, no tool, the cache folder "off") gives None: every text is converted.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from analyzer.engines.opencc_s2t import CHARACTERS, NORMALIZATION, PHRASES, _entries, kept_list, s2t_digest

FORMAT = 1  # of the file written here; part of its name
_SURROGATES = frozenset(map(chr, range(0xD800, 0xE000)))
# A character -> what s2t can turn it into (the character a text is read through first), and the unsafe characters.
Targets = tuple[dict[str, str], frozenset[str]]


@cache
def targets() -> Targets | None:
    """Each character a key of `s2t` holds -> the characters it can become, the first being what it becomes alone
    (characters of no key stay themselves); and the characters whose text must be converted (lone surrogates
    included). None when that cannot be listed: every text is converted."""
    found = _listed()
    return None if found is None else (found[1][0], found[1][1] | _SURROGATES)


def prepare() -> Path | None:
    """The list's path, listed now if needed (`analyzer models prepare`); None when there is none to use."""
    found = _listed()
    return None if found is None else found[0]


def _listed() -> tuple[Path, Targets] | None:
    """The list's path and what it holds, listed now if needed; None when there is none (opencc_s2t.kept_list)."""
    return kept_list("s2t-targets", FORMAT, s2t_digest, _parse, _make)


def _parse(listed: str) -> Targets | None:
    """The targets and unsafe characters a list holds (a line "unsafe" with them, then a character and what it can
    become per line); None when it is not such a list."""
    lines = listed.split("\n")
    if not lines[0].startswith("unsafe\t"):
        return None
    found: dict[str, str] = {}
    for line in lines[1:]:
        char, tab, becomes = line.partition("\t")
        if len(char) != 1 or not tab or not becomes:
            return None
        found[char] = becomes
    return found, frozenset(lines[0].partition("\t")[2])


def _make(share: Path, tool: Path, staging: Path) -> tuple[str, Targets]:
    """The installed s2t dictionaries' targets, listed."""
    names = [f"{name}.ocd2" for name in (NORMALIZATION, *PHRASES, CHARACTERS)]
    tables = {name: _entries(tool, share / name, staging / f"{name}.txt") for name in names}
    found, unsafe = listing(tables)
    lines = [f"unsafe\t{''.join(sorted(unsafe))}", *(f"{char}\t{found[char]}" for char in found)]
    return "\n".join(lines), (found, unsafe)


def listing(tables: dict[str, dict[str, str]]) -> Targets:
    """What each character of the dictionaries' keys can become, and the unsafe characters (lone surrogates aside),
    from the dictionaries' entries by file name (opencc_s2t._entries: key -> values, the default first)."""
    alone: dict[str, str] = {}  # a key of one character -> its first value
    becomes: dict[str, dict[str, None]] = {}  # a character -> what it becomes at its places, in order met
    unsafe = set(tables[f"{NORMALIZATION}.ocd2"])
    for name in (*PHRASES, CHARACTERS):
        for key, values in tables[f"{name}.ocd2"].items():
            for value in values.split(" "):
                if len(value) != len(key):
                    unsafe.update(key)
                    continue
                for char, target in zip(key, value):
                    becomes.setdefault(char, {})[target] = None
            if len(key) == 1:
                alone.setdefault(key, values.split(" ")[0])
    found = {}
    for char in sorted(becomes):
        first = alone.get(char, char)  # a character no key of its own holds stays itself where no phrase is
        found[char] = first + "".join(t for t in becomes[char] if t != first)
    return found, frozenset("".join(unsafe)) - _SURROGATES
