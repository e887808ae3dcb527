"""Rows of text laid out in fixed columns, folded to the columns' widths, without rich's per-table measuring.

The text report prints a row per relay pair: thousands in a large dump, where laying each out as a rich Table
cost more than analysing the pair. Widths are counted in terminal cells (a Chinese or Korean character takes
two), so CJK text lines up as rich lays it out.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, get_character_cell_size

GAP = "  "  # between two columns


def widths(total: int, fixed: Sequence[int | None]) -> list[int]:
    """Column widths filling `total` cells: a column given a width keeps it, the others share the rest evenly."""
    free = total - sum(w for w in fixed if w is not None) - len(GAP) * (len(fixed) - 1)
    shared = sum(1 for w in fixed if w is None)
    each, extra = divmod(max(free, 4 * shared), max(shared, 1))
    out: list[int] = []
    for w in fixed:
        if w is None:
            out.append(each + (1 if extra > 0 else 0))
            extra -= 1
        else:
            out.append(w)
    return out


def fold(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells: broken at spaces where it can, inside a word where it must."""
    lines: list[str] = []
    for paragraph in text.replace("\t", " ").split("\n"):
        line, used = "", 0
        for word in paragraph.split(" "):
            size = cell_len(word)
            if line and used + 1 + size <= width:
                line, used = f"{line} {word}", used + 1 + size
                continue
            if line:
                lines.append(line)
            line, used = "", 0
            while size > width:  # a word wider than the column: folded cell by cell
                head, head_size = _chop(word, width)
                lines.append(head)
                word, size = word[len(head) :], size - head_size
            line, used = word, size
        lines.append(line)
    return lines


def _chop(word: str, width: int) -> tuple[str, int]:
    """The longest start of `word` within `width` cells (at least one character), and its size."""
    used = 0
    for i, ch in enumerate(word):
        size = get_character_cell_size(ch)
        if used + size > width and i:
            return word[:i], used
        used += size
    return word, used


def row(cells: Sequence[str], column_widths: Sequence[int], right: Sequence[bool] = ()) -> str:
    """One table row: each cell folded to its column, lines padded to line up, trailing spaces dropped."""
    folded = [fold(cell, width) for cell, width in zip(cells, column_widths)]
    height = max(len(lines) for lines in folded)
    out = []
    for n in range(height):
        parts = []
        for i, (lines, width) in enumerate(zip(folded, column_widths)):
            text = lines[n] if n < len(lines) else ""
            pad = " " * max(width - cell_len(text), 0)
            parts.append(pad + text if i < len(right) and right[i] else text + pad)
        out.append(GAP.join(parts).rstrip() + "\n")
    return "".join(out)
