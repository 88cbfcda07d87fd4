"""Pure page-text parser: text in, dataclasses out, no database."""

from .lines import ends_closed
from .pagelabel import PageLabel, page_key, page_key_from_filename, split_page_key
from .parser import parse_page
from .types import (
    Block,
    Credit,
    Dateline,
    Flag,
    Marker,
    ParsedArticle,
    ParsedPage,
    Person,
    Repair,
    SourceLine,
    Teaser,
)

__all__ = [
    "Block",
    "Credit",
    "Dateline",
    "Flag",
    "Marker",
    "PageLabel",
    "ParsedArticle",
    "ParsedPage",
    "Person",
    "Repair",
    "SourceLine",
    "Teaser",
    "ends_closed",
    "page_key",
    "page_key_from_filename",
    "parse_page",
    "split_page_key",
]
