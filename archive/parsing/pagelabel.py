"""A printed page's identity (版次): an optional section letter and a number, e.g. 01版 or A3版.

One value type for the parser, the models, the URLs, the admin and the commands, so the allowed
forms and the way a page is written out are decided in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numerals import cn_to_int, to_halfwidth

MAX_PREFIX_LENGTH = 2  # 叠号: A, B … or AA for very large papers
MAX_NUMBER = 999  # no paper prints a thousand pages in one issue
LABEL_RE = re.compile(rf"^([A-Z]{{0,{MAX_PREFIX_LENGTH}}})0*(\d{{1,3}})$")


@dataclass(frozen=True, order=True)
class PageLabel:
    """A page as printed: ``PageLabel("", 1)`` is 01版, ``PageLabel("A", 3)`` is A3版."""

    prefix: str
    number: int

    def __post_init__(self):
        if not (1 <= self.number <= MAX_NUMBER):
            raise ValueError(f"page number out of range: {self.number!r}")
        if len(self.prefix) > MAX_PREFIX_LENGTH or (self.prefix and not self.prefix.isascii()):
            raise ValueError(f"bad page prefix: {self.prefix!r}")
        if self.prefix and not self.prefix.isalpha():
            raise ValueError(f"bad page prefix: {self.prefix!r}")

    @classmethod
    def parse(cls, text: str | int | PageLabel | None) -> PageLabel | None:
        """Read 03, 3, 三, 第3, A3, Ａ０３ or an int; None when it is not a page."""
        if text is None:
            return None
        if isinstance(text, PageLabel):
            return text
        if isinstance(text, int):
            return cls("", text) if 1 <= text <= MAX_NUMBER else None
        value = to_halfwidth(str(text).strip()).upper()
        m = LABEL_RE.match(value)
        if m:
            number = int(m.group(2))
            return cls(m.group(1), number) if 1 <= number <= MAX_NUMBER else None
        number = cn_to_int(value)
        return cls("", number) if number and 1 <= number <= MAX_NUMBER else None

    def __str__(self) -> str:
        """The page as printed in jump lines, URLs and citations: 01, 12, A3."""
        return f"{self.prefix}{self.number}" if self.prefix else f"{self.number:02d}"

    @property
    def display(self) -> str:
        """With the 版 an editor or reader expects: 01版, A3版."""
        return f"{self}版"

    @property
    def key(self) -> int | str:
        """The parser's JSON form: 3, or "A3" for a lettered section."""
        return f"{self.prefix}{self.number}" if self.prefix else self.number

    @classmethod
    def from_filename(cls, name: str) -> PageLabel | None:
        """Find the page in a file name: 01.txt, issue_p03.txt, 03版.txt, A3.txt; None if absent."""
        base = re.split(r"[\\/]", name)[-1]
        for pattern in FILENAME_PAGE_RES:
            m = pattern.search(base)
            if m:
                label = cls.parse(m.group(1))
                if label is not None:
                    return label
        return None


FILENAME_PAGE_RES = [
    re.compile(r"(?:^|[^A-Za-z0-9])p(?:age)?[-_]?([A-Za-z]?\d{1,3})(?=[^0-9]|$)", re.IGNORECASE),
    re.compile(r"第?([A-Za-z]?\d{1,3})版"),
    re.compile(r"^([A-Za-z]?\d{1,3})(?:\.[A-Za-z0-9]+)?$"),
]


# --- the older int | str form, for callers outside the parser that still pass keys around --------------
# The parser itself speaks PageLabel only; these delegate to it so there is one reading of a page.

PageKey = int | str  # 3, or "A3": PageLabel.key


def page_key(text: str | int | PageLabel | None) -> PageKey | None:
    """Turn a printed page (03, 3, 三, A3, Ａ０３) into 3 or "A3"; None when it is not a page."""
    label = PageLabel.parse(text)
    return label.key if label else None


def split_page_key(key: PageKey | PageLabel) -> tuple[str, int]:
    """Split 3 into ("", 3) and "A3" into ("A", 3) for storage."""
    label = PageLabel.parse(key)
    if label is None:
        raise ValueError(f"not a page key: {key!r}")
    return label.prefix, label.number


def page_key_from_filename(name: str) -> PageKey | None:
    """The page a file name names, as a key (see PageLabel.from_filename)."""
    label = PageLabel.from_filename(name)
    return label.key if label else None
