"""Lines a hostile or broken source can send: each must come back as text, not hang the parser.

The patterns they once sent into exponential or cubic backtracking (a masthead-like run of
农历某某…, credits-like runs, spaces inside a page reference) are repeated enough here that the old
patterns took seconds to minutes; the fixed ones read them at once. No timing is asserted.
"""

import pytest

from archive.parsing import parse_page


@pytest.mark.parametrize(
    "line",
    [
        "农历某某" * 26 + "！",
        "本报" * 60 + "摄",
        "责任编辑：某 " * 14 + "x",
        "见" + " " * 600 + "x",
        "（详见" + " " * 300 + "第" + " " * 300 + "x",
        "第" + " " * 5000 + "五版的内容。",
        "某 " * 5000 + "摄影记者",
    ],
)
def test_hostile_lines_come_back_as_text(line):
    page = parse_page(f"## 标题\n\n{line}\n")
    assert page.articles[0].paragraphs == [line]
    assert page.page_lines == [] and page.teasers == []


@pytest.mark.parametrize("line", ["农历某某" * 26 + "！", "本报" * 44 + "摄", "2026年4月27日" * 30 + "x"])
def test_hostile_lines_above_the_first_title_come_back_as_text(line):
    """Masthead lines are only looked for above the first article, so these stand at the top."""
    page = parse_page(f"{line}\n\n## 标题\n\n正文。\n")
    assert page.articles[0].paragraphs == [line]
    assert page.page_lines == []
