"""What OpenCC's simplified-to-traditional conversion (`s2t`) can turn each character into, read from the installed
package's dictionaries once per user: a Chinese sentence's readings need no conversion when every character gives
the same readings whatever it is turned into (readings.read_through).

OpenCC converts at each position by the longest key of its tables found there: each character becomes the character
at its place in the (first) value of a key that covers it, or stays itself when no key does. So the characters a
character can become are those at its places in the values of the keys holding it, its own value when it is a key
of one character, and itself when it is not; all the values are taken, not only the first (a superset is safe). A
character of a key whose value has another length (OpenCC's text is then kept whole: readings._convert), one that
the normalization step rewrites (CJK compatibility ideographs) and a lone surrogate (OpenCC's wrapper raises on it)
are listed as unsafe: a text holding one is converted. The list is written with OpenCC's own tool (opencc_dict), in
the user's cache folder beside the merged `s2t` dictionary (engines/opencc_s2t.py), under the digest of the
configuration and its dictionaries; a damaged list is made again. Anything unexpected (another configuration, no
tool) gives None: every text is converted.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from analyzer.engines.opencc_s2t import _GROUPED, CACHE_ENV, CHARACTERS, NORMALIZATION, PHRASES, _entries
from analyzer.resources import chosen_cache_folder

FORMAT = 1  # of the file written here; part of its name
_SURROGATES = "".join(map(chr, range(0xD800, 0xE000)))
# A character -> what s2t can turn it into (the character a text is read through first), and the unsafe characters.
Targets = tuple[dict[str, str], frozenset[str]]


@cache
def targets() -> Targets | None:
    """Each character a key of `s2t` holds -> the characters it can become, the first being what it becomes alone
    (characters of no key stay themselves); and the characters whose text must be converted. None when that cannot
    be told: every text is converted."""
    try:
        import opencc
    except ImportError:
        return None
    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    try:
        config = (share / "s2t.json").read_bytes()
        if {k: v for k, v in json.loads(config).items() if k != "name"} != _GROUPED:
            return None
        digest = hashlib.sha256(config)
        for name in (NORMALIZATION, *PHRASES, CHARACTERS):
            digest.update(hashlib.sha256((share / f"{name}.ocd2").read_bytes()).digest())
        folder = chosen_cache_folder(CACHE_ENV, "opencc")
        if folder is None:
            return None
        path = folder / f"s2t-targets-{digest.hexdigest()[:20]}-format{FORMAT}.txt"
        found = _read(path)
        if found is None:
            found = _prepare(path, share, share.parent.parent / "bin" / "opencc_dict")
    except (OSError, ValueError, KeyError, TypeError, subprocess.SubprocessError):
        return None
    return found


def _read(path: Path) -> Targets | None:
    """What `path` lists (after the SHA-256 of the rest: the unsafe characters, then a character and what it can
    become per line); None when it is missing or damaged."""
    try:
        digest, _, listed = path.read_bytes().decode("utf-8", "surrogatepass").partition("\n")
    except (OSError, ValueError):
        return None
    if hashlib.sha256(listed.encode("utf-8", "surrogatepass")).hexdigest() != digest:
        return None
    unsafe, *lines = listed.split("\n")
    found: dict[str, str] = {}
    for line in lines:
        char, tab, becomes = line.partition("\t")
        if len(char) != 1 or not tab or not becomes:
            return None
        found[char] = becomes
    return found, frozenset(unsafe)


def _prepare(path: Path, share: Path, tool: Path) -> Targets | None:
    """List what each character of the dictionaries' keys can become into `path`."""
    if not os.access(tool, os.X_OK):
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".opencc-", dir=path.parent) as staging:
        alone: dict[str, str] = {}  # a key of one character -> its first value
        becomes: dict[str, dict[str, None]] = {}  # a character -> what it becomes at its places, in order met
        unsafe = set(_SURROGATES)
        unsafe.update(_entries(tool, share / f"{NORMALIZATION}.ocd2", Path(staging) / "normalization.txt"))
        for name in (*PHRASES, CHARACTERS):
            for key, values in _entries(tool, share / f"{name}.ocd2", Path(staging) / f"{name}.txt").items():
                for value in values.split(" "):
                    if len(value) != len(key):
                        unsafe.update(key)
                        continue
                    for char, target in zip(key, value):
                        becomes.setdefault(char, {})[target] = None
                if len(key) == 1:
                    alone.setdefault(key, values.split(" ")[0])
        lines = [_unsafe_line(unsafe)]
        for char in sorted(becomes):
            first = alone.get(char, char)  # a character no key of its own holds stays itself where no phrase is
            lines.append(f"{char}\t{first}{''.join(t for t in becomes[char] if t != first)}")
        listed = "\n".join(lines)
        written = Path(staging) / "targets.txt"
        data = f"{hashlib.sha256(listed.encode('utf-8', 'surrogatepass')).hexdigest()}\n{listed}"
        written.write_bytes(data.encode("utf-8", "surrogatepass"))
        os.replace(written, path)
    return _read(path)


def _unsafe_line(unsafe: set[str]) -> str:
    """The unsafe characters as one line (no line break can be among them: a key holds none)."""
    return "".join(sorted(unsafe - {"\n"}))
