"""Pure page-text parser: text in, dataclasses out, no database."""

from .numerals import page_key, page_key_from_filename, split_page_key
from .pagelabel import PageLabel
from .parser import ends_closed, parse_page
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
    "ends_closed",
    "page_key",
    "page_key_from_filename",
    "parse_page",
    "split_page_key",
]
