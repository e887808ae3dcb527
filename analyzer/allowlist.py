"""Accepted findings: by rule, path glob or text pattern (configuration), and `analyzer:allow` inside a note.

[tool.analyzer.allowlist]
rules = ["translationese.zh-punct"]
paths = ["reference/**", "*_bilingual_glossary.txt"]
patterns = ["TEST-FIXTURE"]

Patterns run over delivery text, which a hostile delivery controls, so they are compiled by RE2, whose
matching time is linear in the text: `(a|aa)+$` cannot stall a scan. RE2 has no look-around or
back-references; a pattern that needs them is refused when the settings are read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from analyzer.model import AnalyzedComment, Finding

Place = tuple[str, str | None, str | None]  # a note's path, member and locator

# `analyzer:allow` alone allows every rule; `analyzer:allow relay.zh-ko-pair, dprk.lexicon` only those.
INLINE_ALLOW = re.compile(r"analyzer:allow(?:[\s:=(\[]+((?:[a-z]+\.[a-z0-9-]+)(?:\s*,\s*[a-z]+\.[a-z0-9-]+)*))?", re.I)
ALL_RULES = "*"


def inline_allowed_rules(text: str) -> frozenset[str]:
    """Rule ids a note allows with `analyzer:allow` ("*" for all); empty when it has no marker."""
    rules: set[str] = set()
    for match in INLINE_ALLOW.finditer(text):
        listed = match.group(1)
        rules.update(r.strip() for r in listed.split(",")) if listed else rules.add(ALL_RULES)
    return frozenset(rules)


def inline_allowances(comments: Iterable[AnalyzedComment]) -> dict[Place, frozenset[str]]:
    """The rules each note's inline `analyzer:allow` marker accepts, by the note's place."""
    allowed_at: dict[Place, frozenset[str]] = {}
    for analyzed in comments:
        c = analyzed.comment
        if "analyzer:allow" in c.text.lower() and (rules := inline_allowed_rules(c.text)):
            allowed_at[(c.path, c.member, c.locator)] = rules
    return allowed_at


def compile_pattern(text: str) -> Any:
    """An allowlist pattern compiled by RE2 (linear-time matching); ValueError naming what RE2 refuses."""
    import re2

    options = re2.Options()
    options.log_errors = False  # the reason goes into our error message, not to stderr
    try:
        return re2.compile(text, options)
    except re2.error as err:
        reason = err.args[0].decode("utf-8", "replace") if err.args and isinstance(err.args[0], bytes) else err
        raise ValueError(
            f"allowlist pattern {text!r} is not a regular expression RE2 accepts ({reason}); "
            "look-around and back-references are not supported"
        ) from None


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _strings(inner)


def _string_list(table: dict[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"allowlist.{key} must be a list of strings")
    return tuple(value)


@dataclass(frozen=True)
class Allowlist:
    rules: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()  # globs, matched against the path relative to `root` and as reported
    patterns: tuple[Any, ...] = ()  # compiled by RE2; searched in the finding's evidence texts and message
    root: str = field(default_factory=os.getcwd)

    @classmethod
    def from_table(cls, table: dict[str, Any], root: str) -> Allowlist:
        if not isinstance(table, dict):
            raise ValueError("allowlist must be a table with rules, paths, patterns")
        unknown = sorted(set(table) - {"rules", "paths", "patterns"})
        if unknown:
            raise ValueError(f"unknown allowlist key(s): {', '.join(unknown)}")
        patterns = tuple(compile_pattern(text) for text in _string_list(table, "patterns"))
        return cls(_string_list(table, "rules"), _string_list(table, "paths"), patterns, root)

    def __bool__(self) -> bool:
        return bool(self.rules or self.paths or self.patterns)

    def _path_allowed(self, path: str, member: str | None) -> bool:
        relative = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        candidates = {path.replace(os.sep, "/"), relative, os.path.basename(path)}
        if member:
            candidates |= {f"{c}!{member}" for c in list(candidates)} | {member, os.path.basename(member)}
        return any(fnmatchcase(c, glob) for glob in self.paths for c in candidates)

    def reason(self, finding: Finding) -> str | None:
        """Why the configuration allows this finding ("rule", "path", "pattern"), or None."""
        if finding.rule in self.rules:
            return "rule"
        if self.paths and self._path_allowed(finding.path, finding.member):
            return "path"
        if self.patterns:
            texts = [finding.message, *_strings(finding.evidence)]
            if any(p.search(t) for p in self.patterns for t in texts):
                return "pattern"
        return None
