"""Which structured keys and columns hold notes, times and authors (table in models/extract/)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from analyzer.resources import read_tsv

_FOLD = re.compile(r"[\s_\-.:]+")
_LANG = r"(?:zh|ko|ja|en|cn|kr|kp|jp|chs|cht)(?:[-_](?:hans|hant|cn|tw|hk|kr|kp|jp))?"
_LANG_SUFFIX = re.compile(rf"[\s_\-.:(\[（]+{_LANG}[)\]）]?$", re.I)
_LANG_PREFIX = re.compile(rf"^{_LANG}[\s_\-.:]+", re.I)
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+|[^\W\d_A-Za-z]+")  # camelCase, snake_case, CJK runs


def fold_key(key: str) -> str:
    return _FOLD.sub("", key).lower()


@cache
def key_kinds() -> dict[str, str]:
    return {fold_key(row[0]): row[1] for row in read_tsv("extract", "note_keys.tsv")}


@lru_cache(maxsize=8192)  # the same keys and headers come back in every file
def key_kind(key: str) -> str | None:
    """ "note", "time", "author" or None for a JSON key, column header or attribute name.

    Besides the names in the table: a language tag around one (`note_ko`, `comment-zh-CN`, `zh_text`,
    `memo (KR)`), a compound whose last word is one (`retakeNotes`, `director_comment`, `updated_by`),
    and a CJK compound ending in a two-character one (`画面修改意见`, `修改时间`).
    """
    kinds = key_kinds()
    stripped = key.strip()
    kind = kinds.get(fold_key(stripped))
    if kind is None:
        bare = _LANG_PREFIX.sub("", _without_language_suffix(stripped))
        if bare and bare != stripped:
            kind = kinds.get(fold_key(bare))
        words = _WORDS.findall(bare or stripped)
        if kind is None and len(words) > 1:
            kind = kinds.get(words[-1].lower())
        if kind is None and len(words) == 1 and not words[0].isascii():
            kind = next((kinds[k] for k in _cjk_keys() if words[0].endswith(k)), None)
    return kind


_SUFFIX_WINDOW = 48  # a language tag and the separators before it; the search never looks further back


def _without_language_suffix(key: str) -> str:
    """`key` without a trailing language tag. Searched for in its last characters only: on a whole key, a long
    run of separators (`x____…____y`, 20,000 of them) costs the regex engine quadratic time, 49 s."""
    found = _LANG_SUFFIX.search(key, max(0, len(key) - _SUFFIX_WINDOW))
    return key[: found.start()] if found else key


@cache
def _cjk_keys() -> tuple[str, ...]:
    """CJK keys of two or more characters, longest first, for matching the end of a compound."""
    return tuple(sorted((k for k in key_kinds() if len(k) >= 2 and not k.isascii()), key=len, reverse=True))
