"""How alike two short Chinese strings are: the one measure the linker and the re-import matcher share.

Pure: text in, numbers out. Width and punctuation are folded away first, so 书香沁政协（上接01版） and
书香沁政协 compare by their words only.
"""

from __future__ import annotations

import unicodedata


def normalise_title(text: str | None) -> str:
    """Fold full/half width and drop punctuation and spaces, so only the words are compared."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def bigrams(text: str) -> set[str]:
    """Character pairs, the usual unit for comparing short Chinese strings."""
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


def dice(a: str, b: str) -> float:
    """Dice coefficient of two strings' bigrams: 1.0 for the same words, 0.0 for nothing shared."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))
