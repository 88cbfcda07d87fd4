"""Body placement: where each body line of an article goes (date line, byline, marker, caption, paragraph).

Bylines and markers are read with zero-width characters ignored; what is stored is the line as printed.
"""

from __future__ import annotations

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
from .draft import BodyBlock, Draft
from .lines import STRIP, visible
from .markers import extract_markers
from .numerals import parse_cn_date
from .types import Credit


def document_date(text: str):
    """The date line under a reprinted document's title: (2025年10月29日)."""
    m = P.DOC_DATE_LINE_RE.match(text)
    return parse_cn_date(m.group("inner").strip(STRIP)) if m else None


def credits_line(text: str) -> list[Credit] | None:
    """Per-page credits (责任编辑：某某  校对：某某); None when the line is anything else."""
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


def _under_title(draft: Draft) -> bool:
    """Nothing but the headline group read so far: the next line may still be a tag or a byline."""
    return bool(draft.article.headline) and not draft.blocks and not draft.article.bylines


def _byline(draft: Draft, text: str) -> Credits | None:
    """A line that is only a byline: 本报记者 李 莹, (新华社北京4月26日电), or bare names under a title."""
    art = draft.article
    byline = parse_byline_line(text)
    if byline is None:
        tail = parse_tail(text)
        if tail is not None and tail[1] == 0:
            byline = tail[0]  # a bracketed byline alone on its line: (新华社北京4月26日电)
    if byline is None and _under_title(draft):
        # 张 华 alone under the title of a commentary; under a 记者手记 the names are reporters.
        byline = parse_author_names(text, role=_bare_names_role(art))
    return byline


def _bare_names_role(art) -> str:
    """Bare names under a reporter's notebook (记者手记) are its reporters; elsewhere they are authors."""
    heads = [art.section or "", art.kicker or "", art.headline, *art.subtitle_lines]
    return "记者" if any("记者手记" in visible(h) for h in heads) else "作者"


def body_line(draft: Draft, text: str) -> None:
    """Place one body line: document date, byline, marker line, caption or paragraph."""
    art = draft.article
    if not draft.blocks and art.document_date is None:
        date = document_date(text)
        if date is not None:
            art.document_date, art.document_date_line = date, text
            return
    split = extract_markers(text)
    rest = split.rest
    art.markers.extend(split.markers)
    if split.only_markers:
        draft.barrier()
        draft.ended_by_jump = draft.ended_by_jump or any(m.kind == "jump" for m in split.markers)
        return
    seen = visible(rest)
    if is_photo_credit(seen):  # 新华社记者 某某摄 is a photo credit wherever it stands, never a byline
        draft.barrier()
        draft.blocks.append(BodyBlock("caption", rest, barrier_after=True))
        return
    byline = _byline(draft, seen)
    if byline is not None:
        apply_credits(draft, byline)
        art.byline_lines.append(rest)
        draft.barrier()
        return
    if _under_title(draft) and P.BRACKETED_TAG_RE.match(seen):
        art.subtitle_lines.append(rest)  # （国际论坛） under the title belongs to the headline group
        return
    if not any(b.kind == "paragraph" for b in draft.blocks):
        lead = parse_lead(seen)
        if lead is not None:
            apply_credits(draft, lead[0])
    draft.blocks.append(BodyBlock("paragraph", rest, closed_by_marker=split.ends_with_jump))
    if split.ends_with_jump:
        draft.ended_by_jump = True


def apply_credits(draft: Draft, credits: Credits) -> None:
    """Add what a byline says to the article, keeping the first agency and dateline found."""
    art = draft.article
    for person in credits.people:
        if person not in art.bylines:
            art.bylines.append(person)
    art.agency = art.agency or credits.agency
    art.dateline = art.dateline or credits.dateline
    draft.odd_names.extend(credits.odd)
