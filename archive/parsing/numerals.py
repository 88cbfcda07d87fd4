"""Numbers as newspapers print them: Arabic, full-width or Chinese numerals, and dates."""

from __future__ import annotations

import datetime as dt
import re

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
