"""The body as text: every golden case round-trips, markup is escaped, bad lines are refused in Chinese."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.bodytext import (
    CAPTION_MARK,
    BodyTextError,
    blocks_to_text,
    body_problems,
    salvage_blocks,
    text_to_blocks,
)
from archive.parsing import parse_page

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "expected.json").is_file())


@pytest.mark.parametrize("case", CASES)
def test_golden_bodies_round_trip(case):
    expected = json.loads((GOLDEN / case / "expected.json").read_text(encoding="utf-8"))
    parsed = parse_page(
        (GOLDEN / case / "input.txt").read_text(encoding="utf-8"), page=expected["page"]["number"]
    )
    assert len(parsed.articles) == len(expected["articles"])
    checked = 0
    for article, wanted in zip(parsed.articles, expected["articles"], strict=True):
        # The blocks are exactly the golden case's paragraphs and subheads, in print order.
        assert (article.paragraphs, article.subheads) == (wanted["paragraphs"], wanted["subheads"])
        blocks = [b.to_json() for b in article.blocks]
        if not wanted["paragraphs"]:
            with pytest.raises(BodyTextError):
                text_to_blocks(blocks_to_text(blocks))
            continue
        assert body_problems(blocks) == []
        text = blocks_to_text(blocks)
        assert text_to_blocks(text) == blocks
        assert blocks_to_text(text_to_blocks(text)) == text
        checked += 1
    assert checked or not any(a["paragraphs"] for a in expected["articles"])


def test_text_shape_subheads_and_captions():
    blocks = [
        {"kind": "paragraph", "text": "　　第一段。"},
        {"kind": "subhead", "text": "一、总体要求"},
        {"kind": "caption", "text": "图为活动现场。"},
    ]
    assert blocks_to_text(blocks) == f"　　第一段。\n**一、总体要求**\n{CAPTION_MARK}图为活动现场。"
    # Browsers send CRLF and editors leave blank lines: neither changes the body.
    assert text_to_blocks("　　第一段。\r\n\r\n**一、总体要求**\r\n【图注】图为活动现场。\r\n") == blocks


@pytest.mark.parametrize(
    "text",
    ["**重点**在于落实", "【图注】不是图注", "\\反斜杠开头", "## 不是标题", "#", "  **前面有空格**", "**"],
)
def test_paragraphs_that_look_like_markup_are_escaped(text):
    blocks = [{"kind": "paragraph", "text": text}]
    assert blocks_to_text(blocks).startswith("\\")
    assert text_to_blocks(blocks_to_text(blocks)) == blocks


def test_hashtag_paragraph_needs_no_escape():
    blocks = [{"kind": "paragraph", "text": "#两会#话题持续升温。"}]
    assert blocks_to_text(blocks) == "#两会#话题持续升温。"
    assert text_to_blocks("#两会#话题持续升温。") == blocks


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("第一段。\n## 混进来的标题", "第 2 行：正文里不能有“#”标题标记"),
        ("### 小标题", "第 1 行：正文里不能有“#”标题标记"),
        ("第一段。\n**小标题没有收尾", "第 2 行：小标题标记不完整"),
        ("第一段。\n****", "第 2 行：小标题“****”中间没有文字"),
        ("第一段。\n【图注】  ", "第 2 行：“【图注】”后面没有图片说明文字"),
        ("", "正文不能为空"),
        ("  \n\n", "正文不能为空"),
        ("**只有小标题**", "正文不能为空"),
    ],
)
def test_bad_text_is_refused_in_chinese(text, message):
    with pytest.raises(BodyTextError) as error:
        text_to_blocks(text)
    assert message in str(error.value)


def test_every_bad_line_is_reported():
    with pytest.raises(BodyTextError) as error:
        text_to_blocks("## 一\n正文。\n**二")
    assert [p.where for p in error.value.problems] == [1, 3]


@pytest.mark.parametrize(
    "value",
    [
        ["只是字符串"],
        "abc",
        None,
        {"kind": "paragraph", "text": "不是列表"},
        [{"kind": "quote", "text": "未知类别"}],
        [{"kind": "paragraph", "text": ""}],
        [{"kind": "paragraph", "text": "   "}],
        [{"kind": "paragraph", "text": 3}],
        [{"kind": "paragraph"}],
        [{"kind": "paragraph", "text": "多了一项", "extra": 1}],
        [{"kind": "paragraph", "text": "一段\n两行"}],
    ],
)
def test_bad_structures_are_named(value):
    problems = body_problems(value)
    assert problems and all(any("\u4e00" <= ch <= "\u9fff" for ch in str(p)) for p in problems)


PIECES = st.sampled_from([*"正文小标题图注【】*#\\ 　，。", "**", "【图注】", "## "])
TEXT = st.lists(PIECES, min_size=1, max_size=12).map("".join).filter(lambda t: t.strip())
BLOCK = st.fixed_dictionaries({"kind": st.sampled_from(["paragraph", "subhead", "caption"]), "text": TEXT})


@given(st.lists(BLOCK, min_size=1, max_size=8))
def test_any_valid_body_round_trips(blocks):
    assert body_problems(blocks) == []
    if not any(b["kind"] != "subhead" for b in blocks):
        return  # only subheads: refused as an empty article, covered above
    assert text_to_blocks(blocks_to_text(blocks)) == blocks


@pytest.mark.parametrize(
    ("stored", "blocks"),
    [
        (["只是字符串"], [{"kind": "paragraph", "text": "只是字符串"}]),
        ("abc", [{"kind": "paragraph", "text": "abc"}]),
        (None, []),
        (
            [{"kind": "quote", "text": "一\n二"}, 3],
            [{"kind": "paragraph", "text": "一"}, {"kind": "paragraph", "text": "二"}],
        ),
    ],
)
def test_broken_bodies_are_salvaged_for_repair(stored, blocks):
    assert salvage_blocks(stored) == blocks
    assert body_problems(salvage_blocks(stored)) == []
