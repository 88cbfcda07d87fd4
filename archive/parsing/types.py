"""Plain dataclasses the page parser returns, so persistence and checks never see raw text rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PageKey = int | str  # 3, or "A3" for a lettered section


@dataclass(frozen=True)
class Credit:
    """A per-page credit such as 责任编辑：某某."""

    role: str
    name: str

    def to_json(self) -> dict:
        return {"role": self.role, "name": self.name}


@dataclass(frozen=True)
class Person:
    """A person credited on an article, padding removed."""

    name: str
    role: str

    def to_json(self) -> dict:
        return {"name": self.name, "role": self.role}


@dataclass(frozen=True)
class Dateline:
    """Where and when a dispatch was filed, as printed (北京, 4月26日)."""

    place: str
    date: str

    def to_json(self) -> dict:
        return {"place": self.place, "date": self.date}


@dataclass(frozen=True)
class Marker:
    """A jump (下转) or back (上接) line exactly as printed, with the page it names."""

    kind: str  # "jump" | "back"
    text: str
    page: PageKey | None

    def to_json(self) -> dict:
        return {"kind": self.kind, "text": self.text, "page": self.page}


@dataclass(frozen=True)
class Repair:
    """A column break the parser joined; paragraph and offset let an editor undo it."""

    kind: str
    before: str
    after: str
    paragraph: int  # index among the article's paragraphs after repair
    offset: int  # where in that paragraph the join is

    def to_json(self) -> dict:
        return {"kind": self.kind, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class Flag:
    """A place an editor should look at; the parser cannot decide it."""

    kind: str
    text: str

    def to_json(self) -> dict:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Block:
    """One unit of body text: a paragraph, a subhead (小标题) or a photo caption."""

    kind: str  # "paragraph" | "subhead" | "caption"
    text: str

    def to_json(self) -> dict:
        return {"kind": self.kind, "text": self.text}


@dataclass
class ParsedArticle:
    """One article as printed on this page, with every source line it consumed."""

    headline: str = ""
    section: str | None = None
    kicker: str | None = None
    subtitle_lines: list[str] = field(default_factory=list)
    document_date: dt.date | None = None
    document_date_line: str | None = None
    bylines: list[Person] = field(default_factory=list)
    byline_lines: list[str] = field(default_factory=list)
    agency: str | None = None
    dateline: Dateline | None = None
    blocks: list[Block] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    first_line: int = 0
    last_line: int = 0
    source_text: str = ""

    @property
    def subtitle(self) -> str | None:
        return " ".join(self.subtitle_lines) if self.subtitle_lines else None

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind != "subhead"]

    @property
    def subheads(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "subhead"]

    @property
    def continues_to(self) -> PageKey | None:
        return next((m.page for m in self.markers if m.kind == "jump" and m.page is not None), None)

    @property
    def continued_from(self) -> PageKey | None:
        return next((m.page for m in self.markers if m.kind == "back" and m.page is not None), None)

    def to_json(self) -> dict:
        return {
            "section": self.section,
            "kicker": self.kicker,
            "headline": self.headline,
            "subtitle": self.subtitle,
            "document_date": self.document_date.isoformat() if self.document_date else None,
            "bylines": [p.to_json() for p in self.bylines],
            "agency": self.agency,
            "dateline": self.dateline.to_json() if self.dateline else None,
            "subheads": self.subheads,
            "paragraphs": self.paragraphs,
            "continues_to": self.continues_to,
            "continued_from": self.continued_from,
            "markers": [m.to_json() for m in self.markers],
            "repairs": [r.to_json() for r in self.repairs],
            "flags": [f.to_json() for f in self.flags],
        }


@dataclass(frozen=True)
class SourceLine:
    """A non-article line kept as printed (credits, page header, skipped markup)."""

    number: int
    text: str
    reason: str


@dataclass
class ParsedPage:
    """Everything the parser read from one page-text file."""

    number: PageKey = 1
    name: str | None = None
    credits: list[Credit] = field(default_factory=list)
    articles: list[ParsedArticle] = field(default_factory=list)
    page_lines: list[SourceLine] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "page": {
                "number": self.number,
                "name": self.name,
                "credits": [c.to_json() for c in self.credits],
            },
            "articles": [a.to_json() for a in self.articles],
        }
