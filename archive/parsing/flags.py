"""Flags: places an editor should look at because the parser cannot decide them.

Kinds and their Chinese descriptions are listed in ``types.FLAG_KINDS``.
"""

from __future__ import annotations

import re

from . import patterns as P
from .draft import Draft
from .lines import ZERO_WIDTH_RE, ends_closed, is_enumerated, is_short_heading
from .repair import snippets
from .types import Flag, ParsedArticle

CLAUSE_RE = re.compile(r"还将|将会|仍将|还要|已经|正在|将于|将在|\d+个")


def _context(text: str, start: int, end: int, width: int = 4) -> str:
    return text[max(0, start - width) : end + width]


def flag_article(draft: Draft) -> None:
    """Raise every flag for a finished (repaired) article."""
    art = draft.article
    blocks = draft.blocks
    for i, block in enumerate(blocks):
        if block.kind != "paragraph":
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if not ends_closed(block.text) and not block.closed_by_marker:
            is_list = nxt is not None and is_enumerated(block.text) and is_enumerated(nxt.text)
            if not is_short_heading(block.text) and not is_list and not (nxt is None and draft.ended_by_jump):
                art.flags.append(Flag("unrepaired_break", snippets(block.text, "")[0]))
        _doubled(art, block.text)
        _mixed_column(art, block.text)
    for marker in art.markers:
        if marker.page is None:
            art.flags.append(Flag("marker_without_page", marker.text))
    for name in draft.odd_names:
        art.flags.append(Flag("odd_name", name))
    _zero_width(art)


def _doubled(art: ParsedArticle, text: str) -> None:
    """A function character printed twice (绝不不仅是), unless the doubling is a word (了了之)."""
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


def _zero_width(art: ParsedArticle) -> None:
    """Invisible characters stay in the text as printed; point at each field that holds one."""
    fields = [art.section or "", art.kicker or "", art.headline, *art.subtitle_lines, *art.byline_lines]
    fields += [b.text for b in art.blocks] + [m.text for m in art.markers]
    for text in fields:
        for m in ZERO_WIDTH_RE.finditer(text):
            shown = _context(text, m.start(), m.end())
            art.flags.append(Flag("zero_width", f"{shown}（U+{ord(m.group()):04X}）"))
