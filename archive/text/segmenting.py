"""Chinese word segmentation, the one place tagging and search cut text into words.

jieba with a user dictionary: the newsroom's word list kept beside this file
(``newsroom_words.txt``, jieba's ``word [freq] [pos]`` format) plus whatever the archive adds at
run time with :func:`add_words` (contributors, accepted tags, places), so that names and terms
such as 新就业群体 or 自治区政协 stay whole. Pure: text in, words out, no database.
"""

from __future__ import annotations

import threading
from pathlib import Path

import jieba
import jieba.posseg

USER_DICTIONARY = Path(__file__).with_name("newsroom_words.txt")

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_pos_tokenizer: jieba.posseg.POSTokenizer | None = None


def tokenizer() -> jieba.Tokenizer:
    """The shared jieba tokenizer with the newsroom's dictionary loaded, built once per process."""
    global _tokenizer, _pos_tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                tok = jieba.Tokenizer()
                tok.initialize()
                tok.load_userdict(str(USER_DICTIONARY))
                _pos_tokenizer = jieba.posseg.POSTokenizer(tok)
                _tokenizer = tok
    return _tokenizer


def add_words(words, freq: int | None = None, tag: str | None = None) -> None:
    """Teach the tokenizer words from the archive (names, tags, places) for the rest of the process."""
    tok = tokenizer()
    for word in words:
        word = (word or "").strip()
        if len(word) >= 2:
            tok.add_word(word, freq, tag)


def cut(text: str) -> list[str]:
    """Words in reading order (precise mode), punctuation and spaces dropped."""
    return [w for w in tokenizer().lcut(text or "") if w.strip() and is_wordlike(w)]


def cut_for_search(text: str) -> list[str]:
    """Words plus the shorter words inside long ones (服务业 → 服务, 服务业), for indexing."""
    return [w for w in tokenizer().lcut_for_search(text or "") if w.strip() and is_wordlike(w)]


def tag(text: str) -> list[tuple[str, str]]:
    """(word, part of speech) pairs; ``nr`` person, ``ns`` place, ``nt`` organisation."""
    tokenizer()
    assert _pos_tokenizer is not None
    return [
        (p.word, p.flag) for p in _pos_tokenizer.lcut(text or "") if p.word.strip() and is_wordlike(p.word)
    ]


def is_wordlike(token: str) -> bool:
    """True when the token has a letter or digit, i.e. it is not punctuation or space."""
    return any(ch.isalnum() for ch in token)
