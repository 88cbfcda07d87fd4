"""Headline groups (标题组): 栏目 label, kicker (引题), main title (主题) and subtitle (副题).

In the page-text format ``##`` is a main title; a ``###`` just above it is a kicker or a 栏目 label,
a ``###`` just below it a subtitle, and ``###`` lines with no ``##`` next to them open a short item.
"""

from __future__ import annotations

import re

from .draft import Assembler, BodyBlock, Draft
from .lines import Line, is_enumerated
from .markers import extract_markers

_DECORATED_START_RE = re.compile(r"^[【〖［\[「『◆◇■□●·•]")
_DECORATED_END_RE = re.compile(r"[】〗］\]」』·•]$")
_COLUMN_WORD_RE = re.compile(r"专栏|栏目|系列|述评|观察|论坛|时评|访谈|简讯|短讯|快讯|速览|图片新闻|专题")
_LEADS_IN_RE = re.compile(r"(?:——|—|――|：|:)$")
_SUBTITLE_START = ("—", "-", "－")


def leads_in(text: str) -> bool:
    """A line ending with a dash or colon runs on into the title below it: a kicker, however long."""
    return bool(_LEADS_IN_RE.search(text))


def is_section_label(line: Line) -> bool:
    """Tell a 栏目 label from a kicker: decorated, named as a column, or a short label set apart."""
    text = line.text
    if leads_in(text):
        return False
    if _DECORATED_START_RE.match(text) or _DECORATED_END_RE.search(text):
        return True
    if _COLUMN_WORD_RE.search(text):
        return True
    return line.gap >= 2 and len(text) <= 12 and not re.search(r"[，。,.]", text)


def heading_run(asm: Assembler, run: list[Line]) -> None:
    """Read consecutive ## / ### lines into one or more headline groups."""
    for ln in run:
        if not ln.text:
            asm.page_line(ln, "empty heading")
    run = [ln for ln in run if ln.text]
    if not run:
        return
    if not any(ln.kind == "h2" for ln in run):
        _h3_only(asm, run)
        return
    pending: list[Line] = []
    group: Draft | None = None
    prev_kind = None
    for idx, ln in enumerate(run):
        split = extract_markers(ln.text)
        text = split.rest
        if ln.kind == "h2":
            if group is not None and prev_kind == "h2":
                group.article.headline = f"{group.article.headline} {text}".strip()
            else:
                group = _open_group(asm, pending, ln)
                group.article.headline = text
                pending = []
        else:
            nxt = run[idx + 1] if idx + 1 < len(run) else None
            is_sub = text.startswith(_SUBTITLE_START)
            below_title = nxt is None or nxt.kind != "h2"
            if group is not None and not is_sub and is_enumerated(text) and below_title:
                group.blocks.append(BodyBlock("subhead", text))  # 一、… right under a document's title
            elif group is not None and (is_sub or below_title):
                group.article.subtitle_lines.append(text)
            else:
                pending.append(Line(ln.number, ln.raw, ln.kind, text, ln.gap))
                asm.pending_markers.extend(split.markers)
                prev_kind = ln.kind
                continue
        group.take(ln)
        group.article.markers.extend(split.markers)
        prev_kind = ln.kind


def _open_group(asm: Assembler, pre: list[Line], first: Line) -> Draft:
    """Start an article whose title is ``first``, with the ### lines above it as label and kicker."""
    draft = asm.new(pre[0].number if pre else first.number)
    art = draft.article
    if len(pre) >= 2 and not leads_in(pre[0].text):
        art.section = pre[0].text
        art.kicker = " ".join(ln.text for ln in pre[1:])
    elif len(pre) >= 2:
        art.kicker = " ".join(ln.text for ln in pre)
    elif len(pre) == 1:
        if is_section_label(pre[0]):
            art.section = pre[0].text
        else:
            art.kicker = pre[0].text
    for ln in pre:
        draft.take(ln)
    art.markers.extend(asm.pending_markers)
    asm.pending_markers = []
    return draft


def _h3_only(asm: Assembler, run: list[Line]) -> None:
    """### lines with no ## next to them: numbered section heads, or the title of a short item."""
    draft = asm.draft
    if draft is not None and not draft.ended_by_jump and all(is_enumerated(ln.text) for ln in run):
        for ln in run:  # numbered section heads inside a document or a long piece
            draft.take(ln)
            split = extract_markers(ln.text)
            draft.article.markers.extend(split.markers)
            draft.blocks.append(BodyBlock("subhead", split.rest))
        return
    subtitles = []
    while len(run) > 1 and run[-1].text.startswith(("—", "－")):
        subtitles.insert(0, run.pop())
    head = run[-1]
    draft = _open_group(asm, run[:-1], head)
    split = extract_markers(head.text)
    draft.article.headline = split.rest
    draft.article.markers.extend(split.markers)
    draft.take(head)
    for ln in subtitles:
        split = extract_markers(ln.text)
        draft.article.subtitle_lines.append(split.rest)
        draft.article.markers.extend(split.markers)
        draft.take(ln)
