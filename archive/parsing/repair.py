"""Column-break repair: join a paragraph that extraction cut at a column end with its continuation.

A join needs both sides to be ordinary paragraphs with nothing printed between them, the first
ending without closing punctuation and the second not starting a list item or a new dispatch.
A paragraph that ends with closing punctuation (。！？…；：——, a closing quote or bracket) is
complete and is never joined, so ``其中，有他的同事——`` / ``他们都……`` stay two paragraphs.
"""

from __future__ import annotations

from .bylines import parse_lead
from .draft import BodyBlock, Draft
from .lines import ends_closed, is_enumerated, is_short_heading, visible
from .types import Block, Repair

SNIPPET = 8  # characters of context kept on each side of a repair


def can_join(a: BodyBlock, b: BodyBlock) -> bool:
    """True when ``b`` reads as the rest of ``a``'s sentence, cut by a column break."""
    if a.kind != "paragraph" or b.kind != "paragraph" or a.closed_by_marker or a.barrier_after:
        return False
    if ends_closed(a.text) or is_enumerated(b.text) or parse_lead(visible(b.text)) is not None:
        return False
    return not is_short_heading(a.text)


def snippets(a: str, b: str) -> tuple[str, str]:
    """The end of ``a`` and the start of ``b``, shortened with … for the editor's list of repairs."""
    before = a if len(a) <= SNIPPET else "…" + a[-SNIPPET:]
    after = b if len(b) <= SNIPPET else b[:SNIPPET] + "…"
    return before, after


def repair(draft: Draft) -> None:
    """Join column breaks in place, recording each join's paragraph and offset so it can be undone."""
    art = draft.article
    out: list[BodyBlock] = []
    for block in draft.blocks:
        prev = out[-1] if out else None
        if prev is not None and can_join(prev, block):
            before, after = snippets(prev.text, block.text)
            index = sum(1 for b in out if b.kind != "subhead") - 1
            art.repairs.append(Repair("column_break", before, after, index, len(prev.text)))
            prev.text += block.text
            prev.closed_by_marker = block.closed_by_marker
            prev.barrier_after = block.barrier_after
        else:
            out.append(block)
    draft.blocks = out
    art.blocks = [Block(b.kind, b.text) for b in out]
