"""jieba, the Chinese word segmenter, loaded once per process with its dictionary in the user's cache folder.

jieba keeps its parsed dictionary as marshal data in the system's temporary folder (/tmp/jieba.cache), a
name any local user can take first and fill; the analyzer points it at $XDG_CACHE_HOME/analyzer/jieba
(or a private temporary folder when that cannot be made), so only the user's own cache is ever read. There the
dictionary is also kept in a compact form (jieba_dictionary.py: the same words and frequencies, read in
milliseconds and holding a fifth of the memory), written from jieba's own the first time.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path
from typing import Any

from analyzer.engines import jieba_dictionary
from analyzer.resources import user_cache_folder

_LOCK = threading.Lock()
_ready: Any = None
_LOG = logging.getLogger(__name__)


def jieba() -> Any:
    """The jieba module, its default tokenizer initialised (once per process: its dictionary is slow to load)."""
    global _ready
    if _ready is not None:
        return _ready
    with _LOCK:
        if _ready is None:
            import jieba as module

            module.setLogLevel(logging.WARNING)  # jieba announces its dictionary on stderr otherwise
            folder = _cache_folder()
            module.dt.tmp_dir = folder
            _load_dictionary(module, Path(folder) / jieba_dictionary.FILE_NAME)
            _ready = module
    return _ready


def _load_dictionary(module: Any, path: Path) -> None:
    """The default tokenizer's dictionary from its compact form, written first from jieba's own when missing."""
    tokenizer = module.dt
    try:
        made_from = jieba_dictionary.source_key(module)
    except OSError:  # jieba's dictionary file is not where it should be: jieba says so itself
        module.initialize()
        return
    stored = jieba_dictionary.read(path, made_from)
    if stored is not None:
        tokenizer.FREQ, tokenizer.total = stored
        tokenizer.initialized = True
        return
    module.initialize()
    try:
        tokenizer.FREQ = jieba_dictionary.write(path, tokenizer.FREQ, tokenizer.total, made_from)
    except (OSError, ValueError) as err:  # a read-only cache, no room: jieba's own dict stays, as fast, larger
        _LOG.debug("could not write jieba's compact dictionary to %s: %s", path, err)


def _cache_folder() -> str:
    folder = user_cache_folder("jieba")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return str(folder)
    except OSError:  # a read-only home: a folder of this process's own, the cache rebuilt each time
        return tempfile.mkdtemp(prefix="analyzer-jieba-")
