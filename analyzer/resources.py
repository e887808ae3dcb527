"""Where the data in models/ lives, loaders that read each table once per process, and the user's cache folder."""

from __future__ import annotations

import array
import gc
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import cache, wraps
from pathlib import Path
from typing import Any, TypeVar

MODELS_ENV = "ANALYZER_MODELS_DIR"
TABLE_CACHE_ENV = "ANALYZER_TABLE_CACHE"  # a folder, or "off"
TABLE_CACHE_FORMAT = 2  # of the files `prepared` writes; part of the folder's name


@cache
def models_dir() -> Path:
    """The models folder: $ANALYZER_MODELS_DIR, the checkout's models/, or the installed copy."""
    override = os.environ.get(MODELS_ENV)
    if override:
        return Path(override)
    checkout = Path(__file__).resolve().parent.parent / "models"
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parent / "_models"


def user_cache_folder(name: str) -> Path:
    """Where what is prepared once per user goes: $XDG_CACHE_HOME/analyzer/NAME, else ~/.cache/analyzer/NAME."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "analyzer" / name


def chosen_cache_folder(variable: str, name: str) -> Path | None:
    """The folder the environment `variable` names, else `user_cache_folder(name)`; None when it says "off"."""
    chosen = os.environ.get(variable)
    if chosen == "off":
        return None
    return Path(chosen) if chosen else user_cache_folder(name)


T = TypeVar("T")
PREPARED_LOADERS: list[Callable[[], object]] = []  # every `prepared` table of the modules imported so far


def table(loader: Callable[[], T]) -> Callable[[], T]:
    """Cache a loader of a large read-only table, built with the cyclic GC paused and then frozen (gc.freeze).

    Tables hold no reference cycles, yet every full collection walks all their objects: frozen, they are not
    walked again (the hook's time, BENCHMARKS.md). Asked for per sentence and per character, the loaded table is
    returned at the cost of one list test.
    """
    loaded: list[T] = []  # the table, once built

    @wraps(loader)
    def load() -> T:
        if loaded:
            return loaded[0]
        enabled = gc.isenabled()
        gc.disable()
        try:
            value = loader()
            loaded[:] = [value]
            return value
        finally:
            if enabled:
                gc.enable()
            gc.freeze()  # only objects alive now: the table, and what the process had built before it

    load.cache_clear = loaded.clear  # type: ignore[attr-defined]
    return load


def model_path(*parts: str) -> Path:
    return models_dir().joinpath(*parts)


def prepared(*sources: tuple[str, ...]) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Keep what a table loader builds from `sources` (files of models/) as marshal data in the user's cache
    folder, for the next process to read instead of parsing the files again.

    Building a set or a dict of many strings from text costs twice what unmarshalling it does. The loader's value
    must be of marshal's types (str, numbers, tuples, frozensets, dicts), and depend only on the sources, the
    loader's own module and this one: the file is keyed by the SHA-256 of all of them, so a changed table or loader
    is built again. A file that does not match (another key, damaged, cut short, unreadable) is ignored and
    replaced; when the folder is not writable, every process builds the table itself, as without this.
    """

    def decorate(loader: Callable[[], T]) -> Callable[[], T]:
        @wraps(loader)
        def load() -> T:
            folder = table_cache_folder()
            if folder is None:
                return loader()
            path = folder / f"{loader.__module__}.{loader.__qualname__}.marshal"
            try:
                key = hashlib.sha256(b"".join(_file_digest(p) for p in _key_files(loader, sources))).digest()
            except OSError:
                return loader()
            value = _read_prepared(path, key)
            if value is None:
                value = loader()
                _write_prepared(path, key, value)
            return value  # type: ignore[no-any-return]

        PREPARED_LOADERS.append(load)
        return load

    return decorate


def prepare_tables() -> Path | None:
    """Load every `prepared` table of the modules imported so far, writing what is missing in the cache folder
    (`analyzer models prepare`): the folder, or None when the variable says "off"."""
    for load in PREPARED_LOADERS:
        load()
    return table_cache_folder()


def table_cache_folder() -> Path | None:
    """$ANALYZER_TABLE_CACHE, else the user's cache folder "tables", with the format in the name; None when the
    variable says "off"."""
    folder = chosen_cache_folder(TABLE_CACHE_ENV, "tables")
    return None if folder is None else folder / f"format{TABLE_CACHE_FORMAT}"


def _key_files(loader: Callable[[], object], sources: tuple[tuple[str, ...], ...]) -> list[str]:
    modules = {sys.modules[loader.__module__].__file__, __file__}
    return [str(model_path(*parts)) for parts in sources] + sorted(str(m) for m in modules if m)


@cache
def _file_digest(path: str) -> bytes:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()


def _read_prepared(path: Path, key: bytes) -> object | None:
    """The value kept in `path` under `key`, or None (absent, another key, damaged)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    size = hashlib.sha256().digest_size
    stored_key, check, payload = data[:size], data[size : 2 * size], data[2 * size :]
    if stored_key != key or hashlib.sha256(payload).digest() != check:
        return None
    try:
        return _unpacked(marshal.loads(payload))
    except (ValueError, EOFError, TypeError):
        return None


def _packed(value: object) -> object:
    """`value` in the form marshal loads fastest: a set of one-line strings as one string (building the set from
    its lines takes half the time of unmarshalling the strings one by one), a tuple's items likewise."""
    if isinstance(value, frozenset) and all(type(item) is str and item and "\n" not in item for item in value):
        return ("lines", "\n".join(value))
    if isinstance(value, tuple):
        return ("tuple", tuple(_packed(item) for item in value))
    return ("value", value)


def _unpacked(packed: Any) -> object:
    kind, data = packed
    if kind == "lines":
        return frozenset(data.split("\n")) if data else frozenset()
    if kind == "tuple":
        return tuple(_unpacked(item) for item in data)
    if kind == "value":
        return data
    raise ValueError(f"not a packed table: {kind!r}")


def _write_prepared(path: Path, key: bytes, value: object) -> None:
    """Write the value under `key`, whole or not at all (a temporary file renamed into place)."""
    try:
        payload = marshal.dumps(_packed(value))
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(prefix=".table-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(key + hashlib.sha256(payload).digest() + payload)
            os.replace(staging, path)
        finally:
            if os.path.exists(staging):
                os.unlink(staging)
    except (OSError, ValueError):  # not writable, or a value marshal cannot hold: built again next time
        pass


def read_tsv(*parts: str) -> Iterator[list[str]]:
    """Rows of a tab-separated table in models/, without comments and blank lines, one at a time.

    Not a list: the rows of a large table would be garbage scattered among the table's own objects, memory the
    process then keeps (BENCHMARKS.md, "Memory").
    """
    with open(model_path(*parts), encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


@table
@prepared(("han", "readings.tsv"))
def hangul_readings() -> dict[str, tuple[str, ...]]:
    """Han character -> its Sino-Korean readings in Hangul (simplified forms included)."""
    return {row[0]: tuple(row[1].split()) for row in read_tsv("han", "readings.tsv")}


@table
def han_variants() -> dict[str, str]:
    """Han character -> "S" if only a simplified form, "T" if only a traditional form."""
    return {row[0]: row[1] for row in read_tsv("han", "variants.tsv")}


@table
def hangul_syllable_counts() -> dict[str, int]:
    """Hangul syllable -> how often it occurs in a Korean corpus (models/extract/hangul_common.tsv)."""
    return {row[0]: int(row[1]) for row in read_tsv("extract", "hangul_common.tsv")}


def mapped_trie(trie_path: Path, values_path: Path, typecode: str) -> tuple[Any, array.array[int]]:
    """A MARISA trie memory-mapped from `trie_path` and the little-endian array of one value per key id (its
    `key_id`) read from `values_path`: how jieba's dictionary and the encoder's pieces are kept. ValueError when
    the two disagree in length; marisa's own errors for a damaged trie."""
    import marisa_trie

    trie = marisa_trie.Trie()
    trie.mmap(str(trie_path))
    values = array.array(typecode)
    values.frombytes(values_path.read_bytes())
    if sys.byteorder != "little":
        values.byteswap()
    if len(values) != len(trie):
        raise ValueError(f"{trie_path.name} and {values_path.name} disagree")
    return trie, values
