"""What of an article is searched: its headline group and its body, folded (archive.text.folding).

Contributors' names are matched on the Contributor rows at query time (see engine), because the byline
as printed is spaced (“单 瑞”) and bylines are written after the article row.
"""

from __future__ import annotations

from archive.text.folding import fold, grams

HEAD_FIELDS = ("section", "kicker", "headline", "subtitle")
SOURCE_FIELDS = ("pk", *HEAD_FIELDS, "body")


def printed_head(section: str, kicker: str, headline: str, subtitle: str) -> str:
    """The headline group as printed, one line per part that is there."""
    return "\n".join(part for part in (section, kicker, headline, subtitle) if part)


def printed_body(blocks) -> str:
    """The body as printed, one line per block; the same text as Article.plain_text."""
    return "\n".join(block.get("text", "") for block in blocks or ())


def entry_texts(row: dict) -> tuple[str, str]:
    """(head, body) folded for search from a dict of SOURCE_FIELDS."""
    head = printed_head(*(row[name] or "" for name in HEAD_FIELDS))
    return fold(head), fold(printed_body(row["body"]))


def entry_grams(head: str, body: str) -> set[str]:
    """The grams the index holds for one entry: the same on both databases."""
    return grams(f"{head} {body}")
