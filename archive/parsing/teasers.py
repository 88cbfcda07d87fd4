"""Teaser blocks (导读) on a front page: headline lines, each entry closed by a page reference line.

    某某会议在京召开              <- one to three headline lines
    第五版                        <- the reference: 第五版, （详见第十二版）, 见第3版, >>>第五版

The lines are neither an article's body nor fragments to join: they become the page's teaser list
and are recorded among the page's own lines (reason "teaser"), never in an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import patterns as P
from .bylines import parse_byline_line, parse_lead
from .lines import Line, has_punctuation, visible
from .markers import extract_markers
from .pagelabel import PageLabel
from .types import Teaser

_PAGE = r"[A-Za-zＡ-Ｚ]?[0-9０-９]{1,3}|[一二三四五六七八九十〇零]{1,4}"
_ARROWS = r"[>＞》→▶►▷]+"
_MORE_PAGES = rf"(?:[、，,至\-－—～~]第?(?:{_PAGE}))*"
# Matched against the line with every space removed (see _compact), so no run of spaces can be
# shared out between optional parts: that made the match cubic in the length of the run.
REF_RE = re.compile(
    rf"^(?:{_ARROWS})?[（(【\[〔［]?(?:详见|请见|参见|见)(?:本报)?第?(?P<page>{_PAGE}){_MORE_PAGES}版[）)】\]〕］]?$"
    rf"|^(?:{_ARROWS})?[（(【\[〔［]?第(?P<page2>{_PAGE}){_MORE_PAGES}版[）)】\]〕］]?$"
    rf"|^{_ARROWS}(?P<page3>{_PAGE})版$"
)
MAX_REF_CHARS = 20
_SPACE_RE = re.compile(f"[{P.SPACE}]+")
LABEL_RE = re.compile(r"^[【〖\[]?(?:本期|今日|本版|要闻)?(?:导读|要目|看点|提要|导航)[】〗\]]?$")
MAX_HEAD_LINES = 3  # a teaser's headline group: kicker, title, subtitle at most
MAX_HEAD_CHARS = 30
MAX_TRAILING_CHARS = 16


@dataclass
class TeaserBlocks:
    """Which source lines (by index into the page's lines) are teaser lines, and the entries they form."""

    indexes: set[int]
    teasers: list[Teaser]


def _ref_match(text: str) -> re.Match | None:
    compact = _SPACE_RE.sub("", visible(text))
    return REF_RE.match(compact) if len(compact) <= MAX_REF_CHARS else None


def is_ref(text: str) -> bool:
    """True for a page reference alone on its line: 第五版, （详见第十二版）, 见第3版, >>>第五版."""
    return _ref_match(text) is not None


def ref_page(text: str) -> PageLabel | None:
    """The (first) page a reference line points to."""
    m = _ref_match(text)
    return PageLabel.parse(m.group("page") or m.group("page2") or m.group("page3")) if m else None


def _headline_like(line: Line) -> bool:
    """Short, no sentence end, not a byline, marker or lead: reads as a headline, not as body text.

    Extraction may mark a teaser's title as a heading (## or ###) since it is set large; that is
    still a teaser line when a page reference follows it.
    """
    text = visible(line.text)
    if line.kind not in ("body", "h2", "h3") or not (2 <= len(text) <= MAX_HEAD_CHARS):
        return False
    if re.search(r"[。；;，,]", text) or text[-1] in "、":
        return False  # a sentence, or clauses (a body fragment); a kicker may end with ： or ——
    if extract_markers(text).markers or is_ref(text):
        return False
    return parse_byline_line(text) is None and parse_lead(text) is None and not P.CREDIT_LINE_RE.match(text)


def find_teasers(lines: list[Line]) -> TeaserBlocks:
    """Find every teaser entry: headline lines directly followed by a page reference on its own line."""
    taken: set[int] = set()
    teasers: list[Teaser] = []
    for i, line in enumerate(lines):
        if line.kind != "body" or i in taken:
            continue
        if not is_ref(line.text):
            continue
        head: list[int] = []
        j = i - 1
        while j >= 0 and len(head) < MAX_HEAD_LINES and j not in taken and _headline_like(lines[j]):
            if lines[j].kind != "body" and head:
                break  # a heading above body lines opens an article: those lines are its text
            head.insert(0, j)
            j -= 1
            if lines[j + 1].kind != "body":
                break  # a teaser title marked as a heading stands alone
        if not head:
            continue  # a page number with nothing above it is not a teaser (a bare page header, say)
        if LABEL_RE.match(visible(lines[head[0]].text)):
            taken.add(head.pop(0))  # 导读 / 本期要目 above the first entry
            if not head:
                continue
        elif j >= 0 and j not in taken and LABEL_RE.match(visible(lines[j].text)):
            taken.add(j)
        taken.update(head)
        taken.add(i)
        teasers.append(Teaser(tuple(lines[k].text for k in head), line.text, ref_page(line.text)))
        _trailing(lines, i, taken, teasers)
    return TeaserBlocks(taken, teasers)


def _trailing(lines: list[Line], ref: int, taken: set[int], teasers: list[Teaser]) -> None:
    """A short unpunctuated headline right after the block, with no body under it, is a teaser too."""
    k = ref + 1
    if k >= len(lines) or lines[k].kind != "body" or not _headline_like(lines[k]):
        return
    text = visible(lines[k].text)
    following = lines[k + 1] if k + 1 < len(lines) else None
    if len(text) > MAX_TRAILING_CHARS or has_punctuation(text):
        return
    if following is not None and following.kind == "body":
        return  # body text or the next entry's reference follows: leave the line to that reading
    taken.add(k)
    teasers.append(Teaser((lines[k].text,), None, None))
