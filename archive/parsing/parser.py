"""Turn one page-text file into a ParsedPage: headline groups, bylines, markers, repaired body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import patterns as P
from .bylines import (
    Credits,
    is_photo_credit,
    parse_author_names,
    parse_byline_line,
    parse_lead,
    parse_people,
    parse_tail,
)
from .numerals import page_key, parse_cn_date
from .types import Block, Credit, Flag, Marker, PageKey, ParsedArticle, ParsedPage, Repair, SourceLine

SNIPPET = 8  # characters of context kept on each side of a repair
SHORT_HEADING = 8  # a paragraph this short with no punctuation at all is an unmarked heading
STRIP = P.SPACE + "\ufeff"
CLAUSE_RE = re.compile(r"还将|将会|仍将|还要|已经|正在|将于|将在|\d+个")


@dataclass
class Line:
    """One non-blank source line with its markup level and the blank lines above it."""

    number: int
    raw: str
    kind: str  # "h1" | "h2" | "h3" | "subhead" | "body"
    text: str
    gap: int


@dataclass
class _Block:
    """A body block while the article is being read, with what the repair pass needs to know."""

    kind: str
    text: str
    closed_by_marker: bool = False  # a jump marker ended it: the text goes on elsewhere
    barrier_after: bool = False  # a byline, marker or caption line stands between it and the next


@dataclass
class _Draft:
    """An article being assembled line by line."""

    article: ParsedArticle
    blocks: list[_Block] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    ended_by_jump: bool = False
    odd_names: list[str] = field(default_factory=list)


def _classify(number: int, raw: str, gap: int) -> Line:
    text = raw.strip(STRIP)
    if text.startswith("###"):
        return Line(number, raw, "h3", text.lstrip("#").strip(STRIP), gap)
    if text.startswith("##"):
        return Line(number, raw, "h2", text[2:].strip(STRIP), gap)
    if text.startswith("#"):
        return Line(number, raw, "h1", text[1:].strip(STRIP), gap)
    if len(text) > 4 and text.startswith("**") and text.endswith("**"):
        return Line(number, raw, "subhead", text[2:-2].strip(STRIP), gap)
    return Line(number, raw, "body", text, gap)


def _split_lines(text: str) -> list[Line]:
    lines, gap = [], 0
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if not raw.strip(STRIP):
            gap += 1
            continue
        lines.append(_classify(number, raw, gap))
        gap = 0
    return lines


# --- markers ---------------------------------------------------------------------------------------


def extract_markers(text: str) -> tuple[str, list[Marker], bool]:
    """Take jump/back markers out of a line; return the rest, the markers, and whether one ended it."""
    found: list[tuple[int, int, Marker]] = []
    for kind, regex, word in (("jump", P.JUMP_RE, "down"), ("back", P.BACK_RE, "up")):
        for m in regex.finditer(text):
            raw_page = m.group("page")
            if not raw_page and not m.group(word):
                continue  # 转/接 alone in brackets is not a marker
            if raw_page and not m.group(word) and not m.group("ban") and kind == "back" and not m.group("di"):
                continue  # （接1） without 版 or 第 is too weak to be a back marker
            found.append(
                (m.start(), m.end(), Marker(kind, m.group(0), page_key(raw_page) if raw_page else None))
            )
    if not found:
        return text, [], False
    found.sort(key=lambda f: f[0])
    rest, last = [], 0
    for start, end, _ in found:
        rest.append(text[last:start])
        last = end
    tail = text[last:]
    rest.append(tail)
    ends_with_jump = any(m.kind == "jump" for s, e, m in found if not text[e:].strip(STRIP))
    return "".join(rest).strip(STRIP), [m for _, _, m in found], ends_with_jump


# --- classifiers ------------------------------------------------------------------------------------


def _document_date(text: str):
    m = P.DOC_DATE_LINE_RE.match(text)
    return parse_cn_date(m.group("inner").strip(STRIP)) if m else None


def _credits_line(text: str) -> list[Credit] | None:
    if not P.CREDIT_LINE_RE.match(text):
        return None
    body = text.strip("（）()" + STRIP)
    segments = list(P.CREDIT_SEGMENT_RE.finditer(body))
    if not segments or segments[0].start() != 0:
        return None
    credits = []
    for i, seg in enumerate(segments):
        end = segments[i + 1].start() if i + 1 < len(segments) else len(body)
        people = parse_people(body[seg.end() : end], default_role="x")
        if people is None:
            return None
        credits.extend(Credit(seg.group("role"), p.name) for p in people.people)
    return credits


def _is_enumerated(text: str) -> bool:
    return bool(P.ENUMERATED_RE.match(text))


def ends_closed(text: str) -> bool:
    """True when a paragraph ends with closing punctuation, so it cannot be a column break."""
    return bool(text) and text[-1] in P.CLOSING


def _has_punctuation(text: str) -> bool:
    return bool(re.search(r"[，。！？；：、,.!?;:“”\"（）()]", text))


def _is_section_label(line: Line) -> bool:
    """Tell a 栏目 label from a kicker: decorated, named as a column, or a short label set apart."""
    text = line.text
    if re.match(r"^[【〖［\[「『◆◇■□●·•]", text) or re.search(r"[】〗］\]」』·•]$", text):
        return True
    if re.search(r"专栏|栏目|系列|述评|观察|论坛|时评|访谈|简讯|短讯|快讯|速览|图片新闻|专题", text):
        return True
    return line.gap >= 2 and len(text) <= 12 and not re.search(r"[，。,.]", text)


# --- the page --------------------------------------------------------------------------------------


class _PageParser:
    """Reads lines in order, keeping the article being assembled."""

    def __init__(self, lines: list[Line], page: PageKey):
        self.lines = lines
        self.page = ParsedPage(number=page)
        self.draft: _Draft | None = None
        self.drafts: list[_Draft] = []
        self.pending_markers: list[Marker] = []  # from kicker lines, until their group opens

    def run(self) -> ParsedPage:
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            if line.kind in ("h2", "h3"):
                j = i
                while j < len(self.lines) and self.lines[j].kind in ("h2", "h3"):
                    j += 1
                self._heading_run(self.lines[i:j])
                i = j
                continue
            self._line(line)
            i += 1
        for draft in self.drafts:
            _finish(draft)
        self.page.articles = [d.article for d in self.drafts]
        return self.page

    def _new(self, line_number: int) -> _Draft:
        draft = _Draft(ParsedArticle(first_line=line_number, last_line=line_number))
        self.drafts.append(draft)
        self.draft = draft
        return draft

    def _take(self, draft: _Draft, line: Line) -> None:
        draft.lines.append(line.number)
        draft.article.last_line = line.number

    def _page_line(self, line: Line, reason: str) -> None:
        self.page.page_lines.append(SourceLine(line.number, line.raw.strip(STRIP), reason))

    # headings

    def _heading_run(self, run: list[Line]) -> None:
        for ln in run:
            if not ln.text:
                self._page_line(ln, "empty heading")
        run = [ln for ln in run if ln.text]
        if not run:
            return
        if not any(ln.kind == "h2" for ln in run):
            self._h3_only(run)
            return
        pending: list[Line] = []
        group: _Draft | None = None
        prev_kind = None
        for idx, ln in enumerate(run):
            text, markers, _ = extract_markers(ln.text)
            if ln.kind == "h2":
                if group is not None and prev_kind == "h2":
                    group.article.headline = f"{group.article.headline} {text}".strip()
                else:
                    group = self._open_group(pending, ln)
                    group.article.headline = text
                    pending = []
            else:
                nxt = run[idx + 1] if idx + 1 < len(run) else None
                is_sub = text.startswith(("—", "-", "－"))
                if (
                    group is not None
                    and not is_sub
                    and _is_enumerated(text)
                    and (nxt is None or nxt.kind != "h2")
                ):
                    group.blocks.append(_Block("subhead", text))  # 一、… right under a document's title
                elif group is not None and (is_sub or nxt is None or nxt.kind != "h2"):
                    group.article.subtitle_lines.append(text)
                else:
                    pending.append(Line(ln.number, ln.raw, ln.kind, text, ln.gap))
                    self.pending_markers.extend(markers)
                    prev_kind = ln.kind
                    continue
            self._take(group, ln)
            group.article.markers.extend(markers)
            prev_kind = ln.kind

    def _open_group(self, pre: list[Line], first: Line) -> _Draft:
        draft = self._new(pre[0].number if pre else first.number)
        art = draft.article
        if len(pre) >= 2:
            art.section = pre[0].text
            art.kicker = " ".join(ln.text for ln in pre[1:])
        elif len(pre) == 1:
            if _is_section_label(pre[0]):
                art.section = pre[0].text
            else:
                art.kicker = pre[0].text
        for ln in pre:
            self._take(draft, ln)
        art.markers.extend(self.pending_markers)
        self.pending_markers = []
        return draft

    def _h3_only(self, run: list[Line]) -> None:
        draft = self.draft
        if draft is not None and not draft.ended_by_jump and all(_is_enumerated(ln.text) for ln in run):
            for ln in run:  # numbered section heads inside a document or a long piece
                self._take(draft, ln)
                text, markers, _ = extract_markers(ln.text)
                draft.article.markers.extend(markers)
                draft.blocks.append(_Block("subhead", text))
            return
        subtitles = []
        while len(run) > 1 and run[-1].text.startswith(("—", "－")):
            subtitles.insert(0, run.pop())
        head = run[-1]
        draft = self._open_group(run[:-1], head)
        text, markers, _ = extract_markers(head.text)
        draft.article.headline = text
        draft.article.markers.extend(markers)
        self._take(draft, head)
        for ln in subtitles:
            text, markers, _ = extract_markers(ln.text)
            draft.article.subtitle_lines.append(text)
            draft.article.markers.extend(markers)
            self._take(draft, ln)

    # other lines

    def _line(self, line: Line) -> None:
        if line.kind == "h1":
            self.page.name = self.page.name or line.text or None
            self._page_line(line, "page name")
            return
        if line.kind == "body":
            credits = _credits_line(line.text)
            if credits is not None:
                self.page.credits.extend(credits)
                self._page_line(line, "page credits")
                return
            header = P.PAGE_HEADER_RE.match(line.text)
            if header and not self.drafts and self.page.name is None:
                self.page.name = header.group("name")
                self._page_line(line, "page header")
                return
            if not self.drafts and P.MASTHEAD_RE.match(line.text):
                self._page_line(line, "masthead")
                return
        draft = self.draft
        if draft is None or (draft.ended_by_jump and line.kind == "body" and not _only_markers(line.text)):
            draft = self._new(line.number)
        self._take(draft, line)
        if line.kind == "subhead":
            text, markers, _ = extract_markers(line.text)
            draft.article.markers.extend(markers)
            draft.blocks.append(_Block("subhead", text))
            return
        _body_line(draft, line.text)


def _only_markers(text: str) -> bool:
    rest, markers, _ = extract_markers(text)
    return bool(markers) and not rest


def _barrier(draft: _Draft) -> None:
    if draft.blocks:
        draft.blocks[-1].barrier_after = True


def _body_line(draft: _Draft, text: str) -> None:
    """Place one body line: document date, byline, marker line, caption or paragraph."""
    art = draft.article
    if not draft.blocks and art.document_date is None:
        date = _document_date(text)
        if date is not None:
            art.document_date, art.document_date_line = date, text
            return
    rest, markers, ends_with_jump = extract_markers(text)
    art.markers.extend(markers)
    if markers and not rest:
        _barrier(draft)
        draft.ended_by_jump = draft.ended_by_jump or any(m.kind == "jump" for m in markers)
        return
    byline = parse_byline_line(rest)
    if byline is None:
        tail = parse_tail(rest)
        if tail is not None and tail[1] == 0:
            byline = tail[0]  # a bracketed byline alone on its line: (新华社北京4月26日电)
    if byline is None and not draft.blocks and not art.bylines and art.headline:
        byline = parse_author_names(rest)  # 张 华 alone under the title of a commentary
    if byline is not None:
        _apply_credits(draft, byline)
        art.byline_lines.append(rest)
        _barrier(draft)
        return
    if is_photo_credit(rest):
        _barrier(draft)
        draft.blocks.append(_Block("caption", rest, barrier_after=True))
        return
    if not any(b.kind == "paragraph" for b in draft.blocks):
        lead = parse_lead(rest)
        if lead is not None:
            _apply_credits(draft, lead[0])
    draft.blocks.append(_Block("paragraph", rest, closed_by_marker=ends_with_jump))
    if ends_with_jump:
        draft.ended_by_jump = True


def _apply_credits(draft: _Draft, credits: Credits) -> None:
    art = draft.article
    for person in credits.people:
        if person not in art.bylines:
            art.bylines.append(person)
    art.agency = art.agency or credits.agency
    art.dateline = art.dateline or credits.dateline
    draft.odd_names.extend(credits.odd)


# --- finishing an article: repairs and flags ------------------------------------------------------


def _can_join(a: _Block, b: _Block) -> bool:
    if a.kind != "paragraph" or b.kind != "paragraph" or a.closed_by_marker or a.barrier_after:
        return False
    if ends_closed(a.text) or _is_enumerated(b.text) or parse_lead(b.text) is not None:
        return False
    return not (len(a.text) <= SHORT_HEADING and not _has_punctuation(a.text))


def _snippets(a: str, b: str) -> tuple[str, str]:
    before = a if len(a) <= SNIPPET else "…" + a[-SNIPPET:]
    after = b if len(b) <= SNIPPET else b[:SNIPPET] + "…"
    return before, after


def _repair(draft: _Draft) -> None:
    art = draft.article
    out: list[_Block] = []
    for block in draft.blocks:
        prev = out[-1] if out else None
        if prev is not None and _can_join(prev, block):
            before, after = _snippets(prev.text, block.text)
            index = sum(1 for b in out if b.kind != "subhead") - 1
            art.repairs.append(Repair("column_break", before, after, index, len(prev.text)))
            prev.text += block.text
            prev.closed_by_marker = block.closed_by_marker
            prev.barrier_after = block.barrier_after
        else:
            out.append(block)
    draft.blocks = out
    art.blocks = [Block(b.kind, b.text) for b in out]


def _context(text: str, start: int, end: int, width: int = 4) -> str:
    return text[max(0, start - width) : end + width]


def _flags(draft: _Draft) -> None:
    art = draft.article
    blocks = draft.blocks
    for i, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if not ends_closed(block.text) and not block.closed_by_marker:
            is_heading = len(block.text) <= SHORT_HEADING and not _has_punctuation(block.text)
            is_list = nxt is not None and _is_enumerated(block.text) and _is_enumerated(nxt.text)
            if not is_heading and not is_list and not (nxt is None and draft.ended_by_jump):
                art.flags.append(Flag("unrepaired_break", _snippets(block.text, "")[0]))
        _doubled(art, block.text)
        _mixed_column(art, block.text)
    for marker in art.markers:
        if marker.page is None:
            art.flags.append(Flag("marker_without_page", marker.text))
    for name in draft.odd_names:
        art.flags.append(Flag("odd_name", name))


def _doubled(art: ParsedArticle, text: str) -> None:
    for m in re.finditer(r"(.)\1", text):
        ch = m.group(1)
        if ch not in P.DOUBLED_OK:
            continue
        allowed = P.DOUBLED_OK[ch]
        window = text[max(0, m.start() - 1) : m.end() + 4]
        if allowed is not None and allowed.search(window):
            continue
        art.flags.append(Flag("doubled_char", _context(text, m.start(), m.end())))


def _mixed_column(art: ParsedArticle, text: str) -> None:
    """Point at a two-item list whose second item runs on like another sentence (分析问题、后续2个…)."""
    for clause in re.split(r"[，。！？；：,!?;:]", text):
        if clause.count("、") != 1 or "等" in clause:
            continue
        left, right = clause.split("、")
        words = re.split(r"[“”\"《》（）()]", left)
        left = words[-1]
        runs_on = len(right) >= 15 and len(right) >= 3 * max(len(left), 1) and len(left) <= 6
        # A list slot holding a whole clause with its own modal verb reads like another column's text.
        if runs_on and CLAUSE_RE.search(right):
            art.flags.append(Flag("mixed_column", clause))


def _finish(draft: _Draft) -> None:
    _repair(draft)
    paragraphs = [b for b in draft.blocks if b.kind == "paragraph"]
    if paragraphs:
        tail = parse_tail(paragraphs[-1].text)
        if tail is not None:
            _apply_credits(draft, tail[0])
    _flags(draft)


def _source_texts(page: ParsedPage, drafts: list[_Draft], raw_lines: list[str]) -> None:
    for draft in drafts:
        if draft.lines:
            first, last = min(draft.lines), max(draft.lines)
            own = set(draft.lines)
            page_owned = {sl.number for sl in page.page_lines}
            kept = [
                raw_lines[n - 1]
                for n in range(first, last + 1)
                if n in own or (n not in page_owned and not raw_lines[n - 1].strip(STRIP))
            ]
            draft.article.source_text = "\n".join(kept).strip("\n")
            draft.article.first_line, draft.article.last_line = first, last


def parse_page(text: str, page: PageKey = 1) -> ParsedPage:
    """Parse one page-text file; every printed character ends up in a field or in page_lines."""
    if not isinstance(text, str):
        raise TypeError("parse_page takes decoded text")
    text = text.lstrip("\ufeff")
    lines = _split_lines(text)
    parser = _PageParser(lines, page)
    result = parser.run()
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    _source_texts(result, parser.drafts, raw_lines)
    return result


__all__ = ["ends_closed", "parse_page"]
