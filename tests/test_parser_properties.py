"""Property tests: whatever the page looks like, the parser loses no printed character."""

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.parsing import ParsedPage, parse_page

ROOT = Path(__file__).resolve().parent.parent
MARKUP = set("#*")

FRAGMENTS = [
    "(下转03版)",
    "（下转第3版）",
    "(下转第三版)",
    "（转A3版）",
    "(上接01版)",
    "（接1版）",
    "(下转)",
    "本报讯(记者 单 瑞)",
    "本报记者 李 莹",
    "新华社北京4月26日电（记者 张 三）",
    "(新华社北京4月26日电)",
    "新华社记者  李  响摄",
    "责任编辑：张 三  校对：李四",
    "(2025年10月29日)",
    "（二〇二五年十月二十九日）",
    "一、",
    "（二）",
    "——",
    "【专栏】",
    "不不",
    "、",
    "第02版：综合",
    "**",
]
TEXT = st.text(
    alphabet=st.sampled_from(
        list(
            "服务业开放合作政协委员读书活动自治区记者本报讯新华社电版转接上下第一二三，。、；：！？“”（）() 　0123456789A"
        )
    ),
    min_size=0,
    max_size=40,
)
PIECE = st.one_of(TEXT, st.sampled_from(FRAGMENTS))
LINE_BODY = st.lists(PIECE, min_size=1, max_size=4).map("".join)
LINE = st.tuples(st.sampled_from(["", "", "", "## ", "### ", "# ", "**"]), LINE_BODY).map(
    lambda t: f"{t[0]}{t[1]}**" if t[0] == "**" else t[0] + t[1]
)
PAGE = st.lists(st.tuples(LINE, st.integers(min_value=0, max_value=3)), max_size=30).map(
    lambda rows: "".join(line + "\n" * (1 + gap) for line, gap in rows)
)


def printed_chars(text: str) -> Counter:
    """Characters that carry content: everything but whitespace and markup."""
    return Counter(ch for ch in text if not ch.isspace() and ch not in MARKUP)


def field_chars(page: ParsedPage) -> Counter:
    """Characters found in the fields that hold printed text (derived fields excluded)."""
    parts = [line.text for line in page.page_lines]
    for art in page.articles:
        parts += [art.section or "", art.kicker or "", art.headline, *art.subtitle_lines]
        parts += [art.document_date_line or "", *art.byline_lines]
        parts += [block.text for block in art.blocks]
        parts += [marker.text for marker in art.markers]
    return printed_chars("".join(parts))


def check_page(text: str) -> ParsedPage:
    page = parse_page(text)
    assert field_chars(page) == printed_chars(text)
    assert parse_page(text).to_json() == page.to_json()
    for art in page.articles:
        for marker in art.markers:
            assert marker.text in text
        for repair in art.repairs:
            assert repair.before.lstrip("…") and repair.after.rstrip("…")
    return page


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE)
def test_generated_pages_lose_nothing(text):
    check_page(text)


def real_pages():
    paths = sorted((ROOT / "tests" / "golden").glob("*/input.txt"))
    paths += sorted((ROOT / "samples").glob("**/*.txt"))
    return paths


@pytest.mark.parametrize("path", real_pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_real_pages_lose_nothing(path):
    page = check_page(path.read_text(encoding="utf-8-sig"))
    assert page.articles


def test_source_text_of_each_article_is_a_slice_of_the_page():
    text = (ROOT / "tests" / "golden" / "front_page_01" / "input.txt").read_text(encoding="utf-8")
    page = parse_page(text)
    for art in page.articles:
        assert art.source_text
        assert art.source_text.splitlines()[0] in text
        assert art.source_text.splitlines()[-1] in text
