"""The articles of a page while they are being read: drafts, their body blocks, and the page record."""

from __future__ import annotations

from dataclasses import dataclass, field

from .lines import STRIP, Line
from .types import Marker, ParsedArticle, ParsedPage, SourceLine


@dataclass
class BodyBlock:
    """A body block while the article is being read, with what the repair pass needs to know."""

    kind: str  # "paragraph" | "subhead" | "caption"
    text: str
    closed_by_marker: bool = False  # a jump marker ended it: the text goes on elsewhere
    barrier_after: bool = False  # a byline, marker, caption or teaser block stands between it and the next


@dataclass
class Draft:
    """An article being assembled line by line."""

    article: ParsedArticle
    blocks: list[BodyBlock] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    ended_by_jump: bool = False
    odd_names: list[str] = field(default_factory=list)

    def take(self, line: Line) -> None:
        """Record that this article consumed a source line."""
        self.lines.append(line.number)
        self.article.last_line = line.number

    def barrier(self) -> None:
        """Nothing may be joined across what was just read (a byline, a marker line, a teaser block)."""
        if self.blocks:
            self.blocks[-1].barrier_after = True


class Assembler:
    """The page being built: its drafts in order, the open one, and the lines that belong to the page."""

    def __init__(self, page: ParsedPage):
        self.page = page
        self.draft: Draft | None = None
        self.drafts: list[Draft] = []
        self.pending_markers: list[Marker] = []  # from kicker lines, until their group opens

    def new(self, line_number: int) -> Draft:
        draft = Draft(ParsedArticle(first_line=line_number, last_line=line_number))
        self.drafts.append(draft)
        self.draft = draft
        return draft

    def page_line(self, line: Line, reason: str) -> None:
        self.page.page_lines.append(SourceLine(line.number, line.raw.strip(STRIP), reason))
