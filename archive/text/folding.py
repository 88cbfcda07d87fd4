"""Fold printed text to the one form search compares, and cut it into the grams the index stores.

Search only: the stored article keeps every character as printed. Each printed character folds on its
own (NFKC, then lower case), so full-width ＡＢＣ１２３ and half-width abc123 compare equal, and
every character that is not a letter or digit (punctuation, spaces, line breaks) becomes one space.
Folding character by character keeps a map back to the printed text, which highlighting uses.

Grams are the index's unit: every character and every pair of neighbouring characters inside a run of
letters and digits. A query of one or two characters is present exactly when its gram is; a longer one
only where all its pairs are, and a substring check on those candidates makes the answer exact. So no
word cut by jieba in a different place is ever missed.
"""

from __future__ import annotations

import re
import unicodedata
from operator import add

SPACES = re.compile(" +")


def is_wordlike_char(ch: str) -> bool:
    """Letters, digits and private-use characters (rare glyphs) are searchable; the rest separates."""
    category = unicodedata.category(ch)
    return category[0] in "LN" or category == "Co"


def fold_char(ch: str) -> str:
    """One printed character as search sees it: NFKC, lower case, separators as spaces."""
    folded = unicodedata.normalize("NFKC", ch).lower()
    return "".join(c if is_wordlike_char(c) else " " for c in folded)


class _FoldTable(dict):
    """str.translate table that folds each character once and remembers it."""

    def __missing__(self, codepoint: int) -> str:
        value = self[codepoint] = fold_char(chr(codepoint))
        return value


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """The text as search compares it: folded characters, runs of separators as one space, trimmed."""
    return SPACES.sub(" ", (text or "").translate(_TABLE)).strip()


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """fold() plus, for every folded character, the index of the printed character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text or ""):
        for c in _TABLE[ord(ch)]:
            if c == " " and (not out or out[-1] == " "):
                continue
            out.append(c)
            origin.append(index)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


def grams(folded: str) -> set[str]:
    """Every character and every neighbouring pair inside the runs of a folded text."""
    result = set(folded)
    result.update(p for p in set(map(add, folded, folded[1:])) if " " not in p)
    result.discard(" ")
    result.discard("")
    return result


def query_grams(folded_term: str) -> set[str]:
    """The grams a text must have to contain the term: a lone character, or all pairs of each run."""
    result: set[str] = set()
    for run in folded_term.split(" "):
        if len(run) == 1:
            result.add(run)
        else:
            result.update(run[i : i + 2] for i in range(len(run) - 1))
    return result


def grams_are_exact(folded_term: str) -> bool:
    """True when having the grams already proves the substring (one run of one or two characters)."""
    return " " not in folded_term and len(folded_term) <= 2
