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
