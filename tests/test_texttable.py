"""The one text-table helper: markdown for Dagster metadata, aligned text for terminals."""
from warehouse import texttable


def test_markdown_escapes_pipes_and_limits_rows():
    md = texttable.markdown(["file", "reason"], [("a|b.csv", "bad\nrow"), ("c.csv", None), ("d.csv", 1)], limit=2)
    lines = md.splitlines()
    assert lines[:2] == ["| file | reason |", "|---|---|"]
    assert lines[2] == "| a\\|b.csv | bad row |"     # a pipe cannot split the cell, a newline cannot split the row
    assert lines[3] == "| c.csv |  |"
    assert len(lines) == 4                            # the limit holds
    assert texttable.markdown(["x"], [], empty="none") == "none"


def test_aligned_counts_chinese_characters_as_two_columns():
    text = texttable.aligned(["法院", "cases"], [("甘南中院", 184), ("合作法院", None)])
    header, rule, first, second = text.splitlines()
    assert texttable.display_width("甘南中院") == 8
    # the second column starts at the same terminal column on every line: 8 + 2 spaces
    starts = [texttable.display_width(line[: line.index(token)])
              for line, token in ((header, "cases"), (rule, " -"), (first, "184"))]
    assert starts == [10, 9, 10]                      # (" -" starts one before its dashes)
    assert first == "甘南中院  184"
    assert second == "合作法院"                      # None prints empty, trailing blanks trimmed
