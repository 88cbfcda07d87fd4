"""Line classification: split a page into non-blank lines with their markup level, and text tests.

The page-text format marks headings with ``#``/``##``/``###`` and subheads with ``**…**``; every
other line is body text. The predicates here are the typesetting facts the later passes share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import patterns as P

STRIP = P.SPACE + "\ufeff"
SHORT_HEADING = 8  # a paragraph this short with no punctuation at all is an unmarked heading

# Zero-width characters: invisible in print and on screen, but they break every pattern they sit in.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")

_PUNCTUATION_RE = re.compile(r"[，。！？；：、,.!?;:“”\"（）()]")


@dataclass
class Line:
    """One non-blank source line with its markup level and the blank lines above it."""

    number: int
    raw: str
    kind: str  # "h1" | "h2" | "h3" | "subhead" | "body"
    text: str
    gap: int


def classify(number: int, raw: str, gap: int) -> Line:
    """Read a line's markup: # page name, ## title, ### kicker/subtitle/short title, **subhead**.

    Zero-width characters before the markup do not hide it; they are kept at the front of the text.
    """
    text = raw.strip(STRIP)
    hidden = text[: len(text) - len(text.lstrip(ZERO_WIDTH))]
    kind, text = _markup(text[len(hidden) :])
    if kind == "body":
        return Line(number, raw, kind, hidden + text, gap)
    return Line(number, raw, kind, hidden + text if text else text, gap)


def _markup(text: str) -> tuple[str, str]:
    if text.startswith("###"):
        return "h3", text.lstrip("#").strip(STRIP)
    if text.startswith("##"):
        return "h2", text[2:].strip(STRIP)
    if text.startswith("#"):
        return "h1", text[1:].strip(STRIP)
    if len(text) > 4 and text.startswith("**") and text.endswith("**"):
        return "subhead", text[2:-2].strip(STRIP)
    return "body", text


def raw_lines(text: str) -> list[str]:
    """The page's lines with every newline convention read alike, numbered from 1 by position."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def split_lines(text: str) -> list[Line]:
    """Classify every non-blank line, remembering how many blank lines stood above it."""
    lines, gap = [], 0
    for number, raw in enumerate(raw_lines(text), start=1):
        if not raw.strip(STRIP):
            gap += 1
            continue
        lines.append(classify(number, raw, gap))
        gap = 0
    return lines


def visible(text: str) -> str:
    """The text as a reader sees it: zero-width characters removed (for reading markers and bylines)."""
    return ZERO_WIDTH_RE.sub("", text)


def ends_closed(text: str) -> bool:
    """True when a paragraph ends with closing punctuation, so it cannot be a column break."""
    text = visible(text).rstrip(STRIP)
    return bool(text) and text[-1] in P.CLOSING


def is_enumerated(text: str) -> bool:
    """一、 （二） 3. 第四条 一是 ● — the start of a list item or numbered section."""
    return bool(P.ENUMERATED_RE.match(text))


def has_punctuation(text: str) -> bool:
    return bool(_PUNCTUATION_RE.search(text))


def is_short_heading(text: str) -> bool:
    """A short line without any punctuation: an unmarked heading, never a sentence fragment."""
    return len(text) <= SHORT_HEADING and not has_punctuation(text)
