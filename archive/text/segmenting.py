"""Chinese word segmentation, the one place tagging and search cut text into words.

jieba with a user dictionary: the newsroom's word list kept beside this file
(``newsroom_words.txt``, jieba's ``word [freq] [pos]`` format) plus whatever the archive adds at
run time with :func:`add_words` (contributors, accepted tags, places), so that names and terms
such as 新就业群体 or 自治区政协 stay whole. Pure: text in, words out, no database.

:func:`cut` and :func:`cut_for_search` give exactly jieba's words but cut most text with rjieba
(jieba's algorithm and dictionary in Rust, ~30× faster, without a user dictionary). Why that is
safe: jieba cuts a text block by block (runs of Han, Latin, digits and ``+#&._%-``, split at every
other character), each block on its own: dictionary DAG, best path, HMM for runs of unknown
characters, and in search mode the dictionary's 2- and 3-character words inside long ones. A user
word changes a block's cut only where it occurs in it; elsewhere our tokenizer scores the block
exactly as jieba without a user dictionary does, because adding a word here leaves the
dictionary's total alone (plain jieba raises it, which moves every path score by a hair) and a word
jieba already cuts whole keeps its frequency (only its part of speech is taught). So a block goes
to rjieba when

* no user word occurs in it (one trie-shaped regular expression finds them all at C speed), and
* it has no ``-`` or ``_`` and no ``.`` outside a plain decimal such as 3.5: there rjieba's
  handling of Latin runs differs (jieba cuts COVID-19 into COVID/-/19, rjieba keeps it whole;
  ``www.example.gov.cn`` likewise);

all other blocks go to jieba. That rjieba then equals jieba is checked, not assumed:
tests/test_segmenting.py compares the two on every paragraph of the samples and golden pages and
on generated mixes with user words, digits, Latin and punctuation. :func:`blocks` tells which
engine cuts which block; bench/segmenting.py measures all three. :func:`tag` is jieba only:
rjieba's parts of speech (and some cuts in its tagging mode) differ on about 8% of sample blocks.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from itertools import accumulate
from pathlib import Path

import jieba
import jieba.posseg
import rjieba

USER_DICTIONARY = Path(__file__).with_name("newsroom_words.txt")

# jieba's own block pattern (precise and search mode): the unit both engines cut independently.
BLOCK = jieba.re_han_default
# Where rjieba and jieba part ways: ``-``, ``_`` and a ``.`` that is not inside a plain decimal.
_DECIMAL = re.compile(r"(?<![0-9A-Za-z._-])[0-9]+\.[0-9]+(?![0-9A-Za-z._-])")
_RISKY = re.compile(r"[._-]")
# A letter or digit: Python's \w is exactly str.isalnum() plus "_" (checked over all of Unicode).
_ALNUM = re.compile(r"[^\W_]")
# Words added since the user-word pattern was compiled; past this many it is compiled again.
RECENT_LIMIT = 64

# The fast engine, looked up at call time (tests count its calls).
_rjieba_cut = rjieba.cut
_rjieba_cut_for_search = rjieba.cut_for_search


class Tokenizer(jieba.Tokenizer):
    """jieba's tokenizer whose added words do not move the scores of text without them.

    ``user_words`` holds every word whose frequency differs from jieba's dictionary (the words
    that send a block to jieba); ``recent`` those of them added since the owner last looked.
    """

    def __init__(self) -> None:
        super().__init__()
        self.user_words: set[str] = set()
        self.recent: list[str] = []

    def add_word(self, word, freq=None, tag=None):
        self.check_initialized()
        word = str(word)
        if freq is None and self.FREQ.get(word) and self.lcut(word, HMM=False) == [word]:
            # Already cut whole: jieba would add about 1 to its frequency; keep it, teach the tag.
            if tag:
                self.user_word_tag_tab[word] = tag
            return
        total = self.total
        super().add_word(word, freq, tag)
        self.total = total
        self.user_words.add(word)
        if BLOCK.fullmatch(word):  # a word with any other character never occurs inside a block
            self.recent.append(word)


def _trie_pattern(words) -> re.Pattern | None:
    """One regular expression for all words, shaped as a trie so that matching stays fast."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(build(trie)) if trie else None


def _risky(block: str) -> bool:
    return _RISKY.search(_DECIMAL.sub("", block)) is not None


class Segmenter:
    """One user dictionary and the two engines; the module's functions use one per process."""

    def __init__(self, user_dictionary: Path | None = USER_DICTIONARY) -> None:
        self._lock = threading.Lock()
        self.tokenizer = Tokenizer()
        self.tokenizer.initialize()
        if user_dictionary is not None:
            self.tokenizer.load_userdict(str(user_dictionary))
        self.pos_tokenizer = jieba.posseg.POSTokenizer(self.tokenizer)
        self._pattern: re.Pattern | None = None

    def add_words(self, words, freq: int | None = None, tag: str | None = None) -> None:
        with self._lock:
            for word in words:
                word = (word or "").strip()
                if len(word) >= 2:
                    self.tokenizer.add_word(word, freq, tag)

    def matcher(self) -> tuple[re.Pattern | None, tuple[str, ...]]:
        """The compiled user-word pattern and the few words added since it was compiled."""
        tok = self.tokenizer
        if len(tok.recent) > RECENT_LIMIT:
            with self._lock:
                if len(tok.recent) > RECENT_LIMIT:
                    self._pattern = _trie_pattern(w for w in tok.user_words if BLOCK.fullmatch(w))
                    tok.recent = []
        return self._pattern, tuple(tok.recent)

    def plan(self, text: str) -> _Plan:
        return _Plan(text or "", *self.matcher())

    def blocks(self, text: str) -> list[tuple[str, str]]:
        """Each block of ``text`` with the engine that cuts it, "jieba" or "rjieba"."""
        plan = self.plan(text)
        return [(b, "jieba" if i in plan.slow else "rjieba") for i, b in enumerate(plan.blocks)]

    def cut(self, text: str) -> list[str]:
        return _hybrid(self.plan(text), _rjieba_cut, self.tokenizer.lcut)

    def cut_for_search(self, text: str) -> list[str]:
        return _hybrid(self.plan(text), _rjieba_cut_for_search, self.tokenizer.lcut_for_search)

    def jieba_cut(self, text: str) -> list[str]:
        return list(filter(_ALNUM.search, self.tokenizer.lcut(text or "")))

    def jieba_cut_for_search(self, text: str) -> list[str]:
        return list(filter(_ALNUM.search, self.tokenizer.lcut_for_search(text or "")))

    def tag(self, text: str) -> list[tuple[str, str]]:
        return [(p.word, p.flag) for p in self.pos_tokenizer.lcut(text or "") if _ALNUM.search(p.word)]


class _Plan:
    """A text as jieba sees it: ``seps[i]`` comes before ``blocks[i]``, ``seps[-1]`` ends it.

    ``slow`` are the indexes of blocks jieba must cut, ``loud`` of separators with letters or
    digits (jieba keeps them character by character). The search for both runs over the whole
    text at C speed, so Python only loops over these exceptions.
    """

    def __init__(self, text: str, pattern: re.Pattern | None, recent: tuple[str, ...]) -> None:
        parts = BLOCK.split(text)
        self.seps, self.blocks = parts[0::2], parts[1::2]
        self.joined = "\n".join(self.blocks)  # a newline ends a block for both engines
        hits: list[int] = []  # where user words start in ``joined``
        if pattern is not None:
            # Words never hold a newline, so every match lies inside one block.
            hits += [m.start() for m in pattern.finditer(self.joined)]
        for word in recent:
            at = self.joined.find(word)
            while at >= 0:
                hits.append(at)
                at = self.joined.find(word, at + 1)
        risky = [m.start() for m in _RISKY.finditer(self.joined)]
        slow: set[int] = set()
        if hits or risky:
            # Block i starts at starts[i] in ``joined`` (each block is followed by one newline).
            starts = list(accumulate(map((1).__add__, map(len, self.blocks)), initial=0))
            slow.update(bisect_right(starts, at) - 1 for at in hits)
            for i in {bisect_right(starts, at) - 1 for at in risky} - slow:
                if _risky(self.blocks[i]):
                    slow.add(i)
        self.slow = slow
        self.loud = (
            {i for i, sep in enumerate(self.seps) if _ALNUM.search(sep)}
            if _ALNUM.search("".join(self.seps))
            else set()
        )


def _hybrid(plan: _Plan, fast, slow) -> list[str]:
    if not plan.slow and not plan.loud:
        tokens = fast(plan.joined) if plan.blocks else []
        return list(filter(_ALNUM.search, tokens))
    tokens = []
    done = 0  # blocks before this one are cut

    def fast_until(stop: int) -> None:
        if stop > done:
            tokens.extend(fast("\n".join(plan.blocks[done:stop])))

    # Events in reading order: separator i sits at 2*i, block i at 2*i + 1.
    for event in sorted([2 * i for i in plan.loud] + [2 * i + 1 for i in plan.slow]):
        i, is_block = divmod(event, 2)
        fast_until(i)
        if is_block:
            tokens.extend(slow(plan.blocks[i]))
            done = i + 1
        else:
            tokens.extend(ch for ch in plan.seps[i] if ch.isalnum())  # jieba: one character each
            done = i
    fast_until(len(plan.blocks))
    return list(filter(_ALNUM.search, tokens))


_lock = threading.Lock()
_segmenter: Segmenter | None = None


def segmenter() -> Segmenter:
    """The process's segmenter with the newsroom's dictionary loaded, built once."""
    global _segmenter
    if _segmenter is None:
        with _lock:
            if _segmenter is None:
                _segmenter = Segmenter()
    return _segmenter


def tokenizer() -> Tokenizer:
    """The shared jieba tokenizer with the newsroom's dictionary (and the archive's words) loaded."""
    return segmenter().tokenizer


def add_words(words, freq: int | None = None, tag: str | None = None) -> None:
    """Teach the tokenizer words from the archive (names, tags, places) for the rest of the process."""
    segmenter().add_words(words, freq, tag)


def blocks(text: str) -> list[tuple[str, str]]:
    """Each block of ``text`` (as jieba splits it) with the engine that cuts it, "jieba" or "rjieba"."""
    return segmenter().blocks(text)


def cut(text: str) -> list[str]:
    """Words in reading order (precise mode), punctuation and spaces dropped."""
    return segmenter().cut(text)


def cut_for_search(text: str) -> list[str]:
    """Words plus the shorter words inside long ones (服务业 → 服务, 服务业), for indexing."""
    return segmenter().cut_for_search(text)


def jieba_cut(text: str) -> list[str]:
    """:func:`cut` by jieba alone: the reference the hybrid must equal."""
    return segmenter().jieba_cut(text)


def jieba_cut_for_search(text: str) -> list[str]:
    """:func:`cut_for_search` by jieba alone."""
    return segmenter().jieba_cut_for_search(text)


def tag(text: str) -> list[tuple[str, str]]:
    """(word, part of speech) pairs; ``nr`` person, ``ns`` place, ``nt`` organisation (jieba only)."""
    return segmenter().tag(text)


def is_wordlike(token: str) -> bool:
    """True when the token has a letter or digit, i.e. it is not punctuation or space."""
    return _ALNUM.search(token) is not None
