"""Match a page's new parse to its stored articles, so a re-import updates articles instead of replacing them.

Pure: strings in, index pairs out. First the same place with the same headline, then the same
headline anywhere on the page, then the most similar text (a corrected headline, a fixed
paragraph) above a threshold. What is left is new (parse side) or gone (stored side).
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.text.similarity import dice, normalise_title

MIN_TEXT_SIMILARITY = 0.6


@dataclass(frozen=True)
class Side:
    """One article as the matcher sees it: headline and printed text."""

    headline: str
    text: str


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two texts' character bigrams: 1.0 the same words, 0.0 nothing shared."""
    return dice(normalise_title(a), normalise_title(b))


def match_articles(stored: list[Side], fresh: list[Side]) -> dict[int, int]:
    """Map each new article's index to a stored article's index; unmatched ones are left out."""
    matches: dict[int, int] = {}
    used: set[int] = set()
    stored_heads = [normalise_title(s.headline) for s in stored]
    fresh_heads = [normalise_title(f.headline) for f in fresh]
    # 1. same place, same headline
    for i, head in enumerate(fresh_heads):
        if i < len(stored) and stored_heads[i] == head:
            matches[i] = i
            used.add(i)
    # 2. same headline elsewhere on the page (an article inserted or removed above it)
    for i, head in enumerate(fresh_heads):
        if i in matches or not head:
            continue
        j = next((j for j, h in enumerate(stored_heads) if j not in used and h == head), None)
        if j is not None:
            matches[i] = j
            used.add(j)
    # 3. the most similar text, best pairs first
    scored = sorted(
        (
            (-similarity(fresh[i].text, stored[j].text), i, j)
            for i in range(len(fresh))
            if i not in matches
            for j in range(len(stored))
            if j not in used
        ),
    )
    for negative, i, j in scored:
        if -negative < MIN_TEXT_SIMILARITY:
            break
        if i in matches or j in used:
            continue
        matches[i] = j
        used.add(j)
    return matches
