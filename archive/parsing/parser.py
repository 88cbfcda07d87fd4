"""Turn one page-text file into a ParsedPage.

The work is split by responsibility: ``lines`` classifies lines, ``teasers`` finds the front page's
导读 block, ``headlines`` reads headline groups, ``body`` places body lines (bylines, markers,
captions, paragraphs), ``repair`` joins column breaks and ``flags`` points an editor at what the
parser cannot decide. This module walks the page and hands each line to the right one.
"""

from __future__ import annotations

from . import patterns as P
from .body import apply_credits, body_line, credits_line
from .bylines import is_photo_credit, parse_tail
from .draft import Assembler, BodyBlock, Draft
from .flags import flag_article
from .headlines import heading_run
from .lines import STRIP, Line, raw_lines, split_lines, visible
from .markers import extract_markers
from .pagelabel import PageLabel
from .repair import repair
from .teasers import find_teasers
from .types import ParsedPage


def _read(asm: Assembler, lines: list[Line]) -> None:
    """Walk the page once: teaser lines to the page, heading runs to headlines, the rest line by line."""
    teasers = find_teasers(lines)
    asm.page.teasers = teasers.teasers
    i = 0
    while i < len(lines):
        line = lines[i]
        if i in teasers.indexes:
            asm.page_line(line, "teaser")
            if asm.draft is not None:
                asm.draft.barrier()  # an article's text never runs on across a teaser block
            i += 1
            continue
        if line.kind in ("h2", "h3"):
            j = i
            while j < len(lines) and lines[j].kind in ("h2", "h3") and j not in teasers.indexes:
                j += 1
            heading_run(asm, lines[i:j])
            i = j
            continue
        _line(asm, line)
        i += 1


def _page_level(asm: Assembler, line: Line) -> bool:
    """Page name, per-page credits, page header and masthead belong to the page; True if it was one."""
    page = asm.page
    if line.kind == "h1":
        page.name = page.name or line.text or None
        asm.page_line(line, "page name")
        return True
    if line.kind != "body":
        return False
    credits = credits_line(line.text)
    if credits is not None:
        page.credits.extend(credits)
        asm.page_line(line, "page credits")
        return True
    header = P.PAGE_HEADER_RE.match(line.text)
    if header and not asm.drafts and page.name is None:
        page.name = header.group("name")
        asm.page_line(line, "page header")
        return True
    if not asm.drafts and P.MASTHEAD_RE.match(line.text):
        asm.page_line(line, "masthead")
        return True
    return False


def _line(asm: Assembler, line: Line) -> None:
    """A line outside a heading run: page-level, a subhead, or body text of the open article."""
    if _page_level(asm, line):
        return
    draft = asm.draft
    if draft is None or (draft.ended_by_jump and line.kind == "body" and _starts_anew(line.text)):
        draft = asm.new(line.number)
    draft.take(line)
    if line.kind == "subhead":
        split = extract_markers(line.text)
        draft.article.markers.extend(split.markers)
        draft.blocks.append(BodyBlock("subhead", split.rest))
        return
    body_line(draft, line.text)


def _starts_anew(text: str) -> bool:
    """After a jump, body text belongs to a new piece; a marker line or a photo credit does not."""
    split = extract_markers(text)
    return not split.only_markers and not is_photo_credit(visible(split.rest))


def _finish(draft: Draft) -> None:
    repair(draft)
    paragraphs = [b for b in draft.blocks if b.kind == "paragraph"]
    if paragraphs:
        tail = parse_tail(visible(paragraphs[-1].text))
        if tail is not None:
            apply_credits(draft, tail[0])
    flag_article(draft)


def _source_texts(page: ParsedPage, drafts: list[Draft], raw: list[str]) -> None:
    """Give each article the slice of the page it was read from, blank lines inside it included."""
    page_owned = {sl.number for sl in page.page_lines}
    for draft in drafts:
        if draft.lines:
            first, last = min(draft.lines), max(draft.lines)
            own = set(draft.lines)
            kept = [
                raw[n - 1]
                for n in range(first, last + 1)
                if n in own or (n not in page_owned and not raw[n - 1].strip(STRIP))
            ]
            draft.article.source_text = "\n".join(kept).strip("\n")
            draft.article.first_line, draft.article.last_line = first, last


def parse_page(text: str, page: PageLabel | str | int = 1) -> ParsedPage:
    """Parse one page-text file; every printed character ends up in a field or in page_lines.

    ``page`` is the page's label (PageLabel, or anything PageLabel.parse reads: 3, "03", "A3").
    """
    if not isinstance(text, str):
        raise TypeError("parse_page takes decoded text")
    label = PageLabel.parse(page)
    if label is None:
        raise ValueError(f"not a page: {page!r}")
    text = text.lstrip("\ufeff")
    asm = Assembler(ParsedPage(number=label))
    _read(asm, split_lines(text))
    for draft in asm.drafts:
        _finish(draft)
    asm.page.articles = [d.article for d in asm.drafts]
    _source_texts(asm.page, asm.drafts, raw_lines(text))
    return asm.page


__all__ = ["parse_page"]
