"""What people type into the search box, as a parsed query or a clear Chinese message.

Syntax: words separated by spaces must all occur (AND); ``"引号短语"`` or “引号短语” is one term,
spaces and all; ``-词`` or ``-"短语"`` excludes; ``或``, ``OR`` or ``|`` between two terms means either.
Every term is folded (archive.text.folding) before it is matched, so punctuation inside a term counts
as a space and full-width letters match half-width ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.text.folding import fold

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
OR_WORDS = frozenset({"或", "OR", "|", "｜"})
TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(-?)“([^”]*)”?|(\S+)')


class QueryError(ValueError):
    """A query we cannot run, with the message the reader sees."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ParsedQuery:
    """clauses: every clause must match, a clause matches when any of its terms does; all folded."""

    clauses: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        """The positive terms, longest first, for highlighting."""
        return tuple(sorted({t for clause in self.clauses for t in clause}, key=len, reverse=True))


def _tokens(text: str):
    """(excluded?, raw term, is OR word) for each token of the query."""
    for m in TOKEN_RE.finditer(text):
        if m.group(5) is not None:
            raw = m.group(5)
            if raw in OR_WORDS:
                yield False, raw, True
            elif raw.startswith("-") and len(raw) > 1:
                yield True, raw[1:], False
            else:
                yield False, raw, False
        elif m.group(2) is not None:
            yield bool(m.group(1)), m.group(2), False
        else:
            yield bool(m.group(3)), m.group(4), False


def parse_query(text: str | None) -> ParsedQuery:
    """Parse a query or raise QueryError with a message for the reader."""
    text = (text or "").strip()
    if not text:
        raise QueryError("请输入要查找的字词。")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"检索词太长了（{len(text)} 个字），最多 {MAX_QUERY_CHARS} 个字，请缩短后再试。")
    clauses: list[list[str]] = []
    excluded: list[str] = []
    tokens = list(_tokens(text))
    join_next = False
    for index, (is_excluded, raw, is_or) in enumerate(tokens):
        # 或/OR is an operator only between two terms; alone or at an end it is searched for.
        if is_or and clauses and index + 1 < len(tokens) and not tokens[index + 1][2]:
            join_next = True
            continue
        term = fold(raw)
        if not term:
            continue
        if is_excluded:
            excluded.append(term)
        elif join_next:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    if not clauses and not excluded:
        raise QueryError("检索词里没有可以查找的文字（标点符号不参与检索），请换个说法。")
    if not clauses:
        raise QueryError("请至少给出一个要查找的字词；以“-”开头的词只用来排除。")
    if sum(map(len, clauses)) + len(excluded) > MAX_TERMS:
        raise QueryError(f"检索词太多了，最多 {MAX_TERMS} 个，请减少一些。")
    return ParsedQuery(
        clauses=tuple(tuple(dict.fromkeys(c)) for c in clauses), excluded=tuple(dict.fromkeys(excluded))
    )
