"""Numbers as newspapers print them: Arabic, full-width or Chinese numerals, and page keys like A3."""

from __future__ import annotations

import datetime as dt
import re

from .types import PageKey

CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "十百"
FULLWIDTH = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ",
)


def to_halfwidth(text: str) -> str:
    """Fold full-width digits and letters so 第０３版 and 第03版 read alike."""
    return text.translate(FULLWIDTH)


def cn_to_int(text: str) -> int | None:
    """Read a Chinese numeral up to 999 (三, 十二, 二十一, 一〇三) or digits; None if it is neither."""
    text = to_halfwidth(text.strip())
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if any(ch not in CN_NUMERAL_CHARS for ch in text):
        return None
    if "十" not in text and "百" not in text:
        # Digit-by-digit form such as 一〇三.
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CN_DIGITS[ch]
    return total + current


PAGE_KEY_RE = re.compile(r"^([A-Z]{0,2})(\d{1,3})$")


def page_key(text: str) -> PageKey | None:
    """Turn a printed page (03, 3, 三, A3, Ａ０３) into 3 or "A3"; None when it is not a page."""
    text = to_halfwidth(text.strip()).upper()
    m = PAGE_KEY_RE.match(text)
    if m:
        prefix, digits = m.groups()
        number = int(digits)
        if number == 0:
            return None
        return f"{prefix}{number}" if prefix else number
    number = cn_to_int(text)
    return number if number else None


def split_page_key(key: PageKey) -> tuple[str, int]:
    """Split 3 into ("", 3) and "A3" into ("A", 3) for storage."""
    if isinstance(key, int):
        return "", key
    m = PAGE_KEY_RE.match(str(key).upper())
    if not m:
        raise ValueError(f"not a page key: {key!r}")
    return m.group(1), int(m.group(2))


FILENAME_PAGE_RES = [
    re.compile(r"(?:^|[^A-Za-z0-9])p(?:age)?[-_]?([A-Za-z]?\d{1,3})(?=[^0-9]|$)", re.IGNORECASE),
    re.compile(r"第?([A-Za-z]?\d{1,3})版"),
    re.compile(r"^([A-Za-z]?\d{1,3})(?:\.[A-Za-z0-9]+)?$"),
]


def page_key_from_filename(name: str) -> PageKey | None:
    """Find the page in a file name: 01.txt, issue_p03.txt, 03版.txt, A3.txt; None if absent."""
    base = re.split(r"[\\/]", name)[-1]
    for pattern in FILENAME_PAGE_RES:
        m = pattern.search(base)
        if m:
            key = page_key(m.group(1))
            if key is not None:
                return key
    return None


DATE_RE = re.compile(
    r"(?P<y>\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)


def parse_cn_date(text: str) -> dt.date | None:
    """Read 2025年10月29日 or 二〇二五年十月二十九日 at the start of text; None if invalid."""
    m = DATE_RE.match(to_halfwidth(text))
    if not m:
        return None
    year, month, day = (cn_to_int(m.group(g)) for g in ("y", "m", "d"))
    try:
        return dt.date(year, month, day)
    except (TypeError, ValueError):
        return None
