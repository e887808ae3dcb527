"""jieba, the Chinese word segmenter, loaded once per process with its dictionary cache in the user's folder.

jieba keeps its parsed dictionary as marshal data in the system's temporary folder (/tmp/jieba.cache), a
name any local user can take first and fill; the analyzer points it at $XDG_CACHE_HOME/analyzer/jieba
(or a private temporary folder when that cannot be made), so only the user's own cache is ever read.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from typing import Any

from analyzer.resources import user_cache_folder

_LOCK = threading.Lock()
_ready: Any = None


def jieba() -> Any:
    """The jieba module, its default tokenizer initialised (once per process: its dictionary is slow to load)."""
    global _ready
    if _ready is not None:
        return _ready
    with _LOCK:
        if _ready is None:
            import jieba as module

            module.setLogLevel(logging.WARNING)  # jieba announces its dictionary on stderr otherwise
            module.dt.tmp_dir = _cache_folder()
            module.initialize()
            _ready = module
    return _ready


def _cache_folder() -> str:
    folder = user_cache_folder("jieba")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return str(folder)
    except OSError:  # a read-only home: a folder of this process's own, the cache rebuilt each time
        return tempfile.mkdtemp(prefix="analyzer-jieba-")
