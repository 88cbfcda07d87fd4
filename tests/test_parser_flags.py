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
