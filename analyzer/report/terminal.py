"""Delivery text made safe to print: a note or file name must not drive the reviewer's terminal.

A hostile delivery can write ESC sequences into a note (erase the lines above, clear the screen, set the
clipboard with OSC 52, hide a link with OSC 8), C1 controls, or bidirectional overrides that reorder what is
shown (`Trojan Source`). Every string from a delivery goes through `printable` before a text report or a hook
prints it, and is never read as rich markup (writers wrap it in rich.text.Text).
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"<U+{code:04X}>"


def printable(text: str | None) -> str:
    """`text` with every terminal control and direction override shown as an escape (`\\x1b`, `<U+202E>`)."""
    return _UNSAFE.sub(_shown, text) if text else (text or "")


def one_line(text: str | None) -> str:
    """`printable`, with tabs and line breaks escaped too: for formats of one line per finding."""
    return _UNSAFE_LINE.sub(_shown, text) if text else (text or "")
