"""Property tests: whatever the page looks like, the parser loses no printed character."""

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.parsing import ParsedPage, parse_page
from archive.parsing.repair import SNIPPET

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
    "第五版",
    "（详见第十二版）",
    ">>>第3版",
    "导读",
    "\u200b",
    "\u2060",
    "（下\u200b转02版）",
    "玛丽亚·席尔瓦",
    "让-皮埃尔•杜邦",
    "（国际论坛）",
    "（记者手记）",
    "本报大连6月24日电\u2003（记者王五、赵六）",
    "新华社记者  某某摄",
    "……",
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
            # The join is where the repair says, so an editor can undo it.
            joined = art.paragraphs[repair.paragraph]
            before = repair.before[1:] if len(repair.before) == SNIPPET + 1 else repair.before
            after = repair.after[:-1] if len(repair.after) == SNIPPET + 1 else repair.after
            assert before and after
            assert joined[: repair.offset].endswith(before)
            assert joined[repair.offset :].startswith(after)
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


# --- placement: where the text lands, not only that it is kept ---------------------------------------
# Pages are built from a known structure (headline, optional byline, paragraphs, markers, column
# breaks), so the test knows which paragraphs belong to which article. The alphabet leaves out what
# would make a paragraph something else (本报/记者 leads, 图为 captions, brackets, list numerals).

NEUTRAL = "服务开放合作政协委员读书活动自治区会议召开工作群众发展建设城乡社区文化学习交流"
WORDS = st.text(alphabet=st.sampled_from(NEUTRAL), min_size=2, max_size=14)
ZW = st.sampled_from(["", "", "\u200b", "\u200d", "\u2060"])


@st.composite
def paragraph(draw, tag: str) -> tuple[str, list[str]]:
    """One paragraph (made unique by its tag) and its source lines: whole, or cut by a column break."""
    first, second = draw(WORDS) + tag, draw(WORDS)
    text = f"{first}，{second}。"
    if draw(st.booleans()) and len(second) >= 2:
        cut = draw(st.integers(min_value=1, max_value=len(second) - 1))
        head = f"{first}，{second[:cut]}"
        if len(head) > 8:  # a shorter unpunctuated head may be an unmarked heading, never joined
            return text, [head, f"{second[cut:]}。"]
    return text, [text]


@st.composite
def article(draw, index: int) -> dict:
    """An article: title, optional byline and back marker, paragraphs, optional jump marker."""
    headline = f"{draw(WORDS)}{index}号"
    count = draw(st.integers(min_value=1, max_value=4))
    paragraphs = [draw(paragraph(f"{index}段{n}")) for n in range(1, count + 1)]
    back = f"（上{draw(ZW)}接0{draw(st.integers(1, 9))}版）" if draw(st.booleans()) else None
    jump = f"（下转{draw(ZW)}0{draw(st.integers(1, 9))}版）" if draw(st.booleans()) else None
    lines = [f"## {headline}"]
    if draw(st.booleans()):
        lines.append("本报记者 李 莹")
    if back:
        lines.append(back)
    body = [line for _, printed in paragraphs for line in printed]
    if jump:
        body[-1] += jump
    lines += body
    gap = "\n" * draw(st.integers(1, 2))
    return {
        "text": gap.join(lines),
        "headline": headline,
        "paragraphs": [text for text, _ in paragraphs],
        "markers": [m for m in (back, jump) if m],
    }


@st.composite
def teaser_block(draw) -> dict:
    """A 导读 block of one to three entries: a headline line, then a page reference on its own line."""
    refs = st.sampled_from(["第{}版", "（详见第{}版）", "见第{}版", ">>>第{}版"])
    entries = [
        (f"{draw(WORDS)}{n}条", draw(refs).format(draw(st.sampled_from("二三四五六七八九"))))
        for n in range(1, draw(st.integers(min_value=1, max_value=3)) + 1)
    ]
    return {"text": "\n\n".join(f"{head}\n{ref}" for head, ref in entries), "entries": entries}


@st.composite
def built_page(draw) -> list[dict]:
    count = draw(st.integers(min_value=1, max_value=5))
    parts = []
    for i in range(1, count + 1):
        if draw(st.integers(min_value=0, max_value=3)) == 0:
            parts.append(draw(teaser_block()))
        parts.append(draw(article(i)))
    return parts


def _page_text(parts: list[dict]) -> str:
    return "\n\n".join(p["text"] for p in parts) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(built_page())
def test_teaser_blocks_become_the_teaser_list_and_stay_out_of_articles(parts):
    page = check_page(_page_text(parts))
    expected = [entry for p in parts for entry in p.get("entries", [])]
    assert [(t.lines[0], t.ref) for t in page.teasers] == expected
    bodies = [b.text for art in page.articles for b in art.blocks]
    for head, ref in expected:
        assert all(head not in body and ref not in body for body in bodies)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(built_page())
def test_each_paragraph_lands_in_order_in_exactly_its_article(parts):
    articles = [p for p in parts if "headline" in p]
    page = check_page(_page_text(parts))
    assert [a.headline for a in page.articles] == [a["headline"] for a in articles]
    for parsed, built in zip(page.articles, articles, strict=True):
        assert [b.text for b in parsed.blocks] == built["paragraphs"]
    every_block = [b.text for art in page.articles for b in art.blocks]
    for built in articles:
        for para in built["paragraphs"]:
            assert every_block.count(para) == 1  # exactly one article holds it, once


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(built_page())
def test_headlines_and_markers_never_land_in_a_body(parts):
    articles = [p for p in parts if "headline" in p]
    page = parse_page(_page_text(parts))
    bodies = [b.text for art in page.articles for b in art.blocks]
    for built in articles:
        assert all(built["headline"] not in body for body in bodies)
        for marker in built["markers"]:
            assert all(marker not in body for body in bodies)
    found = [m.text for art in page.articles for m in art.markers]
    assert found == [m for built in articles for m in built["markers"]]


def _headings(text: str) -> list[str]:
    return [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("##")]


@pytest.mark.parametrize("path", real_pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_real_pages_keep_headlines_and_markers_out_of_bodies(path):
    text = path.read_text(encoding="utf-8-sig")
    page = parse_page(text)
    bodies = [b.text for art in page.articles for b in art.blocks]
    paragraphs = [b.text for art in page.articles for b in art.blocks if b.kind != "subhead"]
    headings = [h for h in _headings(text) if h]  # ### 一、… inside a document is a subhead block
    assert not set(paragraphs) & set(headings)
    for art in page.articles:
        for marker in art.markers:
            assert all(marker.text not in body for body in bodies)
