"""Continuation markers: the jump (下转03版) and back (上接01版) lines that tie a piece's parts together.

Zero-width characters are ignored while reading a marker (``（下\u200b转02版）`` is still a jump to
02版), but the marker's text keeps them exactly as printed.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import patterns as P
from .lines import STRIP, ZERO_WIDTH, ZERO_WIDTH_RE
from .pagelabel import PageLabel
from .types import Marker


@dataclass(frozen=True)
class MarkerSplit:
    """A line with its markers taken out."""

    rest: str  # the line without its markers, stripped
    markers: list[Marker]
    ends_with_jump: bool  # a jump marker closes the line: the text goes on elsewhere

    @property
    def only_markers(self) -> bool:
        return bool(self.markers) and not self.rest


def _visible_with_positions(text: str) -> tuple[str, list[int] | range]:
    """Drop zero-width characters, remembering where each kept character stood in the original."""
    if not ZERO_WIDTH_RE.search(text):
        return text, range(len(text) + 1)  # the usual case: nothing hidden, positions are the same
    kept, positions = [], []
    for i, ch in enumerate(text):
        if ch not in ZERO_WIDTH:
            kept.append(ch)
            positions.append(i)
    positions.append(len(text))
    return "".join(kept), positions


def _found(visible: str) -> list[tuple[int, int, str, str | None]]:
    """(start, end, kind, printed page) of every marker in the visible text."""
    found = []
    for kind, regex, word in (("jump", P.JUMP_RE, "down"), ("back", P.BACK_RE, "up")):
        for m in regex.finditer(visible):
            raw_page = m.group("page")
            if not raw_page and not m.group(word):
                continue  # 转/接 alone in brackets is not a marker
            if raw_page and not m.group(word) and not m.group("ban") and kind == "back" and not m.group("di"):
                continue  # （接1） without 版 or 第 is too weak to be a back marker
            found.append((m.start(), m.end(), kind, raw_page))
    return sorted(found)


def extract_markers(text: str) -> MarkerSplit:
    """Take jump/back markers out of a line: the rest, the markers, and whether a jump ended it."""
    visible, positions = _visible_with_positions(text)
    found = _found(visible)
    if not found:
        return MarkerSplit(text, [], False)
    rest, markers, last = [], [], 0
    for start, end, kind, raw_page in found:
        # Map back to the original text; a zero-width character just inside a bracket stays in the marker.
        o_start, o_end = positions[start], positions[end - 1] + 1
        rest.append(text[last:o_start])
        markers.append(Marker(kind, text[o_start:o_end], PageLabel.parse(raw_page) if raw_page else None))
        last = o_end
    rest.append(text[last:])
    ends_with_jump = any(kind == "jump" and not visible[end:].strip(STRIP) for _, end, kind, _ in found)
    return MarkerSplit("".join(rest).strip(STRIP), markers, ends_with_jump)
