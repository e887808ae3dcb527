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
    return [line for line, _ in _folded(text, width)]


def _folded(text: str, width: int) -> list[tuple[str, int]]:
    """`fold`'s lines with their widths in cells (a line's width is the sum of its words' and spaces': exact for a
    text without a zero-width joiner (U+200D) or variation selector 16 (U+FE0F), around which rich does not simply
    add widths up)."""
    lines: list[tuple[str, int]] = []
    for paragraph in text.replace("\t", " ").split("\n"):
        line, used = "", 0
        for word in paragraph.split(" "):
            size = len(word) if word.isascii() and word.isprintable() else cell_len(word)  # (rich's answer too)
            if line and used + 1 + size <= width:
                line, used = f"{line} {word}", used + 1 + size
                continue
            if line:
                lines.append((line, used))
            line, used = "", 0
            while size > width:  # a word wider than the column: folded cell by cell
                head, head_size = _chop(word, width)
                lines.append((head, head_size))
                word, size = word[len(head) :], size - head_size
            line, used = word, size
        lines.append((line, used))
    return lines


def _chop(word: str, width: int) -> tuple[str, int]:
    """The longest start of `word` within `width` cells (at least one character), and its size."""
    probe = word[: width + 1]  # (a zero-width character after the last that fits would still be taken)
    if width > 0 and probe.isascii() and probe.isprintable():  # one cell a character (a path, a locator)
        return word[:width], min(width, len(word))
    used = 0
    for i, ch in enumerate(word):
        size = get_character_cell_size(ch)
        if used + size > width and i:
            return word[:i], used
        used += size
    return word, used


def row(cells: Sequence[str], column_widths: Sequence[int], right: Sequence[bool] = ()) -> str:
    """One table row: each cell folded to its column, lines padded to line up, trailing spaces dropped."""
    folded = [_folded(cell, width) for cell, width in zip(cells, column_widths)]
    measured = not any("\u200d" in cell or "\ufe0f" in cell for cell in cells)  # else measure each line whole
    height = max(len(lines) for lines in folded)
    padded_columns = []
    for i, (lines, width) in enumerate(zip(folded, column_widths)):
        flush_right = i < len(right) and right[i]
        padded = []
        for text, used in lines:
            pad = " " * (width - (used if measured else cell_len(text)))  # (none for a negative count)
            padded.append(pad + text if flush_right else text + pad)
        padded += [" " * width] * (height - len(lines))  # below a shorter cell
        padded_columns.append(padded)
    return "".join(GAP.join(parts).rstrip() + "\n" for parts in zip(*padded_columns))
