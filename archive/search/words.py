"""The word index: jieba's words of the folded headline group and body, for ranking (never for recall).

The gram index decides WHICH articles match (exactly a substring scan); the word index decides how well:
a term that is a whole word of the text ranks above one that only occurs inside other words.

Words are ``archive.text.segmenting.cut_for_search`` of the folded text (archive.text.folding) with the
archive's own names taught (``archive.vocabulary.load_archive_words``). Search mode gives the precise
words in reading order, each followed by the shorter dictionary words inside it (服务业 → 服务,
服务业). They are kept apart:

- precise words carry positions (their ordinal in the text), so a query term that cuts into several
  words (环卫劳动者 → 环卫, 劳动者) matches as a phrase: the same words, next to each other;
- the words inside them (服务 in 服务业) match a one-word term, never take part in a phrase.

PostgreSQL holds this as one stored tsvector per entry, written as a literal so jieba, not PostgreSQL's
parser, decides what a word is (lexemes as the ``simple`` configuration keeps them: folded, unstemmed).
Weights: A precise word of the headline group, B precise word of the body, C/D the words inside them;
a sub-word sits at its parent's position. SQLite holds the same words in an FTS5 table with the columns
head, body (precise words, in order) and head_sub, body_sub. The query builders below ask both the
same question, so both databases rank alike.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from archive.text import segmenting
from archive.text.folding import fold

from .backends import UNUSUAL, fts_token

# PostgreSQL keeps positions up to 16383; words past it are left out on both databases alike.
MAX_POSITION = 16383
HEAD_WEIGHTS, BODY_WEIGHTS = ("A", "C"), ("B", "D")


@dataclass(frozen=True)
class Words:
    """One text's words: precise ones in reading order, and the words found inside each of them."""

    precise: tuple[str, ...]
    inside: tuple[tuple[str, ...], ...]  # inside[i]: the sub-words of precise[i]


def split_search_cut(text: str, tokens: list[str]) -> Words:
    """Separate cut_for_search's output into precise words and the sub-words of each.

    Search mode lists, per precise word, its two-character then its three-character dictionary words in
    text order, then the word itself. Read backwards, each word is followed by its sub-words (two or three
    characters, shorter than it) in strictly decreasing (length, offset); anything else starts the word
    before. Checked against the text (the
    precise words tile it); when that fails the precise cut is asked directly.
    """
    precise: list[str] = []
    inside: list[list[str]] = []
    last: tuple[int, int] | None = None
    for token in reversed(tokens):
        if precise and 2 <= len(token) < len(precise[-1]) and len(token) <= 3 and last is not None:
            parent = precise[-1]
            offset = _offset_below(parent, token, last)
            if offset is not None:
                inside[-1].append(token)
                last = (len(token), offset)
                continue
        precise.append(token)
        inside.append([])
        last = (len(token), 0)
    precise.reverse()
    inside.reverse()
    if "".join(precise) != text.replace(" ", ""):
        precise = segmenting.cut(text)
        rest = Counter(tokens) - Counter(precise)
        inside = [[] for _ in precise]
        if precise:
            inside[0] = sorted(rest.elements())  # positions unknown: kept as words, not for phrases
    return Words(tuple(precise), tuple(tuple(reversed(sub)) for sub in inside))


def _offset_below(parent: str, token: str, last: tuple[int, int]) -> int | None:
    """The largest offset of token in parent whose (length, offset) comes before ``last``."""
    if len(token) > last[0]:
        return None
    latest = len(parent) - len(token) if len(token) < last[0] else last[1] - 1
    offset = parent.rfind(token, 0, latest + len(token)) if latest >= 0 else -1
    return offset if offset >= 0 else None


def segment(folded: str) -> Words:
    """The words of one folded text."""
    if not folded:
        return Words((), ())
    return split_search_cut(folded, segmenting.cut_for_search(folded))


def term_words(term: str) -> list[str]:
    """The precise words of one folded query term: one word, or the phrase it must match."""
    return segmenting.cut(term)


Rows = list[tuple[int, str, tuple[str, ...]]]  # (position, precise word, its sub-words)


def _capped(words: Words, start: int) -> Rows:
    return [
        (start + i, word, sub)
        for i, (word, sub) in enumerate(zip(words.precise, words.inside, strict=True))
        if start + i <= MAX_POSITION
    ]


def word_rows(head: str, body: str) -> tuple[Rows, Rows]:
    """Positioned words of the folded headline group and body (body after a gap: no phrase spans both)."""
    head_words, body_words = segment(head), segment(body)
    return _capped(head_words, 1), _capped(body_words, len(head_words.precise) + 2)


def pg_document(head_rows: Rows, body_rows: Rows) -> str:
    """The tsvector literal: A/B precise words of head/body at their positions, C/D their sub-words."""
    positions: dict[str, list[str]] = {}
    for rows, (weight, sub_weight) in ((head_rows, HEAD_WEIGHTS), (body_rows, BODY_WEIGHTS)):
        for position, word, sub in rows:
            positions.setdefault(word, []).append(f"{position}{weight}")
            for s in dict.fromkeys(sub):
                positions.setdefault(s, []).append(f"{position}{sub_weight}")
    return " ".join(f"{_quote(word)}:{','.join(marks)}" for word, marks in positions.items())


def fts_document(head_rows: Rows, body_rows: Rows) -> tuple[str, str, str, str]:
    """The FTS5 columns head, body (precise words in order), head_sub, body_sub."""
    return (
        _fts_text(w for _, w, _ in head_rows),
        _fts_text(w for _, w, _ in body_rows),
        _fts_text(dict.fromkeys(s for _, _, sub in head_rows for s in sub)),
        _fts_text(dict.fromkeys(s for _, _, sub in body_rows for s in sub)),
    )


def _fts_text(words) -> str:
    words = list(words)
    text = " ".join(words)
    return " ".join(map(fts_token, words)) if UNUSUAL.search(text) else text


@dataclass(frozen=True)
class WordDocument:
    """The word index's content for one entry, in both stored forms (tests and migrations)."""

    tsvector: str  # PostgreSQL literal
    fts: tuple[str, str, str, str]  # SQLite FTS5 columns


def word_document(head: str, body: str) -> WordDocument:
    rows = word_rows(head, body)
    return WordDocument(pg_document(*rows), fts_document(*rows))


def _quote(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


# Queries: "does one of these terms occur as a word" in the headline group, or anywhere.


def pg_word_tsquery(terms, where: str) -> str | None:
    """A tsquery for any of the terms as a word, ``where`` "head" or "any"; None when no term has words.

    One word: itself or a sub-word (no weight in "any", so the GIN index answers without a recheck).
    Several words: the phrase over precise words only.
    """
    parts = []
    for term in terms:
        words = term_words(term)
        if len(words) == 1:
            parts.append(_quote(words[0]) + (":AC" if where == "head" else ""))
        elif words:
            weight = ":A" if where == "head" else ":AB"
            parts.append("(" + " <-> ".join(_quote(w) + weight for w in words) + ")")
    return " | ".join(parts) or None


def fts_word_query(terms, where: str) -> str | None:
    """The same question as pg_word_tsquery, as an FTS5 MATCH expression over the word table."""
    parts = []
    for term in terms:
        words = term_words(term)
        if len(words) == 1:
            columns = "{head head_sub} : " if where == "head" else ""
            parts.append(f'({columns}"{fts_token(words[0])}")')
        elif words:
            columns = "head" if where == "head" else "{head body}"
            parts.append(f'({columns} : "{" ".join(fts_token(w) for w in words)}")')
    return " OR ".join(parts) or None


def folded_words(text: str) -> Words:
    """Words of printed text as the index sees it (for tests and the benchmark)."""
    return segment(fold(text))
