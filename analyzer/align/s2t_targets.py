"""What OpenCC's simplified-to-traditional conversion (`s2t`) can turn each character into (models/align/
s2t_targets.txt): a Chinese sentence's readings need no conversion when every character gives the same readings
whatever it is turned into (readings.read_through).

OpenCC converts at each position by the longest key of its tables found there: each character becomes the character
at its place in the (first) value of a key that covers it, or stays itself when no key does. So the characters a
character can become are those at its places in the values of the keys holding it, its own value when it is a key
of one character, and itself when it is not; all the values are taken, not only the first (a superset is safe). A
character of a key whose value has another length (OpenCC's text is then kept whole: readings._convert), one that
the normalization step rewrites (CJK compatibility ideographs) and a lone surrogate (OpenCC's wrapper raises on it)
are unsafe: a text holding one is converted. The list names the digest of the configuration and dictionaries it was
made from; under another OpenCC (another digest, or none installed) every text is converted. Made again with
`python -m analyzer.align.s2t_targets models/align/s2t_targets.txt` (OpenCC's own tool, opencc_dict, lists the
dictionaries).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

from analyzer.engines.opencc_s2t import _GROUPED, CHARACTERS, NORMALIZATION, PHRASES, _entries
from analyzer.resources import model_path

_SURROGATES = frozenset(map(chr, range(0xD800, 0xE000)))
# A character -> what s2t can turn it into (the character a text is read through first), and the unsafe characters.
Targets = tuple[dict[str, str], frozenset[str]]


@cache
def targets() -> Targets | None:
    """Each character a key of `s2t` holds -> the characters it can become, the first being what it becomes alone
    (characters of no key stay themselves); and the characters whose text must be converted. None when the installed
    OpenCC is not the one listed (or is missing): every text is converted."""
    share = _share()
    try:
        digest = _digest(share) if share is not None else None
        if digest is None:
            return None
        listed = _read(model_path("align", "s2t_targets.txt"))
    except (OSError, ValueError):
        return None
    if listed is None or listed[0] != digest:
        return None
    return listed[1], listed[2] | _SURROGATES


def _share() -> Path | None:
    try:
        import opencc
    except ImportError:
        return None
    return Path(opencc.__file__).parent / "clib" / "share" / "opencc"


def _digest(share: Path) -> str | None:
    """The digest of OpenCC's s2t configuration and its dictionaries; None for a configuration of another kind."""
    config = (share / "s2t.json").read_bytes()
    if {k: v for k, v in json.loads(config).items() if k != "name"} != _GROUPED:
        return None
    digest = hashlib.sha256(config)
    for name in (NORMALIZATION, *PHRASES, CHARACTERS):
        digest.update(hashlib.sha256((share / f"{name}.ocd2").read_bytes()).digest())
    return digest.hexdigest()[:20]


def _read(path: Path) -> tuple[str, dict[str, str], frozenset[str]] | None:
    """The digest, targets and unsafe characters `path` lists (after comment lines: "digest", "unsafe", then a
    character and what it can become per line); None when it is not such a list."""
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line and not line.startswith("# ")]
    if len(lines) < 2 or not lines[0].startswith("digest\t") or not lines[1].startswith("unsafe\t"):
        return None
    found: dict[str, str] = {}
    for line in lines[2:]:
        char, tab, becomes = line.partition("\t")
        if len(char) != 1 or not tab or not becomes:
            return None
        found[char] = becomes
    return lines[0].partition("\t")[2], found, frozenset(lines[1].partition("\t")[2])


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


def write(path: Path) -> None:
    """List the installed OpenCC's s2t dictionaries into `path`."""
    share = _share()
    digest = _digest(share) if share is not None else None
    if share is None or digest is None:
        raise SystemExit("OpenCC with its standard s2t configuration is needed")
    import opencc

    tool = share.parent.parent / "bin" / "opencc_dict"
    with tempfile.TemporaryDirectory() as staging:
        names = [f"{name}.ocd2" for name in (NORMALIZATION, *PHRASES, CHARACTERS)]
        tables = {name: _entries(tool, share / name, Path(staging) / f"{name}.txt") for name in names}
    found, unsafe = listing(tables)
    version = getattr(opencc, "__version__", "?")
    lines = [
        "# What OpenCC's s2t can turn each character into (analyzer/align/s2t_targets.py): a character, then the",
        f"# characters it can become, the first what it becomes alone. From OpenCC {version}'s dictionaries;",
        "# made by python -m analyzer.align.s2t_targets models/align/s2t_targets.txt",
        f"digest\t{digest}",
        f"unsafe\t{''.join(sorted(unsafe))}",
        *(f"{char}\t{found[char]}" for char in found),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    try:
        write(Path(sys.argv[1]))
    except (OSError, subprocess.SubprocessError) as err:
        raise SystemExit(f"not listed: {err}") from None
