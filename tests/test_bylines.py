"""Byline, dateline and photo-credit forms, one table row each."""

import pytest

from archive.parsing.bylines import (
    is_photo_credit,
    parse_author_names,
    parse_byline_line,
    parse_lead,
    parse_people,
    parse_tail,
)


def people(credits):
    return [(p.name, p.role) for p in credits.people]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("记者 单 瑞", [("单瑞", "记者")]),
        ("记者　单　瑞", [("单瑞", "记者")]),
        ("记者姜洁", [("姜洁", "记者")]),
        ("记者 张三 通讯员 李四", [("张三", "记者"), ("李四", "通讯员")]),
        ("记者 王 茜、邓 蕾", [("王茜", "记者"), ("邓蕾", "记者")]),
        ("见习记者 欧阳娜娜 实习生 陈 一", [("欧阳娜娜", "见习记者"), ("陈一", "实习生")]),
        ("记者 买买提·艾力", [("买买提·艾力", "记者")]),
    ],
)
def test_parse_people(text, expected):
    assert people(parse_people(text)) == expected


@pytest.mark.parametrize("text", ["近日，记者从会上获悉", "记者从会上获悉，某事。", ""])
def test_parse_people_refuses_sentences(text):
    assert parse_people(text) is None


@pytest.mark.parametrize(
    ("line", "expected", "agency"),
    [
        ("本报记者 李 莹", [("李莹", "记者")], None),
        ("本报记者 张三 通讯员 李四", [("张三", "记者"), ("李四", "通讯员")], None),
        ("新华社记者 张 三", [("张三", "记者")], "新华社"),
        ("人民日报记者 王五", [("王五", "记者")], "人民日报"),
        ("□本报记者 赵六", [("赵六", "记者")], None),
        ("文/刘 洋", [("刘洋", "作者")], None),
    ],
)
def test_byline_lines(line, expected, agency):
    credits = parse_byline_line(line)
    assert people(credits) == expected
    assert credits.agency == agency


@pytest.mark.parametrize(
    "line",
    [
        "新华社记者  李  响摄",
        "记者从会上获悉，某事。",
        "本报讯(记者 单 瑞)4月25日，活动举行。",
        "学习贯彻全会精神",
    ],
)
def test_not_byline_lines(line):
    assert parse_byline_line(line) is None


@pytest.mark.parametrize(
    ("text", "expected", "agency", "dateline"),
    [
        ("本报讯(记者 单 瑞)4月25日，活动举行。", [("单瑞", "记者")], None, None),
        ("本报讯（记者 张三 通讯员 李四） 近日，", [("张三", "记者"), ("李四", "通讯员")], None, None),
        ("本报北京7月28日电（记者姜洁）会议召开。", [("姜洁", "记者")], None, ("北京", "7月28日")),
        ("新华社石家庄7月28日电（记者邹伟）记者获悉。", [("邹伟", "记者")], "新华社", ("石家庄", "7月28日")),
        ("新华社北京四月二十六日电 今天。", [], "新华社", ("北京", "四月二十六日")),
        ("中新社上海4月1日电 (记者 陈 静)", [("陈静", "记者")], "中新社", ("上海", "4月1日")),
        ("本报讯 记者张三 通讯员李四报道：近日，", [("张三", "记者"), ("李四", "通讯员")], None, None),
        ("本报银川4月25日讯（记者 王五）", [("王五", "记者")], None, ("银川", "4月25日")),
    ],
)
def test_leads(text, expected, agency, dateline):
    credits, end = parse_lead(text)
    assert people(credits) == expected
    assert credits.agency == agency
    assert ((credits.dateline.place, credits.dateline.date) if credits.dateline else None) == dateline
    assert 0 < end <= len(text)


@pytest.mark.parametrize(
    "text", ["近日，本报记者从会上获悉。", "合作社今年4月26日电价下调。", "本报电视台播出。"]
)
def test_not_leads(text):
    assert parse_lead(text) is None


@pytest.mark.parametrize(
    ("text", "expected", "agency", "dateline"),
    [
        ("红利。(新华社北京4月26日电)", [], "新华社", ("北京", "4月26日")),
        ("红利。（据新华社电）", [], "新华社", None),
        ("红利。（记者 张 三）", [("张三", "记者")], None, None),
        ("红利。（本报记者 李四 王五）", [("李四", "记者"), ("王五", "记者")], None, None),
    ],
)
def test_tails(text, expected, agency, dateline):
    credits, start = parse_tail(text)
    assert people(credits) == expected
    assert credits.agency == agency
    assert ((credits.dateline.place, credits.dateline.date) if credits.dateline else None) == dateline
    assert text[start] in "(（"


@pytest.mark.parametrize("text", ["红利。（2025年版）", "意见（试行）", "红利。"])
def test_not_tails(text):
    assert parse_tail(text) is None


@pytest.mark.parametrize(
    ("text", "is_credit"),
    [
        ("新华社记者  李  响摄", True),
        ("图为活动现场。  本报记者 张三摄", True),
        ("4月25日，工人在清扫街道。（新华社发）", True),
        ("图为读书分享会现场。", True),
        ("他们正在进行拍摄。", False),
        ("本报记者 李 莹", False),
    ],
)
def test_photo_credits(text, is_credit):
    assert is_photo_credit(text) is is_credit


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("张 华", [("张华", "作者")]),
        ("李明 王芳", [("李明", "作者"), ("王芳", "作者")]),
        ("张　华　李　明", [("张华", "作者"), ("李明", "作者")]),
    ],
)
def test_bare_author_names(line, expected):
    assert people(parse_author_names(line)) == expected


@pytest.mark.parametrize("line", ["春风送暖", "编者按", "记者 张三", "欧阳娜娜", "一 二 三", "好"])
def test_not_bare_author_names(line):
    assert parse_author_names(line) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("记者 玛丽亚・席尔瓦", [("玛丽亚·席尔瓦", "记者")]),  # katakana middle dot, stored as ·
        ("记者 让-皮埃尔•杜邦", [("让-皮埃尔·杜邦", "记者")]),  # bullet dot and a hyphen
        ("记者 阿卜杜勒‧拉赫曼‧穆罕默德", [("阿卜杜勒·拉赫曼·穆罕默德", "记者")]),
        ("记者王五\u2003赵六", [("王五", "记者"), ("赵六", "记者")]),  # em space from PDF extraction
    ],
)
def test_parse_people_foreign_names_and_typographic_spaces(text, expected):
    assert people(parse_people(text)) == expected


@pytest.mark.parametrize("text", ["记者手记", "（记者手记）", "记者观察", "通讯员来信"])
def test_column_tags_with_a_role_word_are_not_people(text):
    assert parse_people(text) is None
    assert parse_tail(text) is None


@pytest.mark.parametrize(
    ("line", "role", "expected"),
    [
        ("玛丽亚·席尔瓦", "作者", [("玛丽亚·席尔瓦", "作者")]),
        ("玛丽亚・席尔瓦  让-皮埃尔•杜邦", "作者", [("玛丽亚·席尔瓦", "作者"), ("让-皮埃尔·杜邦", "作者")]),
        ("张三  李四", "记者", [("张三", "记者"), ("李四", "记者")]),
    ],
)
def test_bare_names_with_foreign_names_and_a_role(line, role, expected):
    assert people(parse_author_names(line, role=role)) == expected


@pytest.mark.parametrize("line", ["王五  赵六摄", "玛丽亚·席尔瓦摄", "·张三"])
def test_photo_credits_and_stray_dots_are_not_bare_names(line):
    assert parse_author_names(line) is None


@pytest.mark.parametrize(
    "text",
    ["今年长势好于往年。（本报记者  赵六摄）", "（新华社记者  王 五摄）", "（新华社记者 玛丽亚·席尔瓦摄）"],
)
def test_bracketed_photo_credit_is_not_a_tail_byline(text):
    assert parse_tail(text) is None


def test_photo_credit_with_a_foreign_name():
    assert is_photo_credit("新华社记者  玛丽亚·席尔瓦摄")
    assert is_photo_credit("新华社记者 让-皮埃尔•杜邦 摄")


@pytest.mark.parametrize(
    "lead",
    [
        "本报大连6月24日电  （记者王五、赵六、孙七）6月24日上午，某某会议召开。",
        "本报大连6月24日电\u3000\u3000（记者王五，赵六，孙七）6月24日上午，某某会议召开。",
        "本报大连6月24日电\u2002（记者 王五 赵六 孙七）6月24日上午，某某会议召开。",
        "本报大连6月24日电\t（记者王五、赵六、孙七）6月24日上午，某某会议召开。",
    ],
)
def test_dispatch_lead_with_any_space_before_the_reporters(lead):
    credits, _ = parse_lead(lead)
    assert people(credits) == [("王五", "记者"), ("赵六", "记者"), ("孙七", "记者")]
    assert (credits.dateline.place, credits.dateline.date) == ("大连", "6月24日")
