"""Teaser blocks (导读) on a front page, and the kicker that leads into a title."""

import pytest

from archive.parsing import parse_page
from archive.parsing.teasers import is_ref, ref_page


@pytest.mark.parametrize(
    ("line", "page"),
    [
        ("第五版", "05"),
        ("（详见第十二版）", "12"),
        ("(详见第12版)", "12"),
        ("见第3版", "03"),
        (">>>第五版", "05"),
        ("＞＞第Ａ3版", "A3"),
        ("【见第五、六版】", "05"),
        ("▶ 第 7 版", "07"),
    ],
)
def test_page_references(line, page):
    assert is_ref(line)
    assert str(ref_page(line)) == page


@pytest.mark.parametrize(
    "line", ["（下转第五版）", "（上接第1版）", "第02版：综合", "第五版的内容很丰富。", "详见附件", "第五"]
)
def test_not_page_references(line):
    assert not is_ref(line)


def test_teaser_lines_never_reach_an_article():
    text = "## 某某会议召开\n\n会议听取了工作汇报，研究部署下一阶段重点任\n\n夏粮收购进度过半\n\n第五版\n\n务。\n"
    page = parse_page(text)
    assert [(t.lines, t.ref, t.page.key) for t in page.teasers] == [(("夏粮收购进度过半",), "第五版", 5)]
    art = page.articles[0]
    assert art.paragraphs == [
        "会议听取了工作汇报，研究部署下一阶段重点任",
        "务。",
    ]  # no join across the block
    assert art.repairs == []
    assert [(ln.text, ln.reason) for ln in page.page_lines] == [
        ("夏粮收购进度过半", "teaser"),
        ("第五版", "teaser"),
    ]
    assert page.to_json()["page"]["teasers"] == [{"lines": ["夏粮收购进度过半"], "ref": "第五版", "page": 5}]


def test_a_page_reference_with_nothing_above_it_is_not_a_teaser():
    page = parse_page("第五版\n\n## 标题\n\n正文。\n")
    assert page.teasers == []
    assert "teasers" not in page.to_json()["page"]


def test_a_sentence_above_a_page_reference_is_not_a_teaser_line():
    page = parse_page("## 标题\n\n这是一段完整的正文。\n\n某某新区产业集群加速成型\n\n（详见第十二版）\n")
    assert page.articles[0].paragraphs == ["这是一段完整的正文。"]
    assert [t.lines for t in page.teasers] == [("某某新区产业集群加速成型",)]


@pytest.mark.parametrize("end", ["——", "：", "—"])
def test_kicker_ending_with_a_lead_in_is_never_a_section_label(end):
    kicker = f"某某论坛上各界人士热议共享发展机遇专题观察{end}"
    art = parse_page(f"### {kicker}\n\n\n## 创新赋能  开放共赢\n\n正文。\n").articles[0]
    assert (art.section, art.kicker) == (None, kicker)


@pytest.mark.parametrize(
    ("line", "is_tag"), [("（国际论坛）", True), ("（人民时评）", True), ("（本文有删节）", False)]
)
def test_bracketed_genre_tag_under_a_title_joins_the_headline_group(line, is_tag):
    art = parse_page(f"## 标题\n\n{line}\n\n正文。\n").articles[0]
    assert (art.subtitle == line) is is_tag
    assert (line in art.paragraphs) is not is_tag
