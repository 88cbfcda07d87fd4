"""Hits marked on the text as printed, found through the folded text and mapped back."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive.text.folding import fold_with_map

SNIPPET_CHARS = 120


def hit_spans(text: str, terms) -> list[tuple[int, int]]:
    """Merged (start, end) spans of the printed text where any folded term occurs."""
    folded, origin = fold_with_map(text)
    spans = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(term, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _marked(text: str, spans, start: int = 0, end: int | None = None) -> str:
    end = len(text) if end is None else end
    out, pos = [], start
    for a, b in spans:
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        out.append(escape(text[pos:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight(text: str, terms) -> SafeString:
    """The whole printed text, escaped, with every hit in <mark>."""
    return mark_safe(_marked(text or "", hit_spans(text or "", terms)))


def snippet(text: str, terms, width: int = SNIPPET_CHARS) -> SafeString:
    """A window of the printed text around the first hit (or its opening), hits in <mark>."""
    text = (text or "").replace("\n", " ")
    spans = hit_spans(text, terms)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(text) - width))
    end = min(len(text), start + width)
    body = _marked(text, spans, start, end)
    return mark_safe(("…" if start > 0 else "") + body + ("…" if end < len(text) else ""))
