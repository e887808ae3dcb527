"""OpenCC's simplified-to-traditional converter loaded from one dictionary, prepared once per user.

OpenCC's own `s2t` configuration groups three dictionaries (STPhrases with the phrases generated from regional
ones, matched as a union, tried before STCharacters), and building that group costs every process that aligns
Chinese about three times what loading one dictionary with the same entries does (BENCHMARKS.md). Every key of
STCharacters is one character, so at each position the longest match in the merged dictionary is the group's own:
the phrases' longest when a phrase matches, else the character's (a key in two tables keeps the value of the table
the group tries first). The merged dictionary is made from the installed package's files with its own tool
(opencc_dict) in the user's cache folder, keyed by the digest of those files. Anything unexpected (another `s2t`
configuration, a character key longer than one character, no tool, a damaged or moved file) leaves OpenCC's own
configuration in use.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from analyzer.resources import chosen_cache_folder

CACHE_ENV = "ANALYZER_OPENCC_CACHE"  # a folder, or "off"
FORMAT = 1  # of what is written here; part of the folder's name
NORMALIZATION = "CJK_Compatibility_Ideographs"
PHRASES = ("STPhrases", "STPhrases_GeneratedFromRegionalPhrases")  # the union, the first table's value winning
CHARACTERS = "STCharacters"
# OpenCC's s2t.json as this module reproduces it (its "name" aside).
_GROUPED = {
    "normalization": [{"dict": {"type": "ocd2", "file": f"{NORMALIZATION}.ocd2"}}],
    "conversion_chain": [
        {
            "dict": {
                "type": "group",
                "match_policy": "short_circuit",
                "dicts": [
                    {
                        "type": "group",
                        "match_policy": "union",
                        "dicts": [{"type": "ocd2", "file": f"{name}.ocd2"} for name in PHRASES],
                    },
                    {"type": "ocd2", "file": f"{CHARACTERS}.ocd2"},
                ],
            }
        }
    ],
}
_TOOL_SECONDS = 60


def s2t_converter() -> Any:
    """An opencc.OpenCC converting as OpenCC's `s2t` does, from the merged dictionary when it can be had."""
    import opencc

    config = prepare()
    if config is not None:
        try:
            return opencc.OpenCC(str(config))
        except RuntimeError:  # a dictionary moved or damaged since it was checked: prepared again next time
            shutil.rmtree(config.parent, ignore_errors=True)
    return opencc.OpenCC("s2t")


def prepare() -> Path | None:
    """The merged dictionary's configuration, prepared now if needed; None when OpenCC's own must be used."""
    import opencc

    return _merged_config(Path(opencc.__file__).parent / "clib")


def cache_folder(digest: str) -> Path | None:
    """$ANALYZER_OPENCC_CACHE, else the user's cache folder "opencc", with the source files' digest and this
    format in the name; None when the variable says "off"."""
    folder = chosen_cache_folder(CACHE_ENV, "opencc")
    return None if folder is None else folder / f"s2t-{digest}-format{FORMAT}"


def s2t_digest(share: Path) -> str | None:
    """The digest of OpenCC's s2t configuration and its dictionaries (in `share`), which what is made from them is kept
    under; None for a configuration of another kind than the one merged here. OSError when a file is missing."""
    grouped = (share / "s2t.json").read_bytes()
    if {k: v for k, v in json.loads(grouped).items() if k != "name"} != _GROUPED:
        return None
    digest = hashlib.sha256(grouped)
    for name in (NORMALIZATION, *PHRASES, CHARACTERS):
        digest.update(hashlib.sha256((share / f"{name}.ocd2").read_bytes()).digest())
    return digest.hexdigest()[:20]


def _merged_config(clib: Path) -> Path | None:
    """The merged configuration's path, prepared now if needed; None when OpenCC's own must be used."""
    share = clib / "share" / "opencc"
    try:
        digest = s2t_digest(share)
        folder = None if digest is None else cache_folder(digest)
        if folder is None:
            return None
        if not _intact(folder):
            _prepare(folder, share, clib / "bin" / "opencc_dict")
        return folder / "s2t.json" if _intact(folder) else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def _intact(folder: Path) -> bool:
    try:
        expected = (folder / "s2t.ocd2.sha256").read_text(encoding="ascii")
        return hashlib.sha256((folder / "s2t.ocd2").read_bytes()).hexdigest() == expected
    except (OSError, ValueError):
        return False


def _prepare(folder: Path, share: Path, tool: Path) -> None:
    """Write the merged dictionary and its configuration into `folder`, whole or not at all."""
    if not os.access(tool, os.X_OK):
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".opencc-", dir=folder.parent))
    try:
        merged: dict[str, str] = {}
        for name in (*PHRASES, CHARACTERS):  # the group's order: a key met again keeps its first value
            entries = _entries(tool, share / f"{name}.ocd2", staging / f"{name}.txt")
            if name == CHARACTERS and any(len(key) != 1 for key in entries):
                return  # a longer character key could outmatch a phrase: the merge would convert differently
            for key, values in entries.items():
                merged.setdefault(key, values)
        text = "".join(f"{key}\t{merged[key]}\n" for key in sorted(merged))
        (staging / "s2t.txt").write_text(text, encoding="utf-8")
        _run(tool, "-i", staging / "s2t.txt", "-o", staging / "s2t.ocd2", "-f", "text", "-t", "ocd2")
        for leftover in staging.glob("*.txt"):
            leftover.unlink()
        config = {
            "name": "Simplified Chinese to Traditional Chinese (OpenCC's s2t, its dictionaries merged)",
            "normalization": [{"dict": {"type": "ocd2", "file": str(share / f"{NORMALIZATION}.ocd2")}}],
            "conversion_chain": [{"dict": {"type": "ocd2", "file": str(folder / "s2t.ocd2")}}],
        }
        (staging / "s2t.json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
        digest = hashlib.sha256((staging / "s2t.ocd2").read_bytes()).hexdigest()
        (staging / "s2t.ocd2.sha256").write_text(digest, encoding="ascii")
        shutil.rmtree(folder, ignore_errors=True)  # a damaged form
        os.rename(staging, folder)
    except OSError:
        pass  # another process prepared it first, or the folder is not writable: OpenCC's own configuration
    finally:
        shutil.rmtree(staging, ignore_errors=True)


T = TypeVar("T")


def kept_list(
    stem: str,
    form: int,
    digest_of: Callable[[Path], str | None],
    parse: Callable[[str], T | None],
    make: Callable[[Path, Path, Path], tuple[str, T]],
) -> tuple[Path, T] | None:
    """A list made once per user from the installed OpenCC's dictionaries, kept in the cache folder beside the merged
    dictionary (`{stem}-{digest}-format{form}.txt`, after the SHA-256 of its text: a damaged one is made again), and
    the path it is kept at. `digest_of(share)` names the files it is made from in OpenCC's `share` folder (None: a
    configuration of another kind); `parse(text)` reads it (None: not such a list); `make(share, tool, staging)`
    lists it with OpenCC's own tool (opencc_dict), into its text and what that holds. None when OpenCC, its tool or
    the cache folder is missing, or anything is unexpected: the caller converts every text."""
    try:
        import opencc
    except ImportError:
        return None
    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    try:
        digest = digest_of(share)
        folder = chosen_cache_folder(CACHE_ENV, "opencc")
        if digest is None or folder is None:
            return None
        path = folder / f"{stem}-{digest}-format{form}.txt"
        listed = read_listing(path)
        found = None if listed is None else parse(listed)
        if found is None:
            tool = share.parent.parent / "bin" / "opencc_dict"
            if not os.access(tool, os.X_OK):
                return None
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix=".opencc-", dir=path.parent) as staging:
                text, found = make(share, tool, Path(staging))
            write_listing(path, text)
    except (OSError, ValueError, KeyError, TypeError, subprocess.SubprocessError):
        return None
    return path, found


def read_listing(path: Path) -> str | None:
    """The text of a list kept in the cache folder (after the SHA-256 of it on the first line); None when it is
    missing or damaged."""
    try:
        digest, _, listed = path.read_bytes().decode("utf-8").partition("\n")
    except (OSError, ValueError):
        return None
    return listed if hashlib.sha256(listed.encode("utf-8")).hexdigest() == digest else None


def write_listing(path: Path, listed: str) -> None:
    """Keep a list in the cache folder, after the SHA-256 of its text, whole or not at all (written beside it, then
    renamed into place)."""
    with tempfile.NamedTemporaryFile("wb", prefix=".opencc-", dir=path.parent, delete=False) as staging:
        staging.write(f"{hashlib.sha256(listed.encode('utf-8')).hexdigest()}\n{listed}".encode())
    try:
        os.replace(staging.name, path)
    except OSError:
        os.unlink(staging.name)
        raise


def _entries(tool: Path, dictionary: Path, text: Path) -> dict[str, str]:
    """A dictionary's keys and their values (space-separated, the default first), as opencc_dict writes them."""
    _run(tool, "-i", dictionary, "-o", text, "-f", "ocd2", "-t", "text")
    entries: dict[str, str] = {}
    for line in text.read_text(encoding="utf-8").splitlines():
        key, tab, values = line.partition("\t")
        if not tab or not key or key in entries:
            raise ValueError(f"unexpected line in {dictionary.name}: {line!r}")
        entries[key] = values
    return entries


def _run(tool: Path, *args: object) -> None:
    subprocess.run([str(tool), *map(str, args)], check=True, capture_output=True, timeout=_TOOL_SECONDS)
