"""Editor flags: doubled characters and mixed columns, with the ordinary text that must not be flagged."""

import pytest

from archive.parsing import parse_page


def flags(body: str) -> list[tuple[str, str]]:
    page = parse_page(f"## 标题\n\n{body}\n")
    return [(f.kind, f.text) for f in page.articles[0].flags]


@pytest.mark.parametrize(
    "body",
    [
        "服务业开放绝不不仅是放开市场。",
        "这是我们的的工作重点。",
        "大家也也都来了。",
    ],
)
def test_doubled_function_characters_are_flagged(body):
    assert [kind for kind, _ in flags(body)] == ["doubled_char"]


@pytest.mark.parametrize(
    "body",
    [
        "为了了解情况，他们走访了农户。",
        "此事不了了之。",
        "要分清是是非非。",
        "现在在场的同志都表示赞同。",
        "目的的实现需要时间。",
        "参与与否由本人决定。",
        "人才才是第一资源。",
        "大家常常说，天天向上。",
    ],
)
def test_legitimate_doublings_are_not_flagged(body):
    assert flags(body) == []


def test_list_slot_holding_another_clause_is_flagged_as_mixed_column():
    body = "委员们坚持学习，分析问题、后续2个委员会客室的牵头人还将担任导读，氛围浓厚。"
    assert flags(body) == [("mixed_column", "分析问题、后续2个委员会客室的牵头人还将担任导读")]


@pytest.mark.parametrize(
    "body",
    [
        "我们要加强党建、推动新时代党的建设新的伟大工程深入开展。",
        "包括零售、餐饮、金融、信息技术、教育、医疗等行业在内的服务业。",
        "详细了解医保、养老等政策落实情况。",
    ],
)
def test_ordinary_lists_are_not_mixed_columns(body):
    assert flags(body) == []


def test_article_ending_mid_sentence_without_jump_is_flagged():
    assert flags("活动现场，大家纷纷表示要把学习成果转化为") == [("unrepaired_break", "…把学习成果转化为")]


def test_article_ending_mid_sentence_with_jump_is_not_flagged():
    assert flags("活动现场，大家纷纷表示要把学习成果转化为(下转02版)") == []


@pytest.mark.parametrize("zw", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_zero_width_inside_a_jump_marker_is_read_kept_and_flagged(zw):
    page = parse_page(f"## 标题\n\n活动现场，大家纷纷表示要把学习成果转化为（下{zw}转02版）\n")
    art = page.articles[0]
    assert [(m.kind, m.text, str(m.page)) for m in art.markers] == [("jump", f"（下{zw}转02版）", "02")]
    assert art.paragraphs == ["活动现场，大家纷纷表示要把学习成果转化为"]
    assert [f.kind for f in art.flags] == ["zero_width"]
    assert f"U+{ord(zw):04X}" in art.flags[0].text


def test_zero_width_inside_a_byline_is_read_and_kept():
    art = parse_page("## 标题\n\n本报记者\u200b 李\u200d 莹\n\n正文。\n").articles[0]
    assert [(p.name, p.role) for p in art.bylines] == [("李莹", "记者")]
    assert art.byline_lines == ["本报记者\u200b 李\u200d 莹"]
    assert [f.kind for f in art.flags] == ["zero_width", "zero_width"]


def test_zero_width_before_closing_punctuation_does_not_make_a_column_break():
    art = parse_page("## 标题\n\n第一段写完了。\u200b\n\n第二段也写完了。\n").articles[0]
    assert len(art.paragraphs) == 2 and art.repairs == []


def test_every_flag_kind_has_a_chinese_description():
    from archive.parsing.types import FLAG_KINDS, Flag

    assert set(FLAG_KINDS) >= {"unrepaired_break", "doubled_char", "mixed_column", "marker_without_page"}
    assert set(FLAG_KINDS) >= {"odd_name", "zero_width"}
    for kind, description in FLAG_KINDS.items():
        assert Flag(kind, "").description == description
        assert any("\u4e00" <= ch <= "\u9fff" for ch in description)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("其中，有他的同事——", "他们都……"),
        ("他说了一句话：", "我们一定能做好。"),
        ("时光就这样过去……", "转眼到了秋天。"),
        ("这是多么难得的机会！", "大家都很珍惜。"),
        ("谁能想到呢？", "一切都变了。"),
        ("“这就是我们的家。”", "他笑着说。"),
        ("（本文有删节）", "编辑部收到来信。"),
        ("【背景链接】", "某某工程始建于上世纪五十年代。"),
    ],
)
def test_complete_paragraphs_are_never_joined(first, second):
    art = parse_page(f"## 标题\n\n{first}\n\n{second}\n").articles[0]
    assert art.paragraphs == [first, second] and art.repairs == []


def test_zero_width_before_heading_markup_does_not_hide_the_title():
    page = parse_page("\u200b## 标题\n\n正文。\n")
    art = page.articles[0]
    assert art.headline == "\u200b标题" and art.paragraphs == ["正文。"]
    assert [f.kind for f in art.flags] == ["zero_width"]
