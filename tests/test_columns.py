"""The text report's pair table: columns laid out by cells, as a terminal shows Chinese and Korean."""

from __future__ import annotations

from rich.cells import cell_len

from analyzer.report.columns import fold, row, widths


def test_widths_fill_the_line_and_keep_a_fixed_column():
    assert widths(140, (None, None, None, 4, None)) == [32, 32, 32, 4, 32]
    shared = widths(101, (None, None, 4, None))
    assert shared[2] == 4 and sum(shared) + 2 * 3 == 101


def test_fold_breaks_at_spaces_and_inside_words_wider_than_the_column():
    assert fold("머리가 너무 큽니다. 조금 줄여주십시오.", 16) == ["머리가 너무", "큽니다. 조금", "줄여주십시오."]
    folded = fold("请把左手的线条画得更清楚一些，第3帧", 10)
    assert "".join(folded) == "请把左手的线条画得更清楚一些，第3帧"
    assert all(cell_len(line) <= 10 for line in folded) and cell_len(folded[0]) == 10
    assert fold("a\nb", 5) == ["a", "b"] and fold("", 5) == [""]


def test_a_row_lines_up_its_columns_in_cells():
    lines = row(
        ("path/c001.txt line 1", "头太大了，请缩小一点", "머리가 너무 큽니다", "0.99"), [12, 12, 12, 4], (0, 0, 0, 1)
    )
    lines = lines.splitlines()
    assert lines[0].startswith("path/c001.tx  头太大了，请  머리가 너무   0.99")  # 11 cells padded to 12
    # every column starts at the same cell on every line of the row
    second = lines[1]
    assert second.startswith("t line 1      缩小一点      큽니다")


def test_a_long_path_folds_at_the_column_width_and_keeps_a_zero_width_mark_with_its_letter():
    path = "bench/out/formats/cjk-20000/ep001/c001/note.txt"
    assert fold(path, 16) == [path[:16], path[16:32], path[32:]]  # 47 characters
    # a variation selector (no cell of its own) stays with the letter before it, as rich measures the pair
    assert fold("ab\ufe0fcd", 2) == ["ab\ufe0f", "cd"]


def test_a_row_pads_a_cell_with_joined_emoji_as_rich_measures_it():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one glyph of several code points
    cells = (f"{family} a", "b")
    first = row(cells, [8, 3]).splitlines()[0]
    assert first.endswith("  b")
    assert cell_len(first[: -len("  b")]) == 8  # the first column padded to its width, by rich's count
