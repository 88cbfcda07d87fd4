"""Plain dataclasses the page parser returns, so persistence and checks never see raw text rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .pagelabel import PageKey, PageLabel

__all__ = [
    "FLAG_KINDS",
    "Block",
    "Credit",
    "Dateline",
    "Flag",
    "Marker",
    "PageKey",  # the older int | str form, kept for callers outside the parser
    "ParsedArticle",
    "ParsedPage",
    "Person",
    "Repair",
    "SourceLine",
    "Teaser",
]

# Every kind of flag the parser raises, with what an editor reads about it.
FLAG_KINDS = {
    "unrepaired_break": "段落在句中结束，可能是分栏断行，请核对原版",
    "doubled_char": "疑似重复字（如“不不”），请核对原版",
    "mixed_column": "疑似串栏：句子接入了别栏的文字",
    "marker_without_page": "转版标记没有写明版次",
    "odd_name": "署名中有无法配对的单字，请核对姓名",
    "zero_width": "文字中含有零宽字符（不可见），可能遮住转版标记或署名，请核对",
}


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
    page: PageLabel | None

    def to_json(self) -> dict:
        return {"kind": self.kind, "text": self.text, "page": _key(self.page)}


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

    kind: str  # a key of FLAG_KINDS
    text: str

    @property
    def description(self) -> str:
        """What the flag means, in the editors' words."""
        return FLAG_KINDS.get(self.kind, self.kind)

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
    def continues_to(self) -> PageLabel | None:
        return next((m.page for m in self.markers if m.kind == "jump" and m.page is not None), None)

    @property
    def continued_from(self) -> PageLabel | None:
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
            "continues_to": _key(self.continues_to),
            "continued_from": _key(self.continued_from),
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


@dataclass(frozen=True)
class Teaser:
    """One entry of a front page's 导读 block: headline lines and the page they point to, as printed.

    The lines themselves are also kept in ``ParsedPage.page_lines`` (reason "teaser"), so the
    printed text is recorded once; this is the structured reading of them.
    """

    lines: tuple[str, ...]
    ref: str | None  # the page reference line as printed: 第五版, （详见第十二版）; None if absent
    page: PageLabel | None

    def to_json(self) -> dict:
        return {"lines": list(self.lines), "ref": self.ref, "page": _key(self.page)}


@dataclass
class ParsedPage:
    """Everything the parser read from one page-text file."""

    number: PageLabel = field(default_factory=lambda: PageLabel("", 1))
    name: str | None = None
    credits: list[Credit] = field(default_factory=list)
    articles: list[ParsedArticle] = field(default_factory=list)
    page_lines: list[SourceLine] = field(default_factory=list)
    teasers: list[Teaser] = field(default_factory=list)

    def to_json(self) -> dict:
        page = {
            "number": self.number.key,
            "name": self.name,
            "credits": [c.to_json() for c in self.credits],
        }
        if self.teasers:  # only pages that print a 导读 block carry the key, so other output is unchanged
            page["teasers"] = [t.to_json() for t in self.teasers]
        return {"page": page, "articles": [a.to_json() for a in self.articles]}


def _key(label: PageLabel | None) -> int | str | None:
    """A page in the JSON form the golden files use: 3, or "A3"."""
    return label.key if label is not None else None
