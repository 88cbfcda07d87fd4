"""Tag suggestions from an article's own words: keywords by TF-IDF and the names jieba recognises.

Pure: text in, suggestions out. The document frequencies come from the caller (the archive keeps
a table of them, see ``editorial.suggestions``), so the same function serves one article or a
table rebuild. Every word goes through :mod:`archive.text.segmenting`, the same cut search uses.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from . import segmenting

# Parts of speech that name a subject: nouns, verbal nouns, abbreviations (环卫, 医保), idioms.
KEYWORD_POS = frozenset({"n", "nz", "vn", "j", "l", "an"})
# jieba's named-entity tags and the kind of tag an accepted one becomes.
ENTITY_POS = {"nr": "person", "nrfg": "person", "nrt": "person", "ns": "place", "nt": "organisation"}
# Words jieba tags as nouns that say nothing about what an article is about.
STOPWORDS = frozenset(
    {
        "工作",
        "方面",
        "问题",
        "情况",
        "同志",
        "时间",
        "有关",
        "会议",
        "记者",
        "本报讯",
        "本报",
        "通讯员",
        "活动",
    }
)
KEYWORD_LIMIT = 8
ENTITY_LIMIT = 6


@dataclass(frozen=True)
class Suggestion:
    """One word an editor may accept: ``kind`` is subject, person, place or organisation."""

    kind: str
    name: str
    score: float
    count: int


def tag_words(text: str) -> list[tuple[str, str]]:
    """(word, part of speech) pairs for the whole text, cut once for both keywords and names."""
    return segmenting.tag(text)


def keyword_terms(tagged: Iterable[tuple[str, str]]) -> Counter:
    """How often each keyword candidate occurs, counting the words inside long ones too.

    ``环卫工人`` counts for 环卫工人 and for 环卫, so a subject printed inside compounds still ranks.
    """
    counts: Counter = Counter()
    for word, pos in tagged:
        if pos not in KEYWORD_POS or len(word) < 2 or word in STOPWORDS or word.isdigit():
            continue
        counts[word] += 1
        if len(word) > 2:
            for part in set(segmenting.cut_for_search(word)):
                if part != word and len(part) >= 2 and part not in STOPWORDS:
                    counts[part] += 1
    return counts


def idf(documents: int, frequency: int) -> float:
    """Smoothed inverse document frequency: rare in the archive scores high, unseen scores highest."""
    return math.log((1 + documents) / (1 + frequency)) + 1.0


def keywords(
    counts: Counter, frequencies: Mapping[str, int], documents: int, limit: int = KEYWORD_LIMIT
) -> list[Suggestion]:
    """The article's terms ranked by TF-IDF against the archive's document frequencies."""
    total = sum(counts.values()) or 1
    scored = [
        Suggestion("subject", term, round(n / total * idf(documents, frequencies.get(term, 0)), 4), n)
        for term, n in counts.items()
    ]
    scored.sort(key=lambda s: (-s.score, -s.count, s.name))
    longer = [t for t in counts if len(t) > 2]
    chosen: list[Suggestion] = []
    for s in scored:
        # A word seen only inside one compound (工人 only in 环卫工人) says nothing the compound does not.
        if not any(s.name in t and t != s.name and counts[t] >= s.count for t in longer):
            chosen.append(s)
            if len(chosen) == limit:
                break
    return chosen


def plausible_person(word: str, known: Collection[str] = ()) -> bool:
    """A word jieba tags ``nr`` that is likely a name: one the archive knows, a foreign name with ``·``,
    or a short word jieba found by its name model rather than in its dictionary.

    jieba's dictionary also tags ordinary words such as 关怀 or 安康 ``nr``; real names of people in
    the news (陈雍) are rarely in it.
    """
    if word in known or "·" in word:
        return True
    return 2 <= len(word) <= 4 and not segmenting.tokenizer().FREQ.get(word)


def entities(
    tagged: Iterable[tuple[str, str]], known_people: Collection[str] = (), limit: int = ENTITY_LIMIT
) -> list[Suggestion]:
    """Persons (nr), places (ns) and organisations (nt) named in the text, most mentioned first, per kind."""
    counts: Counter = Counter()
    for word, pos in tagged:
        kind = ENTITY_POS.get(pos)
        if not kind or len(word) < 2 or word in STOPWORDS:
            continue
        if kind == "person" and not plausible_person(word, known_people):
            continue
        counts[(kind, word)] += 1
    by_kind: dict[str, list[Suggestion]] = {}
    for (kind, word), n in sorted(counts.items(), key=lambda item: (-item[1], item[0][1])):
        by_kind.setdefault(kind, []).append(Suggestion(kind, word, float(n), n))
    return [s for kind in ("person", "place", "organisation") for s in by_kind.get(kind, [])[:limit]]
