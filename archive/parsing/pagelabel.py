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
